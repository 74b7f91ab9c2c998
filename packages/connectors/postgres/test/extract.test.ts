/**
 * The postgres connector against a real PostgreSQL (Debian's, a throwaway cluster started
 * here) loaded with a realistic database: test connection, exact extracted catalog, change
 * detection, filters, several databases, SSL, and a sync killed with SIGKILL and resumed.
 */
import { spawnSync } from "node:child_process";
import net from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POSTGRES_ANALYTICS_SQL, POSTGRES_RETAIL_SQL } from "@onespec/test-fixtures";
import {
  caSignedCert,
  selfSignedCert,
  startPostgres,
  type PostgresServer,
} from "@onespec/test-servers";
import { testConnection, type RunSummary } from "@onespec/sdk";
import { expectKilledSyncResumes, stable, syncToCatalog } from "@onespec/test-servers/catalog-sync";
import { postgresConnector } from "../src/connector.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const BIN = path.join(REPO, "packages/cli/bin/onespec.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-pg-test-"));
let server: PostgresServer;
let tlsServer: PostgresServer;
/** tlsServer's own certificate (self-signed, for 127.0.0.1 and localhost) and key. */
let ownCert: { cert: string; key: string };
let cert: string;

beforeAll(async () => {
  ownCert = selfSignedCert(tmp);
  cert = ownCert.cert;
  [server, tlsServer] = await Promise.all([
    startPostgres({ name: "extract" }),
    startPostgres({
      name: "tls",
      ssl: ownCert,
    }),
  ]);
  await server.createDatabase("retail");
  await server.runSql("retail", readFileSync(POSTGRES_RETAIL_SQL, "utf8"));
  await server.createDatabase("analytics");
  await server.runSql("analytics", readFileSync(POSTGRES_ANALYTICS_SQL, "utf8"));
}, 120_000);

afterAll(async () => {
  await Promise.all([server?.stop(), tlsServer?.stop()]);
  rmSync(tmp, { recursive: true, force: true });
});

function config(
  extra: Record<string, unknown> = {},
  on: PostgresServer = server,
  database = "retail",
) {
  const c = on.connection(database);
  return {
    host: c.host,
    port: c.port,
    database,
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
) => syncToCatalog({ connector: postgresConnector, config, service: "pg", catalog, batchSize });

/**
 * Stored batches after which each run is killed. A run stores a few more batches between the
 * count reaching a kill and the process dying (more on a loaded machine), so these leave room:
 * every kill must land before the run could finish, or fewer runs are interrupted than counted.
 */
const KILLS = [2, 3, 1, 3, 2];

describe("postgres test connection", () => {
  it("passes every step against the retail database", async () => {
    const result = await testConnection(postgresConnector, postgresConnector.parse(config()));
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => [s.name, s.status])).toEqual([
      ["CheckAccess", "passed"],
      ["GetDatabases", "passed"],
      ["GetSchemas", "passed"],
      ["GetTables", "passed"],
      ["GetViews", "passed"],
    ]);
    expect(result.steps[0].detail).toMatch(/^PostgreSQL \d+/);
  });

  it("fails CheckAccess on a wrong password without echoing it, and skips the rest", async () => {
    const password = "Wrong-Pass-Do-Not-Echo-7781";
    const result = await testConnection(
      postgresConnector,
      postgresConnector.parse(config({ password })),
    );
    expect(result.ok).toBe(false);
    expect(result.steps[0]).toMatchObject({ status: "failed" });
    expect(result.steps[0].message).toMatch(/password authentication failed/);
    // On the field at fault, with the advice.
    expect(result.steps[0]).toMatchObject({ kind: "auth", fields: ["/password"] });
    expect(result.steps[0].hint).toMatch(/Check the username and password/);
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("puts each kind of failure on its field: unknown database, unknown role, unknown host", async () => {
    const run = (overrides: Record<string, unknown>) =>
      testConnection(postgresConnector, postgresConnector.parse(config(overrides)));
    expect((await run({ database: "no_such_database" })).steps[0]).toMatchObject({
      status: "failed",
      kind: "not-found",
      fields: ["/database"],
      hint: expect.stringMatching(/pg_database/),
    });
    expect((await run({ username: "no_such_role" })).steps[0]).toMatchObject({
      status: "failed",
      kind: "auth",
    });
    expect((await run({ host: "no-such-host.invalid" })).steps[0]).toMatchObject({
      status: "failed",
      kind: "connection",
      fields: ["/host"],
    });
  });

  it("fails CheckAccess when nothing listens on the port", async () => {
    const result = await testConnection(
      postgresConnector,
      postgresConnector.parse(config({ port: 1, connect_timeout_seconds: 2 })),
    );
    expect(result.steps[0].message).toMatch(/ECONNREFUSED|connect/);
    expect(result.steps[0]).toMatchObject({ kind: "connection", fields: ["/host", "/port"] });
  });

  it("fails CheckAccess as a permission failure for a role without CONNECT, on Username and Database", async () => {
    const password = "Limited-Pass-Do-Not-Echo-3391";
    await server.createDatabase("locked");
    await server.runSql(
      "postgres",
      `CREATE ROLE limited LOGIN PASSWORD '${password}';
       REVOKE CONNECT ON DATABASE locked FROM PUBLIC;`,
    );
    const result = await testConnection(
      postgresConnector,
      postgresConnector.parse(config({ username: "limited", password }, server, "locked")),
    );
    expect(result.ok).toBe(false);
    expect(result.steps[0].message).toMatch(/permission denied for database "?locked/);
    // The login worked, so it is not the password: a grant is the fix.
    expect(result.steps[0]).toMatchObject({
      name: "CheckAccess",
      status: "failed",
      kind: "permission",
      fields: ["/username", "/database"],
    });
    expect(result.steps[0].hint).toMatch(/^Grant the user CONNECT on the database/);
    expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
    expect(JSON.stringify(result)).not.toContain(password);
  });

  it("fails CheckAccess with a timeout after connect_timeout_seconds when the server never answers", async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      const port = (silent.address() as net.AddressInfo).port;
      const result = await testConnection(
        postgresConnector,
        // The schema's smallest timeout (libpq, too, counts 1 as 2).
        postgresConnector.parse(config({ port, connect_timeout_seconds: 2 })),
      );
      expect(held.length).toBeGreaterThan(0); // it did connect, and then waited
      expect(result.steps[0].message).toMatch(/timeout/i);
      expect(result.steps[0]).toMatchObject({
        name: "CheckAccess",
        status: "failed",
        kind: "timeout",
        fields: ["/host", "/connect_timeout_seconds"],
      });
      expect(result.steps[0].hint).toMatch(/raise connect_timeout_seconds/);
      expect(result.steps.slice(1).every((s) => s.status === "skipped")).toBe(true);
    } finally {
      for (const socket of held) socket.destroy();
      silent.close();
    }
  });

  it("fails GetSchemas when the schema filter excludes everything, and GetTables too", async () => {
    const result = await testConnection(
      postgresConnector,
      postgresConnector.parse(config({ schema_filter: { includes: ["^nothing$"] } })),
    );
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual([
      "passed",
      "passed",
      "failed",
      "failed",
      "passed",
    ]);
  });
});

