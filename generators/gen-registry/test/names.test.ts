import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, NAME_COLLISION, runGenerators, type SchemaModel } from "@onespec/core";
import registry from "../src/index.js";

const registryGenerator = registry();

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A tree of connectors with a one-property schema each. */
async function connectors(...names: string[]): Promise<SchemaModel> {
  const root = mkdtempSync(path.join(tmpdir(), "onespec-registry-names-"));
  dirs.push(root);
  const write = (rel: string, value: unknown) => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), JSON.stringify(value, null, 2));
  };
  for (const name of names) {
    write(`connectors/${name}/connection.json`, {
      type: "object",
      properties: { host: { type: "string" } },
    });
    write(`connectors/${name}/connector.json`, {
      name,
      displayName: name,
      serviceType: "Database",
      capabilities: ["metadata"],
      version: "0.1.0",
      docsUrl: "https://example.com",
    });
    write(`connectors/${name}/test-connection.json`, {
      steps: [
        {
          name: "CheckAccess",
          description: "Open a connection.",
          mandatory: true,
          errorMessage: "Check the host.",
        },
      ],
    });
  }
  const model = await loadTree({ root, cwd: root });
  expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return model;
}

describe("registry: connector names", () => {
  it("two names that make one namespace are an error naming both, and no index is written", async () => {
    const { files, diagnostics } = await runGenerators(await connectors("my-db", "my_db"), [
      registryGenerator,
    ]);
    expect(diagnostics.map((d) => [d.code, d.connector])).toEqual([[NAME_COLLISION, "my_db"]]);
    expect(diagnostics[0].message).toContain('Connectors "my-db" and "my_db"');
    expect(files.map((f) => f.path)).not.toContain("index.ts");
  });

  it("a name that is a reserved word or one of the index's own names gets a suffix", async () => {
    const { files, diagnostics } = await runGenerators(
      await connectors("delete", "is-connector-name", "connectors"),
      [registryGenerator],
    );
    expect(diagnostics).toEqual([]);
    const index = files.find((f) => f.path === "index.ts")!.contents;
    expect(index).toContain('import * as deleteConnector from "./connectors/delete/index.js";');
    expect(index).toContain(
      'import * as isConnectorNameConnector from "./connectors/is-connector-name/index.js";',
    );
    expect(index).toContain(
      'import * as connectorsConnector from "./connectors/connectors/index.js";',
    );
    expect(index).toContain("export function isConnectorName(");
  });
});
