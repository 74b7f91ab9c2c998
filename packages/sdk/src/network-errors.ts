/**
 * Socket, DNS and TLS failures read the same way by every connector: Node's errno codes
 * (ECONNREFUSED, ETIMEDOUT, …), OpenSSL's certificate codes, and the words drivers use for
 * timeouts and TLS. A driver's own codes (SQLSTATE, MySQL's ER_*, HTTP statuses) stay with its
 * connector (`errors.ts`), which asks this module about whatever they do not explain.
 */
import { ConnectionError, TimeoutError, TlsError, type ConnectorError } from "./errors.js";

/**
 * What went wrong on the way to a server. Three TLS failures, because each is fixed in another
 * field: `certificate` (the chain is not trusted: a self-signed or private CA not given, an
 * expired certificate), `host-name` (the certificate names another host), and `tls` (anything
 * else: the server does not speak TLS, no common protocol).
 */
export type NetworkFailure =
  "timeout" | "unknown-host" | "unreachable" | "tls" | "certificate" | "host-name";

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
  DEPTH_ZERO_SELF_SIGNED_CERT: "certificate",
  SELF_SIGNED_CERT_IN_CHAIN: "certificate",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "certificate",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "certificate",
  UNABLE_TO_GET_ISSUER_CERT: "certificate",
  CERT_HAS_EXPIRED: "certificate",
  CERT_NOT_YET_VALID: "certificate",
  CERT_UNTRUSTED: "certificate",
  // Node's check of the certificate's names against the host connected to.
  ERR_TLS_CERT_ALTNAME_INVALID: "host-name",
};

const HOST_NAME_TEXT = /altnames|does not match certificate/i;
const CERTIFICATE_TEXT = /self[- ]signed|certificate/i;
const TLS_TEXT = /\bSSL\b|\bTLS\b/i;
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
  if (HOST_NAME_TEXT.test(text)) return "host-name";
  if (CERTIFICATE_TEXT.test(text)) return "certificate";
  if (TLS_TEXT.test(text)) return "tls";
  if (TIMEOUT_TEXT.test(text)) return "timeout";
  return undefined;
}

export interface NetworkErrorOptions {
  /** The limit that was exceeded, for a timeout (0 when unknown). */
  timeoutMs?: number;
  /**
   * Advice by failure, where the connector can say more than the defaults (its field names).
   * `tls` is also the advice for `certificate` and `host-name` when they have none of their own.
   */
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
  certificate:
    "The server's certificate is not trusted here: give the certificate of the CA that signed it (a self-signed server's own certificate), or choose an SSL mode that does not verify it.",
  "host-name":
    "The server's certificate is not issued for this host name: connect with a name the certificate lists, or choose an SSL mode that verifies the chain only (verify-ca).",
};

const TLS_FAILURES: ReadonlySet<NetworkFailure> = new Set(["tls", "certificate", "host-name"]);

/**
 * The typed error for a network failure, or undefined when `error` is not one: a timeout is a
 * TimeoutError, a TLS failure a TlsError, everything else a ConnectionError. A TLS failure and a host name that does not
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
  // A connector that speaks only of `tls` means every TLS failure; one that tells them apart wins.
  const general = TLS_FAILURES.has(failure) ? "tls" : failure;
  const hint =
    options.hints?.[failure] ??
    (failure === general ? undefined : options.hints?.[general]) ??
    DEFAULT_HINTS[failure];
  const cause = options.cause ?? error;
  const fields = options.fields?.[failure] ?? options.fields?.[general] ?? [];
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
    case "certificate":
    case "host-name":
      return new TlsError(message, { hint, retryable: false, cause, fields });
    case "unreachable":
      return new ConnectionError(message, { hint, cause, fields });
  }
}
