/**
 * The JSON API over real HTTP on loopback, with a real SQLite store and a real PostgreSQL for
 * test connection. Every response body is kept and scanned for the secrets at the end.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "@onespec/test-servers";
import { MASK } from "@onespec/runtime";
import { ConnectionStore, buildApp } from "../src/index.js";
import { catalog } from "./catalog.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-server-"));
const storeFile = path.join(tmp, "connections.db");
let store: ConnectionStore;
let app: ReturnType<typeof buildApp>;
let base: string;
let pg: PostgresServer;
const bodies: string[] = [];

beforeAll(async () => {
  pg = await startPostgres({ name: "server" });
  SECRET = pg.password;
  store = new ConnectionStore(storeFile);
  app = buildApp({ catalog, store, bodyLimit: 64 * 1024 });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
}, 120_000);

afterAll(async () => {
  await app?.close();
  store?.close();
  await pg?.stop();
  rmSync(tmp, { recursive: true, force: true });
});

async function api(method: string, url: string, body?: unknown, raw?: string) {
  const response = await fetch(base + url, {
    method,
    headers: body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {},
    ...(raw !== undefined
      ? { body: raw }
      : body !== undefined
        ? { body: JSON.stringify(body) }
        : {}),
  });
  const text = await response.text();
  bodies.push(text);
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return {
    status: response.status,
    type: response.headers.get("content-type") ?? "",
    text,
    json: json as any,
  };
}

/** The test server's real password: the secret the saved connection must keep. */
let SECRET = "";
function pgConfig(password: string | null = SECRET) {
  const c = pg.connection("postgres");
  return {
    host: c.host,
    port: c.port,
    database: "postgres",
    username: c.user,
    ...(password !== null && { password }),
    ssl: { mode: "disable" },
  };
}

describe("registry and forms", () => {
  it("lists every connector of the registry", async () => {
    const r = await api("GET", "/api/connectors");
    expect(r.status).toBe(200);
    expect(r.json.map((c: { name: string }) => c.name)).toEqual([
      "http-api",
      "mysql",
      "postgres",
      "snowflake",
      "sqlite",
    ]);
    expect(r.json.find((c: { name: string }) => c.name === "postgres")).toMatchObject({
      displayName: "PostgreSQL",
      serviceType: "Database",
    });
  });

  it("serves a connector's form config, and 404 JSON for an unknown one", async () => {
    const r = await api("GET", "/api/connectors/postgres/form");
    expect(r.json.schema.properties.password).toBeDefined();
    expect(r.json.uiSchema.password["ui:widget"]).toBe("password");
    expect(r.json.mask).toBe(MASK);
    const missing = await api("GET", "/api/connectors/nope/form");
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'unknown connector "nope"' });
  });

  it("validates with the generated validator", async () => {
    const ok = await api("POST", "/api/connectors/postgres/validate", { config: pgConfig() });
    expect(ok.json).toEqual({ valid: true, problems: [] });
    const bad = await api("POST", "/api/connectors/postgres/validate", {
      config: { ...pgConfig(), port: 0 },
    });
    expect(bad.json.valid).toBe(false);
    expect(bad.json.problems).toContainEqual(
      expect.objectContaining({ pointer: "/port", keyword: "minimum" }),
    );
  });
});

