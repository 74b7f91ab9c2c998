/**
 * Socket, DNS and TLS failures read the same way by every connector: Node's errno codes
 * (ECONNREFUSED, ETIMEDOUT, …), OpenSSL's certificate codes, and the words drivers use for
 * timeouts and TLS. A driver's own codes (SQLSTATE, MySQL's ER_*, HTTP statuses) stay with its
 * connector (`errors.ts`), which asks this module about whatever they do not explain.
 */
import { ConnectionError, TimeoutError, type ConnectorError } from "./errors.js";

/** What went wrong on the way to a server. */
export type NetworkFailure = "timeout" | "unknown-host" | "unreachable" | "tls";

const CODES: Readonly<Record<string, NetworkFailure>> = {
  ETIMEDOUT: "timeout",
  ENOTFOUND: "unknown-host",
  EAI_AGAIN: "unknown-host",
  ECONNREFUSED: "unreachable",
  ECONNRESET: "unreachable",
  EHOSTUNREACH: "unreachable",
  ENETUNREACH: "unreachable",
  EPIPE: "unreachable",
  // OpenSSL's certificate verdicts, as Node reports them.
  DEPTH_ZERO_SELF_SIGNED_CERT: "tls",
  SELF_SIGNED_CERT_IN_CHAIN: "tls",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "tls",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "tls",
  UNABLE_TO_GET_ISSUER_CERT: "tls",
  CERT_HAS_EXPIRED: "tls",
  CERT_NOT_YET_VALID: "tls",
  CERT_UNTRUSTED: "tls",
};

const TLS_TEXT = /self[- ]signed|certificate|altnames|\bSSL\b|\bTLS\b/i;
const TIMEOUT_TEXT = /timeout|timed out/i;

/**
 * The network failure an error stands for, or undefined. The error's `code` decides first
 * (ERR_TLS_* and ERR_SSL_* are TLS); without a known code, its message (TLS words before timeout
 * words).
 */
export function networkFailure(error: unknown): NetworkFailure | undefined {
  const e = error as { code?: unknown; message?: unknown } | null | undefined;
  const code = typeof e?.code === "string" ? e.code : "";
  const byCode = Object.hasOwn(CODES, code) ? CODES[code] : undefined;
  if (byCode) return byCode;
  if (/^ERR_(TLS|SSL)_/.test(code)) return "tls";
  const text = typeof e?.message === "string" ? e.message : "";
  if (TLS_TEXT.test(text)) return "tls";
  if (TIMEOUT_TEXT.test(text)) return "timeout";
  return undefined;
}

export interface NetworkErrorOptions {
  /** The limit that was exceeded, for a timeout (0 when unknown). */
  timeoutMs?: number;
  /** Advice by failure, where the connector can say more than the defaults (its field names). */
  hints?: Partial<Record<NetworkFailure, string>>;
  /** The config values at fault by failure (JSON pointers): the host for an unknown host, … */
  fields?: Partial<Record<NetworkFailure, readonly string[]>>;
  cause?: unknown;
}

const DEFAULT_HINTS: Readonly<Record<NetworkFailure, string>> = {
  timeout:
    "Check that the host is reachable (firewall, security group), or raise the connect timeout.",
  "unknown-host": "Check the host name.",
  unreachable: "Check the host and port, and that the server is running and accepts connections.",
  tls: "Check the SSL mode and certificates (ssl).",
};

/**
 * The typed error for a network failure, or undefined when `error` is not one: a timeout is a
 * TimeoutError, everything else a ConnectionError. A TLS failure and a host name that does not
 * resolve (ENOTFOUND) are not retried; a temporary DNS failure (EAI_AGAIN) and a refused or
 * dropped connection are.
 */
export function networkError(
  error: unknown,
  message: string,
  options: NetworkErrorOptions = {},
): ConnectorError | undefined {
  const failure = networkFailure(error);
  if (!failure) return undefined;
  const hint = options.hints?.[failure] ?? DEFAULT_HINTS[failure];
  const cause = options.cause ?? error;
  const fields = options.fields?.[failure] ?? [];
  switch (failure) {
    case "timeout":
      return new TimeoutError(message, {
        timeoutMs: options.timeoutMs ?? 0,
        hint,
        cause,
        fields,
      });
    case "unknown-host":
      return new ConnectionError(message, {
        hint,
        retryable: (error as { code?: unknown }).code === "EAI_AGAIN",
        cause,
        fields,
      });
    case "tls":
      return new ConnectionError(message, { hint, retryable: false, cause, fields });
    case "unreachable":
      return new ConnectionError(message, { hint, cause, fields });
  }
}
