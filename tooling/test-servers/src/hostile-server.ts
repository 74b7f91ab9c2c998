/**
 * A deliberately hostile REST/JSON server for testing the generic http-api connector.
 *
 * Tests start it on 127.0.0.1 (the OS picks the port), point a connector at `server.url`, and then
 * inspect what happened through `server.log`, `server.served(path)` and `server.tokensIssued`.
 *
 * What it does, in the order a data request meets it:
 *
 * 1. Routing: a configured endpoint path (GET only) is a data request; `tokenPath` (oauth2 only)
 *    is a token request; anything else is 404 JSON (`kind: "other"`).
 * 2. Auth, on every data request. Wrong or missing credentials → 401 `{"error":"unauthorized"}`
 *    (with `WWW-Authenticate` for basic/bearer/oauth2); an unknown or expired oauth2 token → 401
 *    `{"error":"invalid_token"}`. A data request that passes auth is "authorised" and uses up one
 *    use of its oauth2 token (see `tokenMaxUses`).
 * 3. Chaos, on authorised data requests only, never on the first `graceRequests` of them (counted
 *    since start or the last `setChaos`). For every later request the seeded PRNG is drawn a fixed
 *    number of times, whatever happens, so the same seed and the same request sequence give the same
 *    fault sequence. Faults are tried in this order, the first that applies wins:
 *      alwaysStatus → maxRequestsPerSecond → rateLimitProbability → serverErrorProbability → slow → truncated.
 *    Note `maxRequestsPerSecond` depends on wall-clock time, so it is the one non-deterministic fault.
 * 4. The page: filter by `updatedSinceParam` (strictly greater), then paginate. Bad query values
 *    (non-integer page, forged cursor, unparseable timestamp) → 400 JSON.
 *
 * Hostile details a correct client must cope with (all standards-compliant):
 * - cursors are standard base64 (may contain `+`, `/`, `=`) and HMAC-signed: they must be URL-encoded
 *   and cannot be forged or decoded into something useful;
 * - Link headers carry several relations (`first`, `prev`, `next`, `last`) in varying positions;
 *   the next URL repeats every query parameter the client sent (including an api key sent in the
 *   query, so a client that logs URLs leaks it);
 * - 503 bodies are HTML, not JSON; 429/503 carry `Retry-After` in integer seconds;
 * - truncated bodies come in two variants: a full `Content-Length` with part of the body and then a
 *   destroyed socket (the client's body read fails), or a chunked response that ends cleanly but
 *   holds cut JSON (the client's `JSON.parse` fails).
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

export type AuthMode =
  | { type: "none" }
  | { type: "basic"; username: string; password: string }
  | { type: "bearer"; token: string }
  | { type: "api_key"; in: "header" | "query"; name: string; value: string }
  | {
      type: "oauth2";
      clientId: string;
      clientSecret: string;
      /**
       * Space-separated scopes. When set, the token request must ask for exactly these scopes (any
       * order), else 400 `{"error":"invalid_scope"}`; the token response echoes them.
       */
      scope?: string;
      /** A token stops working after this many authorised requests (then 401 {"error":"invalid_token"}), forcing a refresh mid-run. */
      tokenMaxUses?: number;
      /** A token stops working this many ms after it was issued. */
      tokenTtlMs?: number;
      /** expires_in reported to the client, seconds (default: ceil(tokenTtlMs / 1000), or 3600). */
      expiresIn?: number;
    };

export type Pagination =
  | { type: "none" }
  /** `?page=<n>&per_page=<size>`; response `{data, total, page}`. Pages past the end are empty. */
  | {
      type: "page_number";
      pageParam?: string;
      sizeParam?: string;
      startPage?: number;
      defaultSize?: number;
    }
  /** `?offset=<n>&limit=<size>`; response `{data, total}`. Offsets past the end give an empty page. */
  | { type: "offset_limit"; offsetParam?: string; limitParam?: string; defaultLimit?: number }
  /**
   * `?cursor=<token>&limit=<size>` (size param default "limit"); response `{data, next_cursor}`, the
   * cursor null on the last page. `cursorField` may be a dotted path ("meta.next") for a nested cursor.
   */
  | {
      type: "cursor";
      cursorParam?: string;
      sizeParam?: string;
      defaultSize?: number;
      cursorField?: string;
    }
  /**
   * RFC 8288 `Link: <absolute url>; rel="next"` while there are more pages (size param default
   * "per_page"; the page number travels inside the link URLs). The body is the bare array unless
   * `recordsKey` is set.
   */
  | { type: "link_header"; sizeParam?: string; defaultSize?: number };

