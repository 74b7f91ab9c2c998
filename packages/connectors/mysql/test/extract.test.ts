/**
 * The mysql connector against a real MariaDB (Debian's, a throwaway server started here) loaded
 * with a realistic database: test connection, exact extracted catalog, change detection,
 * filters, several databases, resume from every checkpoint, SSL, and a sync killed with SIGKILL
 * and resumed.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MYSQL_ANALYTICS_SQL, MYSQL_RETAIL_SQL } from "@onespec/test-fixtures";
import {
  caSignedCert,
  selfSignedCert,
  startMariadb,
  type MariadbServer,
} from "@onespec/test-servers";
import {
  AuthError,
  NotFoundError,
  ConnectionError,
  TlsError,
  TimeoutError,
  testConnection,
  type Batch,
  type JsonValue,
  type RunContext,
} from "@onespec/sdk";
import { expectKilledSyncResumes, stable, syncToCatalog } from "@onespec/test-servers/catalog-sync";
import { mysqlConnector } from "../src/connector.js";
import { viewReferences } from "../src/lineage.js";
import { type MysqlSession } from "../src/session.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const BIN = path.join(REPO, "packages/cli/bin/onespec.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-mysql-test-"));
/** TLS on (plaintext still accepted): every test but the ones about a server without TLS. */
let server: MariadbServer;
/** No TLS at all. */
let plain: MariadbServer;
/** server's own certificate (self-signed, for 127.0.0.1 and localhost) and key. */
let ownCert: { cert: string; key: string };
let cert: string;

beforeAll(async () => {
  ownCert = selfSignedCert(tmp);
  cert = ownCert.cert;
  const started = await Promise.allSettled([
    startMariadb({
      name: "extract",
      ssl: ownCert,
    }),
    startMariadb({ name: "plain" }),
  ]);
  // Keep whichever started, so afterAll stops it even when the other one failed.
  if (started[0].status === "fulfilled") server = started[0].value;
  if (started[1].status === "fulfilled") plain = started[1].value;
  for (const s of started) if (s.status === "rejected") throw s.reason;
  await server.createDatabase("retail");
  await server.runSql("retail", readFileSync(MYSQL_RETAIL_SQL, "utf8"));
  await server.createDatabase("analytics");
  await server.runSql("analytics", readFileSync(MYSQL_ANALYTICS_SQL, "utf8"));
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), plain?.stop()]);
  rmSync(tmp, { recursive: true, force: true });
});

function config(
  extra: Record<string, unknown> = {},
  on: MariadbServer = server,
  database: string | null = "retail",
) {
  const c = on.connection();
  return {
    host: c.host,
    port: c.port,
    ...(database !== null && { database }),
    username: c.user,
    password: c.password,
    ssl: { mode: "disable" },
    ...extra,
  };
}

let n = 0;
const extract = (
  config: Record<string, unknown>,
  catalog = path.join(tmp, `catalog-${n++}.db`),
  batchSize = 10,
) => syncToCatalog({ connector: mysqlConnector, config, service: "my", catalog, batchSize });

const STEPS = ["CheckAccess", "GetDatabases", "GetTables", "GetViews"];

/**
 * Stored batches after which each run is killed. A run stores a few more batches between the
 * count reaching a kill and the process dying (more on a loaded machine), so these leave room:
 * every kill must land before the run could finish, or fewer runs are interrupted than counted.
 */
const KILLS = [2, 3, 1, 3, 2];

