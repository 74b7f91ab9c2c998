/**
 * The mysql catalog (information_schema) as entities. MySQL has no level between the server
 * and its databases, and a MySQL "database" is what other systems call a schema. As
 * OpenMetadata does, the catalog has one database entity named "default" and every MySQL
 * database is a schema under it: service.default.<database>.<table>.
 */
import {
  compileFilter,
  fqn,
  groupBy,
  type Column,
  type Entity,
  type ForeignKey,
  type JsonValue,
  type RunContext,
} from "@onespec/sdk";
import { defaulted } from "@onespec/runtime";
import * as Q from "./catalog-queries.js";
import type { ColumnRow, KeyRow, SchemaRow, TableRow, ViewRow } from "./catalog-queries.js";
import { query, type MysqlFlavor, type MysqlSession } from "./session.js";

/** The name of the single database entity every MySQL database (schema) belongs to. */
export const DEFAULT_DATABASE = "default";

/** Orders names as the server's CAST(... AS BINARY) does: by their UTF-8 bytes. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareNames(a[i] ?? "", b[i] ?? "");
    if (c !== 0) return c;
  }
  return 0;
}

/**
 * The databases (schemas) to read, in name order: only the configured default database when
 * one is set, else every database the user can see; both narrowed by database_filter.
 */
export async function schemas(session: MysqlSession): Promise<SchemaRow[]> {
  // The schema's default leaves out the system databases.
  const keep = compileFilter(defaulted(session.config, "database_filter"), "database_filter");
  const rows = await query<SchemaRow>(
    session,
    session.flavor === "MariaDB" ? Q.SCHEMAS_MARIADB : Q.SCHEMAS_MYSQL,
    [],
    "listing databases",
  );
  const only = session.config.database;
  return rows
    .filter((r) => (only ? r.name === only : true) && keep(r.name))
    .sort((a, b) => compareNames(a.name, b.name));
}

export function tableFilter(session: MysqlSession): (name: string) => boolean {
  return compileFilter(session.config.table_filter, "table_filter");
}

export const emptyToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text === "" ? null : text;

const NUMERIC_TYPE =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|bool|boolean|year)\b/i;

/**
 * A column's default as SQL text, the way SHOW CREATE TABLE writes it: 'abc' for a string,
 * 0.00 for a number, current_timestamp() for an expression; AUTO_INCREMENT and generated
 * columns as such; null for none. MariaDB (10.2.7+) reports defaults as SQL already, with
 * NULL for "DEFAULT NULL"; MySQL reports literals unquoted and marks expressions DEFAULT_GENERATED.
 */
export function columnDefault(
  c: Pick<ColumnRow, "column_type" | "column_default" | "extra" | "generation_expression">,
  flavor: MysqlFlavor,
): string | null {
  const extra = c.extra ?? "";
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (generated && c.generation_expression) {
    const kind = generated[1].toUpperCase() === "VIRTUAL" ? "VIRTUAL" : "STORED";
    return `GENERATED ALWAYS AS (${c.generation_expression}) ${kind}`;
  }
  if (/\bauto_increment\b/i.test(extra)) return "AUTO_INCREMENT";
  let value: string | null;
  if (c.column_default === null) value = null;
  else if (flavor === "MariaDB") value = c.column_default === "NULL" ? null : c.column_default;
  else if (/\bDEFAULT_GENERATED\b/i.test(extra) || NUMERIC_TYPE.test(c.column_type))
    value = c.column_default;
  else value = `'${c.column_default.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  const onUpdate = /\bon update (\S+(?:\(\d*\))?)/i.exec(extra);
  if (onUpdate) return `${value ?? "NULL"} ON UPDATE ${onUpdate[1]}`;
  return value;
}

/** information_schema.TABLES → tableType. */
function tableType(row: TableRow): string {
  if (row.type === "SYSTEM VERSIONED") return "system-versioned";
  if (/\bpartitioned\b/i.test(row.options ?? "")) return "partitioned";
  return "regular";
}

/** Columns of the given relations of one database, grouped by relation name. */
async function columnsOf(
  session: MysqlSession,
  schema: string,
  names: string[],
  isView: boolean,
): Promise<Map<string, Column[]>> {
  const rows = await query<ColumnRow>(session, Q.COLUMNS, [schema, names], "reading columns");
  // MariaDB's JSON is LONGTEXT with a json_valid() check named after the column.
  const json = new Set<string>();
  if (session.flavor === "MariaDB" && !isView) {
    const checks = await query<{ table_name: string; column_name: string; clause: string }>(
      session,
      Q.JSON_CHECKS_MARIADB,
      [schema, names],
      "reading JSON column checks",
    );
    for (const c of checks)
      if (c.clause === `json_valid(\`${c.column_name.replace(/`/g, "``")}\`)`)
        json.add(`${c.table_name}\u0000${c.column_name}`);
  }
  const out = new Map<string, Column[]>();
  for (const [table, cols] of groupBy(rows, (r) => r.table_name)) {
    out.set(
      table,
      cols.map((c) => ({
        name: c.name,
        ordinal: Number(c.ordinal),
        dataType:
          json.has(`${table}\u0000${c.name}`) && /^longtext$/i.test(c.column_type)
            ? "json"
            : c.column_type,
        nullable: c.nullable === "YES",
        default: isView ? null : columnDefault(c, session.flavor),
        primaryKey: false,
        comment: emptyToNull(c.comment),
      })),
    );
  }
  return out;
}

