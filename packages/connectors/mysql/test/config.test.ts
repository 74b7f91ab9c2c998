import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, PLACEHOLDER, problemKey, secretValues } from "@onespec/test-servers";
import { invalid, valid } from "@onespec/generated/connectors/mysql/fixtures";
import { redact, secretPaths } from "@onespec/generated/connectors/mysql/validator";
import type { MysqlConfig } from "@onespec/generated/connectors/mysql/types";
import {
  connectionOptions,
  metadata,
  parseConfig,
  sslMode,
  sslOptions,
  tunnelOptions,
} from "../src/index.js";

const key = problemKey;

describe("mysql fixtures", () => {
  it("has fixtures and secret paths to test", () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(secretPaths).toContain("/password");
    expect(metadata.name).toBe("mysql");
  });

  it.each(valid.map((f) => [f.name, f.config] as const))(
    "valid: %s parses and maps",
    (_name, config) => {
      const parsed: MysqlConfig = parseConfig(config);
      // parse keeps every value given and fills in the defaults of the others.
      expect(parsed).toMatchObject(config);
      const options = connectionOptions(parsed);
      expect(options.host).toBe(config.host);
      expect(options.user).toBe(config.username);
      expect(() => tunnelOptions(parsed.ssh_tunnel)).not.toThrow();
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

describe("connectionOptions", () => {
  const full = valid.find((f) => f.name === "full")!.config;
  const minimal = valid.find((f) => f.name === "minimal")!.config;

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
    expect(sslOptions({ mode: "verify-full" })).toEqual({ rejectUnauthorized: true });
    expect(sslOptions({ mode: "verify-ca" })).toMatchObject({ rejectUnauthorized: true });
  });

  it("maps every ssh tunnel branch", () => {
    const byName = (n: string) => valid.find((f) => f.name.endsWith(n))!.config;
    expect(tunnelOptions(byName("NO_TUNNEL").ssh_tunnel)).toBeNull();
    expect(tunnelOptions(byName("SSH_PASSWORD_AUTH").ssh_tunnel)).toEqual({
      host: "bastion.example.com",
      port: 22,
      username: "ec2-user",
      password: PLACEHOLDER,
    });
    expect(tunnelOptions(byName("SSH_KEY_AUTH").ssh_tunnel)).toMatchObject({
      username: "ec2-user",
      privateKey: expect.stringContaining("BEGIN PRIVATE KEY"),
    });
  });
});
