/**
 * Migrations on real history: three specs of the Airbyte corpus and their next two versions
 * (tooling/test-fixtures/history). `onespec diff` classifies each release's changes, accepts a
 * breaking change that a migration handles (or a major bump), and refuses one with neither, or a
 * migration that fails on an old config.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HISTORY_DIR } from "@onespec/test-fixtures";
import { hasStackTrace, onespec, SCRATCH } from "./helpers.js";

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of one version's tree to edit. */
function copyOf(version: string): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "history-"));
  scratch.push(dir);
  cpSync(path.join(HISTORY_DIR, version), dir, { recursive: true });
  return dir;
}

interface DiffJson {
  changes: { connector: string; kind: string; verdict: string; instancePath: string }[];
  versions: {
    connector: string;
    proposed: string;
    actual: string;
    ok: boolean;
    migrated?: string[];
  }[];
  migrations: {
    connector: string;
    chain: string[];
    configs: number;
    handled: boolean;
    failures: unknown[];
  }[];
  diagnostics: {
    severity: string;
    code: string;
    file?: string;
    pointer?: string;
    line?: number;
    message: string;
  }[];
}

const diff = (base: string, schemas: string, ...more: string[]) =>
  onespec(["diff", base, "--schemas", schemas, ...more], HISTORY_DIR);
const diffJson = (base: string, schemas: string) => {
  const r = diff(base, schemas, "--format", "json");
  return { code: r.code, out: JSON.parse(r.stdout) as DiffJson };
};
const verdicts = (out: DiffJson, connector: string) =>
  out.changes
    .filter((c) => c.connector === connector)
    .map((c) => `${c.verdict} ${c.kind} ${c.instancePath}`)
    .sort();

describe("onespec diff on three real schemas' next two versions", () => {
  it("v1 → v2: auth moved into a oneOf, fields renamed and dropped: breaking, each handled by its migration", () => {
    const { code, out } = diffJson("v1", "v2");
    expect(code).toBe(0);
    expect(verdicts(out, "source-jira")).toEqual([
      "breaking property-removed /api_token",
      "breaking property-removed /email",
      "breaking required-added /credentials",
      "compatible required-removed ",
    ]);
    expect(verdicts(out, "source-stripe")).toEqual([
      "breaking property-removed /client_secret",
      "breaking required-added /secret_key",
      "compatible optional-added /api_version",
      "compatible required-removed ",
    ]);
    expect(verdicts(out, "source-mysql")).toEqual([
      "breaking additional-properties-closed ",
      "breaking property-removed /jdbc_url_params",
      "breaking property-removed /ssl",
      "compatible optional-added /connection_params",
    ]);
    for (const m of out.migrations) {
      expect(m, m.connector).toMatchObject({ chain: ["1.0.0-2.0.0"], handled: true, failures: [] });
      // The old schema's fixtures (one per oneOf branch, minimal and full) and random old configs.
      expect(m.configs, m.connector).toBeGreaterThan(20);
    }
    expect(out.versions.map((v) => [v.connector, v.proposed, v.ok])).toEqual([
      ["source-jira", "major", true],
      ["source-mysql", "major", true],
      ["source-stripe", "major", true],
    ]);
  });

  it("v2 → v3: a rename with a minor bump passes because its migration handles it; a narrowed enum and a removed branch are mapped", () => {
    const { code, out } = diffJson("v2", "v3");
    expect(code).toBe(0);
    expect(verdicts(out, "source-jira")).toEqual([
      "breaking property-removed /expand_issue_changelog",
      "compatible optional-added /expand_changelog",
    ]);
    expect(verdicts(out, "source-stripe")).toEqual(["breaking enum-narrowed /api_version"]);
    expect(verdicts(out, "source-mysql")).toEqual(["breaking oneOf-branch-removed /ssl_mode"]);
    expect(out.versions.find((v) => v.connector === "source-jira")).toMatchObject({
      proposed: "major",
      actual: "minor",
      ok: true,
      migrated: ["2.0.0-2.1.0"],
    });
  });

  it("v1 → v3: the two migrations chain", () => {
    const { code, out } = diffJson("v1", "v3");
    expect(code).toBe(0);
    expect(out.migrations.map((m) => [m.connector, m.chain, m.handled])).toEqual([
      ["source-jira", ["1.0.0-2.0.0", "2.0.0-2.1.0"], true],
      ["source-mysql", ["1.0.0-2.0.0", "2.0.0-3.0.0"], true],
      ["source-stripe", ["1.0.0-2.0.0", "2.0.0-3.0.0"], true],
    ]);
  });

  it("exits 1 for a breaking change with neither a major bump nor a migration", () => {
    const tree = copyOf("v3");
    rmSync(path.join(tree, "connectors/source-jira/migrations/2.0.0-2.1.0.json"));
    const r = diff("v2", tree);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /The changes of source-jira need a major version bump, but its version went from 2\.0\.0 to 2\.1\.0/,
    );
    expect(r.stderr).toMatch(/a breaking change has neither a major version bump nor a migration/);
  });

  it("exits 1 for a migration that does not upgrade every old config, located at the migration file", () => {
    const tree = copyOf("v3");
    const file = "connectors/source-mysql/migrations/2.0.0-3.0.0.json";
    writeFileSync(path.join(tree, file), JSON.stringify({ steps: [] }, null, 2));
    const { code, out } = diffJson("v2", tree);
    expect(code).toBe(1);
    const failure = out.diagnostics.find((d) => d.code === "diff/migration-fails")!;
    expect(failure.severity).toBe("error");
    expect(failure.message).toMatch(
      /source-mysql from 2\.0\.0 to 3\.0\.0 \(2\.0\.0-3\.0\.0\) do not upgrade every old config: .*\/ssl_mode/,
    );
    expect(path.resolve(HISTORY_DIR, failure.file!)).toBe(path.join(tree, file));
    // The major bump alone would have been enough; the broken migration is what fails.
    expect(out.versions.find((v) => v.connector === "source-mysql")!.ok).toBe(true);
  });

  it("a migration file that is not valid is a located error, without a stack trace", () => {
    const tree = copyOf("v3");
    writeFileSync(
      path.join(tree, "connectors/source-stripe/migrations/2.0.0-3.0.0.json"),
      '{\n  "steps": [\n    { "op": "map", "path": "api_version", "values": {} }\n  ]\n}\n',
    );
    const r = diff("v2", tree);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /2\.0\.0-3\.0\.0\.json:3:\d+ error \/steps\/0\/path must be a JSON pointer/,
    );
    expect(r.stderr).toMatch(/\/steps\/0\/values must NOT have fewer than 1 properties/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
