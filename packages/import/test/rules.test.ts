/**
 * Every import rule, by its `{name, in, out}` cases in test/rules/<rule>.json (as
 * json-schema-to-typescript tests its normalizer rules): the rule alone on `in`, at `pointer`
 * in a spec of `kind`, gives `out` and says `notes`. Every rule has a file, every file a rule,
 * and every rule a case it changes.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isObject, type JsonObject } from "@onespec/core";
import { IMPORT_RULES } from "../src/rules/index.js";
import { Notes } from "../src/notes.js";
import { type ImportKind } from "../src/index.js";
import { type RuleContext } from "../src/rule.js";

interface RuleCase {
  name: string;
  in: JsonObject;
  out: JsonObject;
  /** Every note the rule adds, in order. */
  notes: string[];
  /** Where the node lands in the output (default: the root). */
  pointer?: string;
  kind?: ImportKind;
  ownDefinitions?: string[];
  /** Capability flags the rule reads. */
  capabilities?: Record<string, boolean>;
}

const DIR = fileURLToPath(new URL("./rules/", import.meta.url));
const files = readdirSync(DIR).filter((f) => f.endsWith(".json"));

function run(rule: (typeof IMPORT_RULES)[number], c: RuleCase) {
  const notes = new Notes();
  const ctx: RuleContext = {
    pointer: c.pointer ?? "",
    kind: c.kind ?? "json-schema",
    notes,
    // No source documents here: a subschema is what it is.
    follow: (value) => (isObject(value) ? value : {}),
    capabilities: new Map(),
    ownDefinitions: new Set(c.ownDefinitions ?? []),
  };
  const input = structuredClone(c.in);
  const out = rule.applies(input, ctx) ? rule.repair(input, ctx) : input;
  return { out, notes: notes.all(), capabilities: Object.fromEntries(ctx.capabilities), input };
}

describe("import rules", () => {
  it("has one case file per rule, and one rule per case file", () => {
    expect(files.map((f) => f.replace(/\.json$/, "")).sort()).toEqual(
      IMPORT_RULES.map((r) => r.name).sort(),
    );
    expect(new Set(IMPORT_RULES.map((r) => r.name)).size).toBe(IMPORT_RULES.length);
  });

  for (const rule of IMPORT_RULES) {
    const file = path.join(DIR, `${rule.name}.json`);
    const cases = JSON.parse(readFileSync(file, "utf8")) as RuleCase[];

    describe(`${rule.name} (${rule.scope})`, () => {
      it("has a case it changes", () => {
        expect(cases.some((c) => JSON.stringify(c.in) !== JSON.stringify(c.out))).toBe(true);
      });

      it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
        const result = run(rule, c);
        expect(result.out).toEqual(c.out);
        // Key order is part of the output (connection.json is written as built).
        expect(JSON.stringify(result.out)).toBe(JSON.stringify(c.out));
        expect(result.notes).toEqual(c.notes);
        expect(result.capabilities).toEqual(c.capabilities ?? {});
        // A node rule returns a copy: the schema it was given is as it was.
        if (rule.scope === "node") expect(result.input).toEqual(c.in);
      });
    });
  }
});
