/**
 * The http-api connector against the hostile test server (real HTTP on loopback): every auth
 * method, every pagination, 429 with Retry-After, random 500/503, slow and truncated answers,
 * an OAuth token expiring mid-run, incremental sync, rate limiting, a crash and resume, and no
 * secret in any output.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  Redactor,
  createLogger,
  jsonlSink,
  runSync,
  testConnection,
  valuesAtPointers,
  type RunSummary,
  type StoredEntity,
} from "@onespec/sdk";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import {
  makeRecords,
  killUntilDone,
  startHostileServer,
  type AuthMode,
  type Chaos,
  type HostileServer,
  type Pagination,
} from "@onespec/test-servers";
import { httpApiConnector } from "../src/connector.js";
import { nextLink } from "../src/pagination.js";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
const BIN = path.join(REPO, "packages/cli/bin/onespec.js");
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-http-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let server: HostileServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const PATH = "/v1/customers";
const PAGE = 7;

const paginations: Record<
  string,
  { server: Pagination; config: Record<string, unknown>; recordsPath?: string }
> = {
  none: { server: { type: "none" }, config: { type: "none" }, recordsPath: "data" },
  page_number: {
    server: { type: "page_number" },
    config: {
      type: "page_number",
      page_param: "page",
      page_size_param: "per_page",
      page_size: PAGE,
    },
    recordsPath: "data",
  },
  offset_limit: {
    server: { type: "offset_limit" },
    config: { type: "offset_limit", offset_param: "offset", limit_param: "limit", limit: PAGE },
    recordsPath: "/data",
  },
  cursor: {
    server: { type: "cursor" },
    config: {
      type: "cursor",
      cursor_path: "next_cursor",
      cursor_param: "cursor",
      page_size_param: "limit",
      page_size: PAGE,
    },
    recordsPath: "data",
  },
  link_header: {
    server: { type: "link_header" },
    config: { type: "link_header", page_size_param: "per_page", page_size: PAGE },
  },
};

const auths: Record<
  string,
  {
    server: AuthMode;
    config: (url: string) => Record<string, unknown>;
    wrong: (url: string) => Record<string, unknown>;
  }
> = {
  none: {
    server: { type: "none" },
    config: () => ({ auth_type: "none" }),
    wrong: () => ({ auth_type: "none" }),
  },
  basic: {
    server: { type: "basic", username: "reader", password: "Basic-Pass-9f3a" },
    config: () => ({
      auth_type: "basic",
      credentials: { username: "reader", password: "Basic-Pass-9f3a" },
    }),
    wrong: () => ({
      auth_type: "basic",
      credentials: { username: "reader", password: "Wrong-Basic-Pass-1" },
    }),
  },
  bearer: {
    server: { type: "bearer", token: "Bearer-Token-77c1" },
    config: () => ({ auth_type: "bearer", credentials: { token: "Bearer-Token-77c1" } }),
    wrong: () => ({ auth_type: "bearer", credentials: { token: "Wrong-Bearer-Token-2" } }),
  },
  api_key_header: {
    server: { type: "api_key", in: "header", name: "X-Api-Key", value: "Header-Key-51de" },
    config: () => ({
      auth_type: "api_key",
      credentials: { in: "header", name: "X-Api-Key", value: "Header-Key-51de" },
    }),
    wrong: () => ({
      auth_type: "api_key",
      credentials: { in: "header", name: "X-Api-Key", value: "Wrong-Header-Key-3" },
    }),
  },
  api_key_query: {
    server: { type: "api_key", in: "query", name: "api_key", value: "Query-Key-0b9e" },
    config: () => ({
      auth_type: "api_key",
      credentials: { in: "query", name: "api_key", value: "Query-Key-0b9e" },
    }),
    wrong: () => ({
      auth_type: "api_key",
      credentials: { in: "query", name: "api_key", value: "Wrong-Query-Key-4" },
    }),
  },
  oauth2: {
    server: {
      type: "oauth2",
      clientId: "client-1",
      clientSecret: "Client-Secret-c0ffee",
      tokenMaxUses: 4,
      expiresIn: 3600,
    },
    config: (url) => ({
      auth_type: "oauth2_client_credentials",
      credentials: {
        token_url: `${url}/oauth/token`,
        client_id: "client-1",
        client_secret: "Client-Secret-c0ffee",
      },
    }),
    wrong: (url) => ({
      auth_type: "oauth2_client_credentials",
      credentials: {
        token_url: `${url}/oauth/token`,
        client_id: "client-1",
        client_secret: "Wrong-Client-Secret-5",
      },
    }),
  },
};

interface Setup {
  auth?: keyof typeof auths;
  pagination?: keyof typeof paginations;
  records?: number;
  chaos?: Chaos;
  incremental?: boolean;
  config?: Record<string, unknown>;
}

async function setup(options: Setup = {}) {
  const auth = auths[options.auth ?? "none"];
  const pagination = paginations[options.pagination ?? "page_number"];
  const records = makeRecords(options.records ?? 50);
  server = await startHostileServer({
    auth: auth.server,
    endpoints: [
      { path: PATH, records, pagination: pagination.server, updatedSinceParam: "updated_since" },
    ],
    ...(options.chaos && { chaos: options.chaos }),
  });
  const url = server.url;
  const config = {
    base_url: url,
    auth: auth.config(url),
    pagination: pagination.config,
    endpoints: [
      {
        name: "customers",
        path: PATH,
        ...(pagination.recordsPath !== undefined && { records_path: pagination.recordsPath }),
        primary_key: "id",
        ...(options.incremental && { cursor_field: "updated_at", cursor_param: "updated_since" }),
      },
    ],
    request_timeout_seconds: 2,
    max_retries: 6,
    ...options.config,
  };
  return { server, records, config, wrongConfig: { ...config, auth: auth.wrong(url) } };
}

let n = 0;
/** Runs a sync capturing every log line; returns the summary, the entities and all output. */
async function sync(
  config: Record<string, unknown>,
  catalog = path.join(tmp, `c-${n++}.db`),
  sinkKind: "sqlite" | "jsonl" = "sqlite",
) {
  const lines: string[] = [];
  const redactor = new Redactor(valuesAtPointers(config, httpApiConnector.secretPaths));
  const redact = (s: string) => redactor.redact(s);
  const logger = createLogger({
    format: "json",
    level: "debug",
    write: (l) => lines.push(l),
    redact,
  });
  const summary = await runSync({
    connector: httpApiConnector,
    config,
    service: "api",
    sink: sinkKind === "sqlite" ? sqliteCatalog(catalog) : jsonlSink(catalog),
    batchSize: PAGE,
    logger,
    redact,
    retry: { baseDelayMs: 10, retries: 2 },
  });
  let entities: StoredEntity[];
  if (sinkKind === "sqlite") {
    const reader = sqliteCatalog(catalog);
    entities = await reader.entities("api");
    await reader.close();
  } else {
    const file = path.join(catalog, "api", "customers.jsonl");
    entities = existsSync(file)
      ? readFileSync(file, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as StoredEntity)
      : [];
  }
  return { summary, entities, catalog, output: lines.join("\n") + "\n" + JSON.stringify(summary) };
}

