/**
 * A connector's form sub-schemas (formSubSchemas) compiled by onespec's own validator compiler
 * (@onespec/gen-validators) with the options RJSF's ajv has (rjsf-formats.ts): verbose errors,
 * multipleOfPrecision, RJSF's formats, inlined `$ref`s, `#…` references resolved against each
 * sub-schema's `$id`. What the own compiler does not support is ajv's again (index.ts).
 */
import { CHECKED_FORMATS, walkSchema, type Draft, type JsonObject } from "@onespec/core";
import {
  compileOwn,
  lit,
  ownModuleCode,
  type OwnCompiled,
  type OwnOptions,
} from "@onespec/gen-validators";
import { RJSF_AJV_CONFIG, RJSF_FORMATS } from "./rjsf-formats.js";

/** Formats ajv-formats does not check are annotations, as for the server-side validators. */
export function annotationFormats(schema: JsonObject): Record<string, true> {
  const customFormats: Record<string, true> = {};
  walkSchema(schema, ({ node }) => {
    if (
      typeof node.format === "string" &&
      !CHECKED_FORMATS.has(node.format) &&
      !["color", "data-url"].includes(node.format)
    )
      customFormats[node.format] = true;
  });
  return customFormats;
}

/** The own compiler's options for an ajv made as createRjsfAjv makes it, with onespec's overrides. */
export function rjsfOwnOptions(customFormats: Record<string, true>): OwnOptions {
  return {
    verbose: RJSF_AJV_CONFIG.verbose,
    multipleOfPrecision: RJSF_AJV_CONFIG.multipleOfPrecision,
    // createRjsfAjv adds RJSF's formats, then the custom ones as annotations (they win).
    formats: { ...RJSF_FORMATS, ...customFormats },
    inlineRefs: true,
    relativeRefs: true,
    plainAjvRules: true,
  };
}

/**
 * The sub-schemas compiled into one module body, `key → local function` for validateFns; or why
 * the own compiler does not support them.
 */
export function ownFormValidators(
  schemas: readonly JsonObject[],
  draft: Draft,
  ownProperties: boolean,
  customFormats: Record<string, true>,
): { compiled: OwnCompiled; functions: Record<string, string> } | { unsupported: string } {
  if (draft !== "draft-07") return { unsupported: `draft ${draft}` };
  const views = new Map<string, unknown>();
  const exports: Record<string, string> = {};
  for (const [i, s] of schemas.entries()) {
    const id = s.$id;
    if (typeof id !== "string" || id.includes("#") || views.has(id))
      return { unsupported: "a sub-schema's $id is not a plain unique key" };
    // Only the root's $id: an embedded one would change the base its references resolve against.
    let nested = false;
    walkSchema(s, ({ node }) => {
      if (node !== s && "$id" in node) nested = true;
    });
    if (nested) return { unsupported: "an embedded $id" };
    views.set(id, s);
    exports[`f${i}`] = id;
  }
  const compiled = compileOwn({
    views,
    exports,
    ownProperties,
    options: rjsfOwnOptions(customFormats),
  });
  if ("unsupported" in compiled) return compiled;
  const functions: Record<string, string> = {};
  for (const [i, s] of schemas.entries()) functions[s.$id as string] = compiled.exports[`f${i}`];
  return { compiled, functions };
}

/**
 * The module: the helpers' imports, the root's import, the functions and `validateFns` (the
 * root's key first, then the sub-schemas in formSubSchemas' order, as ajv's output had them).
 */
export function ownFormValidatorModule(
  compiled: OwnCompiled,
  entries: ReadonlyArray<readonly [string, string]>,
  rootImport: string,
): string {
  const { code, imports } = ownModuleCode({ ...compiled, exports: {} });
  const fns = entries.map(([key, fn]) => `${lit(key)}: ${fn}`).join(", ");
  const body = code.trim();
  const head = [...imports, rootImport].filter((line) => line !== "");
  return [...head, ...(body ? [body] : []), "", `export const validateFns = {${fns}};`, ""].join(
    "\n",
  );
}
