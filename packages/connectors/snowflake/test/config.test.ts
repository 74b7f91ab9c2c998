import { describe, expect, it } from "vitest";
import { PLACEHOLDER } from "@onespec/test-servers";
import { configFixtureSuite } from "@onespec/test-servers/config-suite";
import * as fixtures from "@onespec/generated/connectors/snowflake/fixtures";
import * as validator from "@onespec/generated/connectors/snowflake/validator";
import type { SnowflakeConfig } from "@onespec/generated/connectors/snowflake/types";
import { accountUrl, authOptions, connectionOptions, parseConfig } from "../src/config.js";
import { metadata } from "@onespec/generated/connectors/snowflake/metadata";

configFixtureSuite({
  name: "snowflake",
  metadata,
  fixtures,
  validator,
  parseConfig,
  secretPath: "/auth/private_key",
  maps: (parsed: SnowflakeConfig, config) => {
    const options = connectionOptions(parsed);
    expect(options.accessUrl).toBe(`https://${config.account}.snowflakecomputing.com`);
    expect(options.username).toBe(config.username);
  },
});

describe("connection options", () => {
  const byName = (name: string) => parseConfig(fixtures.valid.find((f) => f.name === name)!.config);

  it("builds the account URL", () => {
    expect(accountUrl({ account: "myorg-myaccount" })).toBe(
      "https://myorg-myaccount.snowflakecomputing.com",
    );
    expect(accountUrl({ account: "xy12345.us-east-2.aws" })).toBe(
      "https://xy12345.us-east-2.aws.snowflakecomputing.com",
    );
  });

  it("maps the full fixture (key pair with passphrase)", () => {
    const full = byName("full");
    expect(connectionOptions(full)).toEqual({
      account: "myorg-myaccount",
      accessUrl: "https://myorg-myaccount.snowflakecomputing.com",
      username: "METADATA_SVC",
      warehouse: "COMPUTE_WH",
      database: "ANALYTICS",
      schema: "PUBLIC",
      role: "METADATA_READER",
      application: "onespec",
      clientSessionKeepAlive: false,
      loginTimeoutSeconds: 60,
      queryTag: "onespec-metadata",
      authenticator: "SNOWFLAKE_JWT",
      privateKey: expect.stringContaining("BEGIN PRIVATE KEY"),
      privateKeyPass: PLACEHOLDER,
    });
  });

  it("maps the minimal key-pair fixture without a passphrase", () => {
    const options = authOptions(byName("minimal"));
    expect(options).toEqual({
      authenticator: "SNOWFLAKE_JWT",
      privateKey: expect.stringContaining("BEGIN PRIVATE KEY"),
    });
  });

  it("maps password auth", () => {
    expect(authOptions(byName("branch /auth auth_type=password"))).toEqual({
      authenticator: "SNOWFLAKE",
      password: PLACEHOLDER,
    });
  });

  it("maps OAuth, defaulting the token URL to the account's Snowflake OAuth endpoint", () => {
    const config = byName("branch /auth auth_type=oauth");
    expect(authOptions(config)).toEqual({
      authenticator: "OAUTH",
      token: undefined,
      refresh: {
        tokenUrl: "https://myorg-myaccount.snowflakecomputing.com/oauth/token-request",
        clientId: "example-client_id",
        clientSecret: PLACEHOLDER,
        refreshToken: PLACEHOLDER,
      },
    });
    const external = parseConfig({
      ...config,
      auth: { ...config.auth, access_token: "at", token_url: "https://idp.example.com/token" },
    });
    expect(authOptions(external)).toMatchObject({
      token: "at",
      refresh: { tokenUrl: "https://idp.example.com/token" },
    });
  });
});