export async function tableEntities(
  session: MysqlSession,
  ctx: RunContext,
  schema: string,
  rows: TableRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const names = rows.map((r) => r.name);
  const columns = await columnsOf(session, schema, names, false);
  const keys = groupBy(
    await query<KeyRow>(session, Q.KEYS, [schema, names], "reading keys"),
    (k) => k.table_name,
  );
  const schemaFqn = fqn(ctx.service, DEFAULT_DATABASE, schema);
  return rows.map((row): Entity => {
    const own = keys.get(row.name) ?? [];
    const primaryKey = own
      .filter((k) => k.name === "PRIMARY" && !k.ref_table)
      .map((k) => k.column_name);
    const foreignKeys: ForeignKey[] = [];
    for (const [name, cols] of groupBy(
      own.filter((k) => k.ref_table),
      (k) => k.name,
    )) {
      foreignKeys.push({
        name,
        columns: cols.map((k) => k.column_name),
        referencedTable: fqn(
          ctx.service,
          DEFAULT_DATABASE,
          cols[0].ref_schema ?? schema,
          cols[0].ref_table!,
        ),
        referencedColumns: cols.map((k) => k.ref_column ?? ""),
      });
    }
    const cols = (columns.get(row.name) ?? []).map((c) => ({
      ...c,
      primaryKey: primaryKey.includes(c.name),
    }));
    return {
      type: "table",
      fqn: fqn(ctx.service, DEFAULT_DATABASE, schema, row.name),
      name: row.name,
      parent: schemaFqn,
      properties: {
        tableType: tableType(row),
        comment: emptyToNull(row.comment),
        engine: row.engine,
        collation: row.collation,
        columns: cols,
        primaryKey,
        foreignKeys: foreignKeys as unknown as JsonValue,
      },
    };
  });
}

export async function viewEntities(
  session: MysqlSession,
  ctx: RunContext,
  schema: string,
  rows: ViewRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const columns = await columnsOf(
    session,
    schema,
    rows.map((r) => r.name),
    true,
  );
  const schemaFqn = fqn(ctx.service, DEFAULT_DATABASE, schema);
  return rows.map((row): Entity => ({
    type: "view",
    fqn: fqn(ctx.service, DEFAULT_DATABASE, schema, row.name),
    name: row.name,
    parent: schemaFqn,
    properties: {
      viewType: "view",
      comment: null,
      definer: row.definer,
      // Empty when the user lacks SHOW VIEW on it.
      definition: emptyToNull(row.definition),
      securityType: row.security_type,
      checkOption: row.check_option,
      updatable: row.updatable === "YES",
      columns: (columns.get(row.name) ?? []) as unknown as JsonValue,
    },
  }));
}

/** Base tables of the selected databases passing table_filter (for the test steps). */
export async function allTables(
  session: MysqlSession,
): Promise<{ schema: string; name: string }[]> {
  const keep = tableFilter(session);
  const out: { schema: string; name: string }[] = [];
  for (const s of await schemas(session)) {
    for (const r of await query<{ name: string; type: string }>(
      session,
      Q.RELATION_NAMES,
      [s.name],
      "listing tables",
    ))
      if (Q.TABLE_TYPES.includes(r.type) && keep(r.name))
        out.push({ schema: s.name, name: r.name });
  }
  return out;
}
