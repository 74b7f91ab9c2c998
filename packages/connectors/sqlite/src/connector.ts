/** The SQLite connector: test connection and metadata extraction from one database file. */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import {
  ConfigError,
  ConnectionError,
  SourceError,
  fileKind,
  compileFilter,
  defineConnector,
  fqn,
  lineageFqn,
  type Batch,
  type Column,
  type Entity,
  type ForeignKey,
  type JsonValue,
  type RunContext,
  type StreamInfo,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/sqlite/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/sqlite/validator";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import { openOptions } from "./config.js";
import { referencedTables } from "./lineage.js";

/** SQLite has one database and one schema per file as far as a catalog is concerned: main. */
export const DATABASE = "main";
export const SCHEMA = "main";

export interface SqliteSession {
  db: Database.Database;
  path: string;
}

interface SchemaRow {
  name: string;
  type: "table" | "view";
  sql: string | null;
}

/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Files SQLite opens next to a database; each must be a regular file when it exists. */
const SIDE_FILES = ["-wal", "-shm", "-journal"];

/**
 * Checks database_path before SQLite sees it: it must exist and be a regular file (a FIFO would
 * block the process inside open(), beyond the reach of SIGTERM; /dev/zero reads as an empty
 * database), and a non-empty one must start with the SQLite 3 header. Only `stat` and a 16-byte
 * read of a regular file opened non-blocking; nothing is written.
 */
function checkDatabaseFile(path: string): void {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new ConnectionError(`no SQLite database at ${path}: the file does not exist`, {
        retryable: false,
        hint: "Check database_path; relative paths are resolved from the directory onespec runs in.",
      });
    }
    throw new ConnectionError(`cannot read ${path} (${code || "unknown error"})`, {
      retryable: false,
      hint: "Check that the connector's user can read database_path.",
      cause: error,
    });
  }
  if (!info.isFile()) {
    throw new ConfigError(`database_path ${path} is ${fileKind(info)}, not a SQLite database file`, {
      problems: [{ pointer: "/database_path", message: `is ${fileKind(info)}, not a SQLite database file` }],
      hint: "database_path must name a regular SQLite database file; FIFOs, devices and directories are refused without being opened.",
    });
  }
  for (const suffix of SIDE_FILES) {
    let side;
    try {
      side = lstatSync(path + suffix);
    } catch {
      continue;
    }
    if (!side.isFile()) {
      throw new ConfigError(`${path + suffix} (which SQLite opens with ${path}) is ${fileKind(side)}, not a regular file`, {
        problems: [{ pointer: "/database_path", message: `${suffix} file is ${fileKind(side)}, not a regular file` }],
        hint: "Remove it; SQLite's journal and WAL files must be regular files.",
      });
    }
  }
  if (info.size === 0) return; // SQLite's empty database.
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let read = 0;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const again = fstatSync(fd);
    if (!again.isFile()) {
      throw new ConfigError(`database_path ${path} is ${fileKind(again)}, not a SQLite database file`, {
        problems: [{ pointer: "/database_path", message: `is ${fileKind(again)}, not a SQLite database file` }],
      });
    }
    read = readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new ConnectionError(`cannot read ${path} (${code})`, {
      retryable: false,
      hint: "Check that the connector's user can read database_path.",
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new SourceError(`${path} is not a SQLite 3 database (it does not start with the SQLite 3 file header)`, {
      hint: "It may be another format, or encrypted; check database_path.",
    });
  }
}

function open(config: SqliteConfig): SqliteSession {
  const options = openOptions(config);
  checkDatabaseFile(options.filename);
  let db: Database.Database | undefined;
  try {
    db = new Database(options.filename, {
      readonly: options.readonly,
      fileMustExist: true,
      timeout: options.busyTimeoutMs,
    });
    // better-sqlite3 does not take URI filenames, so immutable=1 cannot be passed; the file is
    // still opened read-only and queried without writes.
    if (options.readonly) db.pragma("query_only = ON");
    // Read the catalog once now: a corrupt or foreign file fails here, before anything is written.
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
    return { db, path: options.filename };
  } catch (error) {
    if (db?.open) db.close();
    throw translate(error, options.filename);
  }
}