describe("mysql test connection", () => {
  it("passes every step against the retail database", async () => {
    const result = await testConnection(mysqlConnector, mysqlConnector.parse(config()));
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.name, s.status, s.detail])).toEqual([
      ["CheckAccess", "passed", expect.stringMatching(/^MariaDB \d+\.\d+\.\d+$/)],
      ["GetDatabases", "passed", "1 database"],
      ["GetTables", "passed", "22 tables"],
      ["GetViews", "passed", "7 views"],
    ]);
  });

  it("fails CheckAccess on a wrong password without echoing it, and skips the rest", async () => {
    const password = "Wrong-Pass-Do-Not-Echo-7781";
    const cfg = mysqlConnector.parse(config({ password }));
    const result = await testConnection(mysqlConnector, cfg);
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({ status: "failed" });
    expect(result.steps[0].message).toMatch(/Access denied for user 'onespec'/);
    // On the fields at fault (MySQL does not say which of the two was wrong), with the advice.
    expect(result.steps[0]).toMatchObject({ kind: "auth", fields: ["/username", "/password"] });
    expect(result.steps[0].hint).toMatch(/Check the username and password/);
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(password);
    const error = await mysqlConnector
      .connect(cfg, { logger: console, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(String((error as Error).message) + (error as AuthError).hint).not.toContain(password);
  });

  it("fails CheckAccess on a database that does not exist, on Database", async () => {
    const cfg = mysqlConnector.parse(config({ database: "no_such_database" }));
    const result = await testConnection(mysqlConnector, cfg);
    expect(result.steps[0]).toMatchObject({
      status: "failed",
      kind: "not-found",
      fields: ["/database"],
      hint: expect.stringMatching(/SHOW DATABASES/),
    });
  });

  it("fails CheckAccess with a ConnectionError when nothing listens on the port", async () => {
    const cfg = mysqlConnector.parse(config({ port: 1, connect_timeout_seconds: 2 }));
    const result = await testConnection(mysqlConnector, cfg);
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "skipped", "skipped", "skipped"]);
    expect(result.steps[0].message).toMatch(
      /cannot connect to 127\.0\.0\.1:1\/retail as onespec: .*ECONNREFUSED/,
    );
    expect(result.steps[0]).toMatchObject({ kind: "connection", fields: ["/host", "/port"] });
    await expect(
      mysqlConnector.connect(cfg, { logger: console, signal: new AbortController().signal }),
    ).rejects.toBeInstanceOf(ConnectionError);
  });

  it("times out with a TimeoutError after connect_timeout_seconds when the server never answers", async () => {
    const silent = net.createServer(() => undefined); // accepts, never sends the handshake
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const started = Date.now();
      const error = await mysqlConnector
        .connect(mysqlConnector.parse(config({ port, connect_timeout_seconds: 1 })), {
          logger: console,
          signal: new AbortController().signal,
        })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(1_000);
      expect((error as Error).message).toMatch(/ETIMEDOUT/);
      expect(Date.now() - started).toBeLessThan(5_000);
      // Test connection says so on CheckAccess, on the timeout and the host, with what to do.
      const result = await testConnection(
        mysqlConnector,
        mysqlConnector.parse(config({ port, connect_timeout_seconds: 1 })),
      );
      expect(result.steps.map((s) => s.status)).toEqual([
        "failed",
        "skipped",
        "skipped",
        "skipped",
      ]);
      expect(result.steps[0]).toMatchObject({
        name: "CheckAccess",
        kind: "timeout",
        fields: ["/host", "/connect_timeout_seconds"],
      });
      expect(result.steps[0].hint).toMatch(/raise connect_timeout_seconds/);
    } finally {
      silent.close();
    }
  });

  it("fails CheckAccess as a permission failure for a user with no grant on the database", async () => {
    const password = "NoGrant-Pass-Do-Not-Echo-5527";
    await server.runSql("retail", `CREATE USER 'nogrant'@'127.0.0.1' IDENTIFIED BY '${password}';`);
    const result = await testConnection(
      mysqlConnector,
      mysqlConnector.parse(config({ username: "nogrant", password })),
    );
    expect(result.ok).toBe(false);
    expect(result.steps[0].message).toMatch(
      /Access denied for user 'nogrant'.* to database 'retail'/,
    );
    // The login worked, so it is not the password: a grant on the database is the fix.
    expect(result.steps[0]).toMatchObject({
      name: "CheckAccess",
      status: "failed",
      kind: "permission",
      fields: ["/username", "/database"],
    });
    expect(result.steps[0].hint).toMatch(/^Grant the user access to the database/);
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("reports an unknown default database as a NotFoundError, on Database", async () => {
    const cfg = mysqlConnector.parse(config({}, server, "no_such_db"));
    const error = await mysqlConnector
      .connect(cfg, { logger: console, signal: new AbortController().signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ kind: "not-found", fields: ["/database"] });
    expect((error as Error).message).toMatch(/Unknown database 'no_such_db'/);
  });

  it("fails GetDatabases and GetTables when the database filter excludes everything", async () => {
    const result = await testConnection(
      mysqlConnector,
      mysqlConnector.parse(config({ database_filter: { includes: ["^nothing$"] } }, server, null)),
    );
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "failed", "failed", "passed"]);
    expect(result.steps[1].message).toMatch(/no database passes the database filter/);
  });

  it("fails the optional GetViews step for a user without SHOW VIEW, passing the rest", async () => {
    const password = "Limited-Pass-4471";
    await server.runSql(
      "retail",
      `CREATE USER 'limited'@'127.0.0.1' IDENTIFIED BY '${password}';
       GRANT SELECT ON retail.* TO 'limited'@'127.0.0.1';`,
    );
    const result = await testConnection(
      mysqlConnector,
      mysqlConnector.parse(config({ username: "limited", password })),
    );
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed", "failed"]);
    expect(result.steps[3].message).toMatch(
      /7 of 7 views have no readable definition: the user lacks SHOW VIEW/,
    );
    expect(result.steps[3]).toMatchObject({ kind: "permission" });
  });
});

