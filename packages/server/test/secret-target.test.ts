/**
 * The exfiltration attack on saved secrets, driven for real: a saved connection's password,
 * a fake server on another port, and test connection asked to fill the mask from the saved
 * connection while pointing at the fake server. The stored secret must never leave for a
 * target it was not saved with, and every way around that (DNS rebinding: a foreign Host; a
 * foreign page: a foreign Origin) must be refused before anything runs.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASK } from "@onespec/runtime";
import { ConnectionStore, buildApp } from "../src/index.js";
import { httpRecorder, request, tcpRecorder, type Recorder, type RawResponse } from "./raw-http.js";
import { catalog } from "./catalog.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-target-"));
const SECRET = `Stored-${randomBytes(9).toString("hex")}`;
const TUNNEL_SECRET = `Tunnel-${randomBytes(9).toString("hex")}`;
const basic = (password: string) => `Basic ${Buffer.from(`reader:${password}`).toString("base64")}`;

let store: ConnectionStore;
let app: ReturnType<typeof buildApp>;
let base: string;
let port: number;
/** The API the saved connection belongs to: accepts only the stored password. */
let legit: Recorder;
/** The attacker's server: must never receive anything. */
let attacker: Recorder;
/** A fake database server on another port: must never be connected to. */
let fakeDb: Recorder;
const responses: string[] = [];

beforeAll(async () => {
  legit = await httpRecorder((req, res) => {
    const ok = req.headers.authorization === basic(SECRET);
    if (req.url?.startsWith("/v1/users") && ok)
      res.writeHead(200, { "content-type": "application/json" }).end('[{"id":1}]');
    else res.writeHead(401, { "content-type": "application/json" }).end("{}");
  });
  attacker = await httpRecorder();
  fakeDb = await tcpRecorder();
  store = new ConnectionStore(path.join(tmp, "connections.db"));
  app = buildApp({ catalog, store });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  port = Number(new URL(base).port);
});

afterAll(async () => {
  await app?.close();
  store?.close();
  await Promise.all([legit?.close(), attacker?.close(), fakeDb?.close()]);
  rmSync(tmp, { recursive: true, force: true });
});

async function api(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const r: RawResponse = await request(base, method, url, { body, headers });
  responses.push(r.text);
  return r;
}

const httpConfig = (baseUrl: string, password: string) => ({
  base_url: baseUrl,
  auth: { auth_type: "basic", credentials: { username: "reader", password } },
  endpoints: [{ name: "users", path: "/users" }],
});
const steps = (r: RawResponse) =>
  r.text
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as { type: string; name?: string; status?: string })
    .filter((l) => l.type === "step")
    .map((l) => [l.name, l.status]);

