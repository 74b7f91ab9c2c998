/** The PostgreSQL connector (node-postgres): test connection and metadata extraction. */
import pg from "pg";
import {
  AuthError,
  ConfigError,
  ConnectionError,
  ConnectorError,
  SourceError,
  TimeoutError,
  compileFilter,
  defineConnector,
  fqn,
  lineageFqn,
  type Column,
  type Entity,
  type ForeignKey,
  type JsonValue,
  type RunContext,
  type StreamInfo,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/postgres/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/postgres/validator";
import type { PostgresConfig } from "@onespec/generated/connectors/postgres/types";
import { connectionOptions } from "./config.js";
import * as Q from "./catalog-queries.js";

export interface PostgresSession {
  config: PostgresConfig;
  /** The client for the configured database, and one per other database once used. */
  clients: Map<string, pg.Client>;
}

/** Maps a node-postgres or socket error to a typed error with advice. */
export function translateError(error: unknown, where: string): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { code?: string; message?: string };
  const message = `${where}: ${e.message ?? String(error)}`;
  const code = e.code ?? "";
  if (code === "28P01" || code === "28000") {
    return new AuthError(message, {
      hint: "Check the username and password, and pg_hba.conf for this client.",
      cause: error,
    });
  }
  if (code === "42501")
    return new AuthError(message, {
      hint: "Grant the user the privilege named above.",
      cause: error,
    });
  if (code === "3D000") {
    return new ConfigError(message, {
      hint: "Check the database name (pg_database lists the existing ones).",
      cause: error,
    });
  }
  if (/timeout/i.test(e.message ?? "")) {
    return new TimeoutError(message, {
      timeoutMs: 0,
      hint: "Check that the host is reachable, or raise connect_timeout_seconds.",
      cause: error,
    });
  }
  if (
    ["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ETIMEDOUT", "EPIPE"].includes(
      code,
    ) ||
    code.startsWith("08") ||
    code === "57P01" ||
    code === "57P03" ||
    code === "53300"
  ) {
    return new ConnectionError(message, {
      hint: "Check the host and port, and that the server is running and accepts connections.",
      cause: error,
    });
  }
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return new ConnectionError(message, {
      hint: "Check the host name.",
      retryable: code === "EAI_AGAIN",
      cause: error,
    });
  }
  if (/self[- ]signed|certificate|SSL|TLS/i.test(e.message ?? "")) {
    return new ConnectionError(message, {
      hint: "Check the SSL mode and certificates (ssl).",
      retryable: false,
      cause: error,
    });
  }
  return new SourceError(message, { cause: error });
}

async function openClient(config: PostgresConfig, database: string): Promise<pg.Client> {
  if (config.ssh_tunnel && config.ssh_tunnel.tunnel_method !== "NO_TUNNEL") {
    throw new ConfigError("SSH tunnels are not supported by the onespec runtime yet", {
      hint: "Open the tunnel yourself (ssh -L) and point host and port at its local end, with ssh_tunnel set to NO_TUNNEL.",
    });
  }
  const { extraParams: _extra, ...options } = connectionOptions(config);
  const client = new pg.Client({ ...options, database });
  client.on("error", () => undefined); // a dropped idle connection surfaces on the next query
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw translateError(
      error,
      `cannot connect to ${config.host}:${config.port}/${database} as ${config.username}`,
    );
  }
  return client;
}

async function clientFor(session: PostgresSession, database: string): Promise<pg.Client> {
  let client = session.clients.get(database);
  if (!client) {
    client = await openClient(session.config, database);
    session.clients.set(database, client);
  }
  return client;
}

async function query<T>(
  client: pg.Client,
  sql: string,
  params: unknown[] = [],
  where = "catalog query",
): Promise<T[]> {
  try {
    return (await client.query(sql, params)).rows as T[];
  } catch (error) {
    throw translateError(error, where);
  }
}

const DEFAULT_SCHEMA_FILTER = {
  excludes: ["^pg_catalog$", "^information_schema$", "^pg_toast", "^pg_temp_"],
};

async function databases(
  session: PostgresSession,
): Promise<{ name: string; encoding: string; collation: string; comment: string | null }[]> {
  const client = await clientFor(session, session.config.database);
  const all = await query<{
    name: string;
    encoding: string;
    collation: string;
    comment: string | null;
  }>(client, Q.DATABASES, [], "listing databases");
  if (session.config.include_all_databases) return all;
  const own = all.filter((d) => d.name === session.config.database);
  return own.length > 0
    ? own
    : [{ name: session.config.database, encoding: "", collation: "", comment: null }];
}

async function schemas(
  session: PostgresSession,
  database: string,
): Promise<{ name: string; comment: string | null; owner: string }[]> {
  const keep = compileFilter(
    session.config.schema_filter ?? DEFAULT_SCHEMA_FILTER,
    "schema_filter",
  );
  const rows = await query<{ name: string; comment: string | null; owner: string }>(
    await clientFor(session, database),
    Q.SCHEMAS,
    [],
    "listing schemas",
  );
  return rows.filter((r) => keep(r.name));
}

