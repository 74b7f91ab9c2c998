import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, validatorExportName } from "@onespec/core";
import { validatorsAjv } from "../src/index.js";

// ajv's own deep equality (fast-deep-equal) calls a value's own valueOf/toString, so a config
// holding {"valueOf": 1} made `const` and `uniqueItems` throw. serve compiles in-process, with
// @onespec/runtime's JSON equality lent to ajv for the compile (generated code imports it).
describe("in-process validators compare JSON by own keys", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-equality-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const connection = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties: {
      items: { type: "array", uniqueItems: true, items: { type: "object" } },
      c: { const: { toString: "x" } },
    },
  };
  mkdirSync(path.join(dir, "connectors/equality"), { recursive: true });
  writeFileSync(path.join(dir, "connectors/equality/connection.json"), JSON.stringify(connection));
  writeFileSync(
    path.join(dir, "connectors/equality/connector.json"),
    JSON.stringify({
      name: "equality",
      displayName: "Equality",
      description: "const and uniqueItems on objects.",
      serviceType: "Other",
      capabilities: ["metadata"],
      version: "0.1.0",
      docsUrl: "https://example.com/docs/equality",
    }),
  );
  writeFileSync(
    path.join(dir, "connectors/equality/test-connection.json"),
    JSON.stringify({
      steps: [
        {
          name: "CheckAccess",
          description: "Connect.",
          mandatory: true,
          errorMessage: "Check the settings.",
        },
      ],
    }),
  );

  it("const and uniqueItems on objects with valueOf and toString keys", async () => {
    const model = await loadTree({ root: dir, cwd: dir });
    expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(model.connectors.map((c) => c.name)).toEqual(["equality"]);
    const { ajv, mapping, diagnostics } = validatorsAjv(model);
    expect(diagnostics).toEqual([]);
    const validate = ajv.getSchema(mapping[validatorExportName("equality")])!;
    const keywords = (data: unknown) =>
      validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    expect(keywords({ items: [{ valueOf: 1 }, { valueOf: 2 }], c: { toString: "x" } })).toEqual([]);
    expect(keywords({ items: [{ valueOf: 1 }, { valueOf: 1 }] })).toEqual(["/items uniqueItems"]);
    expect(keywords({ c: { toString: "y" } })).toEqual(["/c const"]);
  });
});
