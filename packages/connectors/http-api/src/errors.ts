/**
 * HTTP failures as typed errors: 401 → auth, 403 → permission (both on the auth settings), 429
 * (and 503 with Retry-After) → rate limit, 5xx → connection (retryable), other 4xx → source; a
 * request that never got an answer is classified by the SDK like every connector's socket errors.
 */
import {
  AuthError,
  ConnectionError,
  ConnectorError,
  PermissionError,
  RateLimitError,
  SourceError,
  TimeoutError,
  networkError,
  parseRetryAfter,
} from "@onespec/sdk";

export function rateLimited(headers: Headers, where: string, now: number): RateLimitError {
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
  return new RateLimitError(
    `${where}: rate limited (HTTP 429${retryAfterMs !== undefined ? `, retry after ${Math.ceil(retryAfterMs / 1000)} s` : ""})`,
    {
      ...(retryAfterMs !== undefined && { retryAfterMs }),
      hint: "Lower rate_limit.requests_per_second.",
    },
  );
}

/** The error for a data request's status, or undefined for a success (below 400). */
export function statusError(
  response: { status: number; headers: Headers },
  where: string,
  now: number,
): ConnectorError | undefined {
  const { status, headers } = response;
  if (status === 401) {
    return new AuthError(`${where}: HTTP 401, the credentials were refused`, {
      hint: "Check the credentials under auth: they are missing, wrong or expired.",
      fields: ["/auth"],
    });
  }
  if (status === 403) {
    // The server knows who is asking and says no: a grant or a scope fixes it, not a new secret.
    return new PermissionError(`${where}: HTTP 403, access to this endpoint is forbidden`, {
      hint: "The credentials were accepted but are not allowed to read this endpoint: grant the account access to it, or for OAuth 2.0 request a scope that covers it.",
      fields: ["/auth"],
    });
  }
  if (status === 429) return rateLimited(headers, where, now);
  if (status === 503 && headers.get("retry-after")) {
    const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now);
    return new RateLimitError(`${where}: HTTP 503, service unavailable`, {
      ...(retryAfterMs !== undefined && { retryAfterMs }),
    });
  }
  if (status >= 500) return new ConnectionError(`${where}: HTTP ${status} from the server`);
  if (status >= 400) {
    return new SourceError(`${where}: HTTP ${status}`, {
      hint: "Check the endpoint path and query parameters.",
    });
  }
  return undefined;
}

/**
 * The error for a request that got no answer: past `timeoutMs` a TimeoutError; otherwise the
 * socket, DNS or TLS failure undici reports as the cause, and a dropped connection.
 */
export function requestError(
  error: unknown,
  where: string,
  timedOut: { timeoutMs: number } | undefined,
): ConnectorError {
  if (timedOut) {
    return new TimeoutError(`${where} timed out after ${timedOut.timeoutMs} ms`, {
      timeoutMs: timedOut.timeoutMs,
      hint: "Raise request_timeout_seconds if the API is slow.",
      cause: error,
      fields: ["/request_timeout_seconds"],
    });
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = `${where} failed: ${cause?.code ?? cause?.message ?? (error as Error).message}`;
  return (
    networkError(cause, message, {
      cause: error,
      hints: {
        "unknown-host": "Check the host name in base_url.",
        unreachable: "Check the base URL and that the server is reachable.",
        tls: "Check the server certificate, or supply its CA certificate under ssl.",
      },
      fields: {
        "unknown-host": ["/base_url"],
        unreachable: ["/base_url"],
        timeout: ["/base_url", "/request_timeout_seconds"],
        tls: ["/ssl"],
        certificate: ["/ssl/ca_certificate", "/ssl/verify_server_certificate"],
        "host-name": ["/base_url", "/ssl/verify_server_certificate"],
      },
    }) ??
    new ConnectionError(message, {
      hint: "Check the base URL and that the server is reachable.",
      cause: error,
    })
  );
}
