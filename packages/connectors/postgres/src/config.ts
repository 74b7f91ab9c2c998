import { parse } from "@onespec/generated/connectors/postgres/validator";
import type { PostgresConfig, Ssl } from "@onespec/generated/connectors/postgres/types";
import { parseConnectionParams } from "@onespec/sdk";

/**
 * Returns `input` typed as a PostgresConfig, or throws the generated
 * ConfigValidationError (every problem listed, secrets redacted) untouched.
 */
export function parseConfig(input: unknown): PostgresConfig {
  return parse(input);
}

/** TLS options in the shape node-postgres passes to `tls.connect`. */
export interface TlsOptions {
  rejectUnauthorized: boolean;
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
  /** Set for verify-ca: the chain is verified, the host name is not. */
  checkServerIdentity?: () => undefined;
}

/** Options for `new pg.Client(...)` / `new pg.Pool(...)` (node-postgres). */
export interface PgConnectionOptions {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string | undefined;
  ssl: false | TlsOptions;
  application_name: string;
  connectionTimeoutMillis: number;
  /** Extra libpq parameters from `connection_params`, for drivers that accept them. */
  extraParams: Record<string, string>;
}

const DEFAULT_SSL: Ssl = { mode: "prefer" };
const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
const DEFAULT_APPLICATION_NAME = "onespec";

/**
 * Maps libpq's sslmode to node-postgres' `ssl` option.
 * node-postgres cannot fall back between plaintext and TLS, so `allow` (plaintext first)
 * connects without TLS and `prefer` (TLS first) always uses TLS without verification
 * unless `verify_server_certificate` asks for it.
 */
export function sslOptions(ssl: Ssl = DEFAULT_SSL): false | TlsOptions {
  const material = {
    ...(ssl.ca_certificate !== undefined && { ca: ssl.ca_certificate }),
    ...(ssl.client_certificate !== undefined && { cert: ssl.client_certificate }),
    ...(ssl.client_key !== undefined && { key: ssl.client_key }),
    ...(ssl.client_key_password !== undefined && { passphrase: ssl.client_key_password }),
  };
  switch (ssl.mode) {
    case "disable":
    case "allow":
      return false;
    case "prefer":
    case "require":
      return { rejectUnauthorized: ssl.verify_server_certificate ?? false, ...material };
    case "verify-ca":
      return { rejectUnauthorized: true, ...material, checkServerIdentity: () => undefined };
    case "verify-full":
      return { rejectUnauthorized: true, ...material };
    default: {
      const unreachable: never = ssl.mode;
      throw new Error(`unknown ssl mode ${String(unreachable)}`);
    }
  }
}


/** node-postgres connection options derived from a validated config. */
export function connectionOptions(config: PostgresConfig): PgConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password,
    ssl: sslOptions(config.ssl),
    application_name: config.application_name ?? DEFAULT_APPLICATION_NAME,
    connectionTimeoutMillis:
      (config.connect_timeout_seconds ?? DEFAULT_CONNECT_TIMEOUT_SECONDS) * 1000,
    extraParams: parseConnectionParams(config.connection_params),
  };
}

export { parseConnectionParams, tunnelOptions, type TunnelOptions } from "@onespec/sdk";
