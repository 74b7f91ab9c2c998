export {
  escapePointerToken,
  unescapePointerToken,
  splitPointer,
  joinPointer,
  valueAt,
  matchPointers,
  isSecretPointer,
  mayHoldSecret,
  type PointerMatch,
} from "./pointer.js";
export {
  REDACTED,
  MASK,
  isMasked,
  redactSecrets,
  replaceAtPointers,
  valuesAtPointers,
} from "./redact.js";
export {
  problemsOf,
  problemKeysOf,
  type Problem,
  type CompiledError,
  type CompiledValidator,
} from "./problems.js";
export { ConfigValidationError, createValidator, type ConfigValidator } from "./validator.js";
export { jsonEqual } from "./equal.js";
export {
  applyMigrations,
  planChain,
  compareVersions,
  isReference,
  MigrationError,
  type Migration,
  type MigrationStep,
  type MigrationProblem,
  type MigrationConfig,
  type MigrationValue,
  type BranchDiscriminator,
} from "./migrate.js";
export { defaulted } from "./defaulted.js";