function ids(entities: StoredEntity[]): number[] {
  return entities
    .filter((e) => e.type === "customers" && !e.deleted)
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
}

function expectNoSecrets(output: string, s: HostileServer) {
  for (const secret of s.secrets())
    expect(output, `leaked ${secret.slice(0, 3)}…`).not.toContain(secret);
}

describe.each(Object.keys(auths))("auth %s", (authName) => {
  it("reads every record exactly once, and wrong credentials fail with an auth error", async () => {
    const { server: s, config, wrongConfig } = await setup({ auth: authName, records: 40 });
    const { summary, entities, output } = await sync(config);
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(ids(entities)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect([...s.served(PATH).values()].every((count) => count === 1)).toBe(true);
    expect(summary.entities.customers).toMatchObject({ read: 40, created: 40, failed: 0 });
    expectNoSecrets(output, s);
    if (authName === "oauth2") expect(s.tokensIssued.length).toBeGreaterThan(1); // expired mid-run, refreshed
    if (authName !== "none") {
      const wrong = await sync(wrongConfig);
      expect(wrong.summary.status).toBe("failed");
      expect(wrong.summary.error?.kind).toBe("auth");
      expectNoSecrets(wrong.output, s);
      for (const secret of valuesAtPointers(wrongConfig, httpApiConnector.secretPaths))
        expect(wrong.output).not.toContain(secret);
    }
  });
});

describe.each(Object.keys(paginations))("pagination %s", (name) => {
  it("reads every record exactly once", async () => {
    const { server: s, config } = await setup({
      pagination: name,
      records: 45,
    });
    const { summary, entities } = await sync(config);
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(ids(entities)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    const served = s.served(PATH);
    expect(served.size).toBe(45);
    expect([...served.values()].every((count) => count === 1)).toBe(true);
  });
});

describe("a hostile server", () => {
  it("every record arrives exactly once through 429s, 500/503s, slow and truncated answers", async () => {
    const { server: s, config } = await setup({
      auth: "oauth2",
      pagination: "cursor",
      records: 120,
      chaos: {
        seed: 7,
        graceRequests: 1,
        rateLimitProbability: 0.1,
        retryAfterSeconds: 1,
        serverErrorProbability: 0.15,
        slowProbability: 0.05,
        slowMs: 5_000,
        truncatedProbability: 0.1,
      },
      config: { request_timeout_seconds: 1, max_retries: 8 },
    });
    const { summary, entities, output } = await sync(config);
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(ids(entities)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(summary.entities.customers).toMatchObject({ created: 120, updated: 0, failed: 0 });
    const faults = new Set(s.log.map((l) => l.fault).filter(Boolean));
    for (const fault of ["rate-limit", "server-error", "slow", "truncated", "expired-token"])
      expect(faults).toContain(fault);
    // After every 429 the next data request waited at least its Retry-After.
    const data = s.log.filter((l) => l.kind === "data");
    let checked = 0;
    for (let i = 0; i < data.length - 1; i++) {
      if (data[i].status === 429 && data[i].retryAfterMs !== undefined) {
        expect(data[i + 1].at - data[i].at).toBeGreaterThanOrEqual(data[i].retryAfterMs! - 5);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
    expectNoSecrets(output, s);
  }, 120_000);

  it("stops retrying at max_retries with a clear error", async () => {
    const { server: s, config } = await setup({
      chaos: { alwaysStatus: 500 },
      config: { max_retries: 2 },
    });
    const { summary, output } = await sync(config);
    expect(summary.status).toBe("failed");
    expect(summary.error?.kind).toBe("connection");
    expect(summary.error?.message).toMatch(
      /GET http:\/\/127\.0\.0\.1:\d+\/v1\/customers: HTTP 500 from the server \(gave up after 3 attempts\)/,
    );
    // 1 + max_retries requests, and the runner does not multiply them.
    expect(s.log.filter((l) => l.kind === "data")).toHaveLength(3);
    expectNoSecrets(output, s);
  });

  it("never goes faster than the configured rate, and does not crawl", async () => {
    const { server: s, config } = await setup({
      pagination: "page_number",
      records: 160,
      config: {
        rate_limit: { requests_per_second: 20, burst: 1 },
        pagination: { ...paginations.page_number.config, page_size: 4 },
      },
    });
    const { summary } = await sync(config);
    expect(summary.status).toBe("ok");
    const times = s.log.filter((l) => l.kind === "data").map((l) => l.at);
    expect(times.length).toBeGreaterThan(40);
    // The limit is a token bucket (20/s, burst 1): in any stretch of the run, at most the burst
    // plus 20 a second went out (a busy machine can only slow requests down, so this holds under
    // any load; 1 of slack for the clock's millisecond).
    for (let i = 0; i < times.length; i++)
      for (let j = i + 1; j < times.length; j++)
        expect(j - i, `requests ${i}..${j}`).toBeLessThanOrEqual(
          1 + (20 * (times[j] - times[i])) / 1000 + 1,
        );
    // And it does not hold back more than it must: the run's rate is near the limit. The bound is
    // loose (half the limit) because a loaded 2-core machine delays requests on its own; the
    // bench, not this test, says how close to the limit it gets.
    const rate = ((times.length - 1) * 1000) / (times.at(-1)! - times[0]);
    expect(rate).toBeGreaterThan(20 * 0.5);
  }, 30_000);
});

describe.each(["sqlite", "jsonl"] as const)("incremental sync into %s", (sinkKind) => {
  it("a rerun reads only what changed since the saved cursor", async () => {
    const { server: s, config, records } = await setup({ incremental: true, records: 30 });
    const first = await sync(config, path.join(tmp, `inc-${n++}`), sinkKind);
    expect(first.summary.entities.customers).toMatchObject({ created: 30 });
    // Change 3 records and add 2.
    for (const id of [4, 9, 30]) {
      const record = records.find((r) => r.id === id)!;
      record.name = `changed ${id}`;
      record.updated_at = "2030-01-01T00:00:00.000Z";
    }
    records.push(
      ...makeRecords(2, { start: new Date("2030-01-02T00:00:00Z") }).map((r, i) => ({
        ...r,
        id: 31 + i,
      })),
    );
    const before = s.log.length;
    const second = await sync(config, first.catalog, sinkKind);
    expect(second.summary.entities.customers).toMatchObject({
      read: 5,
      created: 2,
      updated: 3,
      deleted: 0,
    });
    const sent = s.log.slice(before).filter((l) => l.kind === "data");
    expect(sent.every((l) => l.query.updated_since === "2024-01-01T00:29:00.000Z")).toBe(true);
    expect(ids(second.entities)).toHaveLength(32);
    // Nothing changed: nothing read, and nothing marked deleted.
    const third = await sync(config, first.catalog, sinkKind);
    expect(third.summary.entities.customers).toMatchObject({ read: 0, deleted: 0 });
    expect(ids(third.entities)).toHaveLength(32);
  });
});

describe("a crashed run", () => {
  it("resumes from its checkpoint (SIGKILL via the CLI) with every record exactly once and no secret in any output", async () => {
    const { server: s, config } = await setup({
      auth: "api_key_query",
      pagination: "link_header",
      records: 70,
    });
    const wf = path.join(tmp, "api.yaml");
    const catalog = path.join(tmp, "api-killed.db");
    const { auth: _auth, ...rest } = config;
    writeFileSync(
      wf,
      JSON.stringify({
        source: {
          connector: "http-api",
          service: "api",
          config: {
            ...rest,
            auth: {
              auth_type: "api_key",
              credentials: { in: "query", name: "api_key", value: "${ONESPEC_TEST_API_KEY}" },
            },
          },
        },
        sink: { type: "sqlite", path: catalog },
        // Paced so every kill lands mid-run, never after the run has finished.
        options: { batch_size: PAGE, rate_limit_per_second: 20 },
      }),
    );
    const env = { ONESPEC_TEST_API_KEY: "Query-Key-0b9e" };
    const { interrupted, final, outputs } = await killUntilDone(BIN, wf, [2, 3, 1], {
      cwd: REPO,
      env,
    });
    expect(interrupted).toBeGreaterThanOrEqual(3);
    expect(final?.code, final?.stderr).toBe(0);
    const summary = JSON.parse(final.stdout) as RunSummary;
    expect(summary.resumed).toBe(true);
    expect(summary.entities.customers).toMatchObject({ read: 70, created: 70, updated: 0 });
    const reader = sqliteCatalog(catalog);
    const entities = await reader.entities("api");
    await reader.close();
    expect(ids(entities)).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    for (const text of outputs) expectNoSecrets(text, s);
  }, 120_000);
});

describe("test connection", () => {
  it("passes every step with the right credentials, for each auth method", async () => {
    for (const auth of Object.keys(auths)) {
      const { config } = await setup({ auth, pagination: "cursor" });
      const result = await testConnection(httpApiConnector, httpApiConnector.parse(config));
      expect(
        result.steps.map((st) => [st.name, st.status]),
        auth,
      ).toEqual([
        ["CheckAccess", "passed"],
        ["Authenticate", "passed"],
        ["FetchFirstPage", "passed"],
      ]);
      expect(result.steps[2].detail).toBe("customers: 7 records");
      await server!.stop();
      server = undefined;
    }
  });

  it("fails Authenticate with wrong credentials, skips the rest, and echoes no secret", async () => {
    const { server: s, wrongConfig } = await setup({ auth: "oauth2" });
    const result = await testConnection(httpApiConnector, httpApiConnector.parse(wrongConfig));
    expect(result.ok).toBe(false);
    expect(result.steps.map((st) => st.status)).toEqual(["passed", "failed", "skipped"]);
    expect(result.steps[1].message).toMatch(/refused the client credentials \(HTTP 401\)/);
    const text = JSON.stringify(result);
    for (const secret of [
      ...s.secrets(),
      ...valuesAtPointers(wrongConfig, httpApiConnector.secretPaths),
    ])
      expect(text).not.toContain(secret);
  });

  it("reports a 403 as a permission failure on the auth settings, not as refused credentials", async () => {
    const { server: s, config } = await setup({ auth: "bearer", chaos: { alwaysStatus: 403 } });
    const result = await testConnection(httpApiConnector, httpApiConnector.parse(config));
    expect(result.steps.map((st) => st.status)).toEqual(["passed", "failed", "skipped"]);
    expect(result.steps[1]).toMatchObject({ kind: "permission", fields: ["/auth"] });
    expect(result.steps[1].message).toMatch(/HTTP 403/);
    expect(result.steps[1].hint).toMatch(/accepted.*not allowed.*scope/i);
    // A grant fixes it, not a retry: one request per step, and a sync fails the same way.
    expect(s.log.filter((l) => l.kind === "data")).toHaveLength(1);
    const { summary } = await sync(config);
    expect(summary.error).toMatchObject({ kind: "permission", pointer: "/auth" });
    expect(s.log.filter((l) => l.kind === "data")).toHaveLength(2);
  });

  it("reports a 401 as refused credentials, on the auth settings in a sync too", async () => {
    const { wrongConfig } = await setup({ auth: "bearer" });
    const result = await testConnection(httpApiConnector, httpApiConnector.parse(wrongConfig));
    expect(result.steps[1]).toMatchObject({ status: "failed", kind: "auth", fields: ["/auth"] });
    expect(result.steps[1].message).toMatch(/HTTP 401/);
    const { summary } = await sync(wrongConfig);
    expect(summary.error).toMatchObject({ kind: "auth", pointer: "/auth" });
  });

  it("fails CheckAccess when nothing listens", async () => {
    const { config } = await setup();
    await server!.stop();
    server = undefined;
    const result = await testConnection(httpApiConnector, httpApiConnector.parse(config));
    expect(result.steps[0]).toMatchObject({ status: "failed" });
    expect(result.steps[0].message).toMatch(/ECONNREFUSED/);
    // On the base URL, not on every field CheckAccess declares.
    expect(result.steps[0]).toMatchObject({ kind: "connection", fields: ["/base_url"] });
  });
});

describe("record schemas", () => {
  it("records that fail the endpoint's record schema are counted as failed and reported, not written", async () => {
    const bad = new Set([5, 12, 20]);
    const records = makeRecords(24, {
      extra: (i) =>
        bad.has(i) ? { name: "", email: "not an email" } : { email: `c${i}@example.com` },
    });
    server = await startHostileServer({
      auth: { type: "none" },
      endpoints: [{ path: PATH, records, pagination: { type: "page_number" } }],
    });
    const config = {
      base_url: server.url,
      auth: { auth_type: "none" },
      pagination: paginations.page_number.config,
      endpoints: [
        { name: "customers", path: PATH, records_path: "data", record_schema: "customer" },
      ],
    };
    const { summary, entities, output } = await sync(config);
    expect(summary.status).toBe("ok");
    expect(summary.entities.customers).toMatchObject({ read: 24, created: 21, failed: 3 });
    expect(ids(entities)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1).filter((i) => !bad.has(i)),
    );
    for (const id of bad)
      expect(output).toMatch(
        new RegExp(
          `"record not stored".*"fqn":"api\\.customers\\.${id}".*/name must NOT have fewer than 1 characters`,
        ),
      );
  });

  it("an unknown record schema is a config error before any request", async () => {
    const { server: s, config } = await setup();
    const endpoints = (config.endpoints as Record<string, unknown>[]).map((e) => ({
      ...e,
      record_schema: "no-such-schema",
    }));
    const { summary } = await sync({ ...config, endpoints });
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatchObject({ kind: "config" });
    expect(summary.error!.message).toMatch(
      /record_schema "no-such-schema" is not a generated record schema/,
    );
    expect(s.log.filter((l) => l.kind === "data")).toHaveLength(0);
  });
});

describe("nextLink", () => {
  it.each([
    ['<https://a/x?page=2>; rel="next"', "https://a/x?page=2"],
    [
      '<https://a/x?page=1>; rel="first", <https://a/x?page=3>; rel="next", <https://a/x?page=9>; rel="last"',
      "https://a/x?page=3",
    ],
    ['<https://a/x?p=2>; rel="prev next"', "https://a/x?p=2"],
    ["<https://a/x?p=2>; rel=next", "https://a/x?p=2"],
    ['<https://a/x?page=1>; rel="first"', undefined],
    [null, undefined],
  ])("%s", (header, expected) => {
    expect(nextLink(header)).toBe(expected);
  });
});