describe("saved connections keep secrets apart and never send them back", () => {
  let id: string;

  it("creates a connection: the response and the config row hold the mask, the secret sits encrypted in its own table", async () => {
    const r = await api("POST", "/api/connections", {
      connector: "postgres",
      name: "local",
      config: pgConfig(),
    });
    expect(r.status).toBe(201);
    expect(r.json.config.password).toBe(MASK);
    id = r.json.id;
    const db = new Database(storeFile, { readonly: true });
    const row = db.prepare("SELECT config FROM connections WHERE id = ?").get(id) as {
      config: string;
    };
    const secrets = db
      .prepare("SELECT pointer, value FROM connection_secrets WHERE connection_id = ?")
      .all(id);
    db.close();
    expect(row.config).not.toContain(SECRET);
    expect(secrets).toEqual([
      { pointer: "/password", value: expect.stringMatching(/^v1:[A-Za-z0-9+/]+=*$/) },
    ]);
    expect(JSON.stringify(secrets)).not.toContain(SECRET);
    expect(store.secrets(id)).toEqual([{ pointer: "/password", value: SECRET }]);
    for (const url of ["/api/connections", `/api/connections/${id}`])
      expect((await api("GET", url)).text).not.toContain(SECRET);
  });

  it("saving the form unchanged (the mask) keeps the stored secret", async () => {
    const shown = (await api("GET", `/api/connections/${id}`)).json;
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown.config, port: shown.config.port },
    });
    expect(r.status).toBe(200);
    expect(store.fullConfig(id, ["/password"])).toMatchObject({ password: SECRET });
  });

  it("typing a new secret replaces it; leaving the field out removes it", async () => {
    const shown = (await api("GET", `/api/connections/${id}`)).json;
    await api("PUT", `/api/connections/${id}`, {
      config: { ...shown.config, password: "Next-Secret-8890" },
    });
    expect(store.fullConfig(id, ["/password"])).toMatchObject({ password: "Next-Secret-8890" });
    const { password: _drop, ...without } = shown.config;
    await api("PUT", `/api/connections/${id}`, { config: without });
    expect(store.secrets(id)).toEqual([]);
    expect(store.fullConfig(id, ["/password"])).not.toHaveProperty("password");
    // Put the original back for the tests below.
    await api("PUT", `/api/connections/${id}`, { config: { ...without, password: SECRET } });
  });

  it("refuses to save the mask as a secret: on a new connection, and where nothing is stored", async () => {
    const created = await api("POST", "/api/connections", {
      connector: "postgres",
      name: "masked",
      config: pgConfig(MASK),
    });
    expect(created.status).toBe(400);
    expect(created.json.error).toMatch(
      /\/password: the mask .* stands for a stored secret, and none is stored there/,
    );
    const other = await api("POST", "/api/connections", {
      connector: "postgres",
      name: "nopass",
      config: pgConfig(null),
    });
    expect(other.status).toBe(201);
    const put = await api("PUT", `/api/connections/${other.json.id}`, { config: pgConfig(MASK) });
    expect(put.status).toBe(400);
    expect(store.secrets(other.json.id)).toEqual([]);
  });

  it("rejects an invalid config with the validator's problems (422) and keeps the old one", async () => {
    const shown = (await api("GET", `/api/connections/${id}`)).json;
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown.config, port: 70000 },
    });
    expect(r.status).toBe(422);
    expect(r.json.problems).toContainEqual(expect.objectContaining({ pointer: "/port" }));
    expect((await api("GET", `/api/connections/${id}`)).json.config.port).toBe(shown.config.port);
  });

  it("tests a saved connection with its stored secret, streaming one JSON line per step", async () => {
    const shown = (await api("GET", `/api/connections/${id}`)).json;
    const r = await api("POST", "/api/connectors/postgres/test", {
      connectionId: id,
      config: shown.config,
    });
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/x-ndjson/);
    const lines = r.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === "step").map((l) => [l.name, l.status])).toEqual([
      ["CheckAccess", "passed"],
      ["GetDatabases", "passed"],
      ["GetSchemas", "passed"],
      ["GetTables", "failed"], // an empty database: no table passes the filters
      ["GetViews", "passed"],
    ]);
    expect(lines.at(-1)).toMatchObject({ type: "result", ok: false });
  });

  it("a wrong password fails CheckAccess without echoing it", async () => {
    const wrong = "Wrong-Pass-Not-In-Output-1";
    const r = await api("POST", "/api/connectors/postgres/test", { config: pgConfig(wrong) });
    const steps = r.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(steps[0]).toMatchObject({ name: "CheckAccess", status: "failed" });
    expect(r.text).not.toContain(wrong);
  });

  it("deletes a connection and its secrets", async () => {
    expect((await api("DELETE", `/api/connections/${id}`)).status).toBe(204);
    expect((await api("GET", `/api/connections/${id}`)).status).toBe(404);
    expect(store.secrets(id)).toEqual([]);
  });
});

describe("bad requests", () => {
  it.each([
    ["unknown route", "GET", "/api/nothing", undefined, undefined, 404],
    ["malformed JSON", "POST", "/api/connections", undefined, "{not json", 400],
    ["missing fields", "POST", "/api/connections", { name: "x" }, undefined, 400],
    [
      "unknown connector",
      "POST",
      "/api/connections",
      { connector: "nope", name: "x", config: {} },
      undefined,
      400,
    ],
    [
      "oversized body",
      "POST",
      "/api/connectors/postgres/validate",
      undefined,
      JSON.stringify({ config: { host: "x".repeat(70 * 1024) } }),
      413,
    ],
  ])("%s gets a JSON error", async (_what, method, url, body, raw, status) => {
    const r = await api(method, url, body, raw);
    expect(r.status).toBe(status);
    expect(typeof r.json.error).toBe("string");
    expect(r.text).not.toMatch(/at .+\(.+:\d+:\d+\)/); // no stack trace
  });
});

describe("secrets", () => {
  it("no response body ever contained a secret", () => {
    expect(bodies.length).toBeGreaterThan(20);
    for (const body of bodies) {
      expect(body).not.toContain(SECRET);
      expect(body).not.toContain("Next-Secret-8890");
    }
  });
});
