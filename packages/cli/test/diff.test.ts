import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasStackTrace, onespec } from "./helpers.js";

// A throwaway git repository: commit 1 on main, commit 2 on a branch that narrows postgres's
// port (breaking, with a major bump and a migration), adds an optional field to mysql
// (compatible, no bump) and retitles a definition both use (documentation).
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const STEPS = {
  steps: [
    {
      name: "Connect",
      description: "Connects.",
      mandatory: true,
      errorMessage: "Check the settings.",
    },
  ],
};
const meta = (name: string, version: string) => ({
  name,
  displayName: name,
  serviceType: "Database",
  capabilities: ["metadata"],
  version,
  docsUrl: "https://example.com",
});
const schema = (extra: object, port: object = { type: "integer", maximum: 65535 }) => ({
  $schema: DRAFT_07,
  type: "object",
  additionalProperties: false,
  required: ["host"],
  properties: {
    host: { type: "string" },
    port,
    auth: { $ref: "../../definitions/auth.json" },
    ...extra,
  },
});
const auth = (title: string) => ({
  $schema: DRAFT_07,
  title,
  type: "object",
  properties: { user: { type: "string" }, password: { type: "string", secret: true } },
});

let repo: string;
const json = (file: string, value: unknown) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), JSON.stringify(value, null, 2) + "\n");
};
const git = (...args: string[]) => {
  const r = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: repo, encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const tree = (pgVersion: string, pgPort: object, myExtra: object, title: string) => {
  json("schemas/connectors/postgres/connection.json", schema({}, pgPort));
  json("schemas/connectors/postgres/connector.json", meta("postgres", pgVersion));
  json("schemas/connectors/postgres/test-connection.json", STEPS);
  json("schemas/connectors/mysql/connection.json", schema(myExtra));
  json("schemas/connectors/mysql/connector.json", meta("mysql", "1.0.0"));
  json("schemas/connectors/mysql/test-connection.json", STEPS);
  json("schemas/definitions/auth.json", auth(title));
};
const diff = (...args: string[]) => onespec(["diff", ...args], repo);

beforeAll(() => {
  repo = realpathSync(mkdtempSync(path.join(tmpdir(), "onespec-diff-cli-")));
  git("init", "-q", "-b", "main");
  tree("1.4.0", { type: "integer", maximum: 65535 }, {}, "Auth");
  git("add", "-A");
  git("commit", "-q", "-m", "one");
  git("checkout", "-q", "-b", "feature");
  tree(
    "2.0.0",
    { type: "integer", maximum: 1024 },
    { charset: { type: "string" } },
    "Authentication",
  );
  json("schemas/connectors/postgres/migrations/1.4.0-2.0.0.json", {
    description: "2.0.0 takes ports up to 1024: a saved port is dropped for the default.",
    steps: [{ op: "drop", path: "/port" }],
  });
  git("add", "-A");
  git("commit", "-q", "-m", "two");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("onespec diff", () => {
  it("compares with the merge base of the default branch: pretty output on stderr, exit 0 when breaking changes have a major bump and a migration", () => {
    const r = diff();
    expect(r.stdout).toBe("");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("schemas/connectors/postgres/connection.json:");
    expect(r.stderr).toMatch(
      /warning breaking change \(range-narrowed\) for postgres at config \/port: The value bound changed from <= 65535 to <= 1024/,
    );
    expect(r.stderr).toMatch(/\|\s+"maximum": 1024$/m);
    expect(r.stderr).toMatch(
      /info compatible change \(optional-added\) for mysql at config \/charset/,
    );
    expect(r.stderr).toMatch(
      /info compatible change \(doc-changed\) for 2 connectors \(mysql, postgres\) at config \/auth/,
    );
    // mysql's compatible change wants a minor bump: a warning, not a failure.
    expect(r.stderr).toMatch(
      /warning The changes of mysql need a minor version bump, but its version went from 1\.0\.0 to 1\.0\.0 \(unchanged\)/,
    );
    expect(r.stderr).toMatch(
      /^postgres\s+1\s+1\s+0\s+1\.4\.0 → 2\.0\.0\s+needs major, migrated \(1\.4\.0-2\.0\.0\)$/m,
    );
    expect(r.stderr).toMatch(
      /^onespec diff: compared with merge-base with main \([0-9a-f]{12}\): 4 changes in 2 connector\(s\), 1 breaking, 1 connector\(s\) migrated$/m,
    );
  });

  it("exits 1 when a breaking change has no major bump, and never touches the work tree", () => {
    const file = path.join(repo, "schemas/connectors/postgres/connector.json");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace('"2.0.0"', '"1.5.0"'));
    try {
      const status = git("status", "--porcelain");
      const r = diff("main");
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /schemas\/connectors\/postgres\/connector\.json:8:\d+ error The changes of postgres need a major version bump, but its version went from 1\.4\.0 to 1\.5\.0 \(a minor bump\)\. \[diff\/version-not-bumped\]/,
      );
      expect(r.stderr).toContain('Set "version" to 2.0.0 or later.');
      expect(r.stderr).toMatch(
        /^onespec diff: compared with main \([0-9a-f]{12}\): .*; a breaking change has no major version bump$/m,
      );
      expect(git("status", "--porcelain")).toBe(status);
      expect(readFileSync(file, "utf8")).toContain('"1.5.0"');
    } finally {
      writeFileSync(file, text);
    }
  });

  it("--format json prints the changes, the version checks and the diagnostics on stdout", () => {
    const r = diff("main", "--format", "json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.base).toMatch(/^main \([0-9a-f]{12}\)$/);
    expect(
      out.changes
        .map((c: { connector: string; kind: string; verdict: string; instancePath: string }) => [
          c.connector,
          c.kind,
          c.verdict,
          c.instancePath,
        ])
        .sort(),
    ).toEqual([
      ["mysql", "doc-changed", "compatible", "/auth"],
      ["mysql", "optional-added", "compatible", "/charset"],
      ["postgres", "doc-changed", "compatible", "/auth"],
      ["postgres", "range-narrowed", "breaking", "/port"],
    ]);
    const shared = out.changes.find((c: { kind: string }) => c.kind === "doc-changed");
    expect(shared).toMatchObject({
      file: "schemas/definitions/auth.json",
      shared: "schemas/definitions/auth.json",
      side: "after",
    });
    expect(out.versions).toEqual([
      {
        connector: "mysql",
        from: "1.0.0",
        to: "1.0.0",
        proposed: "minor",
        actual: "none",
        bumped: false,
        ok: false,
      },
      {
        connector: "postgres",
        from: "1.4.0",
        to: "2.0.0",
        proposed: "major",
        actual: "major",
        bumped: true,
        migration: "handled",
        migrated: ["1.4.0-2.0.0"],
        ok: true,
      },
    ]);
    expect(out.diagnostics.map((d: { code: string }) => d.code).sort()).toEqual([
      "diff/breaking",
      "diff/compatible",
      "diff/compatible",
      "diff/version-not-bumped",
    ]);
  });

  it("--format github annotates the changed lines on stdout", () => {
    const r = diff("main", "--format", "github");
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::warning file=schemas\/connectors\/postgres\/connection\.json,line=\d+,col=\d+,title=diff\/breaking::breaking change \(range-narrowed\) for postgres/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::notice file=schemas\/definitions\/auth\.json,line=3,col=\d+,title=diff\/compatible::/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^::warning file=schemas\/connectors\/mysql\/connector\.json,line=8,col=\d+,title=diff\/version-not-bumped::/,
      ),
    );
    expect(lines.every((l) => l.startsWith("::"))).toBe(true);
    expect(r.stderr).toMatch(/^onespec diff: compared with main/m);
  });

  it("compares with a folder holding the old tree", () => {
    const old = mkdtempSync(path.join(tmpdir(), "onespec-diff-old-"));
    try {
      spawnSync(
        "git",
        ["archive", "--format=tar", "-o", path.join(old, "old.tar"), "main", "schemas"],
        { cwd: repo },
      );
      expect(spawnSync("tar", ["-x", "-f", "old.tar"], { cwd: old }).status).toBe(0);
      const r = diff(path.join(old, "schemas"), "--format", "json");
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out.base).toBe(`folder ${path.join(old, "schemas")}`);
      expect(out.changes.map((c: { kind: string }) => c.kind).sort()).toEqual([
        "doc-changed",
        "doc-changed",
        "optional-added",
        "range-narrowed",
      ]);
    } finally {
      rmSync(old, { recursive: true, force: true });
    }
  });

  it("finds nothing to report against the same revision", () => {
    const r = diff("HEAD");
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toMatch(
      /^onespec diff: compared with HEAD \([0-9a-f]{12}\): 0 changes in 0 connector\(s\), 0 breaking$/,
    );
  });

  it("says what is wrong with a base that is neither a folder nor a revision, without a stack trace", () => {
    const r = diff("no-such-branch");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'error "no-such-branch" is neither a folder nor a revision of this repository. [diff/bad-base]',
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("reports a connector that is new since the base", () => {
    const dir = path.join(repo, "schemas/connectors/sqlite");
    cpSync(path.join(repo, "schemas/connectors/mysql"), dir, { recursive: true });
    json("schemas/connectors/sqlite/connector.json", meta("sqlite", "0.1.0"));
    try {
      const r = diff("HEAD", "--format", "json");
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).changes).toEqual([
        expect.objectContaining({
          connector: "sqlite",
          kind: "connector-added",
          verdict: "compatible",
        }),
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
