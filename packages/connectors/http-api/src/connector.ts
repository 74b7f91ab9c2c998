/**
 * The generic http-api connector: every endpoint of the config is a stream of records, read
 * page by page with the configured pagination, optionally incrementally by a cursor field.
 */
import {
  ConfigError,
  SourceError,
  TokenBucket,
  defineConnector,
  fqn,
  type Batch,
  type Entity,
  type Failure,
  type JsonValue,
  type RunContext,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/http-api/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/http-api/validator";
import type { HttpApiConfig, Pagination } from "@onespec/generated/connectors/http-api/types";
import { recordsUrl, type HttpApiEndpoint } from "./config.js";
import {
  accessToken,
  createSession,
  get,
  probe,
  type HttpSession,
  type JsonResponse,
} from "./http.js";
import { valueAt } from "./paths.js";
import { recordValidator } from "./records.js";

/** Where a stream is: the next request, the cursor it started from and the highest seen. */
interface Position {
  /** Next page: a page number, an offset, a cursor token or a URL path+query (no secrets). */
  next: string | number | null;
  /** The saved cursor this run started from (sent as cursor_param). */
  since?: string | number;
  /** Highest cursor_field value seen so far in this run. */
  max?: string | number;
}

/** A finished incremental stream's state: where the next run starts. */
interface Cursor {
  since?: string | number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function paginationOf(config: HttpApiConfig, endpoint: HttpApiEndpoint): Pagination {
  return endpoint.pagination ?? config.pagination ?? { type: "none" };
}

function greater(
  a: string | number | undefined,
  b: string | number | undefined,
): string | number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b > a ? b : a;
}

function firstPosition(pagination: Pagination): string | number | null {
  switch (pagination.type) {
    case "none":
    case "cursor":
    case "link_header":
      return null;
    case "page_number":
      return pagination.start_page ?? 1;
    case "offset_limit":
      return 0;
  }
}

/** The URL of a page: endpoint URL + pagination parameters for `position.next`. */
function pageUrl(
  session: HttpSession,
  endpoint: HttpApiEndpoint,
  pagination: Pagination,
  position: Position,
  first: boolean,
): URL {
  const extra: Record<string, string> = {};
  if (endpoint.cursor_param && position.since !== undefined)
    extra[endpoint.cursor_param] = String(position.since);
  switch (pagination.type) {
    case "page_number":
      extra[pagination.page_param] = String(position.next);
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(pagination.page_size);
      break;
    case "offset_limit":
      extra[pagination.offset_param] = String(position.next);
      extra[pagination.limit_param] = String(pagination.limit);
      break;
    case "cursor":
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(pagination.page_size ?? 100);
      if (!first && position.next !== null)
        extra[pagination.cursor_param ?? "cursor"] = String(position.next);
      break;
    case "link_header":
      if (!first && typeof position.next === "string")
        return new URL(position.next, session.config.base_url);
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(pagination.page_size ?? 100);
      break;
    case "none":
      break;
  }
  return recordsUrl(session.config, endpoint, extra);
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels =
      /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2]!)?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (rels.includes("next")) return match[1];
  }
  return undefined;
}

/** Removes the API key query parameter, so a stored checkpoint never holds it. */
function withoutSecretQuery(session: HttpSession, url: string): string {
  const u = new URL(url);
  if (session.auth.kind === "static")
    for (const name of Object.keys(session.auth.query)) u.searchParams.delete(name);
  return `${u.pathname}${u.search}`;
}

function recordsOf(response: JsonResponse, endpoint: HttpApiEndpoint): unknown[] {
  const found = endpoint.records_path
    ? valueAt(response.body, endpoint.records_path)
    : response.body;
  if (found === undefined || found === null) return [];
  if (!Array.isArray(found)) {
    throw new SourceError(
      `${endpoint.name}: the records location ${JSON.stringify(endpoint.records_path ?? "")} holds ${typeof found}, not an array`,
      { hint: "Set records_path to where the array of records sits in the response." },
    );
  }
  return found;
}

/** The position after a page, or null when there is no next page. */
function advance(
  pagination: Pagination,
  position: Position,
  response: JsonResponse,
  count: number,
  session: HttpSession,
): string | number | null {
  if (count === 0) return null;
  switch (pagination.type) {
    case "none":
      return null;
    case "page_number":
      return Number(position.next) + 1;
    case "offset_limit":
      return count < pagination.limit ? null : Number(position.next) + count;
    case "cursor": {
      const next = valueAt(response.body, pagination.cursor_path);
      return next === undefined || next === null || next === "" ? null : String(next);
    }
    case "link_header": {
      const next = nextLink(response.headers.get("link"));
      return next === undefined
        ? null
        : withoutSecretQuery(session, new URL(next, response.url).toString());
    }
  }
}

function toEntities(
  ctx: RunContext,
  endpoint: HttpApiEndpoint,
  records: unknown[],
  validate: ((record: unknown) => string[]) | undefined,
): { entities: Entity[]; failures: Failure[]; max?: string | number } {
  const entities: Entity[] = [];
  const failures: Failure[] = [];
  let max: string | number | undefined;
  for (const [i, record] of records.entries()) {
    const key = valueAt(record, endpoint.primary_key ?? "id");
    const id = typeof key === "string" || typeof key === "number" ? String(key) : undefined;
    const entityFqn = fqn(ctx.service, endpoint.name, id ?? `#${i}`);
    if (!isObject(record) || id === undefined) {
      failures.push({
        type: endpoint.name,
        fqn: entityFqn,
        message: `record ${i} has no primary key ${endpoint.primary_key ?? "id"}`,
      });
      continue;
    }
    const problems = validate?.(record) ?? [];
    if (problems.length > 0) {
      failures.push({ type: endpoint.name, fqn: entityFqn, message: problems.join("; ") });
      continue;
    }
    if (endpoint.cursor_field) {
      const value = valueAt(record, endpoint.cursor_field);
      if (typeof value === "string" || typeof value === "number") max = greater(max, value);
    }
    entities.push({
      type: endpoint.name,
      fqn: entityFqn,
      name: id,
      properties: record as Record<string, JsonValue>,
    });
  }
  return { entities, failures, ...(max !== undefined && { max }) };
}

