import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, validatorExportName } from "@onespec/core";
import { validatorsAjv } from "../src/index.js";

// `enum: []` is valid JSON Schema from draft-06 on, satisfied by no value; ajv refuses to compile
// it ("enum must have non-empty array"), which refused the whole connector (issue 20).
describe("an empty enum", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-empty-enum-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (rel: string, value: unknown) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), JSON.stringify(value));
  };
  write("connectors/empty/connection.json", {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    type: "object",
    properties: { never: { enum: [] }, also: { enum: [], allOf: [{ type: "string" }] } },
  });
  write("connectors/empty/connector.json", {
    name: "empty",
    displayName: "Empty",
    description: "An empty enum.",
    serviceType: "Other",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs/empty",
  });
  write("connectors/empty/test-connection.json", {
    steps: [
      { name: "CheckAccess", description: "Connect.", mandatory: true, errorMessage: "Check." },
    ],
  });

  it("compiles to a validator that accepts no value there", async () => {
    const model = await loadTree({ root: dir, cwd: dir });
    expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const { ajv, mapping, diagnostics } = validatorsAjv(model, "2020-12");
    expect(diagnostics).toEqual([]);
    const validate = ajv.getSchema(mapping[validatorExportName("empty")])!;
    expect(validate({})).toBe(true);
    for (const value of ["a", 1, null, {}, [], false]) {
      expect(validate({ never: value })).toBe(false);
      expect(validate({ also: value })).toBe(false);
    }
  });
});