describe("mysql extraction", () => {
  it("extracts exactly the golden catalog of the retail database", async () => {
    const { summary, entities } = await extract(config());
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    await expect(JSON.stringify(stable(entities), null, 2) + "\n").toMatchFileSnapshot(
      "__snapshots__/retail-catalog.json",
    );
    // Cross-check against the server's own catalog.
    const [counts] = await server.query(
      "retail",
      `SELECT
         (SELECT count(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'retail' AND TABLE_TYPE = 'BASE TABLE'),
         (SELECT count(*) FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'retail'),
         (SELECT count(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = 'retail'),
         (SELECT count(*) FROM information_schema.COLUMNS c JOIN information_schema.TABLES t
            ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
           WHERE c.TABLE_SCHEMA = 'retail' AND t.TABLE_TYPE = 'BASE TABLE')`,
    );
    const [tables, views, fks, columns] = counts.map(Number);
    expect(entities.filter((e) => e.type === "database").map((e) => e.fqn)).toEqual(["my.default"]);
    expect(entities.filter((e) => e.type === "schema").map((e) => e.fqn)).toEqual([
      "my.default.retail",
    ]);
    expect(entities.filter((e) => e.type === "table")).toHaveLength(tables);
    expect(entities.filter((e) => e.type === "view")).toHaveLength(views);
    const tableEntities = entities.filter((e) => e.type === "table");
    expect(tableEntities.flatMap((e) => e.properties.foreignKeys as unknown[])).toHaveLength(fks);
    expect(tableEntities.flatMap((e) => e.properties.columns as unknown[])).toHaveLength(columns);
    const fqns = new Set(entities.map((e) => e.fqn));
    for (const e of entities) {
      if (e.type === "table")
        for (const fk of e.properties.foreignKeys as { referencedTable: string }[])
          expect(fqns).toContain(fk.referencedTable);
      if (e.type === "lineage") {
        expect(fqns).toContain(e.properties.from);
        expect(fqns).toContain(e.properties.to);
      }
    }
    const byName = (name: string) => entities.find((e) => e.name === name)!;
    // A composite foreign key, columns in key order.
    expect(byName("order_item_returns").properties.foreignKeys).toEqual([
      {
        name: "fk_returns_order_item",
        columns: ["order_id", "line_no"],
        referencedTable: "my.default.retail.order_items",
        referencedColumns: ["order_id", "line_no"],
      },
    ]);
    expect(byName("stock_levels").properties.primaryKey).toEqual(["warehouse_id", "product_id"]);
    expect(byName("audit_log").properties.tableType).toBe("partitioned");
    expect(byName("search_terms").properties.engine).toBe("MyISAM");
    const productColumns = byName("products").properties.columns as {
      name: string;
      dataType: string;
      default: string | null;
    }[];
    expect(productColumns.find((c) => c.name === "attributes")).toMatchObject({
      dataType: "json",
      default: null,
    });
    expect(productColumns.find((c) => c.name === "product_id")).toMatchObject({
      default: "AUTO_INCREMENT",
    });
    expect(productColumns.find((c) => c.name === "updated_at")!.default).toMatch(
      /^current_timestamp\(\) ON UPDATE current_timestamp\(\)$/,
    );
    expect(byName("retail").properties.comment).toBe("Sample shop: hr, sales and inventory");
    // Lineage: a view over a view, and no edge to a table a view does not read.
    const lineage = entities.filter((e) => e.type === "lineage").map((e) => e.name);
    expect(lineage).toEqual(
      expect.arrayContaining([
        "retail.v_customer_orders -> retail.v_top_customers",
        "retail.v_product_stock -> retail.v_reorder_list",
        "retail.suppliers -> retail.v_reorder_list",
      ]),
    );
    expect(lineage.filter((l) => l.endsWith("-> retail.v_employee_directory")).sort()).toEqual([
      "retail.departments -> retail.v_employee_directory",
      "retail.employees -> retail.v_employee_directory",
      "retail.jobs -> retail.v_employee_directory",
      "retail.stores -> retail.v_employee_directory",
    ]);
  });

  it("a rerun changes nothing; a change updates in place; a drop marks deleted", async () => {
    await server.createDatabase("scratch");
    await server.runSql("scratch", readFileSync(MYSQL_RETAIL_SQL, "utf8"));
    const cfg = config({}, server, "scratch");
    const first = await extract(cfg);
    expect(first.summary.status).toBe("ok");
    const again = await extract(cfg, first.catalog);
    expect(again.summary.total).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: first.entities.length,
    });
    expect(again.entities).toEqual(first.entities);

    await server.runSql(
      "scratch",
      "ALTER TABLE jobs COMMENT = 'changed by the test'; CREATE TABLE gone (id int);",
    );
    const third = await extract(cfg, first.catalog);
    expect(third.summary.entities.table).toMatchObject({ created: 1, updated: 1, deleted: 0 });
    expect(
      third.entities.find((e) => e.fqn === "my.default.scratch.jobs")!.properties.comment,
    ).toBe("changed by the test");

    await server.runSql("scratch", "DROP TABLE gone; DROP VIEW v_top_customers;");
    const fourth = await extract(cfg, first.catalog);
    expect(fourth.summary.entities.table).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(fourth.summary.entities.view).toMatchObject({ deleted: 1 });
    expect(fourth.summary.entities.lineage).toMatchObject({ deleted: 1 });
    expect(fourth.entities.find((e) => e.fqn === "my.default.scratch.gone")).toMatchObject({
      deleted: true,
    });
  }, 60_000);

  it("honours database and table filters and include_views", async () => {
    const { entities } = await extract(
      config(
        {
          database_filter: { includes: ["^retail$", "^analytics$"] },
          table_filter: { excludes: ["^order"] },
          include_views: false,
        },
        server,
        null,
      ),
    );
    expect(entities.filter((e) => e.type === "schema").map((e) => e.name)).toEqual([
      "analytics",
      "retail",
    ]);
    const tables = entities.filter((e) => e.type === "table");
    expect(tables).toHaveLength(3 + 22 - 3);
    for (const t of tables) {
      expect(t.fqn).toMatch(/^my\.default\.(retail|analytics)\./);
      expect(t.name.startsWith("order")).toBe(false);
    }
    expect(entities.some((e) => e.type === "view" || e.type === "lineage")).toBe(false);

    const dims = await extract(
      config({ table_filter: { includes: ["^DIM_"], case_sensitive: false } }, server, "analytics"),
    );
    expect(
      dims.entities
        .filter((e) => e.type === "table")
        .map((e) => e.name)
        .sort(),
    ).toEqual(["dim_channel", "dim_date"]);
  });

  it("reads every database but the system ones when no default database is set, with lineage across them", async () => {
    const { summary, entities } = await extract(config({}, server, null));
    expect(summary.status).toBe("ok");
    const schemas = entities.filter((e) => e.type === "schema").map((e) => e.name);
    expect(schemas).toEqual(expect.arrayContaining(["analytics", "retail"]));
    for (const system of ["information_schema", "mysql", "performance_schema", "sys"])
      expect(schemas).not.toContain(system);
    expect(entities.some((e) => e.fqn === "my.default.analytics.fact_daily_revenue")).toBe(true);
    expect(
      entities.find((e) => e.name === "retail.orders -> analytics.v_retail_daily_orders"),
    ).toMatchObject({
      type: "lineage",
      parent: "my.default.analytics.v_retail_daily_orders",
      properties: {
        from: "my.default.retail.orders",
        to: "my.default.analytics.v_retail_daily_orders",
      },
    });
    // Reading analytics alone, retail.orders is not extracted: no edge to it.
    const alone = await extract(config({}, server, "analytics"));
    expect(
      alone.entities
        .filter((e) => e.type === "lineage")
        .map((e) => e.name)
        .sort(),
    ).toEqual([
      "analytics.dim_channel -> analytics.v_monthly_revenue",
      "analytics.dim_date -> analytics.v_monthly_revenue",
      "analytics.fact_daily_revenue -> analytics.v_monthly_revenue",
    ]);
  });

  it("resumes every stream from every checkpoint, and a finished stream's last checkpoint yields nothing", async () => {
    const cfg = mysqlConnector.parse(
      config({ database_filter: { includes: ["^retail$", "^analytics$"] } }, server, null),
    );
    const session: MysqlSession = await mysqlConnector.connect(cfg, {
      logger: console,
      signal: new AbortController().signal,
    });
    const ctx: RunContext = {
      service: "my",
      batchSize: 3,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      signal: new AbortController().signal,
    };
    const readAll = async (stream: string, state: JsonValue | undefined) => {
      const batches: Batch[] = [];
      for await (const batch of mysqlConnector.read(session, cfg, stream, state, ctx))
        batches.push(batch);
      return batches;
    };
    try {
      const streams = (await mysqlConnector.discover(session, cfg, ctx)).map((s) => s.name);
      expect(streams).toEqual(["databases", "schemas", "tables", "views", "lineage"]);
      for (const stream of streams) {
        const full = await readAll(stream, undefined);
        expect(full.length, stream).toBeGreaterThan(0);
        for (const [i, batch] of full.entries()) {
          expect(batch.records.length, stream).toBeLessThanOrEqual(3);
          const rest = await readAll(stream, batch.state);
          expect(
            rest.flatMap((b) => b.records),
            `${stream} after batch ${i}`,
          ).toEqual(full.slice(i + 1).flatMap((b) => b.records));
        }
        expect(await readAll(stream, full.at(-1)!.state), stream).toEqual([]);
      }
      // tables span both databases: 3 + 22 tables in batches of at most 3
      expect((await readAll("tables", undefined)).flatMap((b) => b.records)).toHaveLength(25);
    } finally {
      await mysqlConnector.close(session);
    }
  });
});

