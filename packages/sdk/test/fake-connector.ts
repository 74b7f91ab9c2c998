/**
 * A small in-memory connector for the SDK's own tests. Its source is a plain mutable object
 * (databases → tables with columns) that tests edit between runs; every stream is keyset-paged
 * by name with `ctx.batchSize` and resumes from `{ after }`. Hooks inject failures into page
 * fetches, the session and each test-connection step; `stats` counts what the runtime did.
 */
import { ConfigValidationError, type Problem } from "@onespec/runtime";
import {
  AuthError,
  ConnectionError,
  defineConnector,
  fqn,
  type Batch,
  type Column,
  type Entity,
  type Failure,
  type JsonValue,
  type RunContext,
  type StepContext,
  type StreamInfo,
} from "../src/index.js";
import { lineageFqn } from "../src/fqn.js";

export interface FakeColumn {
  name: string;
  dataType: string;
  nullable?: boolean;
  primaryKey?: boolean;
}

export interface FakeTable {
  columns: FakeColumn[];
  /** Tables of the same database this one is built from (one lineage edge each). */
  upstream?: string[];
  /** The source cannot describe it: it is reported as a failure, not a record. */
  broken?: boolean;
}

export interface FakeSource {
  /** When set, CheckAccess refuses any other config password. */
  password?: string;
  databases: Record<string, { tables: Record<string, FakeTable> }>;
}

export interface FakeConfig {
  host: string;
  password: string;
}

export interface FakeSession {
  id: number;
  host: string;
}

export const fakeMetadata = {
  name: "fake",
  displayName: "Fake",
  description: "An in-memory source for tests.",
  serviceType: "Database",
  capabilities: ["metadata"],
  version: "0.0.1",
} as const;

export const fakeSteps = [
  {
    name: "CheckAccess",
    description: "Log in with the configured password.",
    mandatory: true,
    shortCircuit: true,
    errorMessage: "Check the host and the password.",
  },
  {
    name: "ListTables",
    description: "List the tables of every database.",
    mandatory: true,
    shortCircuit: false,
    errorMessage: "Grant the user the privilege to list tables.",
  },
  {
    name: "ListViews",
    description: "List the views of every database.",
    mandatory: false,
    shortCircuit: false,
    errorMessage: "Views are optional; grant the privilege to list them to include them.",
  },
] as const;

export type FakeStepName = (typeof fakeSteps)[number]["name"];

export const fakeSecretPaths = ["/password"] as const;

/** The generated-style `parse`: minimal shape checks, ConfigValidationError on bad input. */
export function parseFakeConfig(input: unknown): FakeConfig {
  if (input === null || typeof input !== "object" || Array.isArray(input)) {
    throw new ConfigValidationError("fake", [
      { pointer: "", keyword: "type", message: "must be object" },
    ]);
  }
  const record = input as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const key of ["host", "password"] as const) {
    if (!(key in record))
      problems.push({ pointer: `/${key}`, keyword: "required", message: "is required" });
    else if (typeof record[key] !== "string")
      // Like the generated validators: never quote the value (it may be a secret).
      problems.push({ pointer: `/${key}`, keyword: "type", message: "must be string" });
  }
  if (typeof record.host === "string" && record.host === "")
    problems.push({
      pointer: "/host",
      keyword: "minLength",
      message: "must NOT have fewer than 1 characters",
    });
  if (problems.length > 0) throw new ConfigValidationError("fake", problems);
  return { host: record.host as string, password: record.password as string };
}

/** A page fetch of `stream` that throws: the `fetch`-th one (1-based, counted over the connector's life). */
export interface FetchFailure {
  stream: string;
  fetch: number;
  error: (config: FakeConfig) => Error;
}

export interface StepBehaviour {
  /** Whether the step opens the session (default true). */
  useSession?: boolean;
  /** Thrown after the step's own work. */
  fail?: Error;
  /** Milliseconds added to `hooks.clock` while the step runs. */
  advance?: number;
  detail?: string;
}