function translate(error: unknown, path: string): Error {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message;
  if (code === "SQLITE_NOTADB") {
    return new SourceError(`${path} is not a SQLite 3 database (${message})`, {
      hint: "It may be another format, or encrypted.",
      cause: error,
    });
  }
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
    return new ConnectionError(`${path} is locked by another connection (${message})`, { cause: error });
  }
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM" || code === "SQLITE_READONLY") {
    return new ConnectionError(`cannot open ${path}: ${message}`, { retryable: false, cause: error });
  }
  return new SourceError(`SQLite error on ${path}: ${message}`, { cause: error });
}

function query<T>(session: SqliteSession, sql: string, ...params: unknown[]): T[] {
  try {
    return session.db.prepare(sql).all(...params) as T[];
  } catch (error) {
    throw translate(error, session.path);
  }
}

function objects(session: SqliteSession, config: SqliteConfig, type: "table" | "view"): SchemaRow[] {
  const keep = compileFilter(config.table_filter ?? { excludes: ["^sqlite_"], case_sensitive: false }, "table_filter");
  const rows = query<SchemaRow>(
    session,
    "SELECT name, type, sql FROM sqlite_schema WHERE type = ? ORDER BY name",
    type,
  );
  return rows.filter((r) => keep(r.name));
}

interface ColumnRow {
  cid: number;
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
  hidden: number;
}

interface ForeignKeyRow {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function columnsOf(session: SqliteSession, table: string): { columns: Column[]; primaryKey: string[] } {
  const rows = query<ColumnRow>(session, `PRAGMA table_xinfo(${quoteIdent(table)})`);
  const columns = rows
    .filter((r) => r.hidden !== 1)
    .map<Column>((r) => ({
      name: r.name,
      ordinal: r.cid + 1,
      dataType: r.type || "ANY",
      nullable: r.notnull === 0 && r.pk === 0,
      default: r.dflt_value,
      primaryKey: r.pk > 0,
      comment: null,
    }));
  const primaryKey = rows.filter((r) => r.pk > 0).sort((a, b) => a.pk - b.pk).map((r) => r.name);
  // SQLite lets a non-INTEGER primary key column hold NULL, but a declared PK is meant NOT NULL.
  return { columns, primaryKey };
}

function foreignKeysOf(session: SqliteSession, service: string, table: string): ForeignKey[] {
  const rows = query<ForeignKeyRow>(session, `PRAGMA foreign_key_list(${quoteIdent(table)})`);
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const r of rows) byId.set(r.id, [...(byId.get(r.id) ?? []), r]);
  return [...byId.entries()]
    .sort(([a], [b]) => a - b)
    .map(([, parts]) => {
      parts.sort((a, b) => a.seq - b.seq);
      const target = parts[0]!.table;
      const referencedColumns = parts.every((p) => p.to !== null)
        ? parts.map((p) => p.to!)
        : columnsOf(session, target).primaryKey;
      const columns = parts.map((p) => p.from);
      return {
        name: `fk_${table}_${columns.join("_")}`,
        columns,
        referencedTable: fqn(service, DATABASE, SCHEMA, target),
        referencedColumns,
      };
    });
}

function tableEntity(session: SqliteSession, ctx: RunContext, row: SchemaRow): Entity {
  const { columns, primaryKey } = columnsOf(session, row.name);
  const withoutRowid = /\)\s*WITHOUT\s+ROWID\s*;?\s*$/i.test(row.sql ?? "");
  return {
    type: "table",
    fqn: fqn(ctx.service, DATABASE, SCHEMA, row.name),
    name: row.name,
    parent: fqn(ctx.service, DATABASE, SCHEMA),
    properties: {
      tableType: withoutRowid ? "without rowid" : "table",
      comment: null,
      ddl: row.sql,
      columns: columns as unknown as JsonValue,
      primaryKey,
      foreignKeys: foreignKeysOf(session, ctx.service, row.name) as unknown as JsonValue,
    },
  };
}

function viewEntity(session: SqliteSession, ctx: RunContext, row: SchemaRow): Entity {
  const { columns } = columnsOf(session, row.name);
  return {
    type: "view",
    fqn: fqn(ctx.service, DATABASE, SCHEMA, row.name),
    name: row.name,
    parent: fqn(ctx.service, DATABASE, SCHEMA),
    properties: {
      viewType: "view",
      comment: null,
      definition: row.sql,
      columns: columns as unknown as JsonValue,
    },
  };
}

