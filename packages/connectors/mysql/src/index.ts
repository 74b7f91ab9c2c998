export {
  parseConfig,
  connectionOptions,
  sslMode,
  sslOptions,
  tunnelOptions,
  parseConnectionParams,
  type Mysql2ConnectionOptions,
  type Mysql2SslOptions,
  type MysqlSslMode,
  type TunnelOptions,
} from "./config.js";
export {
  metadata,
  testConnectionSteps,
  type TestStepName,
} from "@onespec/generated/connectors/mysql/metadata";
export type { MysqlConfig } from "@onespec/generated/connectors/mysql/types";
export { ConfigValidationError } from "@onespec/runtime";
export { mysqlConnector, mysqlConnector as connector } from "./connector.js";
export { translateError } from "./errors.js";
export { columnDefault, DEFAULT_DATABASE } from "./catalog.js";
export { viewReferences } from "./lineage.js";
export type { MysqlSession, MysqlFlavor } from "./session.js";
