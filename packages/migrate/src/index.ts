export { parseMigrationFile, versionsOfFile, migrationFileSchema } from "./parse.js";
export { loadMigrations, chainProblems } from "./load.js";
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
