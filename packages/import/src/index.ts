export { importSpec, type ImportedSpec, type ImportOptions } from "./import-spec.js";
export type { SuggestedMetadata } from "./metadata.js";
export type { ImportKind } from "./rule.js";