export interface FakeHooks {
  failures: FetchFailure[];
  /** When set, connect() rejects with it. */
  connectError?: Error;
  steps: Partial<Record<FakeStepName, StepBehaviour>>;
  /** A manual clock the steps advance (pass `() => hooks.clock.now` as `now`). */
  clock: { now: number };
}

export interface FakeStats {
  connects: number;
  closes: number;
  /** Page fetches per stream, failed ones included. */
  fetches: Record<string, number>;
  /** Every read() call with the state it was given (a copy). */
  reads: { stream: string; state: JsonValue | undefined }[];
  /** Every batch yielded, with its state. */
  batches: { stream: string; fqns: string[]; state: JsonValue }[];
  /** Order of steps, connects and closes. */
  events: string[];
}

export interface FakeConnector {
  connector: ReturnType<typeof makeDefinition>;
  source: FakeSource;
  hooks: FakeHooks;
  stats: FakeStats;
}

/** Two databases, five tables (two with dots or quotes in their names), two lineage edges. */
export function sampleSource(): FakeSource {
  const id: FakeColumn = { name: "id", dataType: "INTEGER", nullable: false, primaryKey: true };
  return {
    password: "s3cr3t-Pa55",
    databases: {
      sales: {
        tables: {
          customers: { columns: [id, { name: "email", dataType: "TEXT" }] },
          orders: {
            columns: [
              id,
              { name: "customer_id", dataType: "INTEGER" },
              { name: "total", dataType: "NUMERIC(10,2)" },
            ],
            upstream: ["customers"],
          },
          "order.items": {
            columns: [
              id,
              { name: "order_id", dataType: "INTEGER" },
              { name: "sku", dataType: "TEXT" },
            ],
            upstream: ["orders"],
          },
        },
      },
      hr: {
        tables: {
          employees: { columns: [id, { name: "name", dataType: "TEXT" }] },
          'weird"name': { columns: [{ name: "x", dataType: "BLOB" }] },
        },
      },
    },
  };
}

export const sampleConfig: FakeConfig = { host: "fake.local", password: "s3cr3t-Pa55" };

interface Row {
  key: string;
  entity: Entity;
  failure?: Failure;
}

function toColumns(columns: FakeColumn[]): Column[] {
  return columns.map((c, i) => ({
    name: c.name,
    ordinal: i + 1,
    dataType: c.dataType,
    nullable: c.nullable ?? true,
    default: null,
    primaryKey: c.primaryKey ?? false,
    comment: null,
  }));
}