/** Keyset pages over names: resume after `state.after`. */
function* pages<T extends { name: string }>(rows: T[], state: JsonValue | undefined, size: number): Generator<T[]> {
  const after = state && typeof state === "object" && !Array.isArray(state) ? state["after"] : undefined;
  let rest = typeof after === "string" ? rows.filter((r) => r.name > after) : rows;
  while (rest.length > 0) {
    yield rest.slice(0, size);
    rest = rest.slice(size);
  }
}

const STREAMS: StreamInfo[] = [
  { name: "databases", entityType: "database", description: "The database file (main)." },
  { name: "schemas", entityType: "schema", description: "The main schema." },
  { name: "tables", entityType: "table", description: "Tables with columns, keys and DDL." },
  { name: "views", entityType: "view", description: "Views with columns and definitions." },
  { name: "lineage", entityType: "lineage", description: "Table → view edges parsed from view definitions." },
];

export const sqliteConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  async connect(config) {
    return open(config);
  },
  async close(session) {
    if (session.db.open) session.db.close();
  },
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      const [row] = query<{ schema_version: number }>(session, "PRAGMA schema_version");
      return `schema version ${row?.schema_version ?? 0}`;
    },
    async GetTables(ctx) {
      const tables = objects(await ctx.session(), ctx.config, "table");
      if (tables.length === 0) throw new SourceError("no table passes the table filter");
      return `${tables.length} tables`;
    },
    async GetViews(ctx) {
      return `${objects(await ctx.session(), ctx.config, "view").length} views`;
    },
  },
  async discover(_session, config) {
    return STREAMS.filter((s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"));
  },
  async *read(session, config, stream, state, ctx): AsyncIterable<Batch> {
    const schemaFqn = fqn(ctx.service, DATABASE, SCHEMA);
    const finished = state !== null && typeof state === "object" && !Array.isArray(state) && state["done"] === true;
    switch (stream) {
      case "databases":
        if (finished) return;
        yield {
          records: [
            { type: "database", fqn: fqn(ctx.service, DATABASE), name: DATABASE, properties: { engine: "sqlite" } },
          ],
          state: { done: true },
        };
        return;
      case "schemas":
        if (finished) return;
        yield {
          records: [
            { type: "schema", fqn: schemaFqn, name: SCHEMA, parent: fqn(ctx.service, DATABASE), properties: {} },
          ],
          state: { done: true },
        };
        return;
      case "tables":
        for (const page of pages(objects(session, config, "table"), state, ctx.batchSize)) {
          yield { records: page.map((r) => tableEntity(session, ctx, r)), state: { after: page.at(-1)!.name } };
        }
        return;
      case "views":
        for (const page of pages(objects(session, config, "view"), state, ctx.batchSize)) {
          yield { records: page.map((r) => viewEntity(session, ctx, r)), state: { after: page.at(-1)!.name } };
        }
        return;
      case "lineage": {
        const known = new Map(
          [...objects(session, config, "table"), ...objects(session, config, "view")].map((r) => [r.name.toLowerCase(), r.name]),
        );
        for (const page of pages(objects(session, config, "view"), state, ctx.batchSize)) {
          const records: Entity[] = [];
          for (const view of page) {
            const to = fqn(ctx.service, DATABASE, SCHEMA, view.name);
            const sources = referencedTables(view.sql ?? "")
              .map((n) => known.get(n.toLowerCase()))
              .filter((n): n is string => n !== undefined && n !== view.name)
              .sort();
            for (const source of new Set(sources)) {
              const from = fqn(ctx.service, DATABASE, SCHEMA, source);
              records.push({
                type: "lineage",
                fqn: lineageFqn(from, to),
                name: `${source} -> ${view.name}`,
                parent: to,
                properties: { from, to, source: "view definition" },
              });
            }
          }
          yield { records, state: { after: page.at(-1)!.name } };
        }
        return;
      }
      default:
        throw new SourceError(`the sqlite connector has no stream ${stream}`);
    }
  },
});
