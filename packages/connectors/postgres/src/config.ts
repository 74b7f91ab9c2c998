import { parse } from "@onespec/generated/connectors/postgres/validator";
import type { PostgresConfig, Ssl } from "@onespec/generated/connectors/postgres/types";
import { defaulted } from "@onespec/runtime";
import { parseConnectionParams, tlsOptions, type TlsOptions } from "@onespec/sdk";

/**
 * Returns `input` typed as a PostgresConfig, or throws the generated
 * ConfigValidationError (every problem listed, secrets redacted) untouched.
 */
export function parseConfig(input: unknown): PostgresConfig {
  return parse(input);
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

/**
 * Maps libpq's sslmode to node-postgres' `ssl` option.
 * node-postgres cannot fall back between plaintext and TLS, so `allow` (plaintext first)
 * connects without TLS and `prefer` (TLS first) always uses TLS without verification
 * unless `verify_server_certificate` asks for it.
 */
export function sslOptions(ssl: Ssl): false | TlsOptions {
  return ssl.mode === "disable" || ssl.mode === "allow" ? false : tlsOptions(ssl);
}

/**
 * node-postgres connection options derived from a parsed config (parse filled in the schema's
 * defaults: the SSL mode, the timeout and the application name are never written here).
 */
export function connectionOptions(config: PostgresConfig): PgConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password,
    ssl: sslOptions(defaulted(config, "ssl")),
    application_name: defaulted(config, "application_name"),
    connectionTimeoutMillis: defaulted(config, "connect_timeout_seconds") * 1000,
    extraParams: parseConnectionParams(config.connection_params),
  };
}

export {
  parseConnectionParams,
  tunnelOptions,
  type TlsOptions,
  type TunnelOptions,
} from "@onespec/sdk";
