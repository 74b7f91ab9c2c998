/**
 * Table → view edges parsed from the views' CREATE VIEW text: SQLite keeps no dependency
 * catalog. The SDK's reference extractor reads the names; a name counts when it is a table or
 * view this run extracts (matched without regard to case, as SQLite resolves names).
 */
import { fqn, viewLineage, viewReferences, type Entity } from "@onespec/sdk";
import { DATABASE, SCHEMA, type SchemaRow } from "./catalog.js";

/**
 * The names of the relations a statement reads, as written (unquoted), once each. A schema
 * prefix (`main.t`) is dropped; CTE names and unknown names are the caller's to discard.
 */
export function referencedTables(sql: string): string[] {
  return [...new Set(viewReferences(sql, "sqlite").map((r) => r.name))];
}

/** Extracted relation names by their lower-case form. */
export function knownRelations(rows: SchemaRow[]): Map<string, string> {
  return new Map(rows.map((r) => [r.name.toLowerCase(), r.name]));
}

/** One lineage entity for each extracted relation the view reads, in name order. */
export function lineageEntities(
  service: string,
  view: SchemaRow,
  known: Map<string, string>,
): Entity[] {
  const to = fqn(service, DATABASE, SCHEMA, view.name);
  const sources = referencedTables(view.sql ?? "")
    .map((n) => known.get(n.toLowerCase()))
    .filter((n): n is string => n !== undefined && n !== view.name)
    .sort();
  return [...new Set(sources)].map((source) =>
    viewLineage(fqn(service, DATABASE, SCHEMA, source), to, `${source} -> ${view.name}`),
  );
}
