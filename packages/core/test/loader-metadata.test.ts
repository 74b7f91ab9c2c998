import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../src/index.js";
import { connectorFiles, where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const META = "connectors/alpha/connector.json";
const STEPS = "connectors/alpha/test-connection.json";

/** connector.json for "alpha", one member a line; `patch` replaces or adds members by key. */
function metadataText(patch: Record<string, string> = {}): string {
  const members: Record<string, string> = {
    name: '"alpha"',
    displayName: '"Alpha"',
    serviceType: '"Database"',
    capabilities: '["metadata"]',
    version: '"0.1.0"',
    docsUrl: '"https://example.com/docs"',
    ...patch,
  };
  const rows = Object.entries(members).map(
    ([k, v], i, all) => `  "${k}": ${v}${i < all.length - 1 ? "," : ""}`,
  );
  return lines("{", ...rows, "}");
}

/** test-connection.json with one step a line (line 3 onwards); the `"name"` value is at column 15. */
function stepsText(...names: string[]): string {
  const rows = names.map(
    (n, i) =>
      `    { "name": "${n}", "description": "Step ${i}.", "mandatory": true, "errorMessage": "Fix step ${i}." }${i < names.length - 1 ? "," : ""}`,
  );
  return lines("{", '  "steps": [', ...rows, "  ]", "}");
}

async function load(files: Record<string, string | object>) {
  const root = await testdir(files);
  return loadTree({ root, cwd: root });
}

describe("loadTree: connector metadata", () => {
  it("valid metadata written by hand loads", async () => {
    const model = await load(
      connectorFiles(
        "alpha",
        { type: "object" },
        { connector: metadataText(), testConnection: stepsText("CheckAccess", "GetTables") },
      ),
    );
    expect(model.diagnostics).toEqual([]);
    expect(model.connectors[0].metadata.displayName).toBe("Alpha");
    expect(model.connectors[0].steps.map((s) => s.name)).toEqual(["CheckAccess", "GetTables"]);
  });

  it("missing connector.json → io/not-found", async () => {
    const model = await load(connectorFiles("alpha", { type: "object" }, { connector: null }));
    expect(model.diagnostics.map(where)).toEqual([
      { code: "io/not-found", file: META, pointer: undefined, line: undefined, column: undefined },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it("missing test-connection.json → io/not-found", async () => {
    const model = await load(connectorFiles("alpha", { type: "object" }, { testConnection: null }));
    expect(model.diagnostics.map(where)).toEqual([
      { code: "io/not-found", file: STEPS, pointer: undefined, line: undefined, column: undefined },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it('name mismatch → metadata/name-mismatch at the "name" value', async () => {
    // line 2: `  "name": "other",` — the value starts at column 11
    const model = await load(
      connectorFiles("alpha", { type: "object" }, { connector: metadataText({ name: '"other"' }) }),
    );
    expect(model.diagnostics.map(where)).toEqual([
      { code: "metadata/name-mismatch", file: META, pointer: "/name", line: 2, column: 11 },
    ]);
  });

  // Lines/columns of metadataText(): member k is on line k+2 (name is line 2), its value starts
  // after `  "<key>": `, i.e. at column key.length + 7 ("teleport" sits 13 columns after the `[`).
  const invalidMetadata: [
    name: string,
    patch: Record<string, string>,
    at: { pointer: string; line: number; column: number },
  ][] = [
    [
      "a bad serviceType",
      { serviceType: '"Databse"' },
      { pointer: "/serviceType", line: 4, column: 18 },
    ],
    ["a bad name pattern", { name: '"Alpha"' }, { pointer: "/name", line: 2, column: 11 }],
    ["a bad version", { version: '"1.0"' }, { pointer: "/version", line: 6, column: 14 }],
    [
      "an unknown capability",
      { capabilities: '["metadata", "teleport"]' },
      { pointer: "/capabilities/1", line: 5, column: 32 },
    ],
    [
      "a docsUrl that is not a URI",
      { docsUrl: '"not a url"' },
      { pointer: "/docsUrl", line: 7, column: 14 },
    ],
    ["an unknown member", { extra: "true" }, { pointer: "/extra", line: 8, column: 12 }],
  ];
  it.each(invalidMetadata)("%s → metadata/invalid-connector", async (_name, patch, at) => {
    const model = await load(
      connectorFiles("alpha", { type: "object" }, { connector: metadataText(patch) }),
    );
    expect(model.diagnostics.map(where)).toEqual([
      { code: "metadata/invalid-connector", file: META, ...at },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it("a missing required member → metadata/invalid-connector pointing at the member's place", async () => {
    const rows = lines(
      "{",
      '  "name": "alpha",',
      '  "displayName": "Alpha",',
      '  "serviceType": "Database",',
      '  "capabilities": [],',
      '  "version": "0.1.0"',
      "}",
    );
    const model = await load(connectorFiles("alpha", { type: "object" }, { connector: rows }));
    // the member does not exist, so the nearest existing ancestor (the root object) is located
    expect(model.diagnostics.map(where)).toEqual([
      { code: "metadata/invalid-connector", file: META, pointer: "/docsUrl", line: 1, column: 1 },
    ]);
  });

  it("duplicated test step names → metadata/duplicate-step at the second name", async () => {
    const model = await load(
      connectorFiles(
        "alpha",
        { type: "object" },
        { testConnection: stepsText("CheckAccess", "GetTables", "CheckAccess") },
      ),
    );
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "metadata/duplicate-step",
        file: STEPS,
        pointer: "/steps/2/name",
        line: 5,
        column: 15,
      },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it("every repeat of a step name is reported", async () => {
    const model = await load(
      connectorFiles(
        "alpha",
        { type: "object" },
        { testConnection: stepsText("CheckAccess", "CheckAccess", "CheckAccess") },
      ),
    );
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "metadata/duplicate-step",
        file: STEPS,
        pointer: "/steps/1/name",
        line: 4,
        column: 15,
      },
      {
        code: "metadata/duplicate-step",
        file: STEPS,
        pointer: "/steps/2/name",
        line: 5,
        column: 15,
      },
    ]);
  });

  const invalidSteps: [
    name: string,
    text: string,
    at: { pointer: string; line: number; column: number },
  ][] = [
    [
      "a step name that is not PascalCase",
      stepsText("checkAccess"),
      { pointer: "/steps/0/name", line: 3, column: 15 },
    ],
    ["no steps", lines("{", '  "steps": []', "}"), { pointer: "/steps", line: 2, column: 12 }],
    [
      "a step without errorMessage",
      lines(
        "{",
        '  "steps": [',
        '    { "name": "CheckAccess", "description": "Connect.", "mandatory": true }',
        "  ]",
        "}",
      ),
      { pointer: "/steps/0/errorMessage", line: 3, column: 5 },
    ],
  ];
  it.each(invalidSteps)("%s → metadata/invalid-test-connection", async (_name, text, at) => {
    const model = await load(connectorFiles("alpha", { type: "object" }, { testConnection: text }));
    expect(model.diagnostics.map(where)).toEqual([
      { code: "metadata/invalid-test-connection", file: STEPS, ...at },
    ]);
  });

  it("metadata of a connector whose connection.json is broken is not checked", async () => {
    const model = await load(
      connectorFiles("alpha", "[1,2]", { connector: null, testConnection: null }),
    );
    expect(model.diagnostics.map((d) => d.code)).toEqual(["schema/not-an-object"]);
  });
});