interface RelationRow {
  oid: string;
  schema: string;
  name: string;
  kind: string;
  comment: string | null;
  owner: string;
  definition: string | null;
}

const TABLE_KINDS = ["r", "p", "f"];
const VIEW_KINDS = ["v", "m"];
const tableTypes: Record<string, string> = {
  r: "regular",
  p: "partitioned",
  f: "foreign",
  v: "view",
  m: "materialized",
};

/** Relations in the selected schemas, after the (schema, name) key, filtered by table_filter. */
async function relations(
  session: PostgresSession,
  database: string,
  kinds: string[],
  schemaNames: string[],
  after: [string, string],
  limit: number,
): Promise<{ rows: RelationRow[]; last: [string, string] | undefined }> {
  const rows = await query<RelationRow>(
    await clientFor(session, database),
    Q.RELATIONS,
    [kinds, schemaNames, after[0], after[1], limit],
    "listing relations",
  );
  const keep = compileFilter(session.config.table_filter, "table_filter");
  const last = rows.at(-1);
  return { rows: rows.filter((r) => keep(r.name)), last: last && [last.schema, last.name] };
}

interface ColumnRow {
  oid: string;
  name: string;
  ordinal: number;
  data_type: string;
  nullable: boolean;
  default: string | null;
  comment: string | null;
}

