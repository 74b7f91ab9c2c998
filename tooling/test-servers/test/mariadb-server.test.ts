import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findMariadbBinaries, startMariadb, type MariadbServer } from "../src/mariadb-server.js";
import { MYSQL_ANALYTICS_SQL, MYSQL_RETAIL_SQL } from "@onespec/test-fixtures";

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

describe("startMariadb", { timeout: 120_000 }, () => {
  let server: MariadbServer;
  beforeAll(async () => {
    server = await startMariadb({ name: "harness" });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("finds the server binaries", () => {
    const bin = findMariadbBinaries();
    for (const file of [bin.server, bin.installDb, bin.client]) expect(existsSync(file)).toBe(true);
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
    expect(server.connection()).not.toHaveProperty("database");
    expect(server.password.length).toBeGreaterThanOrEqual(16);
  });

  it("creates a database, runs SQL and reads it back (NULL as empty text)", async () => {
    await server.createDatabase("shop");
    await server.runSql(
      "shop",
      `CREATE TABLE item (id int PRIMARY KEY, name varchar(20) NOT NULL, price decimal(10,2));
       INSERT INTO item VALUES (1, 'pen <&> "ink"', 1.50), (2, 'tab\\there', NULL);`,
    );
    expect(await server.query("shop", "SELECT id, name, price FROM item ORDER BY id")).toEqual([
      ["1", 'pen <&> "ink"', "1.50"],
      ["2", "tab\there", ""],
    ]);
    expect(await server.query("shop", "SELECT 1 FROM item WHERE false")).toEqual([]);
    expect(await server.query("shop", "SELECT @@character_set_server, @@log_bin")).toEqual([
      ["utf8mb4", "0"],
    ]);
  });

  it("throws with the client's error text", async () => {
    await expect(
      server.runSql("shop", "SELECT 1;\nSELECT * FROM missing_table;\nSELECT 2;"),
    ).rejects.toThrow(/missing_table/);
    await expect(server.createDatabase("shop")).rejects.toThrow(/database exists/i);
  });

  it("requires the password over TCP", async () => {
    const connect = (password: string) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        execFile(
          findMariadbBinaries().client,
          [
            "--no-defaults",
            "--protocol=TCP",
            `--host=${server.host}`,
            `--port=${server.port}`,
            `--user=${server.user}`,
            `--password=${password}`,
            "-e",
            "SELECT 1",
          ],
          (error, _stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stderr }),
        );
      });
    expect((await connect(server.password)).code).toBe(0);
    const wrong = await connect("not-the-password");
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toMatch(/Access denied for user 'onespec'/);
  });

  it("loads the sample fixtures", async () => {
    await server.createDatabase("retail");
    await server.runSql("retail", readFileSync(MYSQL_RETAIL_SQL, "utf8"));
    await server.createDatabase("analytics");
    await server.runSql("analytics", readFileSync(MYSQL_ANALYTICS_SQL, "utf8"));
    const count = async (sql: string) => Number((await server.query("retail", sql))[0][0]);
    expect(
      await count(
        "SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'retail' AND TABLE_TYPE = 'BASE TABLE'",
      ),
    ).toBe(22);
    expect(
      await count("SELECT count(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'retail'"),
    ).toBe(7);
    expect(
      await count(
        "SELECT count(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'retail'",
      ),
    ).toBeGreaterThanOrEqual(25);
    expect(await count("SELECT count(*) FROM retail.v_employee_directory")).toBe(4);
    expect(
      await server.query(
        "analytics",
        "SELECT date_key, channel, order_count FROM v_retail_daily_orders ORDER BY 1",
      ),
    ).toEqual([
      ["20240201", "web", "1"],
      ["20240203", "store", "1"],
      ["20240420", "web", "1"],
    ]);
  });
});

describe("findMariadbBinaries", () => {
  it("says how to install MariaDB when the binaries are missing", () => {
    const saved = process.env.MARIADB_BIN;
    process.env.MARIADB_BIN = "/nonexistent/mariadb/bin";
    try {
      expect(() => findMariadbBinaries()).toThrow(
        /mariadbd not found .*apt-get install -y mariadb-server/,
      );
    } finally {
      if (saved === undefined) delete process.env.MARIADB_BIN;
      else process.env.MARIADB_BIN = saved;
    }
  });
});

describe("stop", { timeout: 120_000 }, () => {
  it("stops the server, frees the port and deletes the data dir", async () => {
    const server = await startMariadb();
    const { port, dataDir } = server;
    expect(existsSync(dataDir)).toBe(true);
    await server.createDatabase("t");
    await server.runSql("t", "CREATE TABLE t (x int); INSERT INTO t VALUES (42);");
    expect(await server.query("t", "SELECT x FROM t")).toEqual([["42"]]);
    await server.stop();
    expect(existsSync(dataDir)).toBe(false);
    expect(existsSync(path.dirname(dataDir))).toBe(false);
    expect(await isListening(port)).toBe(false);
    await server.stop(); // idempotent
  });

  it("runs two servers side by side", async () => {
    const started = await Promise.allSettled([
      startMariadb({ name: "a" }),
      startMariadb({ name: "b" }),
    ]);
    const failed = started.find((s) => s.status === "rejected");
    if (failed) {
      await Promise.all(
        started.map(async (s) => (s.status === "fulfilled" ? s.value.stop() : undefined)),
      );
      throw failed.reason;
    }
    const [a, b] = started.map((s) => (s as PromiseFulfilledResult<MariadbServer>).value) as [
      MariadbServer,
      MariadbServer,
    ];
    try {
      expect(a.port).not.toBe(b.port);
      await a.createDatabase("only_in_a");
      expect(
        await b.query(
          "mysql",
          "SELECT count(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'only_in_a'",
        ),
      ).toEqual([["0"]]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
