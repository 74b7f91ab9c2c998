/**
 * One HTTP request as the http-api connector makes it: a rate-limit token first, the
 * configured auth (fetching and refreshing an OAuth 2.0 token as needed), a timeout, and every
 * failure turned into a typed error: 401 → auth, 403 → permission, 429 → rate limit with
 * Retry-After, 5xx and dropped connections → connection (retryable), a cut or invalid JSON body →
 * source (retryable). `retry()` around it does the backoff.
 */
import { defaulted } from "@onespec/runtime";
import { Agent, fetch, type Dispatcher } from "undici";
import { AuthError, ConnectionError, SourceError, retry, type Logger } from "@onespec/sdk";
import type { HttpApiConfig } from "@onespec/generated/connectors/http-api/types";
import { bearer, requestAuth, type RequestAuth } from "./config.js";
import { rateLimited, requestError, statusError } from "./errors.js";

export interface HttpSession {
  config: HttpApiConfig;
  auth: RequestAuth;
  dispatcher: Dispatcher;
  /** The current OAuth access token and when to refresh it (ms since epoch). */
  token?: { value: string; refreshAt: number };
  /** Takes a token per request (the connection's rate_limit, or the run's). */
  limiter?: { take(count?: number, signal?: AbortSignal): Promise<void> };
  logger?: Logger;
  now: () => number;
}

export interface JsonResponse {
  status: number;
  headers: Headers;
  body: unknown;
  url: string;
}

/** The TLS settings of a parsed config (parse filled in the schema's defaults). */
export function createDispatcher(config: HttpApiConfig): Dispatcher {
  const ssl = defaulted(config, "ssl");
  return new Agent({
    connect: {
      rejectUnauthorized: defaulted(ssl, "verify_server_certificate"),
      ...(ssl.ca_certificate !== undefined && { ca: ssl.ca_certificate }),
    },
  });
}

export function createSession(
  config: HttpApiConfig,
  options: Partial<HttpSession> = {},
): HttpSession {
  return {
    config,
    auth: requestAuth(config.auth),
    dispatcher: options.dispatcher ?? createDispatcher(config),
    now: options.now ?? Date.now,
    ...(options.limiter && { limiter: options.limiter }),
    ...(options.logger && { logger: options.logger }),
  };
}

/** Where a URL points, without its query string (which may carry an API key). */
export function describeUrl(url: string | URL): string {
  const u = new URL(String(url));
  return `${u.origin}${u.pathname}`;
}

async function send(
  session: HttpSession,
  url: URL,
  init: { method?: string; headers?: Record<string, string>; body?: string },
  signal: AbortSignal | undefined,
): Promise<{ status: number; headers: Headers; text: string }> {
  const timeoutMs = defaulted(session.config, "request_timeout_seconds") * 1000;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const where = `${init.method ?? "GET"} ${describeUrl(url)}`;
  try {
    const response = await fetch(url, {
      method: init.method ?? "GET",
      headers: { Accept: "application/json", ...session.config.headers, ...init.headers },
      ...(init.body !== undefined && { body: init.body }),
      signal: combined,
      dispatcher: session.dispatcher,
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, text };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    throw requestError(error, where, timeout.aborted ? { timeoutMs } : undefined);
  }
}

/** Obtains (or reuses) the OAuth access token; `force` fetches a new one. */
async function accessToken(
  session: HttpSession,
  signal: AbortSignal | undefined,
  force = false,
): Promise<string> {
  if (session.auth.kind !== "oauth2") throw new Error("not an OAuth connection");
  if (!force && session.token && session.now() < session.token.refreshAt)
    return session.token.value;
  const request = session.auth.tokenRequest;
  const response = await send(session, new URL(request.url), request, signal);
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    throw new AuthError(
      `the token endpoint ${describeUrl(request.url)} refused the client credentials (HTTP ${response.status})`,
      {
        hint: "Check client_id, client_secret, the client auth method and the scopes.",
      },
    );
  }
  if (response.status === 429)
    throw rateLimited(
      response.headers,
      `token request to ${describeUrl(request.url)}`,
      session.now(),
    );
  if (response.status >= 500) {
    throw new ConnectionError(
      `the token endpoint ${describeUrl(request.url)} answered HTTP ${response.status}`,
    );
  }
  let body: { access_token?: unknown; expires_in?: unknown };
  try {
    body = JSON.parse(response.text) as typeof body;
  } catch {
    throw new SourceError(`the token endpoint ${describeUrl(request.url)} did not answer JSON`, {
      retryable: true,
    });
  }
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new AuthError(`the token endpoint ${describeUrl(request.url)} returned no access_token`);
  }
  const lifetime = typeof body.expires_in === "number" ? body.expires_in : 3600;
  const refreshAt =
    session.now() + Math.max(0, lifetime - session.auth.refreshBeforeExpirySeconds) * 1000;
  session.token = { value: body.access_token, refreshAt };
  session.logger?.debug("obtained an OAuth access token", { expiresInSeconds: lifetime });
  return body.access_token;
}

/** One authenticated GET, without retries. */
export async function getOnce(
  session: HttpSession,
  url: URL,
  signal?: AbortSignal,
): Promise<JsonResponse> {
  await session.limiter?.take(1, signal);
  const target = new URL(url);
  const headers: Record<string, string> = {};
  if (session.auth.kind === "static") {
    Object.assign(headers, session.auth.headers);
    for (const [k, v] of Object.entries(session.auth.query)) target.searchParams.set(k, v);
  } else {
    Object.assign(headers, bearer(await accessToken(session, signal)));
  }
  const where = `GET ${describeUrl(target)}`;
  let response = await send(session, target, { headers }, signal);
  if (response.status === 401 && session.auth.kind === "oauth2") {
    // The token expired or was revoked mid-run: get a new one and try once more.
    session.logger?.info("access token rejected; requesting a new one");
    await session.limiter?.take(1, signal);
    response = await send(
      session,
      target,
      { headers: bearer(await accessToken(session, signal, true)) },
      signal,
    );
  }
  const failed = statusError(response, where, session.now());
  if (failed) throw failed;
  let body: unknown;
  try {
    body = response.text === "" ? null : JSON.parse(response.text);
  } catch {
    throw new SourceError(
      `${where}: the response is not complete JSON (${response.text.length} bytes received)`,
      {
        retryable: true,
        hint: "The connection may have dropped mid-response; it is retried.",
      },
    );
  }
  return { status: response.status, headers: response.headers, body, url: target.toString() };
}

/** A GET retried on transient failures up to max_retries, honouring Retry-After. */
export function get(session: HttpSession, url: URL, signal?: AbortSignal): Promise<JsonResponse> {
  return retry(() => getOnce(session, url, signal), {
    retries: defaulted(session.config, "max_retries"),
    baseDelayMs: 250,
    maxDelayMs: 10_000,
    ...(signal && { signal }),
    onRetry: ({ attempt, delayMs, error }) =>
      session.logger?.warn("request failed, retrying", {
        url: describeUrl(url),
        attempt,
        delayMs: Math.round(delayMs),
        error: (error as Error).message,
      }),
  });
}

/** Sends a plain request (no auth) and reports the status, for the reachability check. */
export async function probe(session: HttpSession, url: URL, signal?: AbortSignal): Promise<number> {
  return (await send(session, url, {}, signal)).status;
}

export { accessToken };
