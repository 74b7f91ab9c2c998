/** The PostgreSQL connector (node-postgres): test connection and metadata extraction. */
import { SourceError, defineConnector, fqn, keysetPosition, type StreamInfo } from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/postgres/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/postgres/validator";
import * as Q from "./catalog-queries.js";
import {
  TABLE_KINDS,
  VIEW_KINDS,
  databases,
  relationEntities,
  relations,
  schemas,
} from "./catalog.js";
import { compareKeys, edgeKey, lineageEdges, lineageEntity } from "./lineage.js";
import { closeSession, openSession, query, type PostgresSession } from "./session.js";

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

/** Relations of the given kinds in the configured database's selected schemas (for the test steps). */
async function countRelations(session: PostgresSession, kinds: string[]): Promise<number> {
  const database = session.config.database;
  const names = (await schemas(session, database)).map((s) => s.name);
  const { rows } = await relations(session, database, kinds, names, ["", ""], 100_000);
  return rows.length;
}

export const postgresConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  connect: openSession,
  close: closeSession,
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      const [row] = await query<{ server_version: string }>(
        session,
        ctx.config.database,
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
      const count = await countRelations(await ctx.session(), TABLE_KINDS);
      if (count === 0) throw new SourceError("no table passes the schema and table filters");
      return `${count} tables`;
    },
    async GetViews(ctx) {
      return `${await countRelations(await ctx.session(), VIEW_KINDS)} views`;
    },
  },
  async discover(_session, config) {
    return STREAMS.filter(
      (s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"),
    );
  },
  async *read(session, _config, stream, state, ctx) {
    const dbs = await databases(session);
    const from = keysetPosition(state, "database");
    const start = from ? dbs.findIndex((d) => d.name >= from.scope) : 0;
    for (const db of dbs.slice(start < 0 ? dbs.length : start)) {
      const resume = from && from.scope === db.name ? from.after : undefined;
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
            resume && resume.length === 2 ? [resume[0], resume[1]] : ["", ""];
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
              records: await relationEntities(session, ctx, db.name, page.rows),
              state: { database: db.name, after },
            };
          }
          break;
        }
        case "lineage": {
          const edges = await lineageEdges(session, db.name);
          let rest = resume ? edges.filter((e) => compareKeys(edgeKey(e), resume) > 0) : edges;
          while (rest.length > 0) {
            const page = rest.slice(0, ctx.batchSize);
            rest = rest.slice(ctx.batchSize);
            yield {
              records: page.map((e) => lineageEntity(ctx.service, db.name, e)),
              state: { database: db.name, after: edgeKey(page.at(-1)!) },
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
