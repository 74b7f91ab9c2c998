import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORPUS_DIR } from "@onespec/test-fixtures";
import { generate, type GenerateOutcome } from "@onespec/engine";
import { REPO, roundTrip, SCRATCH, typecheck } from "./helpers.js";

// All 346 real Airbyte specs in one run. The clean ones must yield types that compile, a
// validator that accepts their valid fixtures and rejects the invalid ones exactly as recorded,
// and a form config whose precompiled validator agrees; the defective ones must yield
// diagnostics naming file and pointer, and nothing else may stop.
const OUT = path.join(SCRATCH, "corpus");
let outcome: GenerateOutcome;

/** The defects that stop a spec (no output could be right), by file: code → pointer. */
const EXPECTED_DEFECTS: Record<string, [string, string][]> = {
  "destination-scaffold-destination-python.json": [
    ["schema/unsatisfiable-required", "/required/0"],
  ],
  // format "date" (YYYY-MM-DD) next to a pattern for another layout: nothing satisfies both.
};

/**
 * A format its pattern contradicts (a dd-mm-yyyy or year-month "date"): the pattern is validated,
 * as in the specs' home system, and the format kept as documentation, so these generate too.
 */
const EXPECTED_CONTRADICTIONS: Record<string, [string, string][]> = {
  // Shown by the spec's own examples ("2021-01-01" for a date-time, "2022-08" for a date, …) or,
  // for coingecko's dd-mm-yyyy "date", by no value satisfying both.
  "source-close-com.json": [["schema/format-contradicts-pattern", "/properties/start_date/format"]],
  "source-coingecko-coins.json": [
    ["schema/format-contradicts-pattern", "/properties/end_date/format"],
    ["schema/format-contradicts-pattern", "/properties/start_date/format"],
  ],
  "source-delighted.json": [["schema/format-contradicts-pattern", "/properties/since/format"]],
  "source-mailgun.json": [["schema/format-contradicts-pattern", "/properties/start_date/format"]],
  "source-mixpanel.json": [
    ["schema/format-contradicts-pattern", "/properties/end_date/format"],
    ["schema/format-contradicts-pattern", "/properties/start_date/format"],
  ],
  "source-nytimes.json": [
    ["schema/format-contradicts-pattern", "/properties/end_date/format"],
    ["schema/format-contradicts-pattern", "/properties/start_date/format"],
  ],
  "source-paypal-transaction.json": [
    ["schema/format-contradicts-pattern", "/properties/start_date/format"],
  ],
  "source-salesforce.json": [
    ["schema/format-contradicts-pattern", "/properties/start_date/format"],
  ],
};

/**
 * The defects the corpus README lists that still allow correct output: repaired in memory with a
 * warning (repairs.ts), so these six specs generate (337 of 346 did before the repairs).
 */
const EXPECTED_REPAIRS: Record<string, [string, string][]> = {
  "destination-convex.json": [
    ["schema/dialect-keyword-type", "/properties/access_key/airbyte_secret"],
  ],
  "destination-kafka.json": [
    ["schema/duplicate-enum-value", "/properties/client_dns_lookup/enum/3"],
    ["schema/examples-not-array", "/properties/buffer_memory/examples"],
  ],
  "destination-redpanda.json": [
    ["schema/examples-not-array", "/properties/buffer_memory/examples"],
  ],
  // "\-" outside a character class: valid ECMA-262 without the unicode flag, read as "-".
  "source-kyriba.json": [
    ["schema/pattern-non-unicode", "/properties/end_date/pattern"],
    ["schema/pattern-non-unicode", "/properties/start_date/pattern"],
  ],
  "source-square.json": [["schema/dialect-keyword-type", "/properties/start_date/order"]],
  "source-the-guardian-api.json": [
    ["schema/pattern-non-unicode", "/properties/end_date/pattern"],
    ["schema/pattern-non-unicode", "/properties/start_date/pattern"],
  ],
};
const REPAIR_CODES = new Set(
  Object.values(EXPECTED_REPAIRS).flatMap((list) => list.map(([code]) => code)),
);

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  // Formatting is tested elsewhere; here it would only add time.
  outcome = await generate({
    schemas: CORPUS_DIR,
    entries: ["*.json"],
    out: OUT,
    keepGoing: true,
    cwd: REPO,
  });
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
    const repaired: Record<string, [string, string][]> = {};
    for (const d of outcome.diagnostics.filter(
      (x) => x.severity === "warning" && REPAIR_CODES.has(x.code),
    )) {
      expect(d.line, d.message).toBeGreaterThan(0);
      expect(d.hint, d.message).toMatch(/check --fix does it/);
      (repaired[path.basename(d.file!)] ??= []).push([d.code, d.pointer!]);
    }
    for (const list of Object.values(repaired)) list.sort();
    expect(repaired).toEqual(EXPECTED_REPAIRS);
    const contradicted: Record<string, [string, string][]> = {};
    for (const d of outcome.diagnostics.filter(
      (x) => x.code === "schema/format-contradicts-pattern",
    )) {
      expect(d.severity).toBe("warning");
      expect(d.line, d.message).toBeGreaterThan(0);
      (contradicted[path.basename(d.file!)] ??= []).push([d.code, d.pointer!]);
    }
    for (const list of Object.values(contradicted)) list.sort();
    expect(contradicted).toEqual(EXPECTED_CONTRADICTIONS);
    expect(outcome.skipped).toEqual(
      Object.keys(EXPECTED_DEFECTS)
        .map((f) => f.replace(/\.json$/, ""))
        .sort(),
    );
    const generated = readdirSync(path.join(OUT, "connectors"));
    expect(generated.length).toBe(files.length - Object.keys(EXPECTED_DEFECTS).length);
    expect([files.length, generated.length]).toEqual([346, 345]);
    for (const file of [...Object.keys(EXPECTED_REPAIRS), ...Object.keys(EXPECTED_CONTRADICTIONS)])
      expect(generated).toContain(file.replace(/\.json$/, ""));
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
    console.log(
      `corpus fixtures: ${r.connectors} connectors, ${r.valid} valid accepted (validator and form), ${r.invalid} invalid rejected with exactly the recorded errors`,
    );
    expect(r.failures).toEqual([]);
    expect(r.valid).toBeGreaterThan(700);
    expect(r.invalid).toBeGreaterThan(2500);
  }, 300_000);
});
