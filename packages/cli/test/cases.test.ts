import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { caseNames, CASES_DIR } from "@onespec/test-fixtures";
import { generate } from "@onespec/engine";
import { REPO, SCRATCH, typecheck } from "./helpers.js";

// The tricky case trees, generated end to end: the output must compile with tsc, and its
// fixtures must round-trip through its validators.
const CASES = caseNames();
const OUT = path.join(SCRATCH, "cases");

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const name of CASES) {
    const outcome = await generate({
      schemas: path.join(CASES_DIR, name),
      out: path.join(OUT, name),
      cwd: REPO,
    });
    expect(outcome.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  }
});
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("case trees", () => {
  it("compile with tsc --noEmit (types, validators, forms, fixtures, registry)", () => {
    const tsc = typecheck(
      OUT,
      CASES.map((c) => `${c}/**/*.ts`),
    );
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
  });

  it.each(CASES)("%s: fixtures round-trip through the generated validator", async (name) => {
    const dir = path.join(OUT, name, "connectors", name);
    const v = (await import(pathToFileURL(path.join(dir, "validator.ts")).href)) as {
      problems(x: unknown): { pointer: string; keyword: string }[];
    };
    const fixtures = JSON.parse(readFileSync(path.join(dir, "fixtures.json"), "utf8")) as {
      valid: { name: string; config: unknown }[];
      invalid: { name: string; config: unknown; errors: { pointer: string; keyword: string }[] }[];
    };
    expect(fixtures.valid.length).toBeGreaterThan(0);
    expect(fixtures.invalid.length).toBeGreaterThan(0);
    for (const f of fixtures.valid) expect(v.problems(f.config), f.name).toEqual([]);
    for (const f of fixtures.invalid)
      expect(
        v
          .problems(f.config)
          .map((p) => `${p.pointer} ${p.keyword}`)
          .sort(),
        f.name,
      ).toEqual(f.errors.map((e) => `${e.pointer} ${e.keyword}`).sort());
  });
});
