/**
 * Relation → view edges of one database, from the dependencies PostgreSQL's rewrite rules
 * record (pg_depend): exact, so no view definition is parsed.
 */
import { fqn, viewLineage, type Entity } from "@onespec/sdk";
import * as Q from "./catalog-queries.js";
import { schemas, tableFilter } from "./catalog.js";
import { query, type PostgresSession } from "./session.js";

export interface Edge {
  from_schema: string;
  from_name: string;
  to_schema: string;
  to_name: string;
}

/** An edge's checkpoint key: the view first, then what it reads. */
export const edgeKey = (e: Edge): string[] => [e.to_schema, e.to_name, e.from_schema, e.from_name];

/** Compares keys as the C collation orders them. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

/** Edges between relations of the selected schemas passing table_filter, view by view. */
export async function lineageEdges(session: PostgresSession, database: string): Promise<Edge[]> {
  const names = (await schemas(session, database)).map((s) => s.name);
  const keep = tableFilter(session);
  const edges = await query<Edge>(
    session,
    database,
    Q.VIEW_DEPENDENCIES,
    [names],
    "reading view dependencies",
  );
  return edges.filter((e) => keep(e.from_name) && keep(e.to_name));
}

export function lineageEntity(service: string, database: string, e: Edge): Entity {
  return viewLineage(
    fqn(service, database, e.from_schema, e.from_name),
    fqn(service, database, e.to_schema, e.to_name),
    `${e.from_schema}.${e.from_name} -> ${e.to_schema}.${e.to_name}`,
  );
}
