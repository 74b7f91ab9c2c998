/**
 * One table of loader repairs: what `onespec check --fix` writes into a spec (the loader's
 * `model.fixes`) is what the import writes into the connection it makes from the same spec.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { loadTree, SCHEMA_REPAIR_RULES } from "@onespec/core";
import { applyFixes } from "@onespec/lint";
import { IMPORT_RULES } from "../src/rules/index.js";
import { importSpec } from "../src/index.js";

const TMP = mkdtempSync(path.join(os.tmpdir(), "onespec-import-fix-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

// Every defect the loader repairs with an edit check --fix can write, and nothing else the
// import would change.
const spec = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Acme",
  description: "Acme settings.",
  type: "object",
  required: ["host", "host"],
  properties: {
    host: { type: "string", title: "Host", description: "The host.", order: "0" },
    mode: { type: "string", title: "Mode", description: "The mode.", enum: ["a", "b", "a"] },
    port: { type: "integer", title: "Port", description: "The port.", examples: 5432 },
    code: { type: "string", title: "Code", description: "A code.", pattern: "^\\-[a-z]+$" },
    tags: {
      type: "object",
      title: "Tags",
      description: "Tags.",
      patternProperties: { "^t\\-": { type: "string" } },
    },
  },
};

it("check --fix and the import repair a spec the same way", async () => {
  const file = path.join(TMP, "acme.json");
  writeFileSync(file, JSON.stringify(spec, null, 2));
  const imported = await importSpec(file);

  const model = await loadTree({ root: TMP, files: ["acme.json"], cwd: TMP });
  expect(model.fixes?.length).toBe(6);
  await applyFixes(model.fixes!, (f) => f);
  const fixed = JSON.parse(readFileSync(file, "utf8"));

  expect(imported.connection).toEqual(fixed);
  expect(fixed.properties.code.pattern).toBe("^-[a-z]+$");
  expect(Object.keys(fixed.properties.tags.patternProperties)).toEqual(["^t-"]);
});

it("runs the loader's rules, by the same names and in the same order", () => {
  const names = IMPORT_RULES.map((r) => r.name);
  const loader = SCHEMA_REPAIR_RULES.map((r) => r.name);
  const first = names.indexOf(loader[0]);
  expect(names.slice(first, first + loader.length)).toEqual(loader);
});
