import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";
import { hasStackTrace, onespec } from "./helpers.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

// test-connection names the config values a failed step is about, where they are written in the
// config file, and what to do: the same fields the form puts the failure on.
const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-tc-fields-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("onespec test-connection, a failed step", () => {
  it("names the field at fault with its line in the config file, and the hint", () => {
    writeFileSync(path.join(dir, "not-sqlite.db"), "plain text, not a database");
    const config = path.join(dir, "sqlite.yaml");
    writeFileSync(config, "# a SQLite file that is not one\ndatabase_path: not-sqlite.db\n");
    const r = onespec(["test-connection", "sqlite", config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ CheckAccess\s+failed/);
    expect(r.stdout).toContain(`    at ${config}:2:16 (/database_path)`);
    expect(r.stdout).toMatch(/^ {4}hint: .+/m);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
  });

  it("puts a failure whose error names no field on the fields its step declares", () => {
    // GetTables fails with a plain SourceError; test-connection.json says it exercises the filter.
    const config = path.join(dir, "filtered.yaml");
    writeFileSync(
      config,
      `database_path: ${path.join(REPO, "examples/sample/retail.db")}\ntable_filter:\n  includes: ["^nothing$"]\n`,
    );
    const r = onespec(["test-connection", "sqlite", config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ GetTables\s+failed/);
    expect(r.stdout).toContain(`    at ${config}:3:3 (/table_filter)`);
  });

  it("lists the fields in --json too", () => {
    const config = path.join(dir, "sqlite.yaml");
    const r = onespec(["test-connection", "sqlite", config, "--json"]);
    const result = JSON.parse(r.stdout) as {
      steps: { name: string; fields?: string[]; kind?: string }[];
    };
    const failed = result.steps.find((s) => s.name === "CheckAccess")!;
    expect(failed.fields).toEqual(["/database_path"]);
    expect(failed.kind).toBeDefined();
  });
});
