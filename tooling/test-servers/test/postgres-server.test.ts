import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findPostgresBin, startPostgres, type PostgresServer } from "../src/postgres-server.js";
import { POSTGRES_ANALYTICS_SQL, POSTGRES_RETAIL_SQL } from "@onespec/test-fixtures";

/** Resolves true when something accepts TCP connections on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("startPostgres", { timeout: 180_000 }, () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres({ name: "harness" });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("finds the server binaries", () => {
    expect(existsSync(path.join(findPostgresBin(), "psql"))).toBe(true);
  });

  it("listens on 127.0.0.1 and hands out connection options", async () => {
    expect(server.host).toBe("127.0.0.1");
    expect(await isListening(server.port)).toBe(true);
    expect(server.connection("shop")).toEqual({
      host: "127.0.0.1",
      port: server.port,
      user: "onespec",
      password: server.password,
      database: "shop",
    });
    expect(server.connection().database).toBe("postgres");
    expect(server.password.length).toBeGreaterThanOrEqual(16);
  });

  it("creates a database, runs SQL and reads it back", async () => {
    await server.createDatabase("shop");
    await server.runSql(
      "shop",
      `CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL, price numeric(10,2));
       INSERT INTO item VALUES (1, 'pen', 1.50), (2, 'ink', NULL);`,
    );
    expect(await server.query("shop", "SELECT id, name, price FROM item ORDER BY id")).toEqual([
      ["1", "pen", "1.50"],
      ["2", "ink", ""],
    ]);
    expect(await server.query("shop", "SELECT 1 WHERE false")).toEqual([]);
  });

  it("throws with psql's error text", async () => {
    await expect(
      server.runSql("shop", "SELECT 1;\nSELECT * FROM missing_table;\nSELECT 2;"),
    ).rejects.toThrow(/missing_table/);
    await expect(server.createDatabase("shop")).rejects.toThrow(/already exists/);
  });

  it("requires the password (scram-sha-256)", async () => {
    const psql = path.join(findPostgresBin(), "psql");
    const connect = (password: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          psql,
          [
            "-X",
            "-h",
            server.host,
            "-p",
            String(server.port),
            "-U",
            server.user,
            "-d",
            "postgres",
            "-c",
            "SELECT 1",
          ],
          { env: { ...process.env, PGPASSWORD: password } },
          (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
        );
      });
    expect((await connect(server.password)).code).toBe(0);
    const wrong = await connect("not-the-password");
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/password authentication failed/);
  });

  it("loads the sample fixtures", async () => {
    await server.createDatabase("retail");
    await server.runSql("retail", readFileSync(POSTGRES_RETAIL_SQL, "utf8"));
    await server.createDatabase("analytics");
    await server.runSql("analytics", readFileSync(POSTGRES_ANALYTICS_SQL, "utf8"));
    const [[schemas]] = await server.query(
      "retail",
      "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('sales','inventory','hr')",
    );
    expect(schemas).toBe("hr,inventory,sales");
    const [[tables]] = await server.query(
      "retail",
      "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p') AND n.nspname IN ('public','sales','inventory','hr')",
    );
    expect(Number(tables)).toBeGreaterThanOrEqual(20);
    const [[reportingViews]] = await server.query(
      "analytics",
      "SELECT count(*) FROM pg_views WHERE schemaname = 'reporting'",
    );
    expect(Number(reportingViews)).toBeGreaterThanOrEqual(1);
  });
});

describe("stop", { timeout: 180_000 }, () => {
  it("stops the server, frees the port and deletes the data dir", async () => {
    const server = await startPostgres();
    const { port, dataDir } = server;
    expect(existsSync(dataDir)).toBe(true);
    await server.runSql("postgres", "CREATE TABLE t (x int); INSERT INTO t VALUES (42);");
    expect(await server.query("postgres", "SELECT x FROM t")).toEqual([["42"]]);
    await server.stop();
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(path.dirname(dataDir))).toBe(false);
    expect(await isListening(port)).toBe(false);
    await server.stop(); // idempotent
  });

  it("runs two servers side by side", async () => {
    const [a, b] = await Promise.all([startPostgres({ name: "a" }), startPostgres({ name: "b" })]);
    try {
      expect(a.port).not.toBe(b.port);
      await a.runSql("postgres", "CREATE TABLE only_in_a (x int);");
      expect(
        await b.query("postgres", "SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_a'"),
      ).toEqual([["0"]]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
