import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { bundle, loadTree, withEffectiveDefaults } from "@onespec/core";
import { connectorValidator } from "@onespec/gen-validators";
import { fixturesFor, type FixtureCheck } from "../src/index.js";

// The validator is the costly part of fixtures (each connector's is fresh code, never hot): no
// config is handed to it twice, however many variants sample it again.

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

it("judges each config once", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-checks-"));
  dirs.push(dir);
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      host: { type: "string" },
      port: { type: "integer", default: 5432 },
      auth: {
        oneOf: [
          { type: "object", properties: { user: { type: "string" } }, required: ["user"] },
          { type: "object", properties: { token: { type: "string" } }, required: ["token"] },
        ],
      },
      ssl: {
        oneOf: [
          { type: "object", properties: { mode: { const: "off" } }, required: ["mode"] },
          {
            type: "object",
            properties: { mode: { const: "on" }, ca: { type: "string" } },
            required: ["mode", "ca"],
          },
        ],
      },
    },
    required: ["host", "auth"],
    additionalProperties: false,
  };
  writeFileSync(path.join(dir, "case.json"), JSON.stringify(schema));
  const model = await loadTree({ root: dir, cwd: dir, entries: ["*.json"] });
  const connector = model.connectors[0];
  const validate = connectorValidator(model, connector)!;
  const seen: string[] = [];
  const check: FixtureCheck = (config) => {
    seen.push(JSON.stringify(config));
    return validate(config);
  };
  const root = withEffectiveDefaults(bundle(model, { doc: connector.entry, pointer: "" }));
  const fixtures = fixturesFor(connector.name, root, { check });
  // Minimal, full and a config per branch; invalid ones for every field.
  expect(fixtures.valid.length).toBeGreaterThanOrEqual(6);
  expect(fixtures.invalid.length).toBeGreaterThan(5);
  expect(seen.length).toBeGreaterThanOrEqual(fixtures.valid.length + fixtures.invalid.length);
  expect(new Set(seen).size).toBe(seen.length);
});
