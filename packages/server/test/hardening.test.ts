/**
 * What every request goes through, over real HTTP: the Host and Origin checks, nosniff on every
 * response, deeply nested JSON, slow bodies, and the connection cap.
 */
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionStore, buildApp } from "../src/index.js";
import { hostChecker, parseHost } from "../src/request-guard.js";
import { rawExchange, request } from "./raw-http.js";
import { catalog } from "./catalog.js";

let store: ConnectionStore;
let app: ReturnType<typeof buildApp>;
let base: string;
let port: number;

beforeAll(async () => {
  store = new ConnectionStore(":memory:");
  app = buildApp({ catalog, store, allowedHosts: ["onespec.internal", "proxy.example:8443"] });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
  port = Number(new URL(base).port);
});

afterAll(async () => {
  await app?.close();
  store?.close();
});

describe("parseHost and hostChecker", () => {
  it.each([
    ["localhost:4400", { name: "localhost", port: 4400 }],
    ["LOCALHOST.", { name: "localhost" }],
    ["[::1]:80", { name: "::1", port: 80 }],
    ["::1", { name: "::1" }],
    ["127.0.0.1", { name: "127.0.0.1" }],
    ["evil.example:1", { name: "evil.example", port: 1 }],
    ["[not-v6]:1", undefined],
    ["a b", undefined],
    ["user@host", undefined],
    ["host:99999", undefined],
    ["", undefined],
  ])("%j → %j", (text, want) => {
    expect(parseHost(text)).toEqual(want);
  });

  const allowed = hostChecker({
    allowedHosts: ["onespec.internal", "Proxy.Example:8443", "0.0.0.0", "10.1.2.3"],
  });
  it.each([
    ["localhost:4400", 4400, true],
    ["127.0.0.1:4400", 4400, true],
    ["[::1]:4400", 4400, true],
    ["localhost:4401", 4400, false], // another port on this machine is another origin
    ["localhost", 4400, false],
    ["localhost", 80, true],
    ["onespec.internal:4400", 4400, true],
    ["onespec.internal", 4400, true], // behind a proxy on the default port
    ["onespec.internal:9999", 4400, false],
    ["proxy.example:8443", 4400, true],
    ["proxy.example", 4400, false],
    ["10.1.2.3:4400", 4400, true],
    ["0.0.0.0:4400", 4400, false], // "every interface" is never a Host
    ["evil.example:4400", 4400, false],
    ["localhost.evil.example:4400", 4400, false],
    ["127.0.0.1.nip.io:4400", 4400, false],
  ])("%s on port %d: %s", (host, local, want) => {
    expect(allowed(parseHost(host)!, local)).toBe(want);
  });

  it("refuses an allowed host that is not a host", () => {
    expect(() => hostChecker({ allowedHosts: ["http://x/"] })).toThrow(
      /allowed host "http:\/\/x\/" is not a host name/,
    );
  });
});

describe("Host", () => {
  it.each([
    ["127.0.0.1 with the port", () => `127.0.0.1:${port}`, 200],
    ["localhost with the port", () => `localhost:${port}`, 200],
    ["[::1] with the port", () => `[::1]:${port}`, 200],
    ["an --allowed-host", () => `onespec.internal:${port}`, 200],
    ["an --allowed-host with its port", () => "proxy.example:8443", 200],
    ["a rebinding name", () => `evil.example:${port}`, 403],
    ["loopback with another port", () => `127.0.0.1:${port + 1}`, 403],
    ["a name ending like loopback", () => `localhost.evil.example:${port}`, 403],
  ])("%s → %d", async (_what, host, status) => {
    const r = await request(base, "GET", "/api/connectors", { headers: { host: host() } });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.json.error).toMatch(/^refused: the Host ".*" is not this server/);
  });

  it("a request without Host (HTTP/1.0) is refused", async () => {
    const got = await rawExchange(port, "GET /api/connectors HTTP/1.0\r\n\r\n");
    expect(got).toMatch(/^HTTP\/1\.[01] 403/);
    expect(got).toContain("the Host header is missing");
  });
});

describe("Origin on state-changing requests", () => {
  const body = { config: { database_path: "/tmp/x.db" } };
  it.each([
    ["no Origin (curl, scripts)", {}, 200],
    ["the app's own origin", () => ({ origin: `http://127.0.0.1:${port}` }), 200],
    ["localhost origin", () => ({ origin: `http://localhost:${port}` }), 200],
    ["an allowed host behind https", () => ({ origin: "https://proxy.example:8443" }), 200],
    ["same-origin fetch without Origin", { "sec-fetch-site": "same-origin" }, 200],
    ["a foreign origin", { origin: "http://evil.example" }, 403],
    ["a foreign origin on the same port", () => ({ origin: `http://evil.example:${port}` }), 403],
    [
      "another local port (same-site, not same-origin)",
      () => ({ origin: `http://127.0.0.1:${port + 1}` }),
      403,
    ],
    ["the opaque origin null", { origin: "null" }, 403],
    ["a non-http origin", { origin: "file://" }, 403],
    ["cross-site fetch without Origin", { "sec-fetch-site": "cross-site" }, 403],
    ["same-site fetch without Origin", { "sec-fetch-site": "same-site" }, 403],
  ])("POST with %s → %d", async (_what, headers, status) => {
    const h = typeof headers === "function" ? headers() : headers;
    const r = await request(base, "POST", "/api/connectors/sqlite/validate", { headers: h, body });
    expect(r.status).toBe(status);
    if (status === 403) expect(r.json.error).toMatch(/^refused: a POST from /);
  });

  it.each(["PUT", "DELETE", "PATCH"])(
    "%s from a foreign origin → 403 before the route runs",
    async (method) => {
      const r = await request(base, method, "/api/connections/nope", {
        headers: { origin: "http://evil.example" },
        ...(method === "DELETE" ? {} : { body: { config: {} } }),
      });
      expect(r.status).toBe(403);
    },
  );

  it("a GET from a foreign origin is answered, without CORS headers (the browser keeps it from the page)", async () => {
    const r = await request(base, "GET", "/api/connectors", {
      headers: { origin: "http://evil.example" },
    });
    expect(r.status).toBe(200);
    expect(r.headers["access-control-allow-origin"]).toBeUndefined();
  });
});

