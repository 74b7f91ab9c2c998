import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR } from "@onespec/testing";
import { generate, type GenerateOutcome } from "@onespec/engine";
import { REPO, roundTrip, SCRATCH, typecheck } from "./helpers.js";

// All 346 real Airbyte specs in one run. The clean ones must yield types that compile, a
// validator that accepts their valid fixtures and rejects the invalid ones exactly as recorded,
// and a form config whose precompiled validator agrees; the defective ones must yield
// diagnostics naming file and pointer, and nothing else may stop.
const OUT = path.join(SCRATCH, "corpus");
let outcome: GenerateOutcome;

/** The defects the corpus README lists (and a few more it holds), by file: code → pointer. */
const EXPECTED_DEFECTS: Record<string, [string, string][]> = {
  "destination-convex.json": [["schema/dialect-keyword-type", "/properties/access_key/airbyte_secret"]],
  "destination-kafka.json": [
    ["schema/duplicate-enum-value", "/properties/client_dns_lookup/enum/3"],
    ["schema/examples-not-array", "/properties/buffer_memory/examples"],
  ],
  "destination-redpanda.json": [["schema/examples-not-array", "/properties/buffer_memory/examples"]],
  "destination-scaffold-destination-python.json": [["schema/unsatisfiable-required", "/required/0"]],
  // format "date" (YYYY-MM-DD) next to a pattern for another layout: nothing satisfies both.
  "source-coingecko-coins.json": [["schema/unsatisfiable", "/properties/start_date"]],
  "source-nytimes.json": [["schema/unsatisfiable", "/properties/start_date"]],
  "source-kyriba.json": [
    ["schema/invalid-pattern", "/properties/end_date/pattern"],
    ["schema/invalid-pattern", "/properties/start_date/pattern"],
  ],
  "source-square.json": [["schema/dialect-keyword-type", "/properties/start_date/order"]],
  "source-the-guardian-api.json": [
    ["schema/invalid-pattern", "/properties/end_date/pattern"],
    ["schema/invalid-pattern", "/properties/start_date/pattern"],
  ],
};

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  // Formatting is tested elsewhere; here it would only add time.
  outcome = await generate({ schemas: CORPUS_DIR, entries: ["*.json"], out: OUT, keepGoing: true, cwd: REPO });
}, 300_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("the Airbyte corpus", () => {
  it("generates every spec without a defect and reports each defect where it is", () => {
    const files = readdirSync(CORPUS_DIR).filter((f) => f.endsWith(".json"));
    const errors = outcome.diagnostics.filter((d) => d.severity === "error");
    const found: Record<string, [string, string][]> = {};
    for (const d of errors) {
      expect(d.file, d.message).toBeDefined();
      expect(d.line, d.message).toBeGreaterThan(0);
      expect(d.hint, d.message).toBeTruthy();
      (found[path.basename(d.file!)] ??= []).push([d.code, d.pointer!]);
    }
    for (const list of Object.values(found)) list.sort();
    expect(found).toEqual(EXPECTED_DEFECTS);
    expect(outcome.skipped).toEqual(Object.keys(EXPECTED_DEFECTS).map((f) => f.replace(/\.json$/, "")).sort());
    const generated = readdirSync(path.join(OUT, "connectors"));
    expect(generated.length).toBe(files.length - Object.keys(EXPECTED_DEFECTS).length);
    const info = outcome.diagnostics.filter((d) => d.severity === "info");
    console.log(
      `corpus: ${files.length} specs, ${generated.length} generated, ${outcome.skipped.length} with defects (${errors.length} error diagnostics), ${info.length} unknown keywords reported`,
    );
  });

  it("yields TypeScript that compiles (tsc --noEmit over all of it)", () => {
    expect(typecheck(OUT)).toEqual({ code: 0, output: "" });
  }, 300_000);

  it("yields validators and forms that agree with every fixture", async () => {
    const r = await roundTrip(OUT);
    console.log(`corpus fixtures: ${r.connectors} connectors, ${r.valid} valid accepted (validator and form), ${r.invalid} invalid rejected with exactly the recorded errors`);
    expect(r.failures).toEqual([]);
    expect(r.valid).toBeGreaterThan(700);
    expect(r.invalid).toBeGreaterThan(2500);
  }, 300_000);
});
