import { describe, expect, it } from "vitest";
import { PLACEHOLDER } from "@onespec/test-servers";
import { configFixtureSuite } from "@onespec/test-servers/config-suite";
import * as fixtures from "@onespec/generated/connectors/postgres/fixtures";
import * as validator from "@onespec/generated/connectors/postgres/validator";
import type { PostgresConfig } from "@onespec/generated/connectors/postgres/types";
import { connectionOptions, parseConfig, sslOptions, tunnelOptions } from "../src/config.js";
import { metadata } from "@onespec/generated/connectors/postgres/metadata";

configFixtureSuite({
  name: "postgres",
  metadata,
  fixtures,
  validator,
  parseConfig,
  secretPath: "/password",
  sshTunnel: tunnelOptions,
  maps: (parsed: PostgresConfig, config) => {
    const options = connectionOptions(parsed);
    expect(options.host).toBe(config.host);
    expect(options.user).toBe(config.username);
  },
});

describe("connectionOptions", () => {
  const full = fixtures.valid.find((f) => f.name === "full")!.config;
  const minimal = fixtures.valid.find((f) => f.name === "minimal")!.config;

  it("maps the full fixture to node-postgres options", () => {
    const options = connectionOptions(parseConfig(full));
    expect(options).toMatchObject({
      host: "db.example.com",
      port: 5432,
      database: "postgres",
      user: "postgres",
      password: PLACEHOLDER,
      application_name: "onespec",
      connectionTimeoutMillis: 10_000,
      extraParams: { keepalives_idle: "30", keepalives_interval: "10" },
    });
    // full uses mode "prefer" with verify_server_certificate false: TLS, not verified.
    expect(options.ssl).toMatchObject({
      rejectUnauthorized: false,
      ca: full.ssl!.ca_certificate,
      cert: full.ssl!.client_certificate,
      key: full.ssl!.client_key,
      passphrase: PLACEHOLDER,
    });
  });

  it("applies defaults to the minimal fixture", () => {
    const options = connectionOptions(parseConfig(minimal));
    expect(options).toEqual({
      host: "db.example.com",
      port: 5432,
      database: "postgres",
      user: "postgres",
      password: undefined,
      ssl: { rejectUnauthorized: false },
      application_name: "onespec",
      connectionTimeoutMillis: 10_000,
      extraParams: {},
    });
  });

  it("maps every ssl mode", () => {
    const pem = full.ssl!.ca_certificate!;
    expect(sslOptions({ mode: "disable" })).toBe(false);
    expect(sslOptions({ mode: "allow" })).toBe(false);
    expect(sslOptions({ mode: "require" })).toEqual({ rejectUnauthorized: false });
    expect(sslOptions({ mode: "require", verify_server_certificate: true })).toEqual({
      rejectUnauthorized: true,
    });
    expect(sslOptions({ mode: "verify-full", ca_certificate: pem })).toEqual({
      rejectUnauthorized: true,
      ca: pem,
    });
    const verifyCa = sslOptions({ mode: "verify-ca", ca_certificate: pem });
    expect(verifyCa).toMatchObject({ rejectUnauthorized: true, ca: pem });
    expect(verifyCa && verifyCa.checkServerIdentity?.()).toBeUndefined();
  });
});
