/** The postgres catalog (pg_catalog) as entities: databases, schemas, tables and views. */
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
import type {
  ColumnRow,
  ConstraintRow,
  DatabaseRow,
  RelationRow,
  SchemaRow,
} from "./catalog-queries.js";
import { query, type PostgresSession } from "./session.js";

/** The configured database, or every database the user may connect to with include_all_databases. */
export async function databases(session: PostgresSession): Promise<DatabaseRow[]> {
  const all = await query<DatabaseRow>(
    session,
    session.config.database,
    Q.DATABASES,
    [],
    "listing databases",
  );
  if (session.config.include_all_databases) return all;
  const own = all.filter((d) => d.name === session.config.database);
  return own.length > 0
    ? own
    : [{ name: session.config.database, encoding: "", collation: "", comment: null }];
}

/** The schemas of one database passing schema_filter. */
export async function schemas(session: PostgresSession, database: string): Promise<SchemaRow[]> {
  // The schema's default leaves out pg_catalog, information_schema and the toast and temp schemas.
  const keep = compileFilter(defaulted(session.config, "schema_filter"), "schema_filter");
  const rows = await query<SchemaRow>(session, database, Q.SCHEMAS, [], "listing schemas");
  return rows.filter((r) => keep(r.name));
}

export function tableFilter(session: PostgresSession): (name: string) => boolean {
  return compileFilter(session.config.table_filter, "table_filter");
}

export const TABLE_KINDS = ["r", "p", "f"];
export const VIEW_KINDS = ["v", "m"];
const tableTypes: Record<string, string> = {
  r: "regular",
  p: "partitioned",
  f: "foreign",
  v: "view",
  m: "materialized",
};

/** Relations in the selected schemas, after the (schema, name) key, filtered by table_filter. */
export async function relations(
  session: PostgresSession,
  database: string,
  kinds: string[],
  schemaNames: string[],
  after: [string, string],
  limit: number,
): Promise<{ rows: RelationRow[]; last: [string, string] | undefined }> {
  const rows = await query<RelationRow>(
    session,
    database,
    Q.RELATIONS,
    [kinds, schemaNames, after[0], after[1], limit],
    "listing relations",
  );
  const keep = tableFilter(session);
  const last = rows.at(-1);
  return { rows: rows.filter((r) => keep(r.name)), last: last && [last.schema, last.name] };
}

/** Table and view entities, with columns and keys, for relations of one database. */
export async function relationEntities(
  session: PostgresSession,
  ctx: RunContext,
  database: string,
  rows: RelationRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const oids = rows.map((r) => r.oid);
  const columns = await query<ColumnRow>(session, database, Q.COLUMNS, [oids], "reading columns");
  const constraints = await query<ConstraintRow>(
    session,
    database,
    Q.CONSTRAINTS,
    [oids],
    "reading keys",
  );
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