describe("view definitions", () => {
  it("reads the tables after FROM and JOIN, not aliases, columns or string literals", () => {
    expect(
      viewReferences(
        "select `x`.`id` AS `id`,(select count(0) from `t1`.`a`) AS `c` from ((`t1`.`a` `x` join `t1`.`b` `y` on(`x`.`id` = `y`.`id`)) " +
          "left join (select `t1`.`c`.`id` AS `id` from `t1`.`c`) `w` on(`w`.`id` = `x`.`id`)) straight_join `t2`.`d``q` " +
          "where `x`.`s` <> 'from `t1`.`zz`' and `x`.`s` <> 'it''s from `t1`.`yy`'",
      ),
    ).toEqual([
      { schema: "t1", name: "a" },
      { schema: "t1", name: "b" },
      { schema: "t1", name: "c" },
      { schema: "t2", name: "d`q" },
    ]);
    expect(viewReferences("select 1 AS `1` from `db`.`a` `a`, `db`.`b` as `b`")).toEqual([
      { schema: "db", name: "a" },
      { schema: "db", name: "b" },
    ]);
  });
});

describe("mysql SSL settings", () => {
  const database = (on: MariadbServer) => (on === plain ? null : "retail");
  const connect = (ssl: Record<string, unknown>, on: MariadbServer = server) =>
    mysqlConnector.connect(mysqlConnector.parse(config({ ssl }, on, database(on))), {
      logger: console,
      signal: new AbortController().signal,
    });
  const cipher = async (session: MysqlSession) => {
    const [rows] = await session.connection!.query("SHOW SESSION STATUS LIKE 'Ssl_cipher'");
    return (rows as { Value: string }[])[0].Value;
  };
  const tls = (ssl: Record<string, unknown>, on: MariadbServer = server) =>
    testConnection(mysqlConnector, mysqlConnector.parse(config({ ssl }, on, database(on))));

  it("require connects over TLS without verifying; disable does not use TLS", async () => {
    const session = await connect({ mode: "require" });
    expect(await cipher(session)).not.toBe("");
    await mysqlConnector.close(session);
    const clear = await connect({ mode: "disable" });
    expect(await cipher(clear)).toBe("");
    await mysqlConnector.close(clear);
  });

  it("prefer uses TLS when the server offers it and falls back to plaintext when it does not", async () => {
    const secure = await connect({ mode: "prefer" });
    expect(await cipher(secure)).not.toBe("");
    await mysqlConnector.close(secure);
    const fallback = await connect({ mode: "prefer" }, plain);
    expect(await cipher(fallback)).toBe("");
    await mysqlConnector.close(fallback);
  });

  it("verify-full rejects a self-signed certificate without its CA, and accepts it with it", async () => {
    const rejected = await tls({ mode: "verify-full" });
    expect(rejected.steps[0]).toMatchObject({ status: "failed" });
    expect(rejected.steps[0].message).toMatch(/self[- ]signed|certificate/i);
    // Classified as TLS, on the SSL mode and the CA certificate, with what to do.
    expect(rejected.steps[0]).toMatchObject({
      kind: "tls",
      fields: ["/ssl/mode", "/ssl/ca_certificate"],
    });
    expect(rejected.steps[0].hint).toMatch(/CA Certificate.*or set SSL Mode to require/);
    const error = await connect({ mode: "verify-full" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TlsError);
    expect((error as TlsError).retryable).toBe(false);
    expect((await tls({ mode: "verify-full", ca_certificate: cert })).steps[0]).toMatchObject({
      status: "passed",
    });
    expect((await tls({ mode: "verify-ca", ca_certificate: cert })).steps[0]).toMatchObject({
      status: "passed",
    });
  });

  it("require fails against a server without TLS", async () => {
    const result = await tls({ mode: "require" }, plain);
    expect(result.steps[0]).toMatchObject({ status: "failed", kind: "tls", fields: ["/ssl"] });
    expect(result.steps[0].message).toMatch(/does not support secure connection/i);
  });

  describe("a certificate issued for another host name", () => {
    // Signed by a CA the client is given, so the chain is trusted and only the name is wrong.
    let other: { ca: string; cert: string; key: string };
    beforeAll(async () => {
      other = caSignedCert(tmp, ["db.example.test"], "other-host");
      await server.useCertificate(other);
    }, 60_000);
    afterAll(() => server.useCertificate(ownCert), 60_000);

    it("verify-full fails on the host name, on Host and SSL Mode; verify-ca accepts the chain", async () => {
      const rejected = await tls({ mode: "verify-full", ca_certificate: other.ca });
      expect(rejected.steps[0]).toMatchObject({
        status: "failed",
        kind: "tls",
        fields: ["/host", "/ssl/mode"],
      });
      expect(rejected.steps[0].message).toMatch(/127\.0\.0\.1.*altnames|altnames.*127\.0\.0\.1/);
      expect(rejected.steps[0].hint).toMatch(/issued for another host name.*verify-ca/);
      const error = await connect({ mode: "verify-full", ca_certificate: other.ca }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TlsError);
      expect((await tls({ mode: "verify-ca", ca_certificate: other.ca })).steps[0]).toMatchObject({
        status: "passed",
      });
    });

    it("onespec test-connection names Host and SSL Mode where the config file writes them", () => {
      const c = server.connection();
      const file = path.join(tmp, "mysql-other-host.yaml");
      const pem = other.ca.trimEnd().replace(/\n/g, "\n    ");
      writeFileSync(
        file,
        `host: ${c.host}\nport: ${c.port}\ndatabase: retail\nusername: ${c.user}\npassword: "{{ secrets.my.password }}"\nssl:\n  mode: verify-full\n  ca_certificate: |\n    ${pem}\n`,
      );
      const secrets = path.join(tmp, "mysql-other-host-secrets.yaml");
      writeFileSync(secrets, `my:\n  password: "${server.password}"\n`);
      const r = spawnSync(
        process.execPath,
        [BIN, "test-connection", "mysql", file, "--secrets-file", secrets],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
      );
      const out = r.stdout + r.stderr;
      expect(r.status, out).toBe(1);
      expect(out).toMatch(/✗ CheckAccess\s+failed/);
      expect(out).toContain(`    at ${file}:1:7 (/host)\n    at ${file}:7:9 (/ssl/mode)\n`);
      expect(out).toMatch(/^ {4}hint: The server's certificate was issued for another host name/m);
      expect(out).not.toContain(server.password);
    }, 60_000);
  });
});

describe("onespec test-connection mysql", () => {
  it("resolves {{secrets.name}} from a secrets file and prints every step; the password appears nowhere", () => {
    const c = server.connection();
    const file = path.join(tmp, "mysql.yaml");
    writeFileSync(
      file,
      `host: ${c.host}\nport: ${c.port}\ndatabase: retail\nusername: ${c.user}\npassword: "{{ secrets.my.password }}"\nssl:\n  mode: require\n`,
    );
    const secrets = path.join(tmp, "secrets.yaml");
    writeFileSync(secrets, `my:\n  password: "${server.password}"\n`);
    const r = spawnSync(
      process.execPath,
      [BIN, "test-connection", "mysql", file, "--secrets-file", secrets],
      {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    const out = r.stdout + r.stderr;
    expect(r.status, out).toBe(0);
    for (const step of STEPS) expect(out).toMatch(new RegExp(`✓ ${step}`));
    expect(out).not.toContain(server.password);
  }, 60_000);
});

describe("a mysql sync killed with SIGKILL", () => {
  it("resumes from its checkpoint and ends with exactly the catalog of an uninterrupted run", async () => {
    await expectKilledSyncResumes({
      bin: BIN,
      cwd: REPO,
      dir: tmp,
      connector: mysqlConnector,
      service: "my",
      config: config(),
      kills: KILLS,
    });
  }, 180_000);
});