interface ConstraintRow {
  oid: string;
  name: string;
  type: "p" | "f";
  columns: string[];
  ref_schema: string | null;
  ref_table: string | null;
  ref_columns: string[];
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

async function entitiesFor(
  session: PostgresSession,
  ctx: RunContext,
  database: string,
  rows: RelationRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const client = await clientFor(session, database);
  const oids = rows.map((r) => r.oid);
  const columns = await query<ColumnRow>(client, Q.COLUMNS, [oids], "reading columns");
  const constraints = await query<ConstraintRow>(client, Q.CONSTRAINTS, [oids], "reading keys");
  const columnsOf = groupBy(columns, (c) => c.oid);
  const constraintsOf = groupBy(constraints, (c) => c.oid);
  return rows.map((row): Entity => {
    const own = constraintsOf.get(row.oid) ?? [];
    const primaryKey = own.find((c) => c.type === "p")?.columns ?? [];
    const cols: Column[] = (columnsOf.get(row.oid) ?? []).map((c) => ({
      name: c.name,
      ordinal: c.ordinal,
      dataType: c.data_type,
      nullable: c.nullable,
      default: c.default,
      primaryKey: primaryKey.includes(c.name),
      comment: c.comment,
    }));
    const schemaFqn = fqn(ctx.service, database, row.schema);
    const isView = VIEW_KINDS.includes(row.kind);
    const base = {
      fqn: fqn(ctx.service, database, row.schema, row.name),
      name: row.name,
      parent: schemaFqn,
    };
    if (isView) {
      return {
        ...base,
        type: "view",
        properties: {
          viewType: tableTypes[row.kind] ?? row.kind,
          comment: row.comment,
          owner: row.owner,
          definition: row.definition,
          columns: cols as unknown as JsonValue,
        },
      };
    }
    const foreignKeys: ForeignKey[] = own
      .filter((c) => c.type === "f")
      .map((c) => ({
        name: c.name,
        columns: c.columns,
        referencedTable: fqn(ctx.service, database, c.ref_schema ?? "", c.ref_table ?? ""),
        referencedColumns: c.ref_columns,
      }));
    return {
      ...base,
      type: "table",
      properties: {
        tableType: tableTypes[row.kind] ?? row.kind,
        comment: row.comment,
        owner: row.owner,
        columns: cols as unknown as JsonValue,
        primaryKey,
        foreignKeys: foreignKeys as unknown as JsonValue,
      },
    };
  });
}

/** A stream's checkpoint: the database being read and the last key done in it. */
interface Position {
  database: string;
  after: string[];
}

function position(state: JsonValue | undefined): Position | undefined {
  if (!state || typeof state !== "object" || Array.isArray(state)) return undefined;
  const { database, after } = state as { database?: unknown; after?: unknown };
  if (typeof database !== "string" || !Array.isArray(after)) return undefined;
  return { database, after: after.map(String) };
}

const STREAMS: StreamInfo[] = [
  {
    name: "databases",
    entityType: "database",
    description: "Databases (all the user may connect to with include_all_databases).",
  },
  { name: "schemas", entityType: "schema", description: "Schemas passing schema_filter." },
  {
    name: "tables",
    entityType: "table",
    description: "Tables with columns, primary and foreign keys, comments.",
  },
  {
    name: "views",
    entityType: "view",
    description: "Views and materialized views with definitions and columns.",
  },
  {
    name: "lineage",
    entityType: "lineage",
    description: "Relation → view edges from the rewrite rules' dependencies.",
  },
];

export const postgresConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  async connect(config): Promise<PostgresSession> {
    const session: PostgresSession = { config, clients: new Map() };
    await clientFor(session, config.database);
    return session;
  },
  async close(session) {
    await Promise.all([...session.clients.values()].map((c) => c.end().catch(() => undefined)));
    session.clients.clear();
  },
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      const [row] = await query<{ server_version: string }>(
        await clientFor(session, ctx.config.database),
        Q.SERVER_VERSION,
      );
      return `PostgreSQL ${row?.server_version ?? "?"}`;
    },
    async GetDatabases(ctx) {
      const list = await databases(await ctx.session());
      return `${list.length} database${list.length === 1 ? "" : "s"}`;
    },
    async GetSchemas(ctx) {
      const list = await schemas(await ctx.session(), ctx.config.database);
      if (list.length === 0) throw new SourceError("no schema passes the schema filter");
      return `${list.length} schemas`;
    },
    async GetTables(ctx) {
      const session = await ctx.session();
      const names = (await schemas(session, ctx.config.database)).map((s) => s.name);
      const { rows } = await relations(
        session,
        ctx.config.database,
        TABLE_KINDS,
        names,
        ["", ""],
        100_000,
      );
      if (rows.length === 0) throw new SourceError("no table passes the schema and table filters");
      return `${rows.length} tables`;
    },
    async GetViews(ctx) {
      const session = await ctx.session();
      const names = (await schemas(session, ctx.config.database)).map((s) => s.name);
      const { rows } = await relations(
        session,
        ctx.config.database,
        VIEW_KINDS,
        names,
        ["", ""],
        100_000,
      );
      return `${rows.length} views`;
    },
  },
  async discover(_session, config) {
    return STREAMS.filter(
      (s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"),
    );
  },
  async *read(session, _config, stream, state, ctx) {
    const dbs = await databases(session);
    const from = position(state);
    const start = from ? dbs.findIndex((d) => d.name >= from.database) : 0;
    for (const db of dbs.slice(start < 0 ? dbs.length : start)) {
      const resume = from && from.database === db.name ? from.after : undefined;
      switch (stream) {
        case "databases":
          if (resume) continue;
          yield {
            records: [
              {
                type: "database",
                fqn: fqn(ctx.service, db.name),
                name: db.name,
                properties: {
                  engine: "postgres",
                  encoding: db.encoding,
                  collation: db.collation,
                  comment: db.comment,
                },
              },
            ],
            state: { database: db.name, after: ["done"] },
          };
          break;
        case "schemas": {
          if (resume) continue;
          const list = await schemas(session, db.name);
          yield {
            records: list.map((s) => ({
              type: "schema" as const,
              fqn: fqn(ctx.service, db.name, s.name),
              name: s.name,
              parent: fqn(ctx.service, db.name),
              properties: { comment: s.comment, owner: s.owner },
            })),
            state: { database: db.name, after: ["done"] },
          };
          break;
        }
        case "tables":
        case "views": {
          const names = (await schemas(session, db.name)).map((s) => s.name);
          let after: [string, string] =
            resume && resume.length === 2 ? [resume[0]!, resume[1]!] : ["", ""];
          if (resume && resume.length !== 2) continue; // this database is done
          for (;;) {
            const page = await relations(
              session,
              db.name,
              stream === "tables" ? TABLE_KINDS : VIEW_KINDS,
              names,
              after,
              ctx.batchSize,
            );
            if (!page.last) break;
            after = page.last;
            yield {
              records: await entitiesFor(session, ctx, db.name, page.rows),
              state: { database: db.name, after },
            };
          }
          break;
        }
        case "lineage": {
          const names = (await schemas(session, db.name)).map((s) => s.name);
          const keep = compileFilter(session.config.table_filter, "table_filter");
          const edges = (
            await query<{
              from_schema: string;
              from_name: string;
              to_schema: string;
              to_name: string;
            }>(
              await clientFor(session, db.name),
              Q.VIEW_DEPENDENCIES,
              [names],
              "reading view dependencies",
            )
          ).filter((e) => keep(e.from_name) && keep(e.to_name));
          const key = (e: (typeof edges)[number]) => [
            e.to_schema,
            e.to_name,
            e.from_schema,
            e.from_name,
          ];
          const cmp = (a: string[], b: string[]) => {
            for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
            return 0;
          };
          let rest = resume ? edges.filter((e) => cmp(key(e), resume) > 0) : edges;
          while (rest.length > 0) {
            const page = rest.slice(0, ctx.batchSize);
            rest = rest.slice(ctx.batchSize);
            yield {
              records: page.map((e) => {
                const fromFqn = fqn(ctx.service, db.name, e.from_schema, e.from_name);
                const toFqn = fqn(ctx.service, db.name, e.to_schema, e.to_name);
                return {
                  type: "lineage" as const,
                  fqn: lineageFqn(fromFqn, toFqn),
                  name: `${e.from_schema}.${e.from_name} -> ${e.to_schema}.${e.to_name}`,
                  parent: toFqn,
                  properties: { from: fromFqn, to: toFqn, source: "view definition" },
                };
              }),
              state: { database: db.name, after: key(page.at(-1)!) },
            };
          }
          break;
        }
        default:
          throw new SourceError(`the postgres connector has no stream ${stream}`);
      }
    }
  },
});