/** Every row of a stream as the source holds it right now, sorted by key. */
function rowsOf(source: FakeSource, stream: string, service: string): Row[] {
  const rows: Row[] = [];
  for (const [db, { tables }] of Object.entries(source.databases)) {
    if (stream === "databases") {
      rows.push({
        key: db,
        entity: {
          type: "database",
          fqn: fqn(service, db),
          name: db,
          properties: { engine: "fake" },
        },
      });
      continue;
    }
    for (const [name, table] of Object.entries(tables)) {
      const tableFqn = fqn(service, db, name);
      if (stream === "tables") {
        rows.push({
          key: `${db}\u0000${name}`,
          entity: {
            type: "table",
            fqn: tableFqn,
            name,
            parent: fqn(service, db),
            properties: {
              tableType: "table",
              columns: toColumns(table.columns) as unknown as JsonValue,
            },
          },
          ...(table.broken && {
            failure: { type: "table", fqn: tableFqn, message: `cannot describe ${name}` },
          }),
        });
      } else if (stream === "lineage") {
        for (const up of table.upstream ?? []) {
          const from = fqn(service, db, up);
          const edge = lineageFqn(from, tableFqn);
          rows.push({
            key: edge,
            entity: {
              type: "lineage",
              fqn: edge,
              name: `${up} -> ${name}`,
              properties: { from, to: tableFqn },
            },
          });
        }
      }
    }
  }
  return rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

const streams: StreamInfo[] = [
  { name: "databases", entityType: "database", description: "Databases" },
  { name: "tables", entityType: "table", description: "Tables and their columns" },
  { name: "lineage", entityType: "lineage", description: "Table-level lineage" },
];

function makeDefinition(source: FakeSource, hooks: FakeHooks, stats: FakeStats) {
  let sessions = 0;

  function fetchPage(
    config: FakeConfig,
    stream: string,
    service: string,
    after: string | undefined,
    size: number,
  ): Row[] {
    const n = (stats.fetches[stream] = (stats.fetches[stream] ?? 0) + 1);
    const failure = hooks.failures.find((f) => f.stream === stream && f.fetch === n);
    if (failure) throw failure.error(config);
    return rowsOf(source, stream, service)
      .filter((r) => after === undefined || r.key > after)
      .slice(0, size);
  }

  async function step(
    name: FakeStepName,
    ctx: StepContext<FakeConfig, FakeSession>,
    work: (config: FakeConfig) => string,
  ): Promise<string> {
    stats.events.push(`step:${name}`);
    const behaviour = hooks.steps[name] ?? {};
    hooks.clock.now += behaviour.advance ?? 0;
    if (behaviour.useSession ?? true) await ctx.session();
    const detail = work(ctx.config);
    if (behaviour.fail) throw behaviour.fail;
    return behaviour.detail ?? detail;
  }

  const countTables = () =>
    Object.values(source.databases).reduce((n, db) => n + Object.keys(db.tables).length, 0);

  return defineConnector({
    metadata: fakeMetadata,
    steps: fakeSteps,
    parse: parseFakeConfig,
    secretPaths: fakeSecretPaths,
    async connect(config: FakeConfig): Promise<FakeSession> {
      stats.connects++;
      stats.events.push("connect");
      if (hooks.connectError) throw hooks.connectError;
      return { id: ++sessions, host: config.host };
    },
    async close(_session: FakeSession) {
      stats.closes++;
      stats.events.push("close");
    },
    testSteps: {
      CheckAccess: (ctx) =>
        step("CheckAccess", ctx, (config) => {
          if (source.password !== undefined && config.password !== source.password)
            throw new AuthError("password authentication failed for user fake");
          return `logged in to ${config.host}`;
        }),
      ListTables: (ctx) => step("ListTables", ctx, () => `${countTables()} tables`),
      ListViews: (ctx) => step("ListViews", ctx, () => "0 views"),
    },
    async discover() {
      return streams.map((s) => ({ ...s }));
    },
    async *read(
      _session: FakeSession,
      config: FakeConfig,
      stream: string,
      state: JsonValue | undefined,
      ctx: RunContext,
    ): AsyncGenerator<Batch> {
      stats.reads.push({ stream, state: state === undefined ? undefined : structuredClone(state) });
      if (!streams.some((s) => s.name === stream))
        throw new ConnectionError(`no stream ${stream}`, { retryable: false });
      const resume =
        state !== null && typeof state === "object" && !Array.isArray(state)
          ? state.after
          : undefined;
      let after = typeof resume === "string" ? resume : undefined;
      for (;;) {
        const page = fetchPage(config, stream, ctx.service, after, ctx.batchSize);
        if (page.length === 0) return;
        after = page[page.length - 1].key;
        const records = page.filter((r) => !r.failure).map((r) => r.entity);
        const failures = page.flatMap((r) => (r.failure ? [r.failure] : []));
        const batch: Batch = {
          records,
          ...(failures.length > 0 && { failures }),
          state: { after },
        };
        stats.batches.push({ stream, fqns: page.map((r) => r.entity.fqn), state: batch.state });
        yield batch;
        if (page.length < ctx.batchSize) return;
      }
    },
  });
}

export function createFakeConnector(source: FakeSource = sampleSource()): FakeConnector {
  const hooks: FakeHooks = { failures: [], steps: {}, clock: { now: 1_000 } };
  const stats: FakeStats = {
    connects: 0,
    closes: 0,
    fetches: {},
    reads: [],
    batches: [],
    events: [],
  };
  return { connector: makeDefinition(source, hooks, stats), source, hooks, stats };
}