describe("postgres extraction", () => {
  it("extracts exactly the golden catalog of the retail database", async () => {
    const { summary, entities } = await extract(config());
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    await expect(JSON.stringify(stable(entities), null, 2) + "\n").toMatchFileSnapshot(
      "__snapshots__/retail-catalog.json",
    );
    // Cross-check against the server's own catalog.
    const counts = await server.query(
      "retail",
      `SELECT
         (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r','p','f') AND n.nspname NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE 'pg_toast%'),
         (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('v','m') AND n.nspname NOT IN ('pg_catalog','information_schema')),
         (SELECT count(*) FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' AND n.nspname NOT IN ('pg_catalog','information_schema'))`,
    );
    const [tables, views, fks] = counts[0].map(Number);
    expect(entities.filter((e) => e.type === "table")).toHaveLength(tables);
    expect(entities.filter((e) => e.type === "view")).toHaveLength(views);
    expect(
      entities.flatMap((e) => (e.type === "table" ? (e.properties.foreignKeys as unknown[]) : [])),
    ).toHaveLength(fks);
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
    expect(
      entities.some((e) => e.type === "view" && e.properties.viewType === "materialized"),
    ).toBe(true);
    expect(
      entities.some((e) => e.type === "table" && typeof e.properties.comment === "string"),
    ).toBe(true);
  });

  it("a rerun changes nothing; a change updates in place; a drop marks deleted", async () => {
    await server.createDatabase("scratch");
    await server.runSql("scratch", readFileSync(POSTGRES_RETAIL_SQL, "utf8"));
    const cfg = config({}, server, "scratch");
    const first = await extract(cfg);
    const again = await extract(cfg, first.catalog);
    expect(again.summary.total).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: first.entities.length,
    });
    expect(again.entities).toEqual(first.entities);

    const table = first.entities.find(
      (e) => e.type === "table" && e.fqn.startsWith("pg.scratch.hr."),
    )!;
    await server.runSql(
      "scratch",
      `COMMENT ON TABLE hr."${table.name}" IS 'changed by the test'; CREATE TABLE hr.gone (id int); `,
    );
    const third = await extract(cfg, first.catalog);
    expect(third.summary.entities.table).toMatchObject({ created: 1, updated: 1, deleted: 0 });
    expect(third.entities.find((e) => e.fqn === table.fqn)!.properties.comment).toBe(
      "changed by the test",
    );

    await server.runSql("scratch", "DROP TABLE hr.gone;");
    const fourth = await extract(cfg, first.catalog);
    expect(fourth.summary.entities.table).toMatchObject({ created: 0, updated: 0, deleted: 1 });
    expect(fourth.entities.find((e) => e.fqn === "pg.scratch.hr.gone")).toMatchObject({
      deleted: true,
    });
  }, 60_000);

  it("honours schema and table filters and include_views", async () => {
    const { entities } = await extract(
      config({
        schema_filter: { includes: ["^sales$", "^hr$"] },
        table_filter: { excludes: ["^order"] },
        include_views: false,
      }),
    );
    const schemas = entities
      .filter((e) => e.type === "schema")
      .map((e) => e.name)
      .sort();
    expect(schemas).toEqual(["hr", "sales"]);
    const tables = entities.filter((e) => e.type === "table");
    expect(tables.length).toBeGreaterThan(3);
    for (const t of tables) {
      expect(t.fqn).toMatch(/^pg\.retail\.(sales|hr)\./);
      expect(t.name.startsWith("order")).toBe(false);
    }
    expect(entities.some((e) => e.type === "view" || e.type === "lineage")).toBe(false);
  });

  it("reads every database the user may connect to with include_all_databases", async () => {
    const { summary, entities } = await extract(config({ include_all_databases: true }));
    expect(summary.status).toBe("ok");
    const dbs = entities.filter((e) => e.type === "database").map((e) => e.name);
    expect(dbs).toEqual(expect.arrayContaining(["analytics", "postgres", "retail"]));
    expect(entities.some((e) => e.fqn.startsWith("pg.analytics.reporting."))).toBe(true);
  });
});

