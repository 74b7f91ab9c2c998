/**
 * `format` as ajv with ajv-formats' full formats checks it: a format is checked in the group of
 * its own type (ajv-formats' int32, int64, float and double are numbers, the rest strings), a
 * format given as `true` (password, binary, and every format ajv-formats does not know, which
 * model-ajv.ts adds as annotations) is never checked. The generated code reads the format from
 * ajv-formats' `fullFormats`, as ajv's standalone code does.
 */
import { createRequire } from "node:module";
import type { Ctx } from "./context.js";
import { lit } from "./literal.js";

type FormatDefinition =
  | true
  | RegExp
  | ((data: unknown) => boolean)
  | { type?: string; validate: unknown; async?: boolean };

let fullFormats: Record<string, FormatDefinition> | undefined;

/** ajv-formats' formats (a small module of its own: loading it does not load ajv). */
export function knownFormats(): Record<string, FormatDefinition> {
  fullFormats ??= (
    createRequire(import.meta.url)("ajv-formats/dist/formats") as {
      fullFormats: Record<string, FormatDefinition>;
    }
  ).fullFormats;
  return fullFormats;
}

/** The condition that `ctx.data` matches the format, or undefined when nothing is checked. */
export function formatCheck(
  ctx: Ctx,
  name: string,
  groupType: "number" | "string",
): string | undefined {
  const own = ctx.m.options.formats;
  if (own && Object.prototype.hasOwnProperty.call(own, name)) {
    const re = own[name];
    // ajv.addFormat(name, RegExp) is a string format checked with `test`.
    if (re === true || groupType !== "string") return undefined;
    return `${ctx.m.constant("format", `new RegExp(${lit(re.source)}, ${lit(re.flags)})`)}.test(${ctx.data})`;
  }
  const formats = knownFormats();
  const def = Object.prototype.hasOwnProperty.call(formats, name) ? formats[name] : undefined;
  if (def === undefined || def === true) return undefined;
  const isObject = typeof def === "object" && !(def instanceof RegExp);
  const type = isObject ? (def.type ?? "string") : "string";
  if (type !== groupType) return undefined;
  const ref = ctx.m.constant("format", `${ctx.m.helper("formats")}[${lit(name)}]`);
  if (isObject) {
    return typeof def.validate === "function"
      ? `${ref}.validate(${ctx.data})`
      : `${ref}.validate.test(${ctx.data})`;
  }
  return typeof def === "function" ? `${ref}(${ctx.data})` : `${ref}.test(${ctx.data})`;
}
