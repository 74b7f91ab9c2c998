import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, type SchemaModel } from "@onespec/core";
import validatorsGenerator from "../src/index.js";
import { modelAjv } from "../src/model-ajv.js";
import { compileDiagnostic } from "../src/document-modules.js";

// A run's ajv instance is replaced after some connectors (model-ajv.ts, ROTATE_AFTER), so that
// the functions of connectors already generated can go; what is generated must not change.
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const CONNECTORS = 40;
const ENTRIES = ["connectors/*/connection.json"];

function tree(): string {
  const root = mkdtempSync(path.join(tmpdir(), "gen-validators-rotation-"));
  dirs.push(root);
  const write = (rel: string, json: unknown) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), JSON.stringify(json));
  };
  write("definitions/auth.json", {
    type: "object",
    required: ["token"],
    properties: { token: { type: "string", minLength: 8 }, kind: { const: "token" } },
  });
  for (let i = 0; i < CONNECTORS; i++) {
    write(`connectors/c${i}/connection.json`, {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      required: ["host"],
      properties: {
        host: { type: "string", pattern: `^h${i}` },
        port: { type: "integer", maximum: 1000 + i },
        auth: { $ref: "../../definitions/auth.json" },
      },
    });
  }
  return root;
}

async function filesOf(model: SchemaModel, name: string): Promise<unknown> {
  const c = model.connectors.find((x) => x.name === name)!;
  return validatorsGenerator.connector(model, c);
}

describe("the model's ajv instance", () => {
  it("is replaced after some connectors, and every connector's files are what a fresh run writes", async () => {
    const root = tree();
    const model = await loadTree({ root, cwd: root, entries: ENTRIES });
    expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(model.connectors).toHaveLength(CONNECTORS);
    const instances = new Set<unknown>();
    const inOneRun: unknown[] = [];
    for (const c of model.connectors) {
      inOneRun.push(await filesOf(model, c.name));
      instances.add(modelAjv(model, "draft-07", [c.entry], compileDiagnostic).ajv);
    }
    // More than one instance served the run, and far fewer than one per connector.
    expect(instances.size).toBeGreaterThan(1);
    expect(instances.size).toBeLessThan(CONNECTORS / 4);
    // Each connector alone, in a model of its own (a fresh instance), writes the same files.
    for (const [i, c] of model.connectors.entries()) {
      const alone = await loadTree({ root, cwd: root, entries: ENTRIES });
      expect(await filesOf(alone, c.name)).toEqual(inOneRun[i]);
    }
  });
});