describe("postgres SSL settings", () => {
  const tls = (ssl: Record<string, unknown>) =>
    testConnection(
      postgresConnector,
      postgresConnector.parse(config({ ssl }, tlsServer, "postgres")),
    );

  it("require connects over TLS without verifying", async () => {
    expect((await tls({ mode: "require" })).steps[0]).toMatchObject({ status: "passed" });
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
    expect((await tls({ mode: "verify-full", ca_certificate: cert })).steps[0]).toMatchObject({
      status: "passed",
    });
  });
  it("require fails against a server without TLS", async () => {
    const result = await testConnection(
      postgresConnector,
      postgresConnector.parse(config({ ssl: { mode: "require" } })),
    );
    expect(result.steps[0].message).toMatch(/does not support SSL/i);
    expect(result.steps[0]).toMatchObject({ kind: "tls", fields: ["/ssl"] });
  });

  describe("a certificate issued for another host name", () => {
    // Signed by a CA the client is given, so the chain is trusted and only the name is wrong.
    let other: { ca: string; cert: string; key: string };
    beforeAll(async () => {
      other = caSignedCert(tmp, ["db.example.test"], "other-host");
      await tlsServer.useCertificate(other);
    }, 60_000);
    afterAll(() => tlsServer.useCertificate(ownCert), 60_000);

    it("verify-full fails on the host name, on Host and SSL Mode; verify-ca accepts the chain", async () => {
      const rejected = await tls({ mode: "verify-full", ca_certificate: other.ca });
      expect(rejected.steps[0]).toMatchObject({
        status: "failed",
        kind: "tls",
        fields: ["/host", "/ssl/mode"],
      });
      expect(rejected.steps[0].message).toMatch(/127\.0\.0\.1.*altnames|altnames.*127\.0\.0\.1/);
      expect(rejected.steps[0].hint).toMatch(/issued for another host name.*verify-ca/);
      expect((await tls({ mode: "verify-ca", ca_certificate: other.ca })).steps[0]).toMatchObject({
        status: "passed",
      });
    });

    it("onespec test-connection names Host and SSL Mode where the config file writes them", () => {
      const c = tlsServer.connection("postgres");
      const file = path.join(tmp, "pg-other-host.yaml");
      const pem = other.ca.trimEnd().replace(/\n/g, "\n    ");
      writeFileSync(
        file,
        `host: ${c.host}\nport: ${c.port}\ndatabase: postgres\nusername: ${c.user}\npassword: "{{ secrets.pg.password }}"\nssl:\n  mode: verify-full\n  ca_certificate: |\n    ${pem}\n`,
      );
      const secrets = path.join(tmp, "pg-other-host-secrets.yaml");
      writeFileSync(secrets, `pg:\n  password: "${tlsServer.password}"\n`);
      const r = spawnSync(
        process.execPath,
        [BIN, "test-connection", "postgres", file, "--secrets-file", secrets],
        { cwd: REPO, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
      );
      const out = r.stdout + r.stderr;
      expect(r.status, out).toBe(1);
      expect(out).toMatch(/✗ CheckAccess\s+failed/);
      expect(out).toContain(`    at ${file}:1:7 (/host)\n    at ${file}:7:9 (/ssl/mode)\n`);
      expect(out).toMatch(/^ {4}hint: The server's certificate was issued for another host name/m);
      expect(out).not.toContain(tlsServer.password);
    }, 60_000);
  });
});

describe("onespec test-connection postgres", () => {
  const cli = (args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, NO_COLOR: "1" },
    });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  const configFile = (name: string) => {
    const c = server.connection("retail");
    const file = path.join(tmp, name);
    writeFileSync(
      file,
      `host: ${c.host}\nport: ${c.port}\ndatabase: retail\nusername: ${c.user}\npassword: "{{ secrets.pg.password }}"\nssl:\n  mode: disable\n`,
    );
    return file;
  };

  it("resolves {{secrets.name}} from a secrets file and prints every step", () => {
    const secrets = path.join(tmp, "secrets.yaml");
    writeFileSync(secrets, `pg:\n  password: "${server.password}"\n`);
    const r = cli([
      "test-connection",
      "postgres",
      configFile("pg-ok.yaml"),
      "--secrets-file",
      secrets,
    ]);
    expect(r.code, r.out).toBe(0);
    for (const step of ["CheckAccess", "GetDatabases", "GetSchemas", "GetTables", "GetViews"])
      expect(r.out).toMatch(new RegExp(`✓ ${step}`));
    expect(r.out).not.toContain(server.password);
  });

  it("exits 1 with a wrong secret, and the secret appears nowhere in the output", () => {
    const wrong = "Sup3r-Secret-Value-Not-For-Logs";
    const secrets = path.join(tmp, "wrong-secrets.json");
    writeFileSync(secrets, JSON.stringify({ pg: { password: wrong } }));
    const r = cli([
      "test-connection",
      "postgres",
      configFile("pg-wrong.yaml"),
      "--secrets-file",
      secrets,
      "--json",
    ]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out.slice(r.out.indexOf("{"))).steps[0].message).toMatch(
      /password authentication failed/,
    );
    expect(r.out).not.toContain(wrong);
  });

  it("names the missing secret when no secrets file is given", () => {
    const r = cli(["test-connection", "postgres", configFile("pg-nosecrets.yaml")]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/pg\.password/);
    expect(r.out).toMatch(/pg-nosecrets\.yaml:5:\d+/);
  });
});

