/**
 * Typed errors. Every failure a connector or the runner reports is one of these, so callers
 * can tell "fix your password" from "try again later" without parsing messages. Messages
 * never contain secret values: the runner passes them through the run's redactor before
 * printing, and connectors must not put config values in them in the first place.
 */
export type ErrorKind =
  | "auth"
  | "permission"
  | "not-found"
  | "rate-limit"
  | "connection"
  | "tls"
  | "timeout"
  | "config"
  | "source"
  | "sink";

export interface ConnectorErrorOptions {
  /** What the user can do about it. */
  hint?: string;
  /** Whether trying again may succeed. Defaults per kind (see `transientKinds`). */
  retryable?: boolean;
  cause?: unknown;
  /**
   * The config values at fault, as JSON pointers into the connector's config (`/database_path`):
   * the CLI shows where they are written, a form puts the error on them.
   */
  fields?: readonly string[];
}

/** Kinds that are worth retrying by default. */
export const transientKinds: ReadonlySet<ErrorKind> = new Set([
  "rate-limit",
  "connection",
  "timeout",
]);

export class ConnectorError extends Error {
  readonly kind: ErrorKind;
  readonly hint: string | undefined;
  readonly retryable: boolean;
  /** The config values at fault (JSON pointers), when the connector knows them. */
  readonly fields: readonly string[];

  constructor(kind: ErrorKind, message: string, options: ConnectorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ConnectorError";
    this.kind = kind;
    this.hint = options.hint;
    this.retryable = options.retryable ?? transientKinds.has(kind);
    this.fields = options.fields ?? [];
  }
}

/** The credentials were refused (wrong password, unknown user, expired token). */
export class AuthError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("auth", message, options);
    this.name = "AuthError";
  }
}

/**
 * The credentials were accepted but lack a privilege (CONNECT on a database, SELECT on a
 * table). Its own kind because the fix is a grant by an administrator, not a new password.
 */
export class PermissionError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("permission", message, options);
    this.name = "PermissionError";
  }
}

/**
 * What the config names does not exist at the source (a database, a schema, a file, an API
 * path). Its own kind because the fix is the name in the config, on the field that holds it.
 */
export class NotFoundError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("not-found", message, options);
    this.name = "NotFoundError";
  }
}

/** The source asked us to slow down; `retryAfterMs` is when it said to come back, if it did. */
export class RateLimitError extends ConnectorError {
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: ConnectorErrorOptions & { retryAfterMs?: number } = {}) {
    super("rate-limit", message, options);
    this.name = "RateLimitError";
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** The source could not be reached, or the connection dropped. */
export class ConnectionError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("connection", message, options);
    this.name = "ConnectionError";
  }
}

/**
 * The TLS handshake failed: the server's certificate is not trusted or not issued for the host
 * name, or the server does not speak TLS as asked. Not retried: the settings must change.
 */
export class TlsError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("tls", message, options);
    this.name = "TlsError";
  }
}

/** An operation took longer than its timeout. */
export class TimeoutError extends ConnectorError {
  readonly timeoutMs: number;
  constructor(message: string, options: ConnectorErrorOptions & { timeoutMs: number }) {
    super("timeout", message, options);
    this.name = "TimeoutError";
    this.timeoutMs = options.timeoutMs;
  }
}

/** The configuration (or workflow file) is invalid; `problems` lists each one, secrets redacted. */
export class ConfigError extends ConnectorError {
  readonly problems: readonly { pointer: string; message: string }[];
  constructor(
    message: string,
    options: ConnectorErrorOptions & {
      problems?: readonly { pointer: string; message: string }[];
    } = {},
  ) {
    super("config", message, options);
    this.name = "ConfigError";
    this.problems = options.problems ?? [];
  }
}

/** The source answered, but with something we cannot use (a failed query, a malformed catalog). */
export class SourceError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("source", message, options);
    this.name = "SourceError";
  }
}

/** The sink could not store what was read. */
export class SinkError extends ConnectorError {
  constructor(message: string, options: ConnectorErrorOptions = {}) {
    super("sink", message, options);
    this.name = "SinkError";
  }
}

/** True for errors worth retrying: a retryable ConnectorError. */
export function isTransient(error: unknown): boolean {
  return error instanceof ConnectorError && error.retryable;
}

/** The message of any thrown value, without a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