describe("responses", () => {
  it.each([
    ["GET", "/api/connectors", undefined, 200],
    ["GET", "/api/nothing", undefined, 404],
    ["POST", "/api/connections", "{bad", 400],
    ["GET", "/", undefined, 404],
  ])("%s %s (API only) carries nosniff", async (method, url, raw, status) => {
    const r = await request(base, method, url, { ...(raw !== undefined && { raw }) });
    expect(r.status).toBe(status);
    expect(r.headers["x-content-type-options"]).toBe("nosniff");
  });

  it("a refusal and the streamed test carry nosniff too", async () => {
    const refused = await request(base, "GET", "/api/connectors", {
      headers: { host: "evil.example" },
    });
    expect(refused.status).toBe(403);
    expect(refused.headers["x-content-type-options"]).toBe("nosniff");
    const stream = await request(base, "POST", "/api/connectors/sqlite/test", {
      body: { config: { database_path: "/nonexistent/onespec-none.db" } },
    });
    expect(stream.status).toBe(200);
    expect(stream.headers["content-type"]).toMatch(/application\/x-ndjson/);
    expect(stream.headers["x-content-type-options"]).toBe("nosniff");
  });
});

describe("hostile bodies", () => {
  const deep = (n: number) => "[".repeat(n) + "]".repeat(n);
  it.each([
    ["/api/connectors/postgres/validate", `{"config":{"host":${deep(3000)}}}`],
    ["/api/connectors/postgres/test", `{"config":{"host":${deep(3000)}}}`],
    ["/api/connections", `{"connector":"postgres","name":"x","config":{"a":${deep(3000)}}}`],
    [
      "/api/connectors/http-api/validate",
      `{"config":{"headers":${'{"a":'.repeat(3000)}1${"}".repeat(3000)}}}`,
    ],
  ])("a 3,000-deep body to %s gets a 400", async (url, raw) => {
    const r = await request(base, "POST", url, { raw });
    expect(r.status).toBe(400);
    expect(r.json.error).toBe("the JSON body is nested deeper than 64 levels");
  });

  it("brackets inside strings do not count, and a body at the limit is parsed", async () => {
    const r = await request(base, "POST", "/api/connectors/sqlite/validate", {
      raw: `{"config":{"database_path":"${"[".repeat(5000)}\\"]"}}`,
    });
    expect(r.status).toBe(200);
    const atLimit = await request(base, "POST", "/api/connectors/sqlite/validate", {
      raw: `{"config":{"x":${deep(62)}}}`,
    });
    expect(atLimit.status).toBe(200);
    expect(atLimit.json.valid).toBe(false);
    const over = await request(base, "POST", "/api/connectors/sqlite/validate", {
      raw: `{"config":{"x":${deep(63)}}}`,
    });
    expect(over.status).toBe(400);
  });

  it("__proto__ in a body is still refused (Fastify's parser runs after the depth check)", async () => {
    const r = await request(base, "POST", "/api/connectors/sqlite/validate", {
      raw: '{"config":{"__proto__":{"polluted":true}}}',
    });
    expect(r.status).toBe(400);
  });
});

describe("slow bodies and too many connections", () => {
  it("a body that never finishes is cut off (408, connection closed)", async () => {
    const slowApp = buildApp({ catalog, store, requestTimeout: 500 });
    const slowBase = await slowApp.listen({ host: "127.0.0.1", port: 0 });
    try {
      const p = Number(new URL(slowBase).port);
      const got = await rawExchange(
        p,
        `POST /api/connectors/sqlite/validate HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"config":`,
      );
      expect(got).toMatch(/^HTTP\/1\.1 408/);
    } finally {
      await slowApp.close();
    }
  });

  it("connections over the cap are closed on arrival; the others still work", async () => {
    const cappedApp = buildApp({ catalog, store, maxConnections: 2 });
    const cappedBase = await cappedApp.listen({ host: "127.0.0.1", port: 0 });
    const p = Number(new URL(cappedBase).port);
    const open = async () => {
      const s = net.connect(p, "127.0.0.1");
      await new Promise((resolve) => s.once("connect", resolve));
      return s;
    };
    const held = [await open(), await open()];
    try {
      const third = await rawExchange(
        p,
        `GET /api/connectors HTTP/1.1\r\nHost: 127.0.0.1:${p}\r\n\r\n`,
      );
      expect(third).toBe("");
      held[0].destroy();
      await new Promise((resolve) => setTimeout(resolve, 100));
      const r = await request(cappedBase, "GET", "/api/connectors");
      expect(r.status).toBe(200);
    } finally {
      for (const s of held) s.destroy();
      await cappedApp.close();
    }
  });
});