describe("onespec run into the PostgreSQL sink", () => {
  it("stores the sample SQLite catalog in PostgreSQL; a rerun creates and updates nothing; --dry-run writes nothing", async () => {
    const c = server.connection("postgres");
    await server.createDatabase("catalog");
    const wf = path.join(tmp, "to-postgres.yaml");
    writeFileSync(
      wf,
      `source:
  connector: sqlite
  service: retail
  config:
    database_path: ${path.join(REPO, "examples/sample/retail.db")}
sink:
  type: postgres
  schema: meta
  connection:
    host: ${c.host}
    port: ${c.port}
    database: catalog
    username: ${c.user}
    password: \${ONESPEC_TEST_SINK_PASSWORD}
`,
    );
    const run = (...extra: string[]) => {
      const r = spawnSync(process.execPath, [BIN, "run", wf, "--json", ...extra], {
        cwd: REPO,
        encoding: "utf8",
        env: { ...process.env, ONESPEC_TEST_SINK_PASSWORD: c.password },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(c.password);
      return JSON.parse(r.stdout) as RunSummary;
    };
    const dry = run("--dry-run");
    expect(dry.total.created).toBeGreaterThan(40);
    expect(await server.query("catalog", "SELECT count(*) FROM meta.entities")).toEqual([["0"]]);
    const first = run();
    expect(first.sink).toMatch(/^PostgreSQL catalog 127\.0\.0\.1:\d+\/catalog \(schema meta\)$/);
    expect(first.total.created).toBe(dry.total.created);
    const rows = await server.query(
      "catalog",
      "SELECT type, count(*) FROM meta.entities WHERE NOT deleted::boolean GROUP BY type ORDER BY type",
    );
    expect(Object.fromEntries(rows.map(([t, n]) => [t, Number(n)]))).toEqual(
      Object.fromEntries(Object.entries(first.entities).map(([t, counts]) => [t, counts.created])),
    );
    const second = run();
    expect(second.total).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: first.total.created,
    });
  }, 60_000);
});

describe("a postgres sync killed with SIGKILL", () => {
  it("resumes from its checkpoint and ends with exactly the catalog of an uninterrupted run", async () => {
    await expectKilledSyncResumes({
      bin: BIN,
      cwd: REPO,
      dir: tmp,
      connector: postgresConnector,
      service: "pg",
      config: config(),
      kills: KILLS,
    });
  }, 180_000);
});
