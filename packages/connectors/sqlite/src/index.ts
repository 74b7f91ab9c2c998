export {
  parseConfig,
  openOptions,
  openFlags,
  fileUri,
  SQLITE_OPEN_READONLY,
  SQLITE_OPEN_READWRITE,
  SQLITE_OPEN_CREATE,
  SQLITE_OPEN_URI,
  type OpenMode,
  type SqliteOpenOptions,
} from "./config.js";
export {
  metadata,
  testConnectionSteps,
  type TestStepName,
} from "@onespec/generated/connectors/sqlite/metadata";
export type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
export { ConfigValidationError } from "@onespec/runtime";
export { sqliteConnector, sqliteConnector as connector } from "./connector.js";
export { translateError } from "./errors.js";
export { DATABASE, SCHEMA } from "./catalog.js";
export { referencedTables } from "./lineage.js";
export type { SqliteSession } from "./session.js";
