import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  makeRecords,
  startHostileServer,
  type AuthMode,
  type Chaos,
  type EndpointSpec,
  type HostileServer,
  type HostileServerOptions,
  type Pagination,
} from "../src/hostile-server.js";

// ---- helpers ---------------------------------------------------------------------------------

const servers: HostileServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function start(options: HostileServerOptions): Promise<HostileServer> {
  const server = await startHostileServer(options);
  servers.push(server);
  return server;
}

const basicHeader = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads a dotted path ("" → the value itself). */
function at(body: unknown, dotted: string): unknown {
  if (dotted === "") return body;
  return dotted
    .split(".")
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body);
}

async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; res: Response }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined, res };
}

/** The `rel="next"` target of an RFC 8288 Link header (URLs may contain commas and semicolons, so split on `<…>` first). */
function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const m of header.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2]);
    const rels = (rel?.[1] ?? rel?.[2] ?? "").split(/\s+/);
    if (rels.includes("next")) return m[1];
  }
  return undefined;
}

/**
 * A tiny correct client: follows the endpoint's pagination to the end and returns every record id
 * in the order received. `query` is sent on every page (e.g. an updated-since filter).
 */
async function followAll(
  server: HostileServer,
  ep: EndpointSpec,
  options: { headers?: Record<string, string>; query?: Record<string, string>; size?: number } = {},
): Promise<{ ids: unknown[]; requests: number }> {
  const p = ep.pagination;
  const key = ep.recordsKey ?? (p.type === "link_header" ? "" : "data");
  const headers = options.headers ?? {};
  const size = options.size ?? 5;
  const ids: unknown[] = [];
  let requests = 0;
  const get = async (params: Record<string, string>) => {
    requests++;
    expect(requests).toBeLessThan(200); // a runaway loop is a failure, not a hang
    const url = `${server.url}${ep.path}?${new URLSearchParams({ ...options.query, ...params })}`;
    const { status, body, res } = await getJson(url, headers);
    expect(status).toBe(200);
    const records = at(body, key) as { id: unknown }[];
    expect(Array.isArray(records)).toBe(true);
    return { body, records, res };
  };

  switch (p.type) {
    case "none": {
      const { records } = await get({});
      ids.push(...records.map((r) => r.id));
      break;
    }
    case "page_number": {
      for (let page = p.startPage ?? 1; ; page++) {
        const { records, body } = await get({
          [p.pageParam ?? "page"]: String(page),
          [p.sizeParam ?? "per_page"]: String(size),
        });
        expect(at(body, "page")).toBe(page);
        if (records.length === 0) break;
        ids.push(...records.map((r) => r.id));
      }
      break;
    }
    case "offset_limit": {
      for (let offset = 0; ;) {
        const { records } = await get({
          [p.offsetParam ?? "offset"]: String(offset),
          [p.limitParam ?? "limit"]: String(size),
        });
        if (records.length === 0) break;
        ids.push(...records.map((r) => r.id));
        offset += records.length;
      }
      break;
    }
    case "cursor": {
      let cursor: string | null = null;
      do {
        const params: Record<string, string> = { [p.sizeParam ?? "limit"]: String(size) };
        if (cursor !== null) params[p.cursorParam ?? "cursor"] = cursor;
        const { records, body } = await get(params);
        ids.push(...records.map((r) => r.id));
        cursor = (at(body, p.cursorField ?? "next_cursor") ?? null) as string | null;
      } while (cursor !== null);
      break;
    }
    case "link_header": {
      let { records, res } = await get({ [p.sizeParam ?? "per_page"]: String(size) });
      ids.push(...records.map((r) => r.id));
      for (
        let next = nextLink(res.headers.get("link"));
        next;
        next = nextLink(res.headers.get("link"))
      ) {
        expect(next.startsWith(`${server.url}/`)).toBe(true); // absolute
        requests++;
        const page = await getJson(next, headers);
        expect(page.status).toBe(200);
        res = page.res;
        records = at(page.body, key) as { id: unknown }[];
        ids.push(...records.map((r) => r.id));
      }
      break;
    }
  }
  return { ids, requests };
}

const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

// ---- makeRecords -----------------------------------------------------------------------------

