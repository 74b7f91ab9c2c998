export { importSpec, type ImportedSpec, type ImportOptions } from "./import-spec.js";
export type { SuggestedMetadata } from "./metadata.js";
export type { ImportKind, ImportRule, RuleContext } from "./rule.js";
export { IMPORT_RULES } from "./rules/index.js";
export { Notes } from "./notes.js";
