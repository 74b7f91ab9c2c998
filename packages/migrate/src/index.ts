export { parseMigrationFile, versionsOfFile, migrationFileSchema } from "./parse.js";
export { loadMigrations, chainProblems } from "./load.js";
export { checkMigrationModule, localCopy, type TypeImport } from "./migration-module.js";
export { importSpecifiers, type ImportSpecifier } from "./module-imports.js";
export {
  checkMigrations,
  type CheckOptions,
  type MigrationCheck,
  type MigrationFailure,
} from "./check.js";
export { randomValue, rng } from "./random-config.js";
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
} from "@onespec/runtime";
export { baseSchemaOf } from "./base-schema.js";
