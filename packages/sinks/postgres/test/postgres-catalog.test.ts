import { startPostgres, type PostgresServer } from "@onespec/test-servers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSync, type Counts, type RunOptions } from "@onespec/sdk";
import {
  createFakeConnector,
  sampleConfig,
  type FakeConnector,
} from "../../../sdk/test/fake-connector.js";
import { postgresCatalog } from "../src/index.js";

const SCHEMA = "catalog_test";

function counts(partial: Partial<Counts>): Counts {
  return { read: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0, ...partial };
}

describe("postgresCatalog", () => {
  let server: PostgresServer;

  beforeAll(async () => {
    server = await startPostgres({ name: "sink-postgres" });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  }, 60_000);

  const sink = () => postgresCatalog({ ...server.connection("postgres"), schema: SCHEMA });

  const run = async (fake: FakeConnector, service: string, extra: Partial<RunOptions> = {}) =>
    runSync({
      connector: fake.connector,
      config: sampleConfig,
      service,
      sink: await sink(),
      batchSize: 2,
      ...extra,
    });

  const rows = (sql: string) => server.query("postgres", sql);

  it("creates the catalog on the first run and finds it unchanged on the second", async () => {
    const fake = createFakeConnector();
    const first = await run(fake, "pg_service");
    expect(first.status).toBe("ok");
    expect(first.sink).toContain(`(schema ${SCHEMA})`);
    expect(first.entities).toEqual({
      database: counts({ read: 2, created: 2 }),
      table: counts({ read: 5, created: 5 }),
      lineage: counts({ read: 2, created: 2 }),
    });
    expect(
      await rows(`SELECT count(*) FROM ${SCHEMA}.entities WHERE service = 'pg_service'`),
    ).toEqual([["9"]]);
    const before = await rows(
      `SELECT fqn, properties, hash, deleted, updated_at FROM ${SCHEMA}.entities WHERE service = 'pg_service' ORDER BY fqn`,
    );

    const second = await run(fake, "pg_service");
    expect(second.status).toBe("ok");
    expect(second.resumed).toBe(false);
    expect(second.entities).toEqual({
      database: counts({ read: 2, unchanged: 2 }),
      table: counts({ read: 5, unchanged: 5 }),
      lineage: counts({ read: 2, unchanged: 2 }),
    });
    expect(
      await rows(
        `SELECT fqn, properties, hash, deleted, updated_at FROM ${SCHEMA}.entities WHERE service = 'pg_service' ORDER BY fqn`,
      ),
    ).toEqual(before);
    // Both runs recorded, no checkpoint left.
    expect(
      await rows(`SELECT count(*) FROM ${SCHEMA}.run_history WHERE service = 'pg_service'`),
    ).toEqual([["2"]]);
    expect(await rows(`SELECT count(*) FROM ${SCHEMA}.runs WHERE service = 'pg_service'`)).toEqual([
      ["0"],
    ]);

    // The catalog reads back through the sink's own API.
    const catalog = await sink();
    try {
      const stored = await catalog.entities("pg_service");
      expect(stored).toHaveLength(9);
      expect(stored.find((e) => e.fqn === 'warehouse.sales."order.items"')).toBeUndefined();
      expect(stored.find((e) => e.fqn === 'pg_service.sales."order.items"')).toMatchObject({
        type: "table",
        name: "order.items",
        parent: "pg_service.sales",
        deleted: false,
      });
    } finally {
      await catalog.close();
    }
  });

  it("leaves no rows behind after a dry run", async () => {
    const fake = createFakeConnector();
    const dry = await run(fake, "pg_dry", { dryRun: true });
    expect(dry.status).toBe("ok");
    expect(dry.dryRun).toBe(true);
    expect(dry.total).toEqual(counts({ read: 9, created: 9 }));
    for (const table of ["entities", "runs", "run_history"]) {
      expect(
        await rows(`SELECT count(*) FROM ${SCHEMA}.${table} WHERE service = 'pg_dry'`),
      ).toEqual([["0"]]);
    }
  });
});
