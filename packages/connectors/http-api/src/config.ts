import { defaulted } from "@onespec/runtime";
import { ConfigError } from "@onespec/sdk";
import { parse } from "@onespec/generated/connectors/http-api/validator";
import type {
  HttpApiConfig,
  Oauth2ClientCredentials,
} from "@onespec/generated/connectors/http-api/types";
import { recordValidator } from "./records.js";

/**
 * Returns `input` typed as an HttpApiConfig, or throws the generated
 * ConfigValidationError (every problem listed, secrets redacted) untouched.
 */
export function parseConfig(input: unknown): HttpApiConfig {
  return parse(input);
}

export type HttpApiAuth = HttpApiConfig["auth"];

/** The token request of the OAuth 2.0 client credentials grant (RFC 6749 section 4.4). */
export interface TokenRequest {
  url: string;
  method: "POST";
  headers: Record<string, string>;
  /** application/x-www-form-urlencoded body. */
  body: string;
}

/**
 * What to add to every request for an `auth` choice: fixed headers and query parameters, or,
 * for OAuth 2.0, the token request to make first (then send `bearer(access_token)`).
 */
export type RequestAuth =
  | { kind: "static"; headers: Record<string, string>; query: Record<string, string> }
  | { kind: "oauth2"; tokenRequest: TokenRequest; refreshBeforeExpirySeconds: number };

function base64(text: string): string {
  return Buffer.from(text, "utf8").toString("base64");
}

/** Authorization header for a bearer token (RFC 6750). */
export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** The client credentials grant's token request, honouring client_auth_method. */
export function tokenRequest(credentials: Oauth2ClientCredentials): TokenRequest {
  const body = new URLSearchParams({ grant_type: "client_credentials" });
  const scopes = credentials.scopes ?? [];
  if (scopes.length > 0) body.set("scope", scopes.join(" "));
  if (credentials.audience !== undefined) body.set("audience", credentials.audience);
  const headers: Record<string, string> = {
    "Content-Type": "application/x-www-form-urlencoded",
    Accept: "application/json",
  };
  const method = defaulted(credentials, "client_auth_method");
  switch (method) {
    case "client_secret_basic": {
      // RFC 6749 section 2.3.1: form-encode the id and secret before joining them.
      const id = encodeURIComponent(credentials.client_id);
      const secret = encodeURIComponent(credentials.client_secret);
      headers.Authorization = `Basic ${base64(`${id}:${secret}`)}`;
      break;
    }
    case "client_secret_post":
      body.set("client_id", credentials.client_id);
      body.set("client_secret", credentials.client_secret);
      break;
    default: {
      const unreachable: never = method;
      throw new Error(`unknown client auth method ${String(unreachable)}`);
    }
  }
  return { url: credentials.token_url, method: "POST", headers, body: body.toString() };
}

/** Headers and query parameters (or the OAuth token request) for the configured auth. */
export function requestAuth(auth: HttpApiAuth): RequestAuth {
  switch (auth.auth_type) {
    case "none":
      return { kind: "static", headers: {}, query: {} };
    case "basic": {
      const { username, password } = auth.credentials;
      return {
        kind: "static",
        headers: { Authorization: `Basic ${base64(`${username}:${password}`)}` },
        query: {},
      };
    }
    case "bearer":
      return { kind: "static", headers: bearer(auth.credentials.token), query: {} };
    case "api_key": {
      const { in: where, name, value } = auth.credentials;
      return where === "header"
        ? { kind: "static", headers: { [name]: value }, query: {} }
        : { kind: "static", headers: {}, query: { [name]: value } };
    }
    case "oauth2_client_credentials":
      return {
        kind: "oauth2",
        tokenRequest: tokenRequest(auth.credentials),
        refreshBeforeExpirySeconds: defaulted(auth.credentials, "refresh_before_expiry_seconds"),
      };
    default: {
      const unreachable: never = auth;
      throw new Error(`unknown auth type ${JSON.stringify(unreachable)}`);
    }
  }
}

export type HttpApiEndpoint = HttpApiConfig["endpoints"][number];

/** URL of an endpoint: base URL + endpoint path + its fixed query parameters + `extra`. */
export function recordsUrl(
  config: HttpApiConfig,
  endpoint: Pick<HttpApiEndpoint, "path" | "query_params">,
  extra: Record<string, string> = {},
): URL {
  const base = config.base_url.replace(/\/+$/, "");
  const url = new URL(base + endpoint.path);
  for (const [k, v] of Object.entries({ ...endpoint.query_params, ...extra }))
    url.searchParams.set(k, v);
  return url;
}

/**
 * What the schema cannot say about the endpoints: their names are unique (each is an entity type)
 * and a record_schema names a generated record schema. Problems are located by JSON pointer.
 */
export function checkEndpoints(config: HttpApiConfig): void {
  const seen = new Set<string>();
  for (const [i, endpoint] of config.endpoints.entries()) {
    if (seen.has(endpoint.name)) {
      throw new ConfigError(`endpoint name ${JSON.stringify(endpoint.name)} is used twice`, {
        problems: [
          { pointer: `/endpoints/${i}/name`, message: "must be unique among the endpoints" },
        ],
        hint: "Give every endpoint its own name: it is the entity type of its records.",
      });
    }
    seen.add(endpoint.name);
    if (endpoint.record_schema !== undefined) {
      try {
        recordValidator(endpoint.record_schema);
      } catch (error) {
        throw new ConfigError((error as Error).message, {
          problems: [
            { pointer: `/endpoints/${i}/record_schema`, message: (error as Error).message },
          ],
          hint: (error as ConfigError).hint,
        });
      }
    }
  }
}
