import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, PLACEHOLDER, problemKey, secretValues } from "@onespec/test-servers";
import { invalid, valid } from "@onespec/generated/connectors/snowflake/fixtures";
import { redact, secretPaths } from "@onespec/generated/connectors/snowflake/validator";
import type { SnowflakeConfig } from "@onespec/generated/connectors/snowflake/types";
import { accountUrl, authOptions, connectionOptions, metadata, parseConfig } from "../src/index.js";

const key = problemKey;

describe("snowflake fixtures", () => {
  it("has fixtures and secret paths to test", () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(secretPaths).toContain("/auth/private_key");
    expect(metadata.name).toBe("snowflake");
  });

  it.each(valid.map((f) => [f.name, f.config] as const))(
    "valid: %s parses and maps",
    (_name, config) => {
      const parsed: SnowflakeConfig = parseConfig(config);
      // parse keeps every value given and fills in the defaults of the others.
      expect(parsed).toMatchObject(config);
      const options = connectionOptions(parsed);
      expect(options.accessUrl).toBe(`https://${config.account}.snowflakecomputing.com`);
      expect(options.username).toBe(config.username);
    },
  );

  it.each(invalid.map((f) => [f.name, f] as const))(
    "invalid: %s is rejected with exactly its errors, secrets redacted",
    (_name, fixture) => {
      const error = catchError(() => parseConfig(fixture.config));
      expect(error).toBeInstanceOf(ConfigValidationError);
      const { problems } = error as ConfigValidationError;
      expect(new Set(problems.map(key))).toEqual(new Set(fixture.errors.map(key)));

      const text = String(error) + "\n" + JSON.stringify(problems);
      for (const secret of secretValues(fixture.config, redact)) expect(text).not.toContain(secret);
    },
  );
});

describe("connection options", () => {
  const byName = (name: string) => parseConfig(valid.find((f) => f.name === name)!.config);

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