export interface EndpointSpec {
  /** e.g. "/v1/customers"; matched exactly (no trailing-slash leniency). */
  path: string;
  /**
   * Served in order of `id` (numbers numerically, otherwise as strings); each needs a unique `id`
   * and an ISO `updated_at`. The array is read on every request, so a test may add or change
   * records while the server runs (to exercise incremental sync).
   */
  records: Record<string, unknown>[];
  pagination: Pagination;
  /**
   * Where the records array sits in the body: "data" → {"data":[...], ...}; a dotted path nests it;
   * "" → the body is the array (only with none/link_header).
   * Default: "" for link_header, "data" for every other pagination.
   */
  recordsKey?: string;
  /** Name of a query param filtering records with updated_at > value (strictly greater), for incremental sync. Applied before paging, on every page. */
  updatedSinceParam?: string;
}

export interface Chaos {
  /** Seed of the deterministic PRNG (mulberry32); default 1. */
  seed?: number;
  /** probability per data request of 429 with Retry-After */
  rateLimitProbability?: number;
  /** Retry-After (integer seconds) of probabilistic 429s, of 503s and of `alwaysStatus` 429/503; default 1. */
  retryAfterSeconds?: number;
  /** enforce a server-side rate: more than N accepted requests in any sliding 1 s window → 429 with Retry-After: 1 (rejected requests do not count) */
  maxRequestsPerSecond?: number;
  /** 500 (JSON) or 503 (HTML, half of them with Retry-After) */
  serverErrorProbability?: number;
  /** answer after slowMs (default 10 000); if the client disconnects first, nothing is sent */
  slowProbability?: number;
  slowMs?: number;
  /** a 200 whose body is cut JSON, in one of two variants (see the file comment) */
  truncatedProbability?: number;
  /** never fail these many first authorised data requests (counted since start or the last setChaos) */
  graceRequests?: number;
  /** fail every request permanently with this status (for "retries stop at the limit") */
  alwaysStatus?: number;
}

export interface HostileServerOptions {
  auth: AuthMode;
  endpoints: EndpointSpec[];
  chaos?: Chaos;
  /** token endpoint path for oauth2; default "/oauth/token" */
  tokenPath?: string;
}

export interface RequestLog {
  /** performance.now() ms when the request arrived */
  at: number;
  method: string;
  /** pathname only */
  path: string;
  /** query parameters as received (the last value of a repeated one) */
  query: Record<string, string>;
  status: number;
  /** data: the credentials were accepted; token: the client credentials were accepted */
  authorised: boolean;
  /** the Retry-After sent, in ms */
  retryAfterMs?: number;
  kind: "data" | "token" | "other";
  /** `alwaysStatus` faults are recorded as "rate-limit" (429), "auth" (401/403) or "server-error" (anything else). */
  fault?: "rate-limit" | "server-error" | "slow" | "truncated" | "expired-token" | "auth";
  /** slow responses only: the client went away before the answer, so nothing was sent */
  clientAborted?: boolean;
  /** truncated responses only: which variant was sent */
  truncation?: "content-length" | "cut-json";
}

export interface HostileServer {
  /** http://127.0.0.1:<port> */
  url: string;
  log: RequestLog[];
  /** oauth2 access tokens issued, in order */
  tokensIssued: string[];
  /**
   * Every secret value the server knows (password, bearer token, api key, client secret, issued
   * tokens, and the base64 `user:password` of Basic auth headers): tests scan captured output for these.
   */
  secrets(): string[];
  /** Replaces the chaos settings (not a merge), re-seeds the PRNG and restarts the grace count. */
  setChaos(chaos: Chaos): void;
  /** Records served per endpoint (by id), counting each id once per successful 200 page actually sent (a snapshot). Throws for an unknown path. */
  served(path: string): Map<unknown, number>;
  /** Closes the port and every open connection, cancels pending slow answers; safe to call twice. */
  stop(): Promise<void>;
}