describe("makeRecords", () => {
  it("numbers ids from 1 with increasing updated_at", () => {
    const records = makeRecords(3, {
      start: new Date("2025-05-01T00:00:00Z"),
      stepMs: 1000,
      extra: (i) => ({ even: i % 2 === 0 }),
    });
    expect(records).toEqual([
      { id: 1, name: "record 1", updated_at: "2025-05-01T00:00:00.000Z", even: false },
      { id: 2, name: "record 2", updated_at: "2025-05-01T00:00:01.000Z", even: true },
      { id: 3, name: "record 3", updated_at: "2025-05-01T00:00:02.000Z", even: false },
    ]);
  });
});

// ---- auth ------------------------------------------------------------------------------------

describe("auth", () => {
  const endpoints: EndpointSpec[] = [
    { path: "/v1/items", records: makeRecords(3), pagination: { type: "none" } },
  ];

  it("none: anyone gets data", async () => {
    const server = await start({ auth: { type: "none" }, endpoints });
    const { status, body } = await getJson(`${server.url}/v1/items`);
    expect(status).toBe(200);
    expect((body as { data: unknown[] }).data).toHaveLength(3);
    expect(server.log[0]).toMatchObject({
      kind: "data",
      status: 200,
      authorised: true,
      path: "/v1/items",
    });
    expect(server.secrets()).toEqual([]);
  });

  it("basic: right credentials pass, wrong or missing get 401 with WWW-Authenticate", async () => {
    const server = await start({
      auth: { type: "basic", username: "ann", password: "s3cret:pw" },
      endpoints,
    });
    const url = `${server.url}/v1/items`;
    expect((await getJson(url, { authorization: basicHeader("ann", "s3cret:pw") })).status).toBe(
      200,
    );
    for (const headers of <Record<string, string>[]>[
      { authorization: basicHeader("ann", "wrong") },
      { authorization: basicHeader("bob", "s3cret:pw") },
      {},
    ]) {
      const { status, body, res } = await getJson(url, headers);
      expect(status).toBe(401);
      expect(body).toEqual({ error: "unauthorized" });
      expect(res.headers.get("www-authenticate")).toMatch(/^Basic /);
    }
    expect(server.log.map((l) => [l.status, l.authorised, l.fault])).toEqual([
      [200, true, undefined],
      [401, false, "auth"],
      [401, false, "auth"],
      [401, false, "auth"],
    ]);
  });

  it("bearer: right token passes, wrong or missing get 401", async () => {
    const server = await start({ auth: { type: "bearer", token: "tok-123" }, endpoints });
    const url = `${server.url}/v1/items`;
    expect((await getJson(url, { authorization: "Bearer tok-123" })).status).toBe(200);
    for (const headers of <Record<string, string>[]>[
      { authorization: "Bearer tok-124" },
      { authorization: "tok-123" },
      {},
    ]) {
      const { status, body, res } = await getJson(url, headers);
      expect(status).toBe(401);
      expect(body).toEqual({ error: "unauthorized" });
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    }
  });

  it("api_key in a header", async () => {
    const server = await start({
      auth: { type: "api_key", in: "header", name: "X-Api-Key", value: "key-abc" },
      endpoints,
    });
    const url = `${server.url}/v1/items`;
    expect((await getJson(url, { "x-api-key": "key-abc" })).status).toBe(200);
    expect((await getJson(url, { "x-api-key": "key-abd" })).status).toBe(401);
    expect((await getJson(`${url}?X-Api-Key=key-abc`)).status).toBe(401); // wrong place
    expect((await getJson(url)).body).toEqual({ error: "unauthorized" });
  });

  it("api_key in the query", async () => {
    const server = await start({
      auth: { type: "api_key", in: "query", name: "api_key", value: "k+y/=" },
      endpoints,
    });
    const url = `${server.url}/v1/items`;
    expect((await getJson(`${url}?${new URLSearchParams({ api_key: "k+y/=" })}`)).status).toBe(200);
    expect((await getJson(`${url}?api_key=k+y/=`)).status).toBe(401); // unencoded "+" is a space
    expect((await getJson(`${url}?api_key=nope`)).status).toBe(401);
    expect((await getJson(url, { api_key: "k+y/=" })).status).toBe(401); // wrong place
  });

  describe("oauth2 client credentials", () => {
    const auth: AuthMode = {
      type: "oauth2",
      clientId: "client-1",
      clientSecret: "shh/secret",
      scope: "read write",
    };
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
    const tokenRequest = (
      server: HostileServer,
      body: string,
      headers: Record<string, string> = {},
    ) =>
      fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
        body,
      });

    it("issues tokens for credentials in a Basic header or in the body, rejects wrong ones", async () => {
      const server = await start({ auth, endpoints });
      const viaHeader = await tokenRequest(
        server,
        form({ grant_type: "client_credentials", scope: "write read" }),
        {
          authorization: basicHeader("client-1", "shh/secret"),
        },
      );
      expect(viaHeader.status).toBe(200);
      const t1 = (await viaHeader.json()) as Record<string, unknown>;
      expect(t1).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: "read write" });
      expect(typeof t1.access_token).toBe("string");

      // RFC 6749 form-encoding of the Basic credentials is accepted too
      const encoded = await tokenRequest(
        server,
        form({ grant_type: "client_credentials", scope: "read write" }),
        {
          authorization: basicHeader("client-1", encodeURIComponent("shh/secret")),
        },
      );
      expect(encoded.status).toBe(200);

      const viaBody = await tokenRequest(
        server,
        form({
          grant_type: "client_credentials",
          client_id: "client-1",
          client_secret: "shh/secret",
          scope: "read write",
        }),
      );
      expect(viaBody.status).toBe(200);
      const t3 = (await viaBody.json()) as { access_token: string };
      expect(server.tokensIssued).toEqual([t1.access_token, expect.any(String), t3.access_token]);
      expect(new Set(server.tokensIssued).size).toBe(3);

      const wrong = await tokenRequest(
        server,
        form({
          grant_type: "client_credentials",
          client_id: "client-1",
          client_secret: "guess",
          scope: "read write",
        }),
      );
      expect(wrong.status).toBe(401);
      expect(await wrong.json()).toEqual({ error: "invalid_client" });
      const wrongHeader = await tokenRequest(
        server,
        form({ grant_type: "client_credentials", scope: "read write" }),
        {
          authorization: basicHeader("client-2", "shh/secret"),
        },
      );
      expect(wrongHeader.status).toBe(401);
      expect(await wrongHeader.json()).toEqual({ error: "invalid_client" });

      const badGrant = await tokenRequest(
        server,
        form({ grant_type: "password", client_id: "client-1", client_secret: "shh/secret" }),
      );
      expect(badGrant.status).toBe(400);
      expect(await badGrant.json()).toEqual({ error: "unsupported_grant_type" });
      const badScope = await tokenRequest(
        server,
        form({
          grant_type: "client_credentials",
          client_id: "client-1",
          client_secret: "shh/secret",
          scope: "read",
        }),
      );
      expect(await badScope.json()).toEqual({ error: "invalid_scope" });
      const json = await fetch(`${server.url}/oauth/token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "client_credentials",
          client_id: "client-1",
          client_secret: "shh/secret",
        }),
      });
      expect(json.status).toBe(400);

      expect(server.log.every((l) => l.kind === "token")).toBe(true);
      expect(server.tokensIssued).toHaveLength(3);

      // data: the token works, no / unknown token does not
      const url = `${server.url}/v1/items`;
      expect((await getJson(url, { authorization: `Bearer ${t3.access_token}` })).status).toBe(200);
      const unknown = await getJson(url, { authorization: "Bearer made-up" });
      expect(unknown.status).toBe(401);
      expect(unknown.body).toEqual({ error: "invalid_token" });
      const none = await getJson(url);
      expect(none.status).toBe(401);
      expect(none.body).toEqual({ error: "unauthorized" });
      expect(none.res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    });

    it("a token expires after tokenMaxUses authorised requests; a new token works", async () => {
      const server = await start({
        auth: { type: "oauth2", clientId: "c", clientSecret: "s", tokenMaxUses: 3, expiresIn: 60 },
        endpoints,
      });
      const getToken = async () => {
        const res = await tokenRequest(
          server,
          form({ grant_type: "client_credentials", client_id: "c", client_secret: "s" }),
        );
        const body = (await res.json()) as { access_token: string; expires_in: number };
        expect(body.expires_in).toBe(60);
        return body.access_token;
      };
      const url = `${server.url}/v1/items`;
      const first = await getToken();
      for (let i = 0; i < 3; i++)
        expect((await getJson(url, { authorization: `Bearer ${first}` })).status).toBe(200);
      const expired = await getJson(url, { authorization: `Bearer ${first}` });
      expect(expired.status).toBe(401);
      expect(expired.body).toEqual({ error: "invalid_token" });
      expect(expired.res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(server.log.at(-1)).toMatchObject({
        kind: "data",
        status: 401,
        authorised: false,
        fault: "expired-token",
      });

      const second = await getToken();
      expect(second).not.toBe(first);
      expect((await getJson(url, { authorization: `Bearer ${second}` })).status).toBe(200);
      expect(server.tokensIssued).toEqual([first, second]);
      expect(server.secrets()).toEqual(expect.arrayContaining(["s", first, second]));
    });

    it("a token expires after tokenTtlMs", async () => {
      const server = await start({
        auth: { type: "oauth2", clientId: "c", clientSecret: "s", tokenTtlMs: 150 },
        endpoints,
      });
      const res = await tokenRequest(server, form({ grant_type: "client_credentials" }), {
        authorization: basicHeader("c", "s"),
      });
      const { access_token, expires_in } = (await res.json()) as {
        access_token: string;
        expires_in: number;
      };
      expect(expires_in).toBe(1);
      await sleep(400); // well past the TTL
      const late = await getJson(`${server.url}/v1/items`, {
        authorization: `Bearer ${access_token}`,
      });
      expect(late.status).toBe(401);
      expect(late.body).toEqual({ error: "invalid_token" });
      expect(server.log.at(-1)?.fault).toBe("expired-token");
    });
  });

  it("secrets() lists every configured secret value", async () => {
    const basic = await start({
      auth: { type: "basic", username: "u", password: "pw-1" },
      endpoints,
    });
    expect(basic.secrets()).toEqual(["pw-1", Buffer.from("u:pw-1").toString("base64")]);
    const bearer = await start({ auth: { type: "bearer", token: "tok-2" }, endpoints });
    expect(bearer.secrets()).toEqual(["tok-2"]);
    const key = await start({
      auth: { type: "api_key", in: "header", name: "x-key", value: "key-3" },
      endpoints,
    });
    expect(key.secrets()).toEqual(["key-3"]);
    const oauth = await start({
      auth: { type: "oauth2", clientId: "id", clientSecret: "cs-4" },
      endpoints,
    });
    expect(oauth.secrets()).toContain("cs-4");
    const res = await fetch(`${oauth.url}/oauth/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials&client_id=id&client_secret=cs-4",
    });
    const { access_token } = (await res.json()) as { access_token: string };
    expect(oauth.secrets()).toContain(access_token);
  });
});

