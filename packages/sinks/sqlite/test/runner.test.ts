/** runSync into the SQLite catalog: the SDK's sink contract, and the catalog file itself. */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { SqlCatalog, runSync } from "@onespec/sdk";
import { createFakeConnector, sampleConfig } from "../../../sdk/test/fake-connector.js";
import {
  SERVICE,
  allCreated,
  allUnchanged,
  describeRunSync,
  sampleFqns,
  type Harness,
} from "../../../sdk/test/sink-contract.js";
import { sqliteCatalog } from "../src/index.js";
import { sqliteDriver } from "../src/sqlite-catalog.js";

function sqliteHarness(root: string): Harness {
  const file = path.join(root, "catalog.db");
  let t = 0;
  const clock = () => new Date(Date.UTC(2025, 0, 1, 0, 0, t));
  const withDb = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file);
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  const tables = (db: Database.Database) =>
    (
      db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  return {
    root,
    sink: () => new SqlCatalog(sqliteDriver(file), clock),
    tick: () => void t++,
    async entities() {
      const catalog = new SqlCatalog(sqliteDriver(file), clock);
      try {
        return (await catalog.entities(SERVICE)).map((e) => ({
          type: e.type,
          fqn: e.fqn,
          name: e.name,
          parent: e.parent ?? null,
          properties: e.properties,
          deleted: e.deleted,
          updatedAt: e.updatedAt,
        }));
      } finally {
        await catalog.close();
      }
    },
    dump() {
      if (!existsSync(file)) return {};
      return withDb((db) =>
        Object.fromEntries(
          tables(db).map((name) => [
            name,
            db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all(),
          ]),
        ),
      );
    },
    checkpoint() {
      if (!existsSync(file)) return false;
      return withDb((db) =>
        tables(db).includes("runs")
          ? (
              db.prepare("SELECT COUNT(*) AS n FROM runs WHERE service = ?").get(SERVICE) as {
                n: number;
              }
            ).n > 0
          : false,
      );
    },
  };
}

describeRunSync("sqlite", sqliteHarness);

describe("sqliteCatalog(path)", () => {
  it("opens the catalog file at the path and runs a sync into it", async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "onespec-sqlite-"));
    try {
      const file = path.join(root, "nested", "catalog.db");
      const fake = createFakeConnector();
      const options = {
        connector: fake.connector,
        config: sampleConfig,
        service: SERVICE,
        batchSize: 3,
      };
      const first = await runSync({ ...options, sink: sqliteCatalog(file) });
      expect(first.sink).toBe(`SQLite catalog ${file}`);
      expect(first.entities).toEqual(allCreated);
      const second = await runSync({ ...options, sink: sqliteCatalog(file) });
      expect(second.entities).toEqual(allUnchanged);
      const catalog = sqliteCatalog(file);
      try {
        expect((await catalog.entities(SERVICE)).map((e) => e.fqn)).toEqual(sampleFqns);
        expect(await catalog.entities("another-service")).toEqual([]);
      } finally {
        await catalog.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