function checkEndpoints(config: HttpApiConfig): void {
  const seen = new Set<string>();
  for (const [i, endpoint] of config.endpoints.entries()) {
    if (seen.has(endpoint.name)) {
      throw new ConfigError(`endpoint name ${JSON.stringify(endpoint.name)} is used twice`, {
        problems: [
          { pointer: `/endpoints/${i}/name`, message: "must be unique among the endpoints" },
        ],
        hint: "Give every endpoint its own name: it is the entity type of its records.",
      });
    }
    seen.add(endpoint.name);
    if (endpoint.record_schema !== undefined) {
      try {
        recordValidator(endpoint.record_schema);
      } catch (error) {
        throw new ConfigError((error as Error).message, {
          problems: [
            { pointer: `/endpoints/${i}/record_schema`, message: (error as Error).message },
          ],
          hint: (error as ConfigError).hint,
        });
      }
    }
  }
}

export const httpApiConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  async connect(config, { logger }): Promise<HttpSession> {
    checkEndpoints(config);
    const limiter = config.rate_limit
      ? new TokenBucket({
          ratePerSecond: config.rate_limit.requests_per_second,
          burst: config.rate_limit.burst ?? 1,
        })
      : undefined;
    return createSession(config, { logger, ...(limiter && { limiter }) });
  },
  async close(session) {
    await session.dispatcher.close().catch(() => undefined);
  },
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      const status = await probe(session, new URL(ctx.config.base_url), ctx.signal);
      return `HTTP ${status} from ${new URL(ctx.config.base_url).host}`;
    },
    async Authenticate(ctx) {
      const session = await ctx.session();
      if (session.auth.kind === "oauth2") await accessToken(session, ctx.signal, true);
      const endpoint = ctx.config.endpoints[0]!;
      const pagination = paginationOf(ctx.config, endpoint);
      await get(
        session,
        pageUrl(session, endpoint, pagination, { next: firstPosition(pagination) }, true),
        ctx.signal,
      );
      return session.auth.kind === "oauth2"
        ? "access token obtained and accepted"
        : "credentials accepted";
    },
    async FetchFirstPage(ctx) {
      const session = await ctx.session();
      const counts: string[] = [];
      for (const endpoint of ctx.config.endpoints) {
        const pagination = paginationOf(ctx.config, endpoint);
        const response = await get(
          session,
          pageUrl(session, endpoint, pagination, { next: firstPosition(pagination) }, true),
          ctx.signal,
        );
        counts.push(`${endpoint.name}: ${recordsOf(response, endpoint).length} records`);
      }
      return counts.join(", ");
    },
  },
  async discover(_session, config) {
    return config.endpoints.map((e) => ({
      name: e.name,
      entityType: e.name,
      description: `Records of GET ${e.path}`,
      ...(e.cursor_field !== undefined && { incremental: true }),
    }));
  },
  async *read(session, config, stream, state, ctx): AsyncIterable<Batch> {
    const endpoint = config.endpoints.find((e) => e.name === stream);
    if (!endpoint) throw new SourceError(`the http-api config has no endpoint ${stream}`);
    if (ctx.limiter && !session.limiter) session.limiter = ctx.limiter;
    const pagination = paginationOf(config, endpoint);
    const validate = endpoint.record_schema ? recordValidator(endpoint.record_schema) : undefined;
    // A checkpoint has `next`; a finished incremental run left only `since`.
    const saved = isObject(state) ? state : {};
    const resuming = "next" in saved;
    const position: Position = {
      next: resuming ? (saved.next as Position["next"]) : firstPosition(pagination),
      ...(saved.since !== undefined && { since: saved.since as string | number }),
      ...(saved.max !== undefined && { max: saved.max as string | number }),
    };
    let first = !resuming || position.next === null || position.next === firstPosition(pagination);
    if (resuming && position.next === null) {
      // Every page was stored; only the closing batch was not.
      yield { records: [], state: finishState(position, endpoint) as unknown as JsonValue };
      return;
    }
    for (;;) {
      const response = await get(
        session,
        pageUrl(session, endpoint, pagination, position, first),
        ctx.signal,
      );
      first = false;
      const records = recordsOf(response, endpoint);
      const { entities, failures, max } = toEntities(ctx, endpoint, records, validate);
      position.max = greater(position.max, max);
      position.next = advance(pagination, position, response, records.length, session);
      yield {
        records: entities,
        ...(failures.length > 0 && { failures }),
        state: { ...position } as unknown as JsonValue,
      };
      if (position.next === null) break;
    }
    // The last batch: no records, and the state the next run starts from.
    yield { records: [], state: finishState(position, endpoint) as unknown as JsonValue };
  },
});

/** What a finished stream leaves: for an incremental one, the highest cursor value seen. */
function finishState(position: Position, endpoint: HttpApiEndpoint): Cursor {
  if (!endpoint.cursor_field) return {};
  const since = greater(position.since, position.max);
  return since === undefined ? {} : { since };
}