// ---- pagination ------------------------------------------------------------------------------

describe("pagination", () => {
  const N = 23; // not a multiple of the page size
  const cases: { name: string; pagination: Pagination; recordsKey?: string }[] = [
    { name: "none", pagination: { type: "none" } },
    { name: "none, bare array", pagination: { type: "none" }, recordsKey: "" },
    { name: "page_number", pagination: { type: "page_number" } },
    {
      name: "page_number, custom params, start 0",
      pagination: { type: "page_number", pageParam: "p", sizeParam: "n", startPage: 0 },
      recordsKey: "items",
    },
    { name: "offset_limit", pagination: { type: "offset_limit" } },
    {
      name: "offset_limit, custom params",
      pagination: { type: "offset_limit", offsetParam: "skip", limitParam: "take" },
      recordsKey: "result.rows",
    },
    { name: "cursor", pagination: { type: "cursor" } },
    {
      name: "cursor, nested cursor",
      pagination: {
        type: "cursor",
        cursorParam: "after",
        sizeParam: "count",
        cursorField: "meta.next",
      },
      recordsKey: "results",
    },
    { name: "link_header", pagination: { type: "link_header" } },
    {
      name: "link_header, wrapped",
      pagination: { type: "link_header", sizeParam: "page_size" },
      recordsKey: "data",
    },
  ];

  for (const c of cases) {
    it(`${c.name}: serves every record exactly once when followed`, async () => {
      // shuffled input: the server must still serve in id order
      const records = makeRecords(N).reverse();
      const ep: EndpointSpec = {
        path: "/v1/things",
        records,
        pagination: c.pagination,
        recordsKey: c.recordsKey,
        updatedSinceParam: "updated_since",
      };
      const server = await start({ auth: { type: "none" }, endpoints: [ep] });
      const { ids } = await followAll(server, ep);
      expect(ids).toEqual(range(1, N));
      const served = server.served("/v1/things");
      expect([...served.keys()].sort((a, b) => Number(a) - Number(b))).toEqual(range(1, N));
      expect([...served.values()].every((n) => n === 1)).toBe(true);

      // incremental: strictly greater than the 10th record's updated_at, on every page
      const since = records.find((r) => r.id === 10)!.updated_at as string;
      const filtered = await followAll(server, ep, { query: { updated_since: since } });
      expect(filtered.ids).toEqual(range(11, N));
    });
  }

  it("page_number/offset_limit report the total; the end is an empty page", async () => {
    const ep = (path: string, pagination: Pagination): EndpointSpec => ({
      path,
      records: makeRecords(7),
      pagination,
    });
    const server = await start({
      auth: { type: "none" },
      endpoints: [
        ep("/pages", { type: "page_number", defaultSize: 5 }),
        ep("/offsets", { type: "offset_limit", defaultLimit: 5 }),
      ],
    });
    expect((await getJson(`${server.url}/pages`)).body).toEqual({
      data: makeRecords(5),
      total: 7,
      page: 1,
    });
    expect((await getJson(`${server.url}/pages?page=3`)).body).toEqual({
      data: [],
      total: 7,
      page: 3,
    });
    expect((await getJson(`${server.url}/offsets?offset=5`)).body).toEqual({
      data: makeRecords(7).slice(5),
      total: 7,
    });
    expect((await getJson(`${server.url}/offsets?offset=7`)).body).toEqual({ data: [], total: 7 });
    expect((await getJson(`${server.url}/pages?page=0`)).status).toBe(400);
    expect((await getJson(`${server.url}/offsets?limit=abc`)).status).toBe(400);
  });

  it("cursor: opaque base64, null on the last page, forged cursors are rejected", async () => {
    const server = await start({
      auth: { type: "none" },
      endpoints: [
        { path: "/c", records: makeRecords(4), pagination: { type: "cursor", defaultSize: 2 } },
      ],
    });
    const first = (await getJson(`${server.url}/c`)).body as {
      data: { id: number }[];
      next_cursor: string;
    };
    expect(first.data.map((r) => r.id)).toEqual([1, 2]);
    expect(first.next_cursor).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const second = (
      await getJson(`${server.url}/c?${new URLSearchParams({ cursor: first.next_cursor })}`)
    ).body as Record<string, unknown>;
    expect(second).toEqual({ data: makeRecords(4).slice(2), next_cursor: null });
    const forged = Buffer.from(JSON.stringify({ after: 3, sig: "x" })).toString("base64");
    const res = await getJson(`${server.url}/c?${new URLSearchParams({ cursor: forged })}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: "invalid_cursor" });
  });

  it("link_header: absolute URLs, several relations, no next on the last page", async () => {
    const server = await start({
      auth: { type: "none" },
      endpoints: [
        {
          path: "/l",
          records: makeRecords(5),
          pagination: { type: "link_header", defaultSize: 2 },
        },
      ],
    });
    const p1 = await getJson(`${server.url}/l?x=1`);
    expect(p1.body).toEqual(makeRecords(2));
    expect(nextLink(p1.res.headers.get("link"))).toBe(`${server.url}/l?x=1&page=2`);
    const p2 = await getJson(`${server.url}/l?x=1&page=2`);
    const link2 = p2.res.headers.get("link")!;
    expect(link2).toContain('rel="first"');
    expect(link2.indexOf('rel="first"')).toBeLessThan(link2.indexOf('rel="next"'));
    const p3 = await getJson(nextLink(link2)!);
    expect(p3.body).toEqual(makeRecords(5).slice(4));
    expect(nextLink(p3.res.headers.get("link"))).toBeUndefined();
  });

  it("unknown paths are 404 JSON", async () => {
    const server = await start({
      auth: { type: "none" },
      endpoints: [{ path: "/v1/a", records: [], pagination: { type: "none" } }],
    });
    const { status, body, res } = await getJson(`${server.url}/v1/b`);
    expect(status).toBe(404);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(body).toMatchObject({ error: "not_found" });
    expect(server.log[0]).toMatchObject({ kind: "other", status: 404 });
    expect((await getJson(`${server.url}/oauth/token`)).status).toBe(404); // no oauth2 configured
    expect(() => server.served("/v1/b")).toThrow(/no endpoint/);
  });

  it("rejects bad endpoint configuration", async () => {
    await expect(
      startHostileServer({
        auth: { type: "none" },
        endpoints: [
          { path: "/x", records: makeRecords(1), pagination: { type: "cursor" }, recordsKey: "" },
        ],
      }),
    ).rejects.toThrow(/bare array/);
    await expect(
      startHostileServer({
        auth: { type: "none" },
        endpoints: [
          {
            path: "/x",
            records: [...makeRecords(2), ...makeRecords(1)],
            pagination: { type: "none" },
          },
        ],
      }),
    ).rejects.toThrow(/duplicate id/);
  });
});

// ---- chaos -----------------------------------------------------------------------------------

describe("chaos", () => {
  const endpoint: EndpointSpec = {
    path: "/v1/items",
    records: makeRecords(30),
    pagination: { type: "page_number", defaultSize: 5 },
  };
  const auth: AuthMode = { type: "bearer", token: "t" };
  const headers = { authorization: "Bearer t" };

  /** Sends `n` sequential requests and returns what happened to each, from the client's side. */
  async function outcomes(server: HostileServer, n: number): Promise<string[]> {
    const result: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        const res = await fetch(`${server.url}/v1/items?page=${(i % 6) + 1}`, { headers });
        const text = await res.text();
        if (res.status === 200) JSON.parse(text);
        result.push(String(res.status));
      } catch (e) {
        result.push(`error:${(e as Error).name}`);
      }
    }
    return result;
  }

  const mixed: Chaos = {
    seed: 42,
    rateLimitProbability: 0.15,
    retryAfterSeconds: 0,
    serverErrorProbability: 0.15,
    truncatedProbability: 0.2,
  };

  it("same seed → same fault sequence; another seed → another", async () => {
    const a = await start({ auth, endpoints: [endpoint], chaos: mixed });
    const b = await start({ auth, endpoints: [endpoint], chaos: mixed });
    const c = await start({ auth, endpoints: [endpoint], chaos: { ...mixed, seed: 7 } });
    const [oa, ob] = [await outcomes(a, 60), await outcomes(b, 60), await outcomes(c, 60)];
    expect(ob).toEqual(oa);
    const faults = (s: HostileServer) =>
      s.log.map(
        (l) => `${l.status}/${l.fault ?? ""}/${l.truncation ?? ""}/${l.retryAfterMs ?? ""}`,
      );
    expect(faults(b)).toEqual(faults(a));
    expect(faults(c)).not.toEqual(faults(a));
    // every kind of fault happened, and healthy answers too
    const kinds = new Set(a.log.map((l) => l.fault ?? "ok"));
    expect([...kinds].sort()).toEqual(["ok", "rate-limit", "server-error", "truncated"]);
    expect(new Set(a.log.filter((l) => l.fault === "server-error").map((l) => l.status))).toEqual(
      new Set([500, 503]),
    );
    // the client saw the truncations fail: as a broken body read or as invalid JSON
    const clientFailures = oa.filter((o) => o.startsWith("error:")).length;
    expect(clientFailures).toBe(a.log.filter((l) => l.fault === "truncated").length);

    // setChaos with the same seed starts the same sequence again
    a.setChaos(mixed);
    const before = a.log.length;
    await outcomes(a, 60);
    expect(faults(a).slice(before)).toEqual(faults(b));
  });

  it("429 carries Retry-After in integer seconds", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { rateLimitProbability: 1, retryAfterSeconds: 7 },
    });
    const { status, body, res } = await getJson(`${server.url}/v1/items`, headers);
    expect(status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(body).toEqual({ error: "rate_limited" });
    expect(server.log[0]).toMatchObject({
      status: 429,
      fault: "rate-limit",
      retryAfterMs: 7000,
      authorised: true,
    });
  });

  it("chaos spares auth failures and token requests, and the first graceRequests", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { alwaysStatus: 500, graceRequests: 2 },
    });
    const url = `${server.url}/v1/items`;
    expect((await getJson(url, { authorization: "Bearer wrong" })).status).toBe(401); // not counted as grace
    expect((await getJson(url, headers)).status).toBe(200);
    expect((await getJson(url, headers)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await fetch(url, { headers })).status).toBe(500);
    expect(server.log.map((l) => l.fault ?? "")).toEqual([
      "auth",
      "",
      "",
      "server-error",
      "server-error",
      "server-error",
    ]);
    server.setChaos({});
    expect((await getJson(url, headers)).status).toBe(200);
  });

  it("alwaysStatus 503 and 429 carry Retry-After", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { alwaysStatus: 503, retryAfterSeconds: 2 },
    });
    const res = await fetch(`${server.url}/v1/items`, { headers });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("2");
    await res.text();
    server.setChaos({ alwaysStatus: 429 });
    const res2 = await fetch(`${server.url}/v1/items`, { headers });
    expect([res2.status, res2.headers.get("retry-after")]).toEqual([429, "1"]);
    await res2.text();
  });

  it("truncated bodies fail on the client: both variants", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { seed: 3, truncatedProbability: 1 },
    });
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const res = await fetch(`${server.url}/v1/items`, { headers });
      expect(res.status).toBe(200);
      const variant = server.log.at(-1)?.truncation;
      let text: string;
      try {
        text = await res.text();
      } catch {
        expect(variant).toBe("content-length"); // the socket died before Content-Length bytes arrived
        seen.add("body read failed");
        continue;
      }
      expect(variant).toBe("cut-json");
      expect(text.length).toBeGreaterThan(0);
      expect(() => JSON.parse(text)).toThrow(SyntaxError);
      seen.add("invalid JSON");
    }
    expect(seen).toEqual(new Set(["body read failed", "invalid JSON"]));
    expect(server.served("/v1/items").size).toBe(0); // nothing was served successfully
  });

  it("slow responses exceed a client timeout; the server gives up when the client leaves", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { slowProbability: 1, slowMs: 10_000 },
    });
    const started = performance.now();
    const error = await fetch(`${server.url}/v1/items`, {
      headers,
      signal: AbortSignal.timeout(300),
    }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toMatch(/TimeoutError|AbortError/);
    expect(performance.now() - started).toBeLessThan(9_000);
    expect(server.log[0]).toMatchObject({ status: 200, fault: "slow" });
    for (let i = 0; i < 250 && !server.log[0].clientAborted; i++) await sleep(20); // up to 5 s
    expect(server.log[0].clientAborted).toBe(true);
    expect(server.served("/v1/items").size).toBe(0);
    server.setChaos({});
    expect((await getJson(`${server.url}/v1/items`, headers)).status).toBe(200);
  });

  it("slow responses do arrive eventually for a patient client", async () => {
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { slowProbability: 1, slowMs: 200 },
    });
    const { status } = await getJson(`${server.url}/v1/items`, headers);
    expect(status).toBe(200);
    expect(server.served("/v1/items").size).toBe(5);
  });

  it("maxRequestsPerSecond: a burst over the limit gets 429 with Retry-After: 1", async () => {
    const max = 3;
    const server = await start({
      auth,
      endpoints: [endpoint],
      chaos: { maxRequestsPerSecond: max },
    });
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${server.url}/v1/items`, { headers })),
    );
    await Promise.all(responses.map((r) => r.text()));
    const limited = responses.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((r) => r.headers.get("retry-after") === "1")).toBe(true);
    expect(responses.every((r) => r.status === 200 || r.status === 429)).toBe(true);
    // the invariant, by the server's own clock: never more than `max` accepted in any 1 s window
    const accepted = server.log.filter((l) => l.status === 200).map((l) => l.at);
    for (const t of accepted)
      expect(accepted.filter((u) => u >= t && u - t < 1000).length).toBeLessThanOrEqual(max);
    expect(
      server.log
        .filter((l) => l.status === 429)
        .every((l) => l.fault === "rate-limit" && l.retryAfterMs === 1000),
    ).toBe(true);
    // after waiting out the window, requests pass again
    await sleep(1_200);
    expect((await getJson(`${server.url}/v1/items`, headers)).status).toBe(200);
  });
});

// ---- lifecycle -------------------------------------------------------------------------------

describe("stop", () => {
  function canConnect(port: number): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
  }

  it("closes the port, even with a slow answer in flight; twice is fine", async () => {
    const server = await startHostileServer({
      auth: { type: "none" },
      endpoints: [{ path: "/x", records: makeRecords(1), pagination: { type: "none" } }],
      chaos: { slowProbability: 1, slowMs: 60_000 },
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const port = Number(new URL(server.url).port);
    expect(await canConnect(port)).toBe(true);
    const inFlight = fetch(`${server.url}/x`).then(
      () => "answered",
      () => "failed",
    );
    for (let i = 0; i < 100 && server.log.length === 0; i++) await sleep(10);
    await server.stop();
    await server.stop();
    expect(await inFlight).toBe("failed");
    expect(await canConnect(port)).toBe(false);
    await expect(fetch(`${server.url}/x`)).rejects.toThrow();
  });
});
