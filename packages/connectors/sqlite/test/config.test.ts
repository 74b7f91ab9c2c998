import { describe, expect, it } from "vitest";
import { configFixtureSuite } from "@onespec/test-servers/config-suite";
import * as fixtures from "@onespec/generated/connectors/sqlite/fixtures";
import * as validator from "@onespec/generated/connectors/sqlite/validator";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import {
  SQLITE_OPEN_CREATE,
  SQLITE_OPEN_READONLY,
  SQLITE_OPEN_READWRITE,
  SQLITE_OPEN_URI,
  fileUri,
  openFlags,
  openOptions,
  parseConfig,
} from "../src/config.js";
import { metadata } from "@onespec/generated/connectors/sqlite/metadata";

configFixtureSuite({
  name: "sqlite",
  metadata,
  fixtures,
  validator,
  parseConfig,
  secretPath: undefined,
  maps: (parsed: SqliteConfig, config) => {
    const options = openOptions(parsed);
    expect(options.filename).toBe(config.database_path);
    expect(options.flags & SQLITE_OPEN_CREATE).toBe(0);
  },
});

describe("openOptions", () => {
  const full = fixtures.valid.find((f) => f.name === "full")!.config;
  const minimal = fixtures.valid.find((f) => f.name === "minimal")!.config;

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