describe("a stored secret goes only to the target it was saved with", () => {
  let id: string;
  let shown: ReturnType<typeof httpConfig>;

  it("control: a typed password goes where the config says, and a fake server catches it", async () => {
    const control = await httpRecorder();
    try {
      const typed = `Typed-${randomBytes(6).toString("hex")}`;
      const r = await api("POST", "/api/connectors/http-api/test", {
        config: httpConfig(`http://127.0.0.1:${control.port}/v1`, typed),
      });
      expect(r.status).toBe(200);
      // The fake server on another port did receive the password: this is what the attack is after.
      expect(control.received()).toContain(basic(typed));
    } finally {
      await control.close();
    }
  });

  it("saves an http-api connection with a password (the response holds the mask)", async () => {
    const r = await api("POST", "/api/connections", {
      connector: "http-api",
      name: "legit",
      config: httpConfig(`http://127.0.0.1:${legit.port}/v1`, SECRET),
    });
    expect(r.status).toBe(201);
    expect(r.json.config.auth.credentials.password).toBe(MASK);
    id = r.json.id;
    shown = r.json.config;
  });

  it("tests the saved connection at its own target with the stored secret", async () => {
    const r = await api("POST", "/api/connectors/http-api/test", {
      connectionId: id,
      config: shown,
    });
    expect(r.status).toBe(200);
    expect(steps(r)).toEqual([
      ["CheckAccess", "passed"],
      ["Authenticate", "passed"],
      ["FetchFirstPage", "passed"],
    ]);
    expect(legit.received()).toContain(basic(SECRET));
  });

  it.each([
    ["another port", () => `http://127.0.0.1:${attacker.port}/v1`],
    ["another port, as localhost", () => `http://localhost:${attacker.port}/v1`],
  ])(
    "the mask with the target moved to %s: 422, and the fake server receives nothing",
    async (_what, url) => {
      const r = await api("POST", "/api/connectors/http-api/test", {
        connectionId: id,
        config: { ...shown, base_url: url() },
      });
      expect(r.status).toBe(422);
      expect(r.json.error).toMatch(/connection target changed \(\/base_url\)/);
      expect(r.json.error).toMatch(/type it again/);
      expect(r.json.problems).toEqual([
        {
          pointer: "/auth/credentials/password",
          keyword: "secretTarget",
          message: "type the secret again: the connection target changed (/base_url)",
        },
      ]);
      expect(attacker.connections).toBe(0);
      expect(attacker.received()).toBe("");
    },
  );

  it("validate with the mask and a moved target is refused the same way", async () => {
    const r = await api("POST", "/api/connectors/http-api/validate", {
      connectionId: id,
      config: { ...shown, base_url: `http://127.0.0.1:${attacker.port}/v1` },
    });
    expect(r.status).toBe(422);
    expect(r.json.problems[0]).toMatchObject({
      pointer: "/auth/credentials/password",
      keyword: "secretTarget",
    });
  });

  it("a foreign Host (DNS rebinding) is refused before anything runs: 403", async () => {
    const r = await api(
      "POST",
      "/api/connectors/http-api/test",
      { connectionId: id, config: shown },
      { host: `evil.example:${port}`, origin: `http://evil.example:${port}` },
    );
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/Host "evil\.example:\d+" is not this server/);
    const get = await api("GET", "/api/connections", undefined, { host: "evil.example" });
    expect(get.status).toBe(403);
    expect(get.text).not.toContain(id);
  });

  it("a POST from a foreign Origin is refused: 403", async () => {
    const before = legit.received().length;
    const r = await api(
      "POST",
      "/api/connectors/http-api/test",
      { connectionId: id, config: shown },
      { origin: "http://evil.example" },
    );
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/origin "http:\/\/evil\.example"/);
    // Not even the right target was contacted.
    expect(legit.received().length).toBe(before);
  });

  it("the app's own origin still works", async () => {
    const r = await api(
      "POST",
      "/api/connectors/http-api/test",
      { connectionId: id, config: shown },
      { origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" },
    );
    expect(r.status).toBe(200);
    expect(steps(r).map(([, status]) => status)).toEqual(["passed", "passed", "passed"]);
  });

  it("saving the mask with a moved target is refused (422), and the saved connection is unchanged", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, base_url: `http://127.0.0.1:${attacker.port}/v1` },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(/connection target changed \(\/base_url\)/);
    expect((await api("GET", `/api/connections/${id}`)).json.config.base_url).toBe(shown.base_url);
    expect(store.fullConfig(id, ["/auth/credentials/password"])).toMatchObject({
      auth: { credentials: { password: SECRET } },
    });
    // Then a test of the saved connection as stored cannot reach the attacker either.
    const t = await api("POST", "/api/connectors/http-api/test", { connectionId: id });
    expect(t.status).toBe(200);
    expect(attacker.connections).toBe(0);
  });

  it("the refusal also lists the config's other problems", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, base_url: `http://127.0.0.1:${attacker.port}/v1`, max_retries: -1 },
    });
    expect(r.status).toBe(422);
    expect(r.json.problems.map((p: { pointer: string }) => p.pointer)).toEqual([
      "/max_retries",
      "/auth/credentials/password",
    ]);
  });

  it("edits outside the target keep the stored secret; a default spelled out is no change", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, max_retries: 1, ssl: { verify_server_certificate: true } },
    });
    expect(r.status).toBe(200);
    expect(store.fullConfig(id, ["/auth/credentials/password"])).toMatchObject({
      auth: { credentials: { password: SECRET } },
    });
    // Turning certificate checks off would let an impostor collect the secret: part of the target.
    const off = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, ssl: { verify_server_certificate: false } },
    });
    expect(off.status).toBe(422);
    expect(off.json.error).toMatch(/\(\/ssl\/verify_server_certificate\)/);
  });

  it("a moved target with the secret typed again is saved", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: httpConfig(`http://localhost:${legit.port}/v1`, SECRET),
    });
    expect(r.status).toBe(200);
    expect(r.json.config.base_url).toBe(`http://localhost:${legit.port}/v1`);
    const t = await api("POST", "/api/connectors/http-api/test", {
      connectionId: id,
      config: r.json.config,
    });
    expect(steps(t).map(([, status]) => status)).toEqual(["passed", "passed", "passed"]);
  });
});

