/**
 * The generic http-api connector: every endpoint of the config is a stream of records, read
 * page by page with the configured pagination, optionally incrementally by a cursor field.
 */
import { defaulted } from "@onespec/runtime";
import {
  SourceError,
  TokenBucket,
  defineConnector,
  type Batch,
  type JsonValue,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/http-api/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/http-api/validator";
import { connectorVersion, migrate } from "@onespec/generated/connectors/http-api/upgrade";
import { isObject, recordsOf, streams, toEntities } from "./catalog.js";
import { checkEndpoints } from "./config.js";
import { accessToken, createSession, get, probe, type HttpSession } from "./http.js";
import {
  advance,
  finishState,
  firstPosition,
  greater,
  pageUrl,
  paginationOf,
  type Position,
} from "./pagination.js";
import { recordValidator } from "./records.js";

export const httpApiConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  version: connectorVersion,
  migrate,
  async connect(config, { logger }): Promise<HttpSession> {
    checkEndpoints(config);
    const limiter = config.rate_limit
      ? new TokenBucket({
          ratePerSecond: config.rate_limit.requests_per_second,
          burst: defaulted(config.rate_limit, "burst"),
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
      const endpoint = ctx.config.endpoints[0];
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
    return streams(config);
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
        state: { ...position },
      };
      if (position.next === null) break;
    }
    // The last batch: no records, and the state the next run starts from.
    yield { records: [], state: finishState(position, endpoint) as unknown as JsonValue };
  },
});
