export { parseMigrationFile, versionsOfFile } from "./parse.js";
export { loadMigrations, chainProblems } from "./load.js";
export { checkMigrationModule, localCopy, type TypeImport } from "./migration-module.js";
export type { ImportSpecifier } from "./module-imports.js";
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
  type Migration,
  type MigrationStep,
  type MigrationConfig,
  type MigrationValue,
} from "@onespec/runtime";
export { baseSchemaOf } from "./base-schema.js";
