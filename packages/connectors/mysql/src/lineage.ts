/**
 * Relation → view edges read from the views' definitions. MySQL keeps no dependency catalog,
 * but information_schema.VIEWS holds each definition as the server normalised it: every table
 * qualified and backquoted, so the SDK's reference extractor finds them exactly.
 */
import { fqn, viewLineage, viewReferences as referencesIn, type Entity } from "@onespec/sdk";
import * as Q from "./catalog-queries.js";
import { DEFAULT_DATABASE, compareKeys, schemas, tableFilter } from "./catalog.js";
import { query, type MysqlSession } from "./session.js";

/**
 * The `db`.`table` names a view definition reads: the qualified names after FROM and JOIN
 * (the server qualifies every table, so an unqualified name is a CTE's).
 */
export function viewReferences(definition: string): { schema: string; name: string }[] {
  return referencesIn(definition, "mysql").flatMap((r) =>
    r.schema === undefined ? [] : [{ schema: r.schema, name: r.name }],
  );
}

export interface Edge {
  fromSchema: string;
  fromName: string;
  toSchema: string;
  toName: string;
}

/** Relation → view edges between relations this run extracts, in (to, from) key order. */
export async function lineageEdges(session: MysqlSession): Promise<Edge[]> {
  const selected = (await schemas(session)).map((s) => s.name);
  const keep = tableFilter(session);
  const extracted = new Set<string>();
  const key = (schema: string, name: string) => `${schema}\u0000${name}`;
  const views: { schema: string; name: string; definition: string }[] = [];
  for (const schema of selected) {
    const names = await query<{ name: string; type: string }>(
      session,
      Q.RELATION_NAMES,
      [schema],
      "listing relations for lineage",
    );
    for (const r of names)
      if ((Q.TABLE_TYPES.includes(r.type) || r.type === "VIEW") && keep(r.name))
        extracted.add(key(schema, r.name));
    for (const v of await query<{ name: string; definition: string | null }>(
      session,
      Q.VIEW_DEFINITIONS,
      [schema],
      "reading view definitions",
    ))
      if (keep(v.name) && v.definition)
        views.push({ schema, name: v.name, definition: v.definition });
  }
  const edges: Edge[] = [];
  for (const v of views) {
    for (const ref of viewReferences(v.definition)) {
      if (!extracted.has(key(ref.schema, ref.name))) continue;
      if (ref.schema === v.schema && ref.name === v.name) continue;
      edges.push({
        fromSchema: ref.schema,
        fromName: ref.name,
        toSchema: v.schema,
        toName: v.name,
      });
    }
  }
  return edges.sort((a, b) => compareKeys(edgeKey(a), edgeKey(b)));
}

export const edgeKey = (e: Edge): string[] => [e.toSchema, e.toName, e.fromSchema, e.fromName];

export function lineageEntity(service: string, e: Edge): Entity {
  return viewLineage(
    fqn(service, DEFAULT_DATABASE, e.fromSchema, e.fromName),
    fqn(service, DEFAULT_DATABASE, e.toSchema, e.toName),
    `${e.fromSchema}.${e.fromName} -> ${e.toSchema}.${e.toName}`,
  );
}
