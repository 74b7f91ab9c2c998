export {
  parseConfig,
  connectionOptions,
  sslOptions,
  tunnelOptions,
  parseConnectionParams,
  type PgConnectionOptions,
  type TlsOptions,
  type TunnelOptions,
} from "./config.js";
export {
  metadata,
  testConnectionSteps,
  type TestStepName,
} from "@onespec/generated/connectors/postgres/metadata";
export type { PostgresConfig } from "@onespec/generated/connectors/postgres/types";
export { ConfigValidationError } from "@onespec/runtime";
export { postgresConnector, postgresConnector as connector } from "./connector.js";
export { translateError } from "./errors.js";
export type { PostgresSession } from "./session.js";
