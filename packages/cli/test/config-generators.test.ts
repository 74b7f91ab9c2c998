import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
  cpSync,
} from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { hasStackTrace, onespec, REPO, SCRATCH, typecheck } from "./helpers.js";

// Generators named in a config: built-in ones by name, the example Zod generator
// (examples/generators/zod.ts) by module path, forms left out.
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function project(config: string, file = "onespec.config.ts"): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "gens-"));
  dirs.push(dir);
  cpSync(path.join(REPO, "schemas"), path.join(dir, "schemas"), { recursive: true });
  mkdirSync(path.join(dir, "generators"));
  cpSync(path.join(REPO, "examples/generators/zod.ts"), path.join(dir, "generators/zod.ts"));
  writeFileSync(path.join(dir, file), config);
  return dir;
}
const files = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

describe("generators from the config", () => {
  const dir = project(`import { defineConfig } from "@onespec/cli/config";

export default defineConfig({
  out: "src/generated",
  generators: ["types", "validators", "./generators/zod.ts"],
});
`);
  const out = path.join(dir, "src/generated");
  let stdout = "";

  it("runs the built-in ones named and the user's own, and nothing else", () => {
    const r = onespec(["generate"], dir);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    stdout = r.stdout;
    const written = files(out);
    expect(written).toContain("connectors/postgres/zod.ts");
    expect(written).toContain("connectors/postgres/validator.ts");
    expect(written.filter((f) => /form|fixtures|README|registry|index\.ts$/.test(f))).toEqual([]);
    // A backend that only uses types and validators never needs React or RJSF.
    for (const f of written)
      expect(readFileSync(path.join(out, f), "utf8"), f).not.toMatch(/@rjsf|react/);
    expect(stdout).toMatch(/^onespec generate: 5 connectors, \d+ files written/);
  });

  it("its output compiles and its zod schema accepts and rejects what the validator does", async () => {
    expect(typecheck(out).output).toBe("");
    const zod = (await import(
      pathToFileURL(path.join(out, "connectors/postgres/zod.ts")).href
    )) as { PostgresConfigSchema: { safeParse(v: unknown): { success: boolean } } };
    const validator = (await import(
      pathToFileURL(path.join(out, "connectors/postgres/validator.ts")).href
    )) as { validate(v: unknown): boolean };
    const fixtures = JSON.parse(
      readFileSync(path.join(REPO, "generated/connectors/postgres/fixtures.json"), "utf8"),
    ) as { valid: { config: unknown }[]; invalid: { name: string; config: unknown }[] };
    for (const f of fixtures.valid) {
      expect(validator.validate(f.config)).toBe(true);
      expect(zod.PostgresConfigSchema.safeParse(f.config).success).toBe(true);
    }
    // Every invalid fixture that breaks a rule Zod expresses (types, required, bounds, enums, extra keys) fails in Zod too.
    const kinds = /required|wrong type|minimum|maximum|enum|minLength|maxLength|unknown property/;
    const relevant = fixtures.invalid.filter((f) => kinds.test(f.name));
    expect(relevant.length).toBeGreaterThan(10);
    for (const f of relevant)
      expect(zod.PostgresConfigSchema.safeParse(f.config).success, f.name).toBe(false);
  });

  it("a second run reuses everything; editing the generator regenerates its files", () => {
    const again = onespec(["generate"], dir);
    expect(again.stdout).toMatch(/0 files written/);
    const file = path.join(dir, "generators/zod.ts");
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace("Do not edit. */", "Do not edit (edited generator). */"),
    );
    const edited = onespec(["generate"], dir);
    expect(edited.code).toBe(0);
    expect(readFileSync(path.join(out, "connectors/mysql/zod.ts"), "utf8")).toContain(
      "(edited generator)",
    );
  });

  it("reports an unknown generator with what to do, writing nothing", () => {
    const bad = project(
      JSON.stringify({ out: "gen", generators: ["types", "zodd"] }),
      "onespec.config.json",
    );
    const r = onespec(["generate"], bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Generator "zodd" was not found.');
    expect(r.stderr).toContain(
      "Built-in generators: types, validators, forms, fixtures, docs, upgrade, registry.",
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(existsSync(path.join(bad, "gen"))).toBe(false);
  });
});

describe("--out owns only what onespec wrote", () => {
  it("refuses to overwrite a file it did not write, lists it, and --force overrides", () => {
    const dir = project(JSON.stringify({ out: "src" }), "onespec.config.json");
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src/index.ts"), "export const mine = 1;\n");
    const r = onespec(["generate"], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "1 file in src/ would be overwritten but onespec did not write it: src/index.ts.",
    );
    expect(r.stderr).toContain("--force");
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toBe("export const mine = 1;\n");
    expect(existsSync(path.join(dir, "src/connectors"))).toBe(false);

    const forced = onespec(["generate", "--force"], dir);
    expect(forced.code).toBe(0);
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toContain("Generated by onespec");
    // Now onespec owns it: later runs need no --force.
    expect(onespec(["generate"], dir).code).toBe(0);
  });
});
