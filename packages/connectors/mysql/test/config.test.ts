import { describe, expect, it } from "vitest";
import { PLACEHOLDER } from "@onespec/test-servers";
import { configFixtureSuite } from "@onespec/test-servers/config-suite";
import * as fixtures from "@onespec/generated/connectors/mysql/fixtures";
import * as validator from "@onespec/generated/connectors/mysql/validator";
import type { MysqlConfig } from "@onespec/generated/connectors/mysql/types";
import {
  connectionOptions,
  parseConfig,
  sslMode,
  sslOptions,
  tunnelOptions,
} from "../src/config.js";
import { metadata } from "@onespec/generated/connectors/mysql/metadata";

configFixtureSuite({
  name: "mysql",
  metadata,
  fixtures,
  validator,
  parseConfig,
  secretPath: "/password",
  sshTunnel: tunnelOptions,
  maps: (parsed: MysqlConfig, config) => {
    const options = connectionOptions(parsed);
    expect(options.host).toBe(config.host);
    expect(options.user).toBe(config.username);
  },
});

describe("connectionOptions", () => {
  const full = fixtures.valid.find((f) => f.name === "full")!.config;
  const minimal = fixtures.valid.find((f) => f.name === "minimal")!.config;

  it("maps the full fixture to mysql2 options", () => {
    const options = connectionOptions(parseConfig(full));
    expect(options).toMatchObject({
      host: "mysql.example.com",
      port: 3306,
      database: "sales",
      user: "metadata_reader",
      password: PLACEHOLDER,
      charset: "utf8mb4",
      connectTimeout: 10_000,
      extraParams: { connectionTimeZone: "UTC", zeroDateTimeBehavior: "CONVERT_TO_NULL" },
    });
    expect(sslMode(full.ssl!)).toBe("PREFERRED");
    expect(options.ssl).toEqual({
      rejectUnauthorized: false,
      ca: full.ssl!.ca_certificate,
      cert: full.ssl!.client_certificate,
      key: full.ssl!.client_key,
      passphrase: PLACEHOLDER,
    });
  });

  it("applies defaults to the minimal fixture", () => {
    expect(connectionOptions(parseConfig(minimal))).toEqual({
      host: "mysql.example.com",
      port: 3306,
      database: undefined,
      user: "metadata_reader",
      password: undefined,
      charset: "utf8mb4",
      connectTimeout: 10_000,
      ssl: { rejectUnauthorized: false },
      extraParams: {},
    });
  });

  it("maps every ssl mode to MySQL's --ssl-mode and mysql2's ssl option", () => {
    expect(sslMode({ mode: "disable" })).toBe("DISABLED");
    expect(sslMode({ mode: "allow" })).toBe("PREFERRED");
    expect(sslMode({ mode: "require" })).toBe("REQUIRED");
    expect(sslMode({ mode: "verify-ca" })).toBe("VERIFY_CA");
    expect(sslMode({ mode: "verify-full" })).toBe("VERIFY_IDENTITY");
    expect(sslOptions({ mode: "disable" })).toBeUndefined();
    expect(sslOptions({ mode: "require" })).toEqual({ rejectUnauthorized: false });
    expect(sslOptions({ mode: "verify-full" })).toEqual({
      rejectUnauthorized: true,
      verifyIdentity: true,
    });
    expect(sslOptions({ mode: "verify-ca" })).toMatchObject({ rejectUnauthorized: true });
  });
});
