/**
 * Migrations on real history: three specs of the Airbyte corpus and their next two versions
 * (tooling/test-fixtures/history). `onespec diff` classifies each release's changes, accepts a
 * breaking change with a major bump and a migration that handles it, and refuses one that lacks
 * either, or a migration that fails on an old config.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HISTORY_DIR } from "@onespec/test-fixtures";
import { hasStackTrace, onespec, REPO, SCRATCH, typecheck } from "./helpers.js";

const scratch: string[] = [];
afterAll(() => scratch.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of one version's tree to edit (under `parent`: by default inside this ESM package). */
function copyOf(version: string, parent = SCRATCH): string {
  mkdirSync(parent, { recursive: true });
  const dir = mkdtempSync(path.join(parent, "history-"));
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
    bumped: boolean;
    migration?: string;
    addMigration?: string;
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
    column?: number;
    message: string;
    hint?: string;
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

  it("v2 → v3: a rename, a narrowed enum and a removed branch, each with a major bump and a migration", () => {
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
      actual: "major",
      bumped: true,
      migration: "handled",
      ok: true,
      migrated: ["2.0.0-3.0.0"],
    });
    // The breaking change's own diagnostic says what handles it.
    const renamed = out.diagnostics.find((d) => d.message.includes("expand_issue_changelog"))!;
    expect(renamed).toMatchObject({ code: "diff/breaking" });
    expect((renamed as { hint?: string }).hint).toMatch(
      /^Handled by the migration 2\.0\.0-3\.0\.0/,
    );
  });

  it("v1 → v3: the two migrations chain", () => {
    const { code, out } = diffJson("v1", "v3");
    expect(code).toBe(0);
    expect(out.migrations.map((m) => [m.connector, m.chain, m.handled])).toEqual([
      ["source-jira", ["1.0.0-2.0.0", "2.0.0-3.0.0"], true],
      ["source-mysql", ["1.0.0-2.0.0", "2.0.0-3.0.0"], true],
      ["source-stripe", ["1.0.0-2.0.0", "2.0.0-3.0.0"], true],
    ]);
  });

  it("exits 1 for a breaking change with a major bump and no migration, naming the file to add", () => {
    const tree = copyOf("v3");
    rmSync(path.join(tree, "connectors/source-jira/migrations/2.0.0-3.0.0.json"));
    const json = diff("v2", tree, "--format", "json");
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as DiffJson;
    expect(out.versions.find((v) => v.connector === "source-jira")).toMatchObject({
      actual: "major",
      bumped: true,
      migration: "missing",
      addMigration: "migrations/2.0.0-3.0.0.json",
      ok: false,
    });
    // One error, at the breaking change in the new schema; the bump is fine, so no version error.
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["diff/migration-missing"]);
    const schema = path.join(tree, "connectors/source-jira/connection.json");
    expect(path.resolve(HISTORY_DIR, errors[0].file!)).toBe(schema);
    expect(errors[0].line).toBeGreaterThan(1);
    expect(errors[0].message).toMatch(
      /^The breaking change of source-jira needs a migration from 2\.0\.0, and none is declared: .* Add migrations\/2\.0\.0-3\.0\.0\.json beside .*connectors\/source-jira\/connection\.json\.$/,
    );

    const text = diff("v2", tree);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(
      /connectors\/source-jira\/connection\.json:\d+:\d+ error The breaking change of source-jira needs a migration from 2\.0\.0.* Add migrations\/2\.0\.0-3\.0\.0\.json .*\[diff\/migration-missing\]/,
    );
    expect(text.stderr).toMatch(/^source-jira .*2\.0\.0 → 3\.0\.0\s+needs major, NO MIGRATION$/m);
    expect(text.stderr).toMatch(/; a breaking change has no migration$/m);
    expect(text.stderr).not.toMatch(/version-not-bumped/);

    const github = diff("v2", tree, "--format", "github");
    expect(github.code).toBe(1);
    expect(github.stdout.split("\n")).toContainEqual(
      expect.stringMatching(
        /^::error file=[^,]*connectors\/source-jira\/connection\.json,line=\d+,col=\d+,title=diff\/migration-missing::The breaking change of source-jira needs a migration .*Add migrations\/2\.0\.0-3\.0\.0\.json/,
      ),
    );
  });

  it("exits 1 for a breaking change with a migration and only a minor bump, naming the version", () => {
    const tree = copyOf("v3");
    const meta = path.join(tree, "connectors/source-jira/connector.json");
    writeFileSync(meta, readFileSync(meta, "utf8").replace('"3.0.0"', '"2.1.0"'));
    const dir = path.join(tree, "connectors/source-jira/migrations");
    cpSync(path.join(dir, "2.0.0-3.0.0.json"), path.join(dir, "2.0.0-2.1.0.json"));
    rmSync(path.join(dir, "2.0.0-3.0.0.json"));
    const json = diff("v2", tree, "--format", "json");
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout) as DiffJson;
    expect(out.versions.find((v) => v.connector === "source-jira")).toMatchObject({
      actual: "minor",
      bumped: false,
      migration: "handled",
      migrated: ["2.0.0-2.1.0"],
      ok: false,
    });
    const errors = out.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual(["diff/version-not-bumped"]);
    // At the version in the connector's metadata.
    expect(path.resolve(HISTORY_DIR, errors[0].file!)).toBe(meta);
    expect(errors[0]).toMatchObject({ pointer: "/version", line: 8 });

    const text = diff("v2", tree);
    expect(text.code).toBe(1);
    expect(text.stderr).toMatch(
      /connectors\/source-jira\/connector\.json:8:\d+ error The changes of source-jira need a major version bump, but its version went from 2\.0\.0 to 2\.1\.0 \(a minor bump\)\. \[diff\/version-not-bumped\]/,
    );
    expect(text.stderr).toContain('Set "version" to 3.0.0 or later.');
    expect(text.stderr).toMatch(
      /^source-jira .*2\.0\.0 → 2\.1\.0\s+needs major, NOT BUMPED, migrated \(2\.0\.0-2\.1\.0\)$/m,
    );
    expect(text.stderr).toMatch(/; a breaking change has no major version bump$/m);

    const github = diff("v2", tree, "--format", "github");
    expect(github.code).toBe(1);
    expect(github.stdout.split("\n")).toContainEqual(
      expect.stringMatching(
        /^::error file=[^,]*connectors\/source-jira\/connector\.json,line=8,col=\d+,title=diff\/version-not-bumped::The changes of source-jira need a major version bump/,
      ),
    );
  });

  it("exits 1 for a breaking change with neither, with both errors", () => {
    const tree = copyOf("v3");
    const meta = path.join(tree, "connectors/source-jira/connector.json");
    writeFileSync(meta, readFileSync(meta, "utf8").replace('"3.0.0"', '"2.1.0"'));
    rmSync(path.join(tree, "connectors/source-jira/migrations/2.0.0-3.0.0.json"));
    const { code, out } = diffJson("v2", tree);
    expect(code).toBe(1);
    expect(
      out.diagnostics.filter((d) => d.severity === "error").map((d) => [d.code, d.message]),
    ).toEqual([
      ["diff/version-not-bumped", expect.stringContaining("from 2.0.0 to 2.1.0 (a minor bump)")],
      ["diff/migration-missing", expect.stringContaining("Add migrations/2.0.0-3.0.0.json")],
    ]);
    const r = diff("v2", tree);
    expect(r.stderr).toMatch(
      /a breaking change has neither a major version bump nor a migration$/m,
    );
  });

  it.each([
    ["inside an ES-module package", SCRATCH],
    ["outside any package", tmpdir()],
  ])(
    "takes a TypeScript migration (the escape hatch) in place of a declared one, %s",
    (_, parent) => {
      const tree = copyOf("v3", parent);
      const dir = path.join(tree, "connectors/source-jira/migrations");
      rmSync(path.join(dir, "2.0.0-3.0.0.json"));
      writeFileSync(
        path.join(dir, "2.0.0-3.0.0.ts"),
        [
          // Typed as in the generated project, where ../upgrade-types/ exists: tsx drops the import.
          'import type { ConfigV2_0_0, ConfigV3_0_0 } from "../upgrade-types/index.js";',
          "export function migrate(config: ConfigV2_0_0): ConfigV3_0_0 {",
          "  const { expand_issue_changelog, ...rest } = config;",
          "  return expand_issue_changelog === undefined ? rest : { ...rest, expand_changelog: expand_issue_changelog };",
          "}",
          "",
        ].join("\n"),
      );
      const { code, out } = diffJson("v2", tree);
      expect(code).toBe(0);
      expect(out.migrations.find((m) => m.connector === "source-jira")).toMatchObject({
        chain: ["2.0.0-3.0.0"],
        handled: true,
      });
    },
  );

  it("a TypeScript migration that imports a value is an error at the import, in diff, check and generate", () => {
    const tree = copyOf("v3");
    const dir = path.join(tree, "connectors/source-jira/migrations");
    rmSync(path.join(dir, "2.0.0-3.0.0.json"));
    // A sibling helper: tsx would run it here, and generate's copy would not find it.
    writeFileSync(
      path.join(dir, "rename.js"),
      "export const rename = (c) => { const { expand_issue_changelog: e, ...rest } = c; return e === undefined ? rest : { ...rest, expand_changelog: e }; };\n",
    );
    writeFileSync(
      path.join(dir, "2.0.0-3.0.0.ts"),
      [
        'import type { ConfigV2_0_0, ConfigV3_0_0 } from "../upgrade-types/index.js";',
        'import { rename } from "./rename.js";',
        "export const migrate = (config: ConfigV2_0_0): ConfigV3_0_0 => rename(config);",
        "",
      ].join("\n"),
    );
    const at =
      /connectors\/source-jira\/migrations\/2\.0\.0-3\.0\.0\.ts:2:24 error The migration imports "\.\/rename\.js" as a value: a TypeScript migration may import nothing but types/;
    const diffed = diff("v2", tree);
    expect(diffed.code).toBe(1);
    expect(diffed.stderr).toMatch(at);
    const checked = onespec(["check", "--schemas", tree], tree);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(at);
    const generated = onespec(
      ["generate", "--schemas", tree, "--out", path.join(tree, "gen")],
      tree,
    );
    expect(generated.code).toBe(1);
    expect(generated.stderr).toMatch(at);
    expect(hasStackTrace(diffed.stderr + checked.stderr + generated.stderr)).toBe(false);
  });

  it("a migration written for a version connector.json does not have yet: the change's hint asks for the bump only", () => {
    const tree = copyOf("v3");
    const meta = path.join(tree, "connectors/source-jira/connector.json");
    writeFileSync(meta, readFileSync(meta, "utf8").replace('"3.0.0"', '"2.0.0"'));
    const { code, out } = diffJson("v2", tree);
    expect(code).toBe(1);
    const change = out.diagnostics.find(
      (d) => d.code === "diff/breaking" && d.message.includes("source-jira"),
    )!;
    expect(change.hint).toBe(
      "Bump the connector's major version in connector.json to 3.0.0, the version its migration goes to: the migration runs once the connector has that version.",
    );
    expect(out.diagnostics.map((d) => d.code)).not.toContain("diff/migration-missing");
  });

  it("--write-base-schemas keeps the 2.0.0 schemas; generate types a TypeScript migration against them, and tsc refuses a misspelt old field", () => {
    const tree = copyOf("v3");
    const written = diff("v2", tree, "--write-base-schemas");
    expect(written.code, written.stderr).toBe(0);
    for (const name of ["source-jira", "source-mysql", "source-stripe"])
      expect(written.stderr).toMatch(
        new RegExp(
          `^onespec diff: wrote .*connectors/${name}/migrations/2\\.0\\.0\\.schema\\.json \\(the schema of ${name} 2\\.0\\.0`,
          "m",
        ),
      );
    const dir = path.join(tree, "connectors/source-jira/migrations");
    // The 2.0.0 schema, self-contained: it has the field 3.0.0 renamed, and no $ref to a file.
    const kept = readFileSync(path.join(dir, "2.0.0.schema.json"), "utf8");
    expect(Object.keys(JSON.parse(kept).properties)).toContain("expand_issue_changelog");
    expect(Object.keys(JSON.parse(kept).properties)).not.toContain("expand_changelog");
    expect(kept).not.toMatch(/"\$ref": "[^#]/);
    // Once there, a version's schema is left as it is.
    writeFileSync(path.join(dir, "2.0.0.schema.json"), kept.replace("Jira Spec", "Jira 2.0.0"));
    const again = diff("v2", tree, "--write-base-schemas");
    expect(again.stderr).toMatch(
      /kept .*source-jira\/migrations\/2\.0\.0\.schema\.json, already there/,
    );
    expect(readFileSync(path.join(dir, "2.0.0.schema.json"), "utf8")).toContain("Jira 2.0.0");

    rmSync(path.join(dir, "2.0.0-3.0.0.json"));
    const migration = [
      'import type { ConfigV2_0_0, ConfigV3_0_0 } from "../upgrade-types/index.js";',
      "",
      "export function migrate(config: ConfigV2_0_0): ConfigV3_0_0 {",
      "  const { expand_issue_changelog, ...rest } = config;",
      "  return expand_issue_changelog === undefined",
      "    ? rest",
      "    : { ...rest, expand_changelog: expand_issue_changelog };",
      "}",
      "",
    ].join("\n");
    writeFileSync(path.join(dir, "2.0.0-3.0.0.ts"), migration);
    expect(diff("v2", tree).code).toBe(0);

    const gen = path.join(tree, "generated");
    const generated = onespec(["generate", "--schemas", tree, "--out", gen], tree);
    expect(generated.code, generated.stderr).toBe(0);
    const ok = typecheck(gen);
    expect(ok.output).toBe("");
    expect(ok.code).toBe(0);
    const copy = path.join(gen, "connectors/source-jira/migrations/2.0.0-3.0.0.ts");
    writeFileSync(copy, migration.replaceAll("expand_issue_changelog", "expand_issue_changlog"));
    const typo = typecheck(gen);
    expect(typo.code).not.toBe(0);
    // Jira's schema allows other properties, so its type has an index signature: the misspelt
    // field is unknown, and tsc refuses it where it becomes the new config's boolean.
    expect(typo.output).toMatch(
      /2\.0\.0-3\.0\.0\.ts\(7,\d+\): error TS2322: Type '\{\} \| null' is not assignable to type 'boolean \| undefined'/,
    );
  });

  it("docs/migrations.md's TypeScript migration and tsconfig: tsc types the migration where it is written, as the page says", () => {
    const page = readFileSync(path.join(REPO, "docs/migrations.md"), "utf8");
    const block = (after: string, lang: string) => {
      const from = page.indexOf(after);
      expect(from, after).toBeGreaterThan(-1);
      const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(page.slice(from))!;
      return m[1];
    };
    const migration = block("### The escape hatch", "ts");
    const tsconfig = block("#### Type-checking migrations", "json");
    const typoLine = block("until `generate` runs again):", "").trim();
    const spread = block("What TypeScript does not check", "ts").trim();

    // The page's project: its schemas (the acme connector of gen-upgrade's tests, whose 2.0.0 and
    // 3.0.0 have timeout_ms and timeout_seconds) and output in generated/.
    const project = mkdtempSync(path.join(SCRATCH, "tsc-docs-"));
    scratch.push(project);
    cpSync(
      path.join(REPO, "generators/gen-upgrade/test/cases/acme/connectors"),
      path.join(project, "schemas/connectors"),
      { recursive: true },
    );
    const file = path.join(project, "schemas/connectors/acme/migrations/2.0.0-3.0.0.ts");
    writeFileSync(file, migration);
    writeFileSync(path.join(project, "tsconfig.json"), tsconfig);
    const generated = onespec(["generate"], project);
    expect(generated.code, generated.stderr).toBe(0);
    const tsc = () => {
      const r = spawnSync(
        process.execPath,
        [path.join(REPO, "node_modules/typescript/bin/tsc"), "--noEmit"],
        { cwd: project, encoding: "utf8" },
      );
      return { code: r.status, output: r.stdout + r.stderr };
    };
    expect(tsc()).toEqual({ code: 0, output: "" });

    writeFileSync(file, migration.replace("const { timeout_ms, ", "const { timeout_msec, "));
    const typo = tsc();
    expect(typo.code).not.toBe(0);
    expect(typo.output.split("\n")).toContain(typoLine);

    // The limit the page names: a misspelt field inside a conditional spread passes tsc.
    const lines = migration.split("\n");
    const last = lines.findLastIndex((l) => l.trim().startsWith("return {"));
    lines[last] = `  ${spread.replace(/\s*\/\/.*$/, "")}`;
    writeFileSync(file, lines.join("\n"));
    expect(tsc()).toEqual({ code: 0, output: "" });
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
    // The major bump is there; the broken migration is what fails, and no other error says
    // to add one.
    expect(out.versions.find((v) => v.connector === "source-mysql")).toMatchObject({
      bumped: true,
      migration: "fails",
      ok: false,
    });
    expect(out.diagnostics.map((d) => d.code)).not.toContain("diff/migration-missing");
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

describe("configs upgraded where they are read", () => {
  const dir = copyOf("v1");
  const gen = path.join(dir, "generated");
  const write = (name: string, text: string) => {
    writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  };
  const run = (args: string[], env: Record<string, string> = {}) => {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    try {
      return onespec(args, dir);
    } finally {
      for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
    }
  };

  it("generate writes each connector's upgrade module from the v3 tree", () => {
    const r = onespec(["generate", "--schemas", path.join(HISTORY_DIR, "v3"), "--out", gen], dir);
    expect(r.code, r.stderr).toBe(0);
  });

  it("validate --upgrade prints the upgraded file: ${ENV} stays ${ENV}, the format and key order kept", () => {
    const file = write(
      "jira.yaml",
      "$version: 1.0.0\ndomain: acme.atlassian.net\nemail: ann@example.com\napi_token: ${JIRA_TOKEN}\nexpand_issue_changelog: true\n",
    );
    const r = run(["validate", "source-jira", file, "--out", gen, "--upgrade"], {
      JIRA_TOKEN: "tok-9f8e7d",
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        "$version: 3.0.0",
        "domain: acme.atlassian.net",
        "credentials:",
        "  auth_type: api_token",
        "  email: ann@example.com",
        "  api_token: ${JIRA_TOKEN}",
        "expand_changelog: true",
        "",
      ].join("\n"),
    );
    expect(r.stderr).toContain("upgraded from 1.0.0 to 3.0.0 (1.0.0-2.0.0, 2.0.0-3.0.0)");
    expect(r.stdout + r.stderr).not.toContain("tok-9f8e7d");
  });

  it("validate without --upgrade says when a file of an older version fails today's schema; --from implies --upgrade", () => {
    const old = "domain: acme.atlassian.net\nemail: ann@example.com\napi_token: ${JIRA_TOKEN}\n";
    const versioned = write("jira-old.yaml", `$version: 1.0.0\n${old}`);
    const plain = run(["validate", "source-jira", versioned, "--out", gen], { JIRA_TOKEN: "t" });
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(
      "jira-old.yaml: written for source-jira 1.0.0 ($version), checked as 3.0.0; `onespec validate --upgrade` checks it upgraded",
    );
    const unversioned = write("jira-unversioned.yaml", old);
    const from = run(["validate", "source-jira", unversioned, "--out", gen, "--from", "1.0.0"], {
      JIRA_TOKEN: "t",
    });
    expect(from.code, from.stderr).toBe(0);
    expect(from.stdout).toMatch(/^\$version: 3\.0\.0\n/);
    expect(from.stderr).toContain("upgraded from 1.0.0 to 3.0.0");
  });

  it("a secret written in the file is not printed; --write keeps it, renamed and still a secret", () => {
    const file = write(
      "stripe.json",
      JSON.stringify({
        $version: "1.0.0",
        account_id: "acct_1",
        client_secret: "sk_live_s3cr3t",
        start_date: "2023-01-01T00:00:00Z",
        api_version: "2020-08-27",
      }),
    );
    const shown = run(["validate", "source-stripe", file, "--out", gen, "--upgrade"]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout)).toEqual({
      $version: "3.0.0",
      account_id: "acct_1",
      secret_key: "[redacted]",
      start_date: "2023-01-01T00:00:00Z",
      api_version: "2022-11-15",
    });
    expect(shown.stdout + shown.stderr).not.toContain("s3cr3t");
    expect(shown.stderr).toContain("/secret_key is shown as [redacted]; --write keeps it");

    const written = run(["validate", "source-stripe", file, "--out", gen, "--upgrade", "--write"]);
    expect(written.code, written.stderr).toBe(0);
    expect(written.stdout + written.stderr).not.toContain("s3cr3t");
    expect(JSON.parse(readFileSync(file, "utf8"))).toMatchObject({
      $version: "3.0.0",
      secret_key: "sk_live_s3cr3t",
    });
    // Now current: validate takes it as it is.
    expect(run(["validate", "source-stripe", file, "--out", gen]).code).toBe(0);
  });

  it("says which version is missing, and where a migration step does not apply", () => {
    const none = write("none.json", JSON.stringify({ account_id: "a", client_secret: "x" }));
    const r1 = run(["validate", "source-stripe", none, "--out", gen, "--upgrade"]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toMatch(/does not say which source-stripe version it was written for/);
    const both = write(
      "both.json",
      JSON.stringify({
        $version: "1.0.0",
        account_id: "a",
        client_secret: "x1",
        secret_key: "x2",
        start_date: "2023-01-01T00:00:00Z",
      }),
    );
    const r2 = run(["validate", "source-stripe", both, "--out", gen, "--upgrade"]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(
      /1\.0\.0-2\.0\.0\.json error Upgrading the source-stripe config from 1\.0\.0 to 3\.0\.0 failed: step 1 \(rename\): config \/secret_key is already set/,
    );
    expect(r2.stderr).toContain("at /steps/0");
    expect(r2.stderr).not.toMatch(/x1|x2/);
    expect(hasStackTrace(r2.stderr)).toBe(false);
  });

  it("a step that does not apply names its migration file from where the project runs, as every diagnostic does", () => {
    const project = copyOf("v3");
    cpSync(path.join(HISTORY_DIR, "v3"), path.join(project, "schemas"), { recursive: true });
    const generated = onespec(["generate", "--schemas", "schemas", "--out", "generated"], project);
    expect(generated.code, generated.stderr).toBe(0);
    writeFileSync(
      path.join(project, "both.json"),
      JSON.stringify({ $version: "1.0.0", account_id: "a", client_secret: "x1", secret_key: "x2" }),
    );
    const r = onespec(["validate", "source-stripe", "both.json", "--upgrade"], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^ {2}schemas\/connectors\/source-stripe\/migrations\/1\.0\.0-2\.0\.0\.json error Upgrading the source-stripe config/m,
    );
  });

  it("test-connection reads $version: the same version is taken as it is, a newer one is refused at its line", () => {
    const db = path.join(dir, "retail.db");
    cpSync(path.join(REPO, "examples/sample/retail.db"), db);
    const current = write("sqlite.yaml", `$version: 0.1.0\ndatabase_path: ${db}\n`);
    const ok = run(["test-connection", "sqlite", current, "--json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).ok).toBe(true);
    const older = write("older.yaml", `$version: 0.0.9\ndatabase_path: ${db}\n`);
    const upgraded = run(["test-connection", "sqlite", older, "--json"]);
    expect(upgraded.code, upgraded.stderr).toBe(0);
    expect(upgraded.stderr).toContain("written for sqlite 0.0.9, upgraded to 0.1.0 for this run");
    const newer = write(
      "newer.yaml",
      `# saved by a later onespec\n$version: 9.0.0\ndatabase_path: ${db}\n`,
    );
    const refused = run(["test-connection", "sqlite", newer]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /newer\.yaml:2:\d+ error Upgrading the sqlite config from 9\.0\.0 to 0\.1\.0 failed: the config was written for 9\.0\.0, newer than this connector/,
    );
  });

  it("run reads source.connectorVersion beside the config", () => {
    const workflow = write(
      "workflow.yaml",
      [
        "source:",
        "  connector: sqlite",
        "  connectorVersion: 9.0.0",
        "  config:",
        `    database_path: ${path.join(dir, "retail.db")}`,
        "sink:",
        "  type: jsonl",
        `  directory: ${path.join(dir, "out")}`,
        "",
      ].join("\n"),
    );
    const r = run(["run", workflow]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /workflow\.yaml:3:\d+ error Upgrading the sqlite config from 9\.0\.0 to 0\.1\.0 failed/,
    );
    expect(r.stderr).toContain("nothing was run");
  });
});
