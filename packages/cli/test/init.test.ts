import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { OPENMETADATA_DIR } from "@onespec/test-fixtures";
import { hasStackTrace, onespec, REPO, SCRATCH, typecheck } from "./helpers.js";

// `onespec init` as a new user runs it in a repository of their own (inside this one only so
// that the generated code resolves @onespec/runtime from node_modules).
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function repo(files: Record<string, string> = {}): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "init-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

describe("onespec init", () => {
  it("in a repository without schemas: writes an example connector, the config and the npm scripts", () => {
    const dir = repo({
      "package.json":
        JSON.stringify(
          { name: "acme-platform", type: "module", scripts: { test: "vitest" } },
          null,
          2,
        ) + "\n",
    });
    const r = onespec(["init"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Wrote an example connector: schemas/connectors/example/");
    expect(r.stdout).toContain("Added npm scripts: generate, check.");
    expect(r.stdout).toMatch(/Next: npx onespec generate/);
    expect(JSON.parse(readFileSync(path.join(dir, "onespec.config.json"), "utf8"))).toEqual({
      schemas: "schemas",
      out: "generated",
    });
    const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg).toEqual({
      name: "acme-platform",
      type: "module",
      scripts: { test: "vitest", generate: "onespec generate", check: "onespec check" },
    });
    for (const f of ["connection.json", "connector.json", "test-connection.json"])
      expect(existsSync(path.join(dir, "schemas/connectors/example", f))).toBe(true);

    // The next command it prints works, and what it writes compiles.
    const gen = onespec(["generate"], dir);
    expect(gen.stderr).toBe("");
    expect(gen.code).toBe(0);
    expect(existsSync(path.join(dir, "generated/connectors/example/validator.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "generated/package.json"))).toBe(false);
    const tsc = typecheck(path.join(dir, "generated"));
    expect(tsc.output).toBe("");
    // The starter is clean: nothing for check to warn about (lint/url-without-tls was one).
    const check = onespec(["check"], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/onespec check: 1 connectors, 0 errors, 0 warnings, 0 info/);
  });

  it("then scaffold connector writes the schemas and the shared definitions they lack, and check and generate pass", () => {
    const dir = repo({ "package.json": '{ "type": "module" }\n' });
    expect(onespec(["init"], dir).code).toBe(0);
    // The tree's own copy of a definition is the user's: scaffold must not replace it.
    const basicAuth = path.join(dir, "schemas/definitions/basic-auth.json");
    const edited = readFileSync(basicAuth, "utf8").replace(
      '"title": "Username"',
      '"title": "Login"',
    );
    writeFileSync(basicAuth, edited);

    const r = onespec(
      [
        "scaffold",
        "connector",
        "--name",
        "acme-db",
        "--service-type",
        "Database",
        "--auth-types",
        "basic-auth,key-pair",
        "--yes",
      ],
      dir,
    );
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").filter((l) => l.startsWith("  schemas/"))).toEqual([
      "  schemas/connectors/acme-db/connection.json",
      "  schemas/connectors/acme-db/connector.json",
      "  schemas/connectors/acme-db/test-connection.json",
      "  schemas/definitions/filter-pattern.json",
      "  schemas/definitions/key-pair.json",
      "  schemas/definitions/ssl.json",
    ]);
    expect(r.stdout).toContain(
      "There is no packages/ folder here, so only the schemas were written",
    );
    expect(existsSync(path.join(dir, "packages"))).toBe(false);
    for (const name of ["filter-pattern", "key-pair", "ssl"])
      expect(readFileSync(path.join(dir, `schemas/definitions/${name}.json`), "utf8")).toBe(
        readFileSync(path.join(REPO, `schemas/definitions/${name}.json`), "utf8"),
      );
    expect(readFileSync(basicAuth, "utf8")).toBe(edited);
    expect(existsSync(path.join(dir, "generated/connectors/acme-db/validator.ts"))).toBe(true);
    expect(readFileSync(path.join(dir, "generated/connectors/acme-db/types.ts"), "utf8")).toContain(
      'from "../../definitions/ssl.js"',
    );

    const check = onespec(["check"], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/onespec check: 2 connectors, 0 errors, 0 warnings, 0 info/);
    const gen = onespec(["generate"], dir);
    expect(gen.stderr).toBe("");
    expect(gen.code).toBe(0);
    expect(typecheck(path.join(dir, "generated")).output).toBe("");
  });

  it("then scaffold connector --from prints what the import changed (there is no CONNECTOR_CONTEXT.md)", () => {
    const dir = repo({ "package.json": '{ "type": "module" }\n' });
    expect(onespec(["init"], dir).code).toBe(0);
    const spec = path.join(REPO, "tooling/test-fixtures/corpus/airbyte/destination-kafka.json");
    const r = onespec(["scaffold", "connector", "--from", spec, "--name", "kafka", "--yes"], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Changed while importing ${spec}:\n  - `);
    expect(existsSync(path.join(dir, "schemas/connectors/kafka/connection.json"))).toBe(true);
    expect(existsSync(path.join(dir, "packages"))).toBe(false);
    const check = onespec(["check"], dir);
    expect(check.code, check.stderr).toBe(0);
  });

  it("scaffold where there is no connectors folder says how to make one", () => {
    const dir = repo({ "package.json": "{}\n" });
    const r = onespec(["scaffold", "connector", "--name", "acme", "--yes"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "there is no schemas/connectors/ here; `npx onespec init` makes one",
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(path.join(dir, "schemas"))).toBe(false);
  });

  it('in a CommonJS project (no "type": "module"), the output compiles too', () => {
    const dir = repo({ "package.json": JSON.stringify({ name: "legacy" }) + "\n" });
    expect(onespec(["init"], dir).code).toBe(0);
    expect(onespec(["generate"], dir).code).toBe(0);
    // verbatimModuleSyntax forbids ESM syntax in CommonJS files; such projects leave it off.
    expect(
      typecheck(path.join(dir, "generated"), ["**/*.ts"], { verbatimModuleSyntax: false }).output,
    ).toBe("");
  });

  it("writes onespec.config.ts with --format ts, and generate reads it", () => {
    const dir = repo({ "package.json": '{ "type": "module" }\n' });
    expect(onespec(["init", "--format", "ts", "--out", "src/generated"], dir).code).toBe(0);
    expect(readFileSync(path.join(dir, "onespec.config.ts"), "utf8")).toContain(
      'import { defineConfig } from "@onespec/cli/config";',
    );
    const gen = onespec(["generate"], dir);
    expect(gen.stderr).toBe("");
    expect(existsSync(path.join(dir, "src/generated/connectors/example/types.ts"))).toBe(true);
  });

  it("finds an existing tree and proposes --schemas and --entry for it", () => {
    const dir = repo({ "package.json": "{}\n" });
    cpSync(OPENMETADATA_DIR, path.join(dir, "spec/schema"), { recursive: true });
    const r = onespec(["init"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Found \d+ connection schemas under spec\/schema\/ \(entry \*\*\/\*Connection\.json\)\./,
    );
    const config = JSON.parse(readFileSync(path.join(dir, "onespec.config.json"), "utf8"));
    expect(config).toEqual({
      schemas: "spec/schema",
      entry: ["**/*Connection.json"],
      out: "generated",
    });
    expect(existsSync(path.join(dir, "schemas"))).toBe(false);
    const gen = onespec(["generate"], dir);
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stdout).toMatch(/^onespec generate: \d+ connectors/);
  });

  it("refuses to run twice, and never overwrites a file", () => {
    const dir = repo({ "package.json": "{}\n" });
    expect(onespec(["init"], dir).code).toBe(0);
    const again = onespec(["init"], dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("onespec.config.json already exists");

    const clash = repo({ "schemas/definitions/basic-auth.json": "{}\n" });
    const r = onespec(["init", "--example"], clash);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("schemas/definitions/basic-auth.json");
    expect(r.stderr).toContain("nothing was written");
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(readFileSync(path.join(clash, "schemas/definitions/basic-auth.json"), "utf8")).toBe(
      "{}\n",
    );
    expect(existsSync(path.join(clash, "onespec.config.json"))).toBe(false);
  });

  it("without a package.json says that no scripts were added", () => {
    const dir = repo();
    const r = onespec(["init"], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("There is no package.json here, so no npm scripts were added.");
    expect(existsSync(path.join(dir, "package.json"))).toBe(false);
  });
});
