export {
  type ErrorKind,
  type ConnectorErrorOptions,
  ConnectorError,
  AuthError,
  PermissionError,
  NotFoundError,
  RateLimitError,
  ConnectionError,
  TlsError,
  TimeoutError,
  ConfigError,
  SourceError,
  SinkError,
  transientKinds,
} from "./errors.js";
export {
  orderEntityTypes,
  type JsonValue,
  type EntityType,
  type Entity,
  type Column,
  type ForeignKey,
  type Failure,
  type Batch,
  type StreamInfo,
  type TestStepSpec,
  type ConnectorMetadata,
  type Logger,
  type RunContext,
} from "./types.js";
export {
  defineConnector,
  type StepContext,
  type StepFn,
  type ConnectorDefinition,
  type Connector,
} from "./connector.js";
export {
  testConnection,
  type StepResult,
  type StepStatus,
  type TestConnectionResult,
  type TestConnectionOptions,
} from "./test-connection.js";
export { totalCounts, type Counts, type CountsByType, type RunSummary } from "./summary.js";
export {
  type RunInfo,
  type StreamCheckpoint,
  type RunStart,
  type FinishInfo,
  EmptySourceError,
  type Sink,
} from "./sink.js";
export { parseConnectorConfig, runSync, type ProgressListener, type RunOptions } from "./runner.js";
export { fqn } from "./fqn.js";
export { canonicalJson } from "./hash.js";
export { SqlCatalog, type SqlDriver, type StoredEntity } from "./sql-catalog.js";
export { retry, parseRetryAfter, type RetryInfo, type RetryOptions } from "./retry.js";
export { type TokenBucketOptions, TokenBucket } from "./rate-limit.js";
export {
  resolveSecrets,
  loadSecretsFile,
  type SecretSources,
  type SecretProblem,
  type ResolvedSecrets,
  Redactor,
} from "./secrets.js";
export { fileKind } from "./regular-file.js";
export { compileFilter, type FilterPattern } from "./filter.js";
export { createLogger, type LogFormat, type LogLevel, type LoggerOptions } from "./logger.js";
export { jsonlSink, JsonlSink } from "./sinks/jsonl.js";
export {
  parseConnectionParams,
  refuseTunnel,
  tunnelOptions,
  type SshTunnel,
  type TunnelOptions,
} from "./tunnel.js";
export { tlsOptions, type SslSettings, type TlsOptions } from "./tls.js";
export { networkError, type NetworkErrorOptions, type NetworkFailure } from "./network-errors.js";
export { tokenizeSql, type SqlDialect, type SqlToken } from "./sql-tokens.js";
export { viewReferences, type RelationReference } from "./view-references.js";
export { groupBy } from "./group-by.js";
export { viewLineage } from "./lineage.js";
export { keysetPosition, type KeysetPosition } from "./checkpoint.js";
export {
  KNOWN_CONNECTORS,
  loadConnector,
  UnknownConnectorError,
  type LoadConnectorOptions,
} from "./load-connector.js";
export {
  escapePointerToken,
  matchPointers,
  valuesAtPointers,
  type PointerMatch,
} from "@onespec/runtime";