/** ids 1..n, `name`, and `updated_at` increasing by `stepMs` (default 1 min) from `start` (default 2024-01-01T00:00:00Z); `extra` may add or override fields. */
export function makeRecords(
  n: number,
  options: { start?: Date; stepMs?: number; extra?: (i: number) => Record<string, unknown> } = {},
): Record<string, unknown>[] {
  const start = (options.start ?? new Date("2024-01-01T00:00:00.000Z")).getTime();
  const step = options.stepMs ?? 60_000;
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return {
      id: i,
      name: `record ${i}`,
      updated_at: new Date(start + k * step).toISOString(),
      ...options.extra?.(i),
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Implementation
// ---------------------------------------------------------------------------------------------

const HOST = "127.0.0.1";
const REALM = 'realm="hostile-server"';
const DEFAULT_TOKEN_PATH = "/oauth/token";
const DEFAULT_PAGE_SIZE = 10;
const DEFAULT_SEED = 1;
const DEFAULT_SLOW_MS = 10_000;
const DEFAULT_RETRY_AFTER_S = 1;
/** Query parameter carrying the page number inside link_header URLs. */
const LINK_PAGE_PARAM = "page";
/** PRNG draws per chaos-eligible request (fixed, so fault sequences depend only on the request index). */
const DRAWS_PER_REQUEST = 7;

/** mulberry32: tiny, fast, deterministic PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 4xx answer raised while building a page. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

/** Constant-time string comparison (hashes first so lengths may differ). */
function safeEqual(a: string, b: string): boolean {
  const h = (s: string) => createHash("sha256").update(s).digest();
  return timingSafeEqual(h(a), h(b));
}

/** numbers numerically, anything else as strings */
function compareIds(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Writes `value` at a dotted path ("meta.next_cursor") of `target`, creating objects on the way. */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** `user:password` from a `Basic …` header, or undefined when absent or malformed. */
function parseBasic(header: string | undefined): { user: string; password: string } | undefined {
  const m = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** RFC 6749 §2.3.1 says client credentials in Basic are form-urlencoded first; many clients skip it, so accept both. */
function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

/** Parses an integer query parameter (absent → fallback); anything else below `min` or non-integer → 400. */
function intParam(q: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = q.get(name);
  if (raw === null) return fallback;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min)
    throw new HttpError(400, {
      error: "invalid_parameter",
      parameter: name,
      message: `${name} must be an integer >= ${min}`,
    });
  return Number(raw);
}

function readBody(req: http.IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, { error: "request_too_large" }));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function sendJson(
  res: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.destroyed || res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

interface EndpointState {
  spec: EndpointSpec;
  /** sorted by id */
  records: Record<string, unknown>[];
  recordsKey: string;
  served: Map<unknown, number>;
}

/** A page ready to send. */
interface Page {
  body: unknown;
  headers: Record<string, string>;
  ids: unknown[];
}

interface TokenState {
  issuedAt: number;
  uses: number;
}

/** What chaos decided for one request. */
type Decision =
  | { type: "pass" }
  | {
      type: "status";
      status: number;
      fault: NonNullable<RequestLog["fault"]>;
      retryAfterS?: number;
      html?: boolean;
    }
  | { type: "slow"; ms: number }
  | { type: "truncated"; variant: "content-length" | "cut-json"; fraction: number };

function validateEndpoint(spec: EndpointSpec): EndpointState {
  if (!spec.path.startsWith("/"))
    throw new Error(`endpoint path must start with "/": ${spec.path}`);
  const bare = spec.pagination.type === "link_header";
  const recordsKey = spec.recordsKey ?? (bare ? "" : "data");
  if (
    recordsKey === "" &&
    spec.pagination.type !== "none" &&
    spec.pagination.type !== "link_header"
  )
    throw new Error(
      `${spec.path}: recordsKey "" (bare array) only works with pagination none or link_header`,
    );
  const seen = new Set<string>();
  for (const r of spec.records) {
    if (r.id === undefined || r.id === null) throw new Error(`${spec.path}: a record has no id`);
    if (typeof r.updated_at !== "string" || Number.isNaN(Date.parse(r.updated_at)))
      throw new Error(`${spec.path}: record ${String(r.id)} has no ISO updated_at`);
    const key = JSON.stringify(r.id);
    if (seen.has(key)) throw new Error(`${spec.path}: duplicate id ${key}`);
    seen.add(key);
  }
  const records = [...spec.records].sort((a, b) => compareIds(a.id, b.id));
  return { spec, records, recordsKey, served: new Map() };
}

function validateChaos(chaos: Chaos): Chaos {
  for (const key of [
    "rateLimitProbability",
    "serverErrorProbability",
    "slowProbability",
    "truncatedProbability",
  ] as const) {
    const p = chaos[key];
    if (p !== undefined && !(p >= 0 && p <= 1))
      throw new Error(`chaos.${key} must be within [0, 1], got ${p}`);
  }
  if (
    chaos.retryAfterSeconds !== undefined &&
    !(Number.isInteger(chaos.retryAfterSeconds) && chaos.retryAfterSeconds >= 0)
  )
    throw new Error("chaos.retryAfterSeconds must be a non-negative integer");
  return { ...chaos };
}

export async function startHostileServer(options: HostileServerOptions): Promise<HostileServer> {
  const auth = options.auth;
  const tokenPath = options.tokenPath ?? DEFAULT_TOKEN_PATH;
  const endpoints = new Map<string, EndpointState>();
  for (const spec of options.endpoints) {
    if (endpoints.has(spec.path)) throw new Error(`duplicate endpoint path ${spec.path}`);
    if (auth.type === "oauth2" && spec.path === tokenPath)
      throw new Error(`endpoint path ${spec.path} is the token path`);
    endpoints.set(spec.path, validateEndpoint(spec));
  }

  const log: RequestLog[] = [];
  const tokensIssued: string[] = [];
  const tokens = new Map<string, TokenState>();
  /** signs cursors so clients cannot forge them */
  const cursorKey = randomBytes(32);
  /** slow answers waiting to be sent; stop() cancels them */
  const pending = new Set<NodeJS.Timeout>();

  let chaos: Chaos = {};
  let random = mulberry32(DEFAULT_SEED);
  let chaosRequests = 0;
  /** arrival times of accepted (not rate-window-rejected) authorised data requests within the last second */
  let window: number[] = [];
  const setChaos = (next: Chaos): void => {
    chaos = validateChaos(next);
    random = mulberry32(chaos.seed ?? DEFAULT_SEED);
    chaosRequests = 0;
  };
  setChaos(options.chaos ?? {});

  let baseUrl = "";

  // ---- auth ----------------------------------------------------------------------------------

  type AuthResult =
    | { ok: true }
    | {
        ok: false;
        error: "unauthorized" | "invalid_token";
        fault: "auth" | "expired-token";
        challenge?: string;
      };

  /** Checks a data request's credentials; an accepted oauth2 token uses up one use. */
  function authenticate(req: http.IncomingMessage, url: URL, now: number): AuthResult {
    const header = req.headers.authorization;
    const reject = (challenge?: string): AuthResult => ({
      ok: false,
      error: "unauthorized",
      fault: "auth",
      challenge,
    });
    switch (auth.type) {
      case "none":
        return { ok: true };
      case "basic": {
        const creds = parseBasic(header);
        const ok =
          !!creds &&
          safeEqual(creds.user, auth.username) &&
          safeEqual(creds.password, auth.password);
        return ok ? { ok: true } : reject(`Basic ${REALM}`);
      }
      case "bearer": {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
        return m && safeEqual(m[1], auth.token) ? { ok: true } : reject(`Bearer ${REALM}`);
      }
      case "api_key": {
        const raw =
          auth.in === "header"
            ? req.headers[auth.name.toLowerCase()]
            : url.searchParams.get(auth.name);
        const value = Array.isArray(raw) ? raw[0] : raw;
        return typeof value === "string" && safeEqual(value, auth.value) ? { ok: true } : reject();
      }
      case "oauth2": {
        const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
        if (!m) return reject(`Bearer ${REALM}`);
        const invalid = (fault: "auth" | "expired-token"): AuthResult => ({
          ok: false,
          error: "invalid_token",
          fault,
          challenge: `Bearer ${REALM}, error="invalid_token"`,
        });
        const token = tokens.get(m[1]);
        if (!token) return invalid("auth");
        const usedUp = auth.tokenMaxUses !== undefined && token.uses >= auth.tokenMaxUses;
        const timedOut = auth.tokenTtlMs !== undefined && now - token.issuedAt >= auth.tokenTtlMs;
        if (usedUp || timedOut) return invalid("expired-token");
        token.uses++;
        return { ok: true };
      }
    }
  }

  // ---- chaos ---------------------------------------------------------------------------------

  /** Decides the fate of an authorised data request that arrived at `now`. */
  function decide(now: number): Decision {
    window = window.filter((t) => now - t < 1000);
    chaosRequests++;
    if (chaosRequests <= (chaos.graceRequests ?? 0)) {
      window.push(now);
      return { type: "pass" };
    }
    // Always the same number of draws, whichever branch is taken.
    const [rate, error, errorKind, slow, truncated, truncKind, truncCut] = Array.from(
      { length: DRAWS_PER_REQUEST },
      random,
    );
    const retryAfterS = chaos.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_S;

    if (chaos.alwaysStatus !== undefined) {
      const status = chaos.alwaysStatus;
      const fault =
        status === 429 ? "rate-limit" : status === 401 || status === 403 ? "auth" : "server-error";
      return {
        type: "status",
        status,
        fault,
        retryAfterS: status === 429 || status === 503 ? retryAfterS : undefined,
      };
    }
    if (chaos.maxRequestsPerSecond !== undefined && window.length >= chaos.maxRequestsPerSecond)
      return { type: "status", status: 429, fault: "rate-limit", retryAfterS: 1 };
    window.push(now);
    if (rate < (chaos.rateLimitProbability ?? 0))
      return { type: "status", status: 429, fault: "rate-limit", retryAfterS };
    if (error < (chaos.serverErrorProbability ?? 0)) {
      if (errorKind < 0.5) return { type: "status", status: 500, fault: "server-error" };
      return {
        type: "status",
        status: 503,
        fault: "server-error",
        html: true,
        retryAfterS: errorKind < 0.75 ? undefined : retryAfterS,
      };
    }
    if (slow < (chaos.slowProbability ?? 0))
      return { type: "slow", ms: chaos.slowMs ?? DEFAULT_SLOW_MS };
    if (truncated < (chaos.truncatedProbability ?? 0))
      return {
        type: "truncated",
        variant: truncKind < 0.5 ? "content-length" : "cut-json",
        fraction: 0.2 + 0.6 * truncCut,
      };
    return { type: "pass" };
  }

  // ---- pages ---------------------------------------------------------------------------------

  function encodeCursor(lastId: unknown): string {
    const payload = JSON.stringify(lastId);
    const sig = createHmac("sha256", cursorKey).update(payload).digest("base64");
    return Buffer.from(JSON.stringify({ after: lastId, sig })).toString("base64");
  }

  function decodeCursor(cursor: string, param: string): unknown {
    try {
      const { after, sig } = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as {
        after: unknown;
        sig: unknown;
      };
      const expected = createHmac("sha256", cursorKey)
        .update(JSON.stringify(after))
        .digest("base64");
      if (typeof sig === "string" && safeEqual(sig, expected)) return after;
    } catch {
      // falls through to the 400
    }
    throw new HttpError(400, { error: "invalid_cursor", parameter: param });
  }

  function buildPage(ep: EndpointState, url: URL): Page {
    const q = url.searchParams;
    // The spec's array is live: records a test adds or edits after start are served too.
    let records = [...ep.spec.records].sort((a, b) => compareIds(a.id, b.id));
    const sinceParam = ep.spec.updatedSinceParam;
    const since = sinceParam ? q.get(sinceParam) : null;
    if (sinceParam && since !== null) {
      const t = Date.parse(since);
      if (Number.isNaN(t))
        throw new HttpError(400, {
          error: "invalid_parameter",
          parameter: sinceParam,
          message: "not a timestamp",
        });
      records = records.filter((r) => Date.parse(String(r.updated_at)) > t);
    }

    const wrap = (
      slice: Record<string, unknown>[],
      extra: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Page => {
      let body: unknown = slice;
      if (ep.recordsKey !== "") {
        const obj: Record<string, unknown> = {};
        setPath(obj, ep.recordsKey, slice);
        for (const [k, v] of Object.entries(extra)) setPath(obj, k, v);
        body = obj;
      }
      return { body, headers, ids: slice.map((r) => r.id) };
    };

    const p = ep.spec.pagination;
    switch (p.type) {
      case "none":
        return wrap(records, {});
      case "page_number": {
        const start = p.startPage ?? 1;
        const page = intParam(q, p.pageParam ?? "page", start, start);
        const size = intParam(q, p.sizeParam ?? "per_page", p.defaultSize ?? DEFAULT_PAGE_SIZE, 1);
        const from = (page - start) * size;
        return wrap(records.slice(from, from + size), { total: records.length, page });
      }
      case "offset_limit": {
        const offset = intParam(q, p.offsetParam ?? "offset", 0, 0);
        const limit = intParam(q, p.limitParam ?? "limit", p.defaultLimit ?? DEFAULT_PAGE_SIZE, 1);
        return wrap(records.slice(offset, offset + limit), { total: records.length });
      }
      case "cursor": {
        const cursorParam = p.cursorParam ?? "cursor";
        const size = intParam(q, p.sizeParam ?? "limit", p.defaultSize ?? DEFAULT_PAGE_SIZE, 1);
        const cursor = q.get(cursorParam);
        let from = 0;
        if (cursor !== null) {
          const after = decodeCursor(cursor, cursorParam);
          from = records.findIndex((r) => compareIds(r.id, after) > 0);
          if (from < 0) from = records.length;
        }
        const slice = records.slice(from, from + size);
        const next = from + size < records.length ? encodeCursor(slice[slice.length - 1].id) : null;
        return wrap(slice, { [p.cursorField ?? "next_cursor"]: next });
      }
      case "link_header": {
        const size = intParam(q, p.sizeParam ?? "per_page", p.defaultSize ?? DEFAULT_PAGE_SIZE, 1);
        const page = intParam(q, LINK_PAGE_PARAM, 1, 1);
        const lastPage = Math.max(1, Math.ceil(records.length / size));
        const from = (page - 1) * size;
        const link = (n: number, rel: string): string => {
          const params = new URLSearchParams(q);
          params.set(LINK_PAGE_PARAM, String(n));
          return `<${baseUrl}${url.pathname}?${params}>; rel="${rel}"`;
        };
        // Several relations, with "next" rarely first: a client must really parse the header.
        const links: string[] = [];
        if (page > 1) links.push(link(1, "first"), link(Math.min(page - 1, lastPage), "prev"));
        if (page < lastPage) links.push(link(page + 1, "next"), link(lastPage, "last"));
        return wrap(
          records.slice(from, from + size),
          {},
          links.length ? { link: links.join(", ") } : {},
        );
      }
    }
  }

  /** Sends a page as a successful 200 and counts its records as served. */
  function sendPage(ep: EndpointState, res: http.ServerResponse, page: Page): void {
    if (res.destroyed) return;
    for (const id of page.ids) ep.served.set(id, (ep.served.get(id) ?? 0) + 1);
    sendJson(res, 200, page.body, page.headers);
  }

  function sendTruncated(
    res: http.ServerResponse,
    page: Page,
    variant: "content-length" | "cut-json",
    fraction: number,
  ): void {
    const full = Buffer.from(JSON.stringify(page.body));
    // Any proper prefix of a JSON object/array is invalid JSON (its closing bracket is the last byte).
    const cut = full.subarray(
      0,
      Math.min(full.length - 1, Math.max(1, Math.floor(full.length * fraction))),
    );
    const headers = { ...page.headers, "content-type": "application/json; charset=utf-8" };
    if (variant === "content-length") {
      res.writeHead(200, { ...headers, "content-length": String(full.length) });
      res.write(cut, () => res.socket?.destroy());
    } else {
      res.writeHead(200, headers); // no content-length: chunked, ends cleanly
      res.end(cut);
    }
  }

  // ---- request handling ----------------------------------------------------------------------

  function handleData(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    ep: EndpointState,
    entry: RequestLog,
  ): void {
    const now = entry.at;
    const finish = (status: number, fields: Partial<RequestLog> = {}): void => {
      Object.assign(entry, { status }, fields);
      log.push(entry);
    };
    if (req.method !== "GET") {
      finish(405);
      return sendJson(res, 405, { error: "method_not_allowed" }, { allow: "GET" });
    }

    const authResult = authenticate(req, url, now);
    if (!authResult.ok) {
      finish(401, { fault: authResult.fault });
      return sendJson(
        res,
        401,
        { error: authResult.error },
        authResult.challenge ? { "www-authenticate": authResult.challenge } : {},
      );
    }
    entry.authorised = true;

    const decision = decide(now);
    if (decision.type === "status") {
      const headers: Record<string, string> = {};
      if (decision.retryAfterS !== undefined) headers["retry-after"] = String(decision.retryAfterS);
      finish(decision.status, {
        fault: decision.fault,
        retryAfterMs: decision.retryAfterS !== undefined ? decision.retryAfterS * 1000 : undefined,
      });
      if (decision.html) {
        const html = "<html><body><h1>503 Service Unavailable</h1></body></html>";
        res.writeHead(decision.status, {
          ...headers,
          "content-type": "text/html",
          "content-length": String(Buffer.byteLength(html)),
        });
        res.end(html);
        return;
      }
      const error =
        decision.status === 429
          ? "rate_limited"
          : decision.status >= 500
            ? "server_error"
            : "forced_status";
      return sendJson(res, decision.status, { error }, headers);
    }

    let page: Page;
    try {
      page = buildPage(ep, url);
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      finish(e.status);
      return sendJson(res, e.status, e.body);
    }

    switch (decision.type) {
      case "pass":
        finish(200);
        return sendPage(ep, res, page);
      case "truncated":
        finish(200, { fault: "truncated", truncation: decision.variant });
        return sendTruncated(res, page, decision.variant, decision.fraction);
      case "slow": {
        finish(200, { fault: "slow" });
        const timer = setTimeout(() => {
          pending.delete(timer);
          sendPage(ep, res, page);
        }, decision.ms);
        pending.add(timer);
        res.on("close", () => {
          if (res.writableEnded) return; // answered in time
          clearTimeout(timer);
          pending.delete(timer);
          entry.clientAborted = true;
        });
        return;
      }
    }
  }

  async function handleToken(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: RequestLog,
  ): Promise<void> {
    if (auth.type !== "oauth2") throw new Error("unreachable: token request without oauth2");
    const finish = (
      status: number,
      body: Record<string, unknown>,
      headers: Record<string, string> = {},
      fault?: "auth",
    ): void => {
      entry.status = status;
      if (fault) entry.fault = fault;
      log.push(entry);
      sendJson(res, status, body, { "cache-control": "no-store", ...headers });
    };
    if (req.method !== "POST")
      return finish(405, { error: "method_not_allowed" }, { allow: "POST" });
    const text = await readBody(req);
    const contentType = String(req.headers["content-type"] ?? "").toLowerCase();
    if (!contentType.startsWith("application/x-www-form-urlencoded"))
      return finish(400, {
        error: "invalid_request",
        error_description: "expected application/x-www-form-urlencoded",
      });
    const form = new URLSearchParams(text);

    // Client credentials: in a Basic header, or client_id/client_secret in the body.
    const basic = parseBasic(req.headers.authorization);
    const id = basic ? basic.user : (form.get("client_id") ?? "");
    const secret = basic ? basic.password : (form.get("client_secret") ?? "");
    const matches = (a: string, b: string) =>
      safeEqual(a, b) || (basic !== undefined && safeEqual(formDecode(a), b));
    if (!(matches(id, auth.clientId) && matches(secret, auth.clientSecret)))
      return finish(
        401,
        { error: "invalid_client" },
        basic ? { "www-authenticate": `Basic ${REALM}` } : {},
        "auth",
      );
    entry.authorised = true;

    if (form.get("grant_type") !== "client_credentials")
      return finish(400, { error: "unsupported_grant_type" });
    if (auth.scope !== undefined) {
      const want = new Set(auth.scope.split(/\s+/).filter(Boolean));
      const got = new Set((form.get("scope") ?? "").split(/\s+/).filter(Boolean));
      if (want.size !== got.size || [...want].some((s) => !got.has(s)))
        return finish(400, { error: "invalid_scope" });
    }

    const accessToken = randomBytes(24).toString("base64url");
    tokens.set(accessToken, { issuedAt: performance.now(), uses: 0 });
    tokensIssued.push(accessToken);
    const expiresIn =
      auth.expiresIn ?? (auth.tokenTtlMs !== undefined ? Math.ceil(auth.tokenTtlMs / 1000) : 3600);
    finish(200, {
      access_token: accessToken,
      token_type: "Bearer",
      expires_in: expiresIn,
      ...(auth.scope !== undefined ? { scope: auth.scope } : {}),
    });
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = performance.now();
    const url = new URL(req.url ?? "/", baseUrl);
    const entry: RequestLog = {
      at,
      method: req.method ?? "",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      authorised: false,
      kind: "other",
    };
    try {
      const ep = endpoints.get(url.pathname);
      if (ep) {
        entry.kind = "data";
        return handleData(req, res, url, ep, entry);
      }
      if (auth.type === "oauth2" && url.pathname === tokenPath) {
        entry.kind = "token";
        return await handleToken(req, res, entry);
      }
      entry.status = 404;
      log.push(entry);
      sendJson(res, 404, { error: "not_found", path: url.pathname });
    } catch (e) {
      // A bug in this fixture (or an oversized token request): make it loud, never hang the client.
      const status = e instanceof HttpError ? e.status : 500;
      if (!entry.status) {
        entry.status = status;
        log.push(entry);
      }
      sendJson(
        res,
        status,
        e instanceof HttpError ? e.body : { error: "fixture_error", message: String(e) },
      );
    }
  }

  const server = http.createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  baseUrl = `http://${HOST}:${(server.address() as AddressInfo).port}`;

  let stopping: Promise<void> | undefined;
  return {
    url: baseUrl,
    log,
    tokensIssued,
    secrets() {
      const found: string[] = [];
      switch (auth.type) {
        case "basic":
          found.push(
            auth.password,
            Buffer.from(`${auth.username}:${auth.password}`).toString("base64"),
          );
          break;
        case "bearer":
          found.push(auth.token);
          break;
        case "api_key":
          found.push(auth.value);
          break;
        case "oauth2":
          found.push(
            auth.clientSecret,
            Buffer.from(`${auth.clientId}:${auth.clientSecret}`).toString("base64"),
            ...tokensIssued,
          );
          break;
        case "none":
          break;
      }
      return [...new Set(found.filter((s) => s !== ""))];
    },
    setChaos,
    served(path) {
      const ep = endpoints.get(path);
      if (!ep)
        throw new Error(`no endpoint ${path}; configured: ${[...endpoints.keys()].join(", ")}`);
      return new Map(ep.served);
    },
    stop() {
      stopping ??= new Promise<void>((resolve, reject) => {
        for (const timer of pending) clearTimeout(timer);
        pending.clear();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
