import { parse } from "@onespec/generated/connectors/mysql/validator";
import type { MysqlConfig, Ssl } from "@onespec/generated/connectors/mysql/types";
import { defaulted } from "@onespec/runtime";
import { parseConnectionParams, tlsOptions, type TlsOptions } from "@onespec/sdk";

/**
 * Returns `input` typed as a MysqlConfig, or throws the generated
 * ConfigValidationError (every problem listed, secrets redacted) untouched.
 */
export function parseConfig(input: unknown): MysqlConfig {
  return parse(input);
}

/** MySQL's own --ssl-mode names, as the schema documents the mapping. */
export type MysqlSslMode = "DISABLED" | "PREFERRED" | "REQUIRED" | "VERIFY_CA" | "VERIFY_IDENTITY";

/**
 * The `ssl` option of mysql2 (passed on to `tls.connect`). mysql2 replaces `checkServerIdentity`
 * with a no-op unless `verifyIdentity` is set, so verify-full must set it to check the host name.
 */
export type Mysql2SslOptions = TlsOptions & { verifyIdentity?: boolean };

/** Options for `mysql2.createConnection(...)` / `createPool(...)`. */
export interface Mysql2ConnectionOptions {
  host: string;
  port: number;
  database: string | undefined;
  user: string;
  password: string | undefined;
  charset: string;
  connectTimeout: number;
  ssl: Mysql2SslOptions | undefined;
  /** Extra driver options from `connection_params`. */
  extraParams: Record<string, string>;
}

/** libpq-style mode → MySQL --ssl-mode (allow has no MySQL equivalent and is treated as prefer). */
export function sslMode(ssl: Ssl): MysqlSslMode {
  switch (ssl.mode) {
    case "disable":
      return "DISABLED";
    case "allow":
    case "prefer":
      return "PREFERRED";
    case "require":
      return "REQUIRED";
    case "verify-ca":
      return "VERIFY_CA";
    case "verify-full":
      return "VERIFY_IDENTITY";
    default: {
      const unreachable: never = ssl.mode;
      throw new Error(`unknown ssl mode ${String(unreachable)}`);
    }
  }
}

/**
 * mysql2's `ssl` option. mysql2 cannot fall back to plaintext, so PREFERRED is sent as TLS
 * without verification (the certificate is checked only when verify_server_certificate is on).
 */
export function sslOptions(ssl: Ssl): Mysql2SslOptions | undefined {
  const mode = sslMode(ssl);
  if (mode === "DISABLED") return undefined;
  return mode === "VERIFY_IDENTITY"
    ? { ...tlsOptions(ssl), verifyIdentity: true }
    : tlsOptions(ssl);
}

/** mysql2 connection options derived from a validated config. */
export function connectionOptions(config: MysqlConfig): Mysql2ConnectionOptions {
  return {
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.username,
    password: config.password,
    charset: defaulted(config, "charset"),
    connectTimeout: defaulted(config, "connect_timeout_seconds") * 1000,
    ssl: sslOptions(defaulted(config, "ssl")),
    extraParams: parseConnectionParams(config.connection_params),
  };
}

export { parseConnectionParams, tunnelOptions, type TunnelOptions } from "@onespec/sdk";
