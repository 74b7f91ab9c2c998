/**
 * Differential checking of the own compiler against ajv: the same validator views compiled by
 * both, every instance validated by both, validity and errors compared.
 */
import { createAjv } from "@onespec/core";
import { jsonEqual } from "@onespec/runtime/equal";
import { createRequire } from "node:module";
import { isDeepStrictEqual } from "node:util";
import { compileOwn, instantiate, type ValidateFunction } from "../../src/codegen/compile-own.js";
import { knownFormats } from "../../src/codegen/formats.js";
import { withJsonEqual } from "../../src/json-equal.js";

const require = createRequire(import.meta.url);
const ucs2length = (require("ajv/dist/runtime/ucs2length") as { default: (s: string) => number })
  .default;

export const helpers = { equal: jsonEqual, ucs2length, formats: knownFormats() };

/** Every `format` and keyword name used in a schema tree. */
function formatsOf(node: unknown, out: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const x of node) formatsOf(x, out);
  else if (node !== null && typeof node === "object") {
    const f = (node as { format?: unknown }).format;
    if (typeof f === "string") out.add(f);
    for (const v of Object.values(node)) formatsOf(v, out);
  }
  return out;
}

/** An ajv set up as model-ajv.ts sets it up, holding `views` (by URI). */
export function referenceAjv(views: ReadonlyMap<string, unknown>, ownProperties: boolean) {
  const ajv = createAjv(
    {
      code: { source: true, esm: true, lines: false },
      allErrors: true,
      inlineRefs: false,
      validateSchema: false,
      ownProperties,
    },
    "draft-07",
  );
  const formats = new Set<string>();
  for (const v of views.values()) formatsOf(v, formats);
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  for (const [uri, view] of views) ajv.addSchema(view as object, uri);
  return ajv;
}

export type Outcome = { valid: boolean; errors: unknown };

export function run(fn: ValidateFunction, data: unknown): Outcome {
  try {
    const valid = fn(data);
    return { valid, errors: structuredClone(fn.errors ?? null) };
  } catch (e) {
    return { valid: false, errors: `threw ${(e as Error).message}` };
  }
}

/**
 * Own functions of every view in `views` (each compiled alone, other documents' functions
 * linked), or the reason one is unsupported.
 */
export function ownFunctions(
  views: ReadonlyMap<string, unknown>,
  roots: readonly string[],
  ownProperties: boolean,
): Map<string, ValidateFunction> | string {
  const out = new Map<string, ValidateFunction>();
  for (const uri of roots) {
    const compiled = compileOwn({ views, exports: { validate: uri }, ownProperties });
    if ("unsupported" in compiled) return compiled.unsupported;
    const inst = instantiate(compiled, helpers);
    out.set(uri, inst.exports.validate);
  }
  return out;
}

/** ajv's function for `uri`, or the message it refuses the schema with. */
export function ajvFunction(ajv: ReturnType<typeof referenceAjv>, uri: string) {
  try {
    return withJsonEqual(() => ajv.getSchema(uri)) as ValidateFunction;
  } catch (e) {
    return (e as Error).message;
  }
}

export function same(a: Outcome, b: Outcome): boolean {
  return a.valid === b.valid && isDeepStrictEqual(a.errors, b.errors);
}
