/** The contracts between connectors, the runner and sinks. */

export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * The kind of an entity: one of the catalog kinds (`catalogEntityTypes`) for database sources,
 * or a source's own record type (an http-api endpoint's name). Lower-case letters, digits and
 * `_` or `-`, so it can name a file.
 */
export type EntityType = string;

/** The catalog kinds, in the order summaries list them. */
export const catalogEntityTypes = ["database", "schema", "table", "view", "lineage"] as const;

/** Entity types in summary order: the catalog kinds first, then the rest by name. */
export function orderEntityTypes(types: Iterable<string>): string[] {
  const rank = (t: string) => {
    const i = (catalogEntityTypes as readonly string[]).indexOf(t);
    return i < 0 ? catalogEntityTypes.length : i;
  };
  return [...new Set(types)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * One catalog entity. `fqn` is stable across runs (service.database.schema.table, …) and is
 * the key sinks upsert by; `properties` is everything else the source knows about it.
 */
export interface Entity {
  type: EntityType;
  fqn: string;
  name: string;
  /** FQN of the containing entity (a table's schema), absent for top-level ones. */
  parent?: string;
  properties: { [key: string]: JsonValue };
}

/** A column of a table or view, as stored in `properties.columns`. */
export interface Column {
  name: string;
  ordinal: number;
  dataType: string;
  nullable: boolean;
  default: string | null;
  primaryKey: boolean;
  comment: string | null;
}

/** A foreign key of a table, as stored in `properties.foreignKeys`. */
export interface ForeignKey {
  name: string;
  columns: string[];
  /** FQN of the referenced table. */
  referencedTable: string;
  referencedColumns: string[];
}

/** A record the source could not turn into an entity; counted as failed, never written. */
export interface Failure {
  type: EntityType;
  fqn: string;
  message: string;
}

/** One chunk of a stream and the checkpoint reached once it is stored. */
export interface Batch {
  records: Entity[];
  failures?: Failure[];
  /** Passed back to `read` to resume after this batch. */
  state: JsonValue;
}

/** A stream a source exposes (what `discover()` lists). */
export interface StreamInfo {
  name: string;
  /** The entity type its records have. */
  entityType: EntityType;
  description: string;
  /**
   * Incremental: a run reads only what changed since the cursor the previous complete run
   * ended with (`read` gets it as `state`), so records not read are not gone and are never
   * marked deleted. Otherwise every run reads everything from the start.
   */
  incremental?: boolean;
}

/** A test-connection step as declared in the connector's test-connection.json. */
export interface TestStepSpec<Name extends string = string> {
  readonly name: Name;
  readonly description: string;
  readonly mandatory: boolean;
  readonly shortCircuit: boolean;
  readonly errorMessage: string;
  /**
   * The config values the step exercises, as JSON pointers (test-connection.json's `fields`):
   * where a failure goes when the connector's error names no fields of its own.
   */
  readonly fields?: readonly string[];
}

/** Connector metadata, as generated into metadata.ts. */
export interface ConnectorMetadata {
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly serviceType: string;
  readonly capabilities: readonly string[];
  readonly version: string;
}

/** Logging as the SDK hands it to connectors: structured fields, redacted before output. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What the runner gives a connector for one run. */
export interface RunContext {
  /** Root of every FQN this run produces (the workflow's service name). */
  service: string;
  /** Records per batch the connector should aim for. */
  batchSize: number;
  logger: Logger;
  signal: AbortSignal;
  /** The run's rate limiter, when one is configured: take a token per request to the source. */
  limiter?: { take(count?: number, signal?: AbortSignal): Promise<void> };
}
