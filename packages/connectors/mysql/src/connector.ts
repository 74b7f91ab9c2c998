/** The MySQL connector (mysql2, also for MariaDB): test connection and metadata extraction. */
import {
  PermissionError,
  SourceError,
  defineConnector,
  keysetPosition,
  fqn,
  type StreamInfo,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/mysql/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/mysql/validator";
import { connectorVersion, migrate } from "@onespec/generated/connectors/mysql/upgrade";
import * as Q from "./catalog-queries.js";
import type { TableRow, ViewRow } from "./catalog-queries.js";
import {
  DEFAULT_DATABASE,
  allTables,
  compareKeys,
  compareNames,
  emptyToNull,
  schemas,
  tableEntities,
  tableFilter,
  viewEntities,
} from "./catalog.js";
import { edgeKey, lineageEdges, lineageEntity } from "./lineage.js";
import { closeSession, openSession, query } from "./session.js";

const STREAMS: StreamInfo[] = [
  {
    name: "databases",
    entityType: "database",
    description: `The one database entity, "${DEFAULT_DATABASE}", all MySQL databases belong to.`,
  },
  {
    name: "schemas",
    entityType: "schema",
    description:
      "MySQL databases passing database_filter (only the default database when one is set).",
  },
  {
    name: "tables",
    entityType: "table",
    description: "Base tables with columns, primary and foreign keys, comments.",
  },
  { name: "views", entityType: "view", description: "Views with definitions and columns." },
  {
    name: "lineage",
    entityType: "lineage",
    description: "Relation → view edges read from the views' normalised definitions.",
  },
];

export const mysqlConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  version: connectorVersion,
  migrate,
  connect: openSession,
  close: closeSession,
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      await query(session, "SELECT 1", [], "running SELECT 1");
      const number = /^[\d.]+/.exec(session.version)?.[0] ?? session.version;
      return `${session.flavor} ${number}`;
    },
    async GetDatabases(ctx) {
      const list = await schemas(await ctx.session());
      if (list.length === 0)
        throw new SourceError(
          ctx.config.database
            ? `the database ${ctx.config.database} is not visible to the user or does not pass the database filter`
            : "no database passes the database filter",
        );
      return `${list.length} database${list.length === 1 ? "" : "s"}`;
    },
    async GetTables(ctx) {
      const tables = await allTables(await ctx.session());
      if (tables.length === 0)
        throw new SourceError("no table passes the database and table filters");
      return `${tables.length} table${tables.length === 1 ? "" : "s"}`;
    },
    async GetViews(ctx) {
      const session = await ctx.session();
      const keep = tableFilter(session);
      let count = 0;
      let hidden = 0;
      for (const s of await schemas(session)) {
        for (const v of await query<{ name: string; definition: string | null }>(
          session,
          Q.VIEW_DEFINITIONS,
          [s.name],
          "listing views",
        )) {
          if (!keep(v.name)) continue;
          count++;
          if (!v.definition) hidden++;
        }
      }
      if (hidden > 0)
        throw new PermissionError(
          `${hidden} of ${count} views have no readable definition: the user lacks SHOW VIEW on them`,
          { hint: "GRANT SHOW VIEW ON <db>.* TO the user." },
        );
      return `${count} view${count === 1 ? "" : "s"}`;
    },
  },
  async discover(_session, config) {
    return STREAMS.filter(
      (s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"),
    );
  },
  async *read(session, _config, stream, state, ctx) {
    const from = keysetPosition(state, "schema");
    switch (stream) {
      case "databases": {
        if (from) return; // its one batch is done
        yield {
          records: [
            {
              type: "database",
              fqn: fqn(ctx.service, DEFAULT_DATABASE),
              name: DEFAULT_DATABASE,
              properties: { engine: "mysql", flavor: session.flavor, comment: null },
            },
          ],
          state: { schema: "", after: [DEFAULT_DATABASE] },
        };
        return;
      }
      case "schemas": {
        let rest = await schemas(session);
        if (from) rest = rest.filter((s) => compareNames(s.name, from.after[0] ?? "") > 0);
        while (rest.length > 0) {
          const page = rest.slice(0, ctx.batchSize);
          rest = rest.slice(ctx.batchSize);
          yield {
            records: page.map((s) => ({
              type: "schema" as const,
              fqn: fqn(ctx.service, DEFAULT_DATABASE, s.name),
              name: s.name,
              parent: fqn(ctx.service, DEFAULT_DATABASE),
              properties: {
                characterSet: s.charset,
                collation: s.collation,
                comment: emptyToNull(s.comment),
              },
            })),
            state: { schema: "", after: [page.at(-1)!.name] },
          };
        }
        return;
      }
      case "tables":
      case "views": {
        const keep = tableFilter(session);
        const list = await schemas(session);
        const start = from ? list.findIndex((s) => compareNames(s.name, from.scope) >= 0) : 0;
        for (const s of list.slice(start < 0 ? list.length : start)) {
          let after = from && from.scope === s.name ? (from.after[0] ?? "") : "";
          for (;;) {
            const rows =
              stream === "tables"
                ? await query<TableRow>(
                    session,
                    Q.TABLES,
                    [s.name, Q.TABLE_TYPES, after, ctx.batchSize],
                    "listing tables",
                  )
                : await query<ViewRow>(
                    session,
                    Q.VIEWS,
                    [s.name, after, ctx.batchSize],
                    "listing views",
                  );
            const last = rows.at(-1);
            if (!last) break;
            after = last.name;
            const kept = rows.filter((r) => keep(r.name));
            yield {
              records:
                stream === "tables"
                  ? await tableEntities(session, ctx, s.name, kept as TableRow[])
                  : await viewEntities(session, ctx, s.name, kept as ViewRow[]),
              state: { schema: s.name, after: [after] },
            };
            if (rows.length < ctx.batchSize) break;
          }
        }
        return;
      }
      case "lineage": {
        const edges = await lineageEdges(session);
        let rest = from ? edges.filter((e) => compareKeys(edgeKey(e), from.after) > 0) : edges;
        while (rest.length > 0) {
          const page = rest.slice(0, ctx.batchSize);
          rest = rest.slice(ctx.batchSize);
          yield {
            records: page.map((e) => lineageEntity(ctx.service, e)),
            state: { schema: "", after: edgeKey(page.at(-1)!) },
          };
        }
        return;
      }
      default:
        throw new SourceError(`the mysql connector has no stream ${stream}`);
    }
  },
});
