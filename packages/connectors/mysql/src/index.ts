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
export {
  mysqlConnector,
  mysqlConnector as connector,
  translateError,
  columnDefault,
  viewReferences,
  DEFAULT_DATABASE,
  type MysqlSession,
  type MysqlFlavor,
} from "./connector.js";
