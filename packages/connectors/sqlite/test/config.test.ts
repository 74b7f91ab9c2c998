import { describe, expect, it } from "vitest";
import { ConfigValidationError } from "@onespec/runtime";
import { catchError, PLACEHOLDER, problemKey, secretValues } from "@onespec/test-servers";
import { invalid, valid } from "@onespec/generated/connectors/sqlite/fixtures";
import { redact, secretPaths } from "@onespec/generated/connectors/sqlite/validator";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import {
  SQLITE_OPEN_CREATE,
  SQLITE_OPEN_READONLY,
  SQLITE_OPEN_READWRITE,
  SQLITE_OPEN_URI,
  fileUri,
  metadata,
  openFlags,
  openOptions,
  parseConfig,
} from "../src/index.js";

const key = problemKey;

describe("sqlite fixtures", () => {
  it("has fixtures to test (and no secret fields)", () => {
    expect(valid.length).toBeGreaterThan(0);
    expect(invalid.length).toBeGreaterThan(0);
    expect(secretPaths).toEqual([]);
    expect(metadata.name).toBe("sqlite");
  });

  it.each(valid.map((f) => [f.name, f.config] as const))(
    "valid: %s parses and maps",
    (_name, config) => {
      const parsed: SqliteConfig = parseConfig(config);
      // parse keeps every value given and fills in the defaults of the others.
      expect(parsed).toMatchObject(config);
      const options = openOptions(parsed);
      expect(options.filename).toBe(config.database_path);
      expect(options.flags & SQLITE_OPEN_CREATE).toBe(0);
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

describe("openOptions", () => {
  const full = valid.find((f) => f.name === "full")!.config;
  const minimal = valid.find((f) => f.name === "minimal")!.config;

  it("maps the minimal fixture with defaults: read-only, 5 s busy timeout", () => {
    expect(openOptions(parseConfig(minimal))).toEqual({
      filename: "/var/lib/app/data.sqlite",
      uri: "file:/var/lib/app/data.sqlite?mode=ro",
      flags: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
      readonly: true,
      fileMustExist: true,
      immutable: false,
      busyTimeoutMs: 5000,
    });
  });

  it("maps the full fixture", () => {
    const options = openOptions(parseConfig(full));
    expect(options).toMatchObject({
      filename: full.database_path,
      readonly: full.mode === "ro",
      immutable: false,
      busyTimeoutMs: full.busy_timeout_ms,
    });
  });

  it("maps read-write and immutable", () => {
    const options = openOptions(
      parseConfig({ database_path: "C:\\data\\inv#1.sqlite3", mode: "rw", immutable: true }),
    );
    expect(options.flags).toBe(SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI);
    expect(options.readonly).toBe(false);
    expect(options.uri).toBe("file:/C:/data/inv%231.sqlite3?mode=rw&immutable=1");
    expect(openFlags("ro")).toBe(SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
    expect(fileUri("./chinook.db", {})).toBe("file:./chinook.db");
  });
});
