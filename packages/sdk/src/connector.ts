/**
 * How a connector is defined: against its generated config type, metadata and
 * test-connection steps. `defineConnector` only checks types; it is the identity at run time.
 */
import type {
  Batch,
  ConnectorMetadata,
  JsonValue,
  Logger,
  RunContext,
  StreamInfo,
  TestStepSpec,
} from "./types.js";

/** What a test-connection step gets: the parsed config and a lazily opened session. */
export interface StepContext<Config, Session> {
  config: Config;
  /** Opens the session on first call (inside the first step that needs it) and reuses it. */
  session(): Promise<Session>;
  logger: Logger;
  signal: AbortSignal;
}

/**
 * A step implementation. It throws to fail; a returned string is a detail shown with the
 * pass ("3 schemas").
 */
export type StepFn<Config, Session> = (ctx: StepContext<Config, Session>) => Promise<string | void>;

export interface ConnectorDefinition<Config, Step extends string, Session> {
  /** The generated `metadata`. */
  metadata: ConnectorMetadata;
  /** The generated `testConnectionSteps`; their names fix `Step`. */
  steps: readonly TestStepSpec<Step>[];
  /** The generated `parse`: returns the typed config or throws ConfigValidationError. */
  parse(input: unknown): Config;
  /** The generated `secretPaths`: JSON pointers of secret values, for redaction. */
  secretPaths: readonly string[];
  /** Opens whatever the connector talks to (a client, a file handle). */
  connect(config: Config, ctx: { logger: Logger; signal: AbortSignal }): Promise<Session>;
  close(session: Session): Promise<void>;
  /**
   * One implementation per declared step, keyed by name. `NoInfer` makes the declared steps
   * the only source of `Step`: a missing or an extra key is a compile error.
   */
  testSteps: { [K in NoInfer<Step>]: StepFn<Config, Session> };
  /** Lists the streams the source exposes, in the order they should be read. */
  discover(session: Session, config: Config, ctx: RunContext): Promise<StreamInfo[]>;
  /**
   * Reads one stream from `state` (undefined: from the start), yielding batches of about
   * `ctx.batchSize` records. Each batch's `state` must let a later call resume right after it.
   */
  read(
    session: Session,
    config: Config,
    stream: string,
    state: JsonValue | undefined,
    ctx: RunContext,
  ): AsyncIterable<Batch>;
}

// `any` by default so that a list of connectors with different configs is one type.
export type Connector<
  Config = any, // eslint-disable-line @typescript-eslint/no-explicit-any
  Step extends string = string,
  Session = any, // eslint-disable-line @typescript-eslint/no-explicit-any
> = ConnectorDefinition<Config, Step, Session>;

export function defineConnector<Config, Step extends string, Session>(
  definition: ConnectorDefinition<Config, Step, Session>,
): ConnectorDefinition<Config, Step, Session> {
  return definition;
}
