export * from "./errors.js";
export * from "./types.js";
export * from "./connector.js";
export * from "./test-connection.js";
export * from "./summary.js";
export * from "./sink.js";
export * from "./runner.js";
export * from "./fqn.js";
export { canonicalJson, sha256 } from "./hash.js";
export { SqlCatalog, entityHash, type SqlDriver, type StoredEntity } from "./sql-catalog.js";
export * from "./retry.js";
export * from "./rate-limit.js";
export * from "./timeout.js";
export * from "./secrets.js";
export * from "./regular-file.js";
export * from "./filter.js";
export * from "./logger.js";
export { jsonlSink, JsonlSink, type JsonlLine } from "./sinks/jsonl.js";
export {
  parseConnectionParams,
  refuseTunnel,
  tunnelOptions,
  type SshTunnel,
  type TunnelOptions,
} from "./tunnel.js";
export { tlsOptions, type SslSettings, type TlsOptions } from "./tls.js";
export {
  networkError,
  networkFailure,
  type NetworkErrorOptions,
  type NetworkFailure,
} from "./network-errors.js";
export { tokenizeSql, type SqlDialect, type SqlToken } from "./sql-tokens.js";
export { viewReferences, type RelationReference } from "./view-references.js";
export { groupBy } from "./group-by.js";
export { viewLineage } from "./lineage.js";
export { keysetPosition, type KeysetPosition } from "./checkpoint.js";
export {
  KNOWN_CONNECTORS,
  connectorPackage,
  loadConnector,
  UnknownConnectorError,
  type LoadConnectorOptions,
} from "./load-connector.js";
export {
  escapePointerToken,
  matchPointers,
  valuesAtPointers,
  replaceAtPointers,
  REDACTED,
  type PointerMatch,
} from "@onespec/runtime";
