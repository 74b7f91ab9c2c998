import { createRequire } from "node:module";
import type { ErrorObject } from "ajv";
import type { SourceDraft } from "./draft-convert.js";

/**
 * A meta-schema's validator: ajv's function for it, compiled ahead of time (all errors, no strict
 * mode, ajv-formats' formats) by scripts/precompile-meta-schemas.ts.
 */
export interface MetaSchemaValidate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/** Each draft's precompiled validator, relative to this module (src/ and dist/ alike). */
export const META_SCHEMA_VALIDATORS: Record<SourceDraft, string> = {
  "draft-04": "meta/draft-04.validate.cjs",
  "draft-06": "meta/draft-06.validate.cjs",
  "draft-07": "meta/draft-07.validate.cjs",
  "2019-09": "meta/2019-09.validate.cjs",
  "2020-12": "meta/2020-12.validate.cjs",
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, MetaSchemaValidate>();

/**
 * A validator compiled ahead of time by scripts/precompile-meta-schemas.ts, by its module path
 * relative to this module (src/ and dist/ alike), loaded on first use only and kept.
 */
export function precompiledValidator(module: string): MetaSchemaValidate {
  let validate = loaded.get(module);
  if (!validate) {
    validate = (require(`./${module}`) as { default: MetaSchemaValidate }).default;
    loaded.set(module, validate);
  }
  return validate;
}

/**
 * The validator of a draft's own meta-schema (draft-04 through 2020-12): a document is checked
 * against the draft it declares, before it is converted to the draft its generators use. Each
 * draft's module is loaded on first use only (a tree is usually of one draft), synchronously, as
 * the checks that call it are synchronous.
 */
export function metaSchemaValidator(draft: SourceDraft): MetaSchemaValidate {
  return precompiledValidator(META_SCHEMA_VALIDATORS[draft]);
}
