import { describe, expect, it } from "vitest";
import { PLACEHOLDER } from "@onespec/test-servers";
import { configFixtureSuite } from "@onespec/test-servers/config-suite";
import * as fixtures from "@onespec/generated/connectors/http-api/fixtures";
import * as validator from "@onespec/generated/connectors/http-api/validator";
import type { HttpApiConfig } from "@onespec/generated/connectors/http-api/types";
import { metadata } from "@onespec/generated/connectors/http-api/metadata";
import { parseConfig, recordsUrl, requestAuth, tokenRequest } from "../src/config.js";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

configFixtureSuite({
  name: "http-api",
  metadata,
  fixtures,
  validator,
  parseConfig,
  secretPath: "/auth/credentials/token",
  maps: (parsed: HttpApiConfig, config) => {
    const auth = requestAuth(parsed.auth);
    expect(auth.kind).toBe(
      parsed.auth.auth_type === "oauth2_client_credentials" ? "oauth2" : "static",
    );
    for (const endpoint of parsed.endpoints)
      expect(recordsUrl(parsed, endpoint).href.startsWith(config.base_url)).toBe(true);
  },
});

describe("requestAuth", () => {
  const branch = (authType: string) =>
    parseConfig(
      fixtures.valid.find((f) => f.name === `branch /auth auth_type=${authType}`)!.config,
    );

  it("none sends nothing", () => {
    expect(requestAuth(branch("none").auth)).toEqual({ kind: "static", headers: {}, query: {} });
  });

  it("basic sends an Authorization: Basic header", () => {
    expect(requestAuth(branch("basic").auth)).toEqual({
      kind: "static",
      headers: { Authorization: `Basic ${b64(`api_reader:${PLACEHOLDER}`)}` },
      query: {},
    });
  });

  it("bearer sends an Authorization: Bearer header", () => {
    expect(requestAuth(branch("bearer").auth)).toEqual({
      kind: "static",
      headers: { Authorization: `Bearer ${PLACEHOLDER}` },
      query: {},
    });
  });

  it("api_key goes in the named header, or in the query string", () => {
    const config = branch("api_key");
    expect(requestAuth(config.auth)).toEqual({
      kind: "static",
      headers: { "X-API-Key": PLACEHOLDER },
      query: {},
    });
    expect(
      requestAuth({
        auth_type: "api_key",
        credentials: { in: "query", name: "api_key", value: "k" },
      }),
    ).toEqual({ kind: "static", headers: {}, query: { api_key: "k" } });
  });

  it("oauth2 client credentials builds the token request (client_secret_basic by default)", () => {
    expect(requestAuth(branch("oauth2_client_credentials").auth)).toEqual({
      kind: "oauth2",
      refreshBeforeExpirySeconds: 60,
      tokenRequest: {
        url: "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token",
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
          Authorization: `Basic ${b64(`0oa1b2c3d4e5f6g7h8i9:${PLACEHOLDER}`)}`,
        },
        body: "grant_type=client_credentials",
      },
    });
  });

  it("oauth2 client_secret_post puts the credentials, scopes and audience in the body", () => {
    const request = tokenRequest({
      token_url: "https://auth.example.com/token",
      client_id: "id",
      client_secret: "s&cret",
      client_auth_method: "client_secret_post",
      scopes: ["read:users", "read:orders"],
      audience: "https://api.example.com",
    });
    expect(request.headers.Authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({
      grant_type: "client_credentials",
      scope: "read:users read:orders",
      audience: "https://api.example.com",
      client_id: "id",
      client_secret: "s&cret",
    });
  });
});

describe("recordsUrl", () => {
  it("joins base URL, endpoint path and query parameters of the full fixture", () => {
    const full = parseConfig(fixtures.valid.find((f) => f.name === "full")!.config);
    expect(recordsUrl(full, full.endpoints[0]).href).toBe("https://api.example.com/v1/users");
    expect(
      recordsUrl(full, { path: "/users", query_params: { fields: "id,name" } }, { page: "2" }).href,
    ).toBe("https://api.example.com/v1/users?fields=id%2Cname&page=2");
  });
});
