/**
 * The stages of json-schema-to-typescript's `compile`, from its internal modules. The build
 * bundles this module (scripts/bundle-jstt.mjs) so that the reference resolver and the
 * formatter, which every stage reaches through jstt's `index`, are left out of the process; from
 * source (tests) it is jstt as installed.
 */
import { createRequire } from "node:module";

export { DEFAULT_OPTIONS, ValidationError } from "json-schema-to-typescript/dist/src/index.js";
export type { Options } from "json-schema-to-typescript/dist/src/index.js";
export { validateOptions } from "json-schema-to-typescript/dist/src/optionValidator.js";
export { link } from "json-schema-to-typescript/dist/src/linker.js";
export { validate } from "json-schema-to-typescript/dist/src/validator.js";
export { normalize } from "json-schema-to-typescript/dist/src/normalizer.js";
export { parse, nameAnonymousRecursiveTypes } from "json-schema-to-typescript/dist/src/parser.js";
export { optimize } from "json-schema-to-typescript/dist/src/optimizer.js";
export { generate } from "json-schema-to-typescript/dist/src/generator.js";
export {
  appendToDescription,
  error,
  escapeBlockComment,
  isSchemaLike,
  justName,
  toSafeString,
  traverse,
} from "json-schema-to-typescript/dist/src/utils.js";
export { applySchemaTyping } from "json-schema-to-typescript/dist/src/applySchemaTyping.js";
export { Parent } from "json-schema-to-typescript/dist/src/types/JSONSchema.js";
export type { JSONSchema } from "json-schema-to-typescript/dist/src/types/JSONSchema.js";

/**
 * How `compile` merges its options over `DEFAULT_OPTIONS`. Required as jstt requires it: an
 * `import` of lodash has Node scan its 540 KB for export names first (~25 ms).
 */
export const merge = (createRequire(import.meta.url)("lodash") as typeof import("lodash")).merge;