describe("database connections: host, port and the SSH tunnel are the target", () => {
  let id: string;
  let shown: Record<string, any>;
  const closedPort = () => legit.port; // any port but the fake database's

  it("saves a postgres connection with a password and a tunnel password", async () => {
    const r = await api("POST", "/api/connections", {
      connector: "postgres",
      name: "db",
      config: {
        host: "127.0.0.1",
        port: closedPort(),
        database: "app",
        username: "reader",
        password: SECRET,
        ssl: { mode: "disable" },
        ssh_tunnel: {
          tunnel_method: "SSH_PASSWORD_AUTH",
          tunnel_host: "127.0.0.1",
          tunnel_port: closedPort(),
          tunnel_user: "jump",
          tunnel_user_password: TUNNEL_SECRET,
        },
      },
    });
    expect(r.status).toBe(201);
    id = r.json.id;
    shown = r.json.config;
    expect(shown.password).toBe(MASK);
    expect(shown.ssh_tunnel.tunnel_user_password).toBe(MASK);
  });

  it.each([
    ["port", (c: Record<string, any>) => ({ ...c, port: fakeDb.port }), "/port"],
    ["host", (c: Record<string, any>) => ({ ...c, host: "localhost" }), "/host"],
    [
      "tunnel port",
      (c: Record<string, any>) => ({
        ...c,
        ssh_tunnel: { ...c.ssh_tunnel, tunnel_port: fakeDb.port },
      }),
      "/ssh_tunnel/tunnel_port",
    ],
    [
      "tunnel host and port",
      (c: Record<string, any>) => ({
        ...c,
        ssh_tunnel: { ...c.ssh_tunnel, tunnel_host: "localhost", tunnel_port: fakeDb.port },
      }),
      "/ssh_tunnel/tunnel_host, /ssh_tunnel/tunnel_port",
    ],
  ])(
    "the masks with the %s moved to a fake server: 422, nothing reaches it",
    async (_what, move, fields) => {
      const r = await api("POST", "/api/connectors/postgres/test", {
        connectionId: id,
        config: move(shown),
      });
      expect(r.status).toBe(422);
      expect(r.json.error).toContain(`connection target changed (${fields})`);
      expect(r.json.problems.map((p: { pointer: string }) => p.pointer)).toEqual([
        "/password",
        "/ssh_tunnel/tunnel_user_password",
      ]);
      expect(fakeDb.connections).toBe(0);
    },
  );

  it("turning the tunnel off is a target change too", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, ssh_tunnel: { tunnel_method: "NO_TUNNEL" } },
    });
    expect(r.status).toBe(422);
    expect(r.json.error).toContain("(/ssh_tunnel/tunnel_host, /ssh_tunnel/tunnel_port)");
  });

  it("a non-target edit with the masks is saved and keeps both secrets", async () => {
    const r = await api("PUT", `/api/connections/${id}`, {
      config: { ...shown, connect_timeout_seconds: 5 },
    });
    expect(r.status).toBe(200);
    expect(
      store
        .secrets(id)
        .map((s) => s.value)
        .sort(),
    ).toEqual([SECRET, TUNNEL_SECRET].sort());
  });
});

describe("the mask belongs in secret fields only", () => {
  const config = (username: string) => ({
    host: "127.0.0.1",
    port: 5432,
    database: "app",
    username,
    password: "Some-Password-1",
  });

  it.each([
    ["POST", "/api/connections", { connector: "postgres", name: "m", config: config(MASK) }],
    ["POST", "/api/connectors/postgres/validate", { config: config(MASK) }],
    ["POST", "/api/connectors/postgres/test", { config: config(MASK) }],
  ])("%s %s with the mask as a user name: 422", async (method, url, body) => {
    const r = await api(method, url, body);
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(
      /^\/username: the mask "\*{8}" only stands for a stored secret, and this field is not secret; type the real value$/,
    );
    expect(r.json.problems).toEqual([
      expect.objectContaining({ pointer: "/username", keyword: "mask" }),
    ]);
  });

  it("refused on an edit too, and nothing is stored", async () => {
    const saved = await api("POST", "/api/connections", {
      connector: "postgres",
      name: "m",
      config: config("reader"),
    });
    expect(saved.status).toBe(201);
    const r = await api("PUT", `/api/connections/${saved.json.id}`, {
      config: { ...saved.json.config, database: MASK },
    });
    expect(r.status).toBe(422);
    expect(r.json.problems[0].pointer).toBe("/database");
    expect((await api("GET", `/api/connections/${saved.json.id}`)).json.config.database).toBe(
      "app",
    );
  });
});

describe("secrets", () => {
  it("no response ever contained a stored secret", () => {
    expect(responses.length).toBeGreaterThan(20);
    for (const text of responses) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain(TUNNEL_SECRET);
    }
  });
});
