import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { testConnection } from "@onespec/sdk";
import { stable, syncToCatalog } from "@onespec/test-servers/catalog-sync";
import { referencedTables } from "../src/lineage.js";
import { sqliteConnector } from "../src/connector.js";

const SAMPLE = fileURLToPath(new URL("../../../../examples/sample/retail.db", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-sqlite-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function scratch(name: string): string {
  return path.join(tmp, `${n++}-${name}`);
}

/** Runs the connector into a fresh (or the given) catalog and returns summary + entities. */
const extract = (config: Record<string, unknown>, catalog = scratch("catalog.db"), batchSize = 7) =>
  syncToCatalog({ connector: sqliteConnector, config, service: "retail", catalog, batchSize });

describe("sqlite extraction of the bundled sample database", () => {
  it("extracts exactly the golden catalog", async () => {
    const { summary, entities } = await extract({ database_path: SAMPLE });
    expect(summary.status).toBe("ok");
    expect(summary.total.failed).toBe(0);
    await expect(JSON.stringify(stable(entities), null, 2) + "\n").toMatchFileSnapshot(
      "__snapshots__/retail-catalog.json",
    );
    const tables = entities.filter((e) => e.type === "table");
    const views = entities.filter((e) => e.type === "view");
    expect(tables.length).toBeGreaterThanOrEqual(24);
    expect(views.length).toBeGreaterThanOrEqual(6);
    // Every table the sample declares is there, and nothing from sqlite_ internals.
    const db = new Database(SAMPLE, { readonly: true });
    const declared = db
      .prepare(
        "SELECT name, type FROM sqlite_schema WHERE type IN ('table','view') AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string; type: string }[];
    const fkCount = (
      db
        .prepare(
          "SELECT count(*) AS n FROM sqlite_schema t, pragma_foreign_key_list(t.name) f WHERE t.type = 'table'",
        )
        .get() as { n: number }
    ).n;
    db.close();
    expect(
      entities
        .filter((e) => e.type === "table" || e.type === "view")
        .map((e) => e.name)
        .sort(),
    ).toEqual(declared.map((d) => d.name).sort());
    // Every FK column pair the database declares appears in some table's foreignKeys.
    const fkColumns = tables.flatMap((t) =>
      (t.properties.foreignKeys as { columns: string[] }[]).flatMap((f) => f.columns),
    );
    expect(fkColumns.length).toBe(fkCount);
    // Every foreign key points at a table that was extracted.
    const fqns = new Set(entities.map((e) => e.fqn));
    for (const t of tables)
      for (const fk of t.properties.foreignKeys as { referencedTable: string }[])
        expect(fqns).toContain(fk.referencedTable);
    // Every lineage edge joins two extracted relations.
    for (const edge of entities.filter((e) => e.type === "lineage")) {
      expect(fqns).toContain(edge.properties.from);
      expect(fqns).toContain(edge.properties.to);
    }
  });

  it("a second run changes nothing", async () => {
    const first = await extract({ database_path: SAMPLE });
    const second = await extract({ database_path: SAMPLE }, first.catalog);
    expect(second.summary.total.created).toBe(0);
    expect(second.summary.total.updated).toBe(0);
    expect(second.summary.total.deleted).toBe(0);
    expect(second.summary.total.unchanged).toBe(first.entities.length);
    expect(second.entities).toEqual(first.entities);
  });

  it("updates a changed table in place and marks a dropped one deleted", async () => {
    const copy = scratch("retail.db");
    copyFileSync(SAMPLE, copy);
    const first = await extract({ database_path: copy });
    const db = new Database(copy);
    const [a, b] = first.entities
      .filter((e) => e.type === "table" && !(e.properties.foreignKeys as unknown[]).length)
      .map((e) => e.name);
    const referenced = new Set(
      first.entities.flatMap((e) =>
        e.type === "table"
          ? (e.properties.foreignKeys as { referencedTable: string }[]).map(
              (f) => f.referencedTable,
            )
          : [],
      ),
    );
    const droppable = first.entities.find(
      (e) =>
        e.type === "table" &&
        !referenced.has(e.fqn) &&
        !first.entities.some((l) => l.type === "lineage" && l.properties.from === e.fqn),
    )!.name;
    db.exec(`ALTER TABLE "${a}" ADD COLUMN note TEXT DEFAULT 'n/a'; DROP TABLE "${droppable}";`);
    db.close();
    const second = await extract({ database_path: copy }, first.catalog);
    expect(second.summary.entities.table).toMatchObject({ updated: 1, deleted: 1, created: 0 });
    const changed = second.entities.find((e) => e.name === a)!;
    expect(
      (changed.properties.columns as { name: string; default: string }[]).at(-1),
    ).toMatchObject({ name: "note", default: "'n/a'" });
    expect(changed.updatedAt >= first.entities.find((e) => e.name === a)!.updatedAt).toBe(true);
    expect(second.entities.find((e) => e.name === droppable)).toMatchObject({ deleted: true });
    const untouched = second.entities.find((e) => e.name === b)!;
    expect(untouched).toEqual(first.entities.find((e) => e.name === b));
  });

  it("honours the table filter and include_views", async () => {
    const { entities } = await extract({
      database_path: SAMPLE,
      include_views: false,
      table_filter: { includes: ["^ORDER"], excludes: ["items$"], case_sensitive: false },
    });
    const names = entities.filter((e) => e.type === "table").map((e) => e.name);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) {
      expect(name.toLowerCase().startsWith("order")).toBe(true);
      expect(name.endsWith("items")).toBe(false);
    }
    expect(entities.some((e) => e.type === "view" || e.type === "lineage")).toBe(false);
  });
});

describe("the bundled sample database", () => {
  it("is what examples/sample/build.mjs builds from retail.sql (schema and rows)", () => {
    const rebuilt = scratch("rebuilt.db");
    execFileSync(
      process.execPath,
      [fileURLToPath(new URL("../../../../examples/sample/build.mjs", import.meta.url)), rebuilt],
      { stdio: "ignore" },
    );
    const dump = (file: string) => {
      const db = new Database(file, { readonly: true });
      const objects = db
        .prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name")
        .all() as { type: string; name: string }[];
      const rows = objects
        .filter((o) => o.type === "table")
        .map((o) => [
          o.name,
          db.prepare(`SELECT * FROM "${o.name.replace(/"/g, '""')}" ORDER BY 1`).all(),
        ]);
      db.close();
      return { objects, rows };
    };
    expect(dump(SAMPLE)).toEqual(dump(rebuilt));
  });
});

describe("sqlite test connection", () => {
  it("passes every step on the sample", async () => {
    const result = await testConnection(
      sqliteConnector,
      sqliteConnector.parse({ database_path: SAMPLE }),
    );
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ["CheckAccess", "passed"],
      ["GetTables", "passed"],
      ["GetViews", "passed"],
    ]);
  });

  it("fails CheckAccess for a missing file and skips the rest", async () => {
    const result = await testConnection(
      sqliteConnector,
      sqliteConnector.parse({ database_path: path.join(tmp, "missing.db") }),
    );
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({
      status: "failed",
      kind: "not-found",
      fields: ["/database_path"],
    });
    expect(result.steps[0].message).toMatch(/does not exist/);
    expect(result.steps.slice(1).map((s) => s.status)).toEqual(["skipped", "skipped"]);
  });

  it("fails CheckAccess for a file that is not a database", async () => {
    const file = scratch("not.db");
    writeFileSync(file, "this is plain text, not SQLite ".repeat(40));
    const result = await testConnection(
      sqliteConnector,
      sqliteConnector.parse({ database_path: file }),
    );
    expect(result.steps[0].message).toMatch(/not a SQLite 3 database/);
  });

  it("fails GetTables when the filter excludes every table, but still runs GetViews", async () => {
    const result = await testConnection(
      sqliteConnector,
      sqliteConnector.parse({
        database_path: SAMPLE,
        table_filter: { includes: ["^no_such_table$"] },
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "failed", "passed"]);
  });
});

describe("referencedTables (view lineage from SQL)", () => {
  it.each([
    ["SELECT * FROM a", ["a"]],
    ["select x from a join b on a.id = b.id left join c using (id)", ["a", "b", "c"]],
    ["SELECT * FROM a, b AS bb, main.c WHERE a.x = 1", ["a", "b", "c"]],
    ['SELECT * FROM "odd name" JOIN [br] JOIN `bt`', ["odd name", "br", "bt"]],
    ["SELECT (SELECT max(y) FROM inner_t) AS m FROM outer_t", ["inner_t", "outer_t"]],
    ["SELECT * FROM (SELECT * FROM deep) AS d JOIN other", ["deep", "other"]],
    ["SELECT 'from fake' AS s, x -- from commented\nFROM real_t /* join hidden */", ["real_t"]],
    ["WITH w AS (SELECT * FROM base) SELECT * FROM w", ["base", "w"]],
    ["SELECT * FROM a UNION SELECT * FROM b", ["a", "b"]],
  ])("%s", (sql, expected) => {
    expect(referencedTables(sql).sort()).toEqual([...expected].sort());
  });
});
