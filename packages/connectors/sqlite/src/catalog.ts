/** The sqlite catalog (sqlite_schema and the table pragmas) as entities. */
import {
  compileFilter,
  fqn,
  type Column,
  type Entity,
  type ForeignKey,
  type JsonValue,
  type RunContext,
} from "@onespec/sdk";
import { defaulted } from "@onespec/runtime";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import { query, type SqliteSession } from "./session.js";

/** SQLite has one database and one schema per file as far as a catalog is concerned: main. */
export const DATABASE = "main";
export const SCHEMA = "main";

export interface SchemaRow {
  name: string;
  type: "table" | "view";
  sql: string | null;
}

/** Tables or views passing table_filter, in name order. */
export function objects(
  session: SqliteSession,
  config: SqliteConfig,
  type: "table" | "view",
): SchemaRow[] {
  // The schema's default leaves out SQLite's own tables (sqlite_*).
  const keep = compileFilter(defaulted(config, "table_filter"), "table_filter");
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

function columnsOf(
  session: SqliteSession,
  table: string,
): { columns: Column[]; primaryKey: string[] } {
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
  const primaryKey = rows
    .filter((r) => r.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((r) => r.name);
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
      const target = parts[0].table;
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

export function tableEntity(session: SqliteSession, ctx: RunContext, row: SchemaRow): Entity {
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

export function viewEntity(session: SqliteSession, ctx: RunContext, row: SchemaRow): Entity {
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
