/** The SQLite connector: test connection and metadata extraction from one database file. */
import {
  SourceError,
  defineConnector,
  fqn,
  type Batch,
  type JsonValue,
  type StreamInfo,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/sqlite/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/sqlite/validator";
import { connectorVersion, migrate } from "@onespec/generated/connectors/sqlite/upgrade";
import { DATABASE, SCHEMA, objects, tableEntity, viewEntity } from "./catalog.js";
import { knownRelations, lineageEntities } from "./lineage.js";
import { openSession, query } from "./session.js";

/** Keyset pages over names: resume after `state.after`. */
function* pages<T extends { name: string }>(
  rows: T[],
  state: JsonValue | undefined,
  size: number,
): Generator<T[]> {
  const after =
    state && typeof state === "object" && !Array.isArray(state) ? state["after"] : undefined;
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
  {
    name: "lineage",
    entityType: "lineage",
    description: "Table → view edges parsed from view definitions.",
  },
];

export const sqliteConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  version: connectorVersion,
  migrate,
  async connect(config) {
    return openSession(config);
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
    return STREAMS.filter(
      (s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"),
    );
  },
  async *read(session, config, stream, state, ctx): AsyncIterable<Batch> {
    const schemaFqn = fqn(ctx.service, DATABASE, SCHEMA);
    const finished =
      state !== null &&
      typeof state === "object" &&
      !Array.isArray(state) &&
      state["done"] === true;
    switch (stream) {
      case "databases":
        if (finished) return;
        yield {
          records: [
            {
              type: "database",
              fqn: fqn(ctx.service, DATABASE),
              name: DATABASE,
              properties: { engine: "sqlite" },
            },
          ],
          state: { done: true },
        };
        return;
      case "schemas":
        if (finished) return;
        yield {
          records: [
            {
              type: "schema",
              fqn: schemaFqn,
              name: SCHEMA,
              parent: fqn(ctx.service, DATABASE),
              properties: {},
            },
          ],
          state: { done: true },
        };
        return;
      case "tables":
        for (const page of pages(objects(session, config, "table"), state, ctx.batchSize)) {
          yield {
            records: page.map((r) => tableEntity(session, ctx, r)),
            state: { after: page.at(-1)!.name },
          };
        }
        return;
      case "views":
        for (const page of pages(objects(session, config, "view"), state, ctx.batchSize)) {
          yield {
            records: page.map((r) => viewEntity(session, ctx, r)),
            state: { after: page.at(-1)!.name },
          };
        }
        return;
      case "lineage": {
        const known = knownRelations([
          ...objects(session, config, "table"),
          ...objects(session, config, "view"),
        ]);
        for (const page of pages(objects(session, config, "view"), state, ctx.batchSize)) {
          yield {
            records: page.flatMap((view) => lineageEntities(ctx.service, view, known)),
            state: { after: page.at(-1)!.name },
          };
        }
        return;
      }
      default:
        throw new SourceError(`the sqlite connector has no stream ${stream}`);
    }
  },
});
