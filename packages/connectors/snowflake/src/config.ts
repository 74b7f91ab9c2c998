import { parse } from "@onespec/generated/connectors/snowflake/validator";
import type { SnowflakeConfig } from "@onespec/generated/connectors/snowflake/types";
import { defaulted } from "@onespec/runtime";

/**
 * Returns `input` typed as a SnowflakeConfig, or throws the generated
 * ConfigValidationError (every problem listed, secrets redacted) untouched.
 */
export function parseConfig(input: unknown): SnowflakeConfig {
  return parse(input);
}

export type SnowflakeAuth = SnowflakeConfig["auth"];

/** OAuth refresh settings: how to get a new access token when the current one expires. */
export interface OAuthRefresh {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
}

/** The authentication part of snowflake-sdk connection options, per auth choice. */
export type AuthOptions =
  | { authenticator: "SNOWFLAKE_JWT"; privateKey: string; privateKeyPass?: string }
  | { authenticator: "SNOWFLAKE"; password: string }
  | { authenticator: "OAUTH"; token: string | undefined; refresh: OAuthRefresh };

/** snowflake-sdk style connection options. */
export type ConnectionOptions = {
  account: string;
  accessUrl: string;
  username: string;
  warehouse: string;
  database: string | undefined;
  schema: string | undefined;
  role: string | undefined;
  application: string;
  clientSessionKeepAlive: boolean;
  loginTimeoutSeconds: number;
  queryTag: string | undefined;
} & AuthOptions;

/** https://<account>.snowflakecomputing.com — the account identifier comes without the suffix. */
export function accountUrl(config: Pick<SnowflakeConfig, "account">): string {
  return `https://${config.account}.snowflakecomputing.com`;
}

/** Snowflake OAuth's token endpoint, used when the config names none. */
export function defaultTokenUrl(config: Pick<SnowflakeConfig, "account">): string {
  return `${accountUrl(config)}/oauth/token-request`;
}

/** Driver authenticator and credentials for the configured auth. */
export function authOptions(config: SnowflakeConfig): AuthOptions {
  const auth = config.auth;
  switch (auth.auth_type) {
    case "key_pair":
      return {
        authenticator: "SNOWFLAKE_JWT",
        privateKey: auth.private_key,
        ...(auth.private_key_passphrase !== undefined && {
          privateKeyPass: auth.private_key_passphrase,
        }),
      };
    case "password":
      return { authenticator: "SNOWFLAKE", password: auth.password };
    case "oauth":
      return {
        authenticator: "OAUTH",
        token: auth.access_token,
        refresh: {
          tokenUrl: auth.token_url ?? defaultTokenUrl(config),
          clientId: auth.client_id,
          clientSecret: auth.client_secret,
          refreshToken: auth.refresh_token,
        },
      };
    default: {
      const unreachable: never = auth;
      throw new Error(`unknown auth type ${JSON.stringify(unreachable)}`);
    }
  }
}

/** Connection options derived from a parsed config (parse filled in the schema's defaults). */
export function connectionOptions(config: SnowflakeConfig): ConnectionOptions {
  return {
    account: config.account,
    accessUrl: accountUrl(config),
    username: config.username,
    warehouse: config.warehouse,
    database: config.database,
    schema: config.schema,
    role: config.role,
    application: defaulted(config, "application"),
    clientSessionKeepAlive: defaulted(config, "client_session_keep_alive"),
    loginTimeoutSeconds: defaulted(config, "login_timeout_seconds"),
    queryTag: config.query_tag,
    ...authOptions(config),
  };
}
