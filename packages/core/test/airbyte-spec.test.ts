import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectorNameFromFile, loadTree, refKey, type SchemaModel } from "../src/index.js";
import { unwrapAirbyteSpec } from "../src/airbyte-spec.js";
import { where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const CORPUS = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures/corpus/airbyte");

describe("unwrapAirbyteSpec", () => {
  const schema = { type: "object", properties: { host: { type: "string" } } };
  it.each([
    [
      "a spec",
      { documentationUrl: "https://docs.example.com/x", connectionSpecification: schema },
      { schema, base: "/connectionSpecification", documentationUrl: "https://docs.example.com/x" },
    ],
    [
      "snake case",
      { documentation_url: "https://docs.example.com/x", connection_specification: schema },
      { schema, base: "/connection_specification", documentationUrl: "https://docs.example.com/x" },
    ],
    [
      "a SPEC message",
      { type: "SPEC", spec: { connectionSpecification: schema, supportsIncremental: true } },
      { schema, base: "/spec/connectionSpecification" },
    ],
    [
      "a documentationUrl that is not http(s) is left out",
      { documentationUrl: "javascript:alert(1)", connectionSpecification: schema },
      { schema, base: "/connectionSpecification" },
    ],
    ["a schema", schema, undefined],
    [
      "a schema with a vendor keyword of that name",
      { ...schema, connectionSpecification: {} },
      undefined,
    ],
    ["not an object", [schema], undefined],
    [
      "a wrapper around a string",
      { connectionSpecification: "x" },
      {
        problem:
          '"connectionSpecification" must be an object (the connector\'s JSON Schema), not a string.',
        pointer: "/connectionSpecification",
      },
    ],
  ])("%s", (_name, given, want) => {
    expect(unwrapAirbyteSpec(given)).toEqual(want);
  });
});

describe("connector names", () => {
  it.each([
    ["mysqlConnection.json", "mysql"],
    ["bigQueryConnection.json", "big-query"],
    ["source-postgres.json", "source-postgres"],
    ["connectors/acme/connection.json", "acme"],
    ["source-postgres/spec.json", "source-postgres"],
    ["source-postgres/schema.json", "source-postgres"],
    ["source-faker/source_faker/spec.json", "source-faker"],
    ["source-stripe/src/main/resources/spec.json", "source-stripe"],
    ["source-github/integration_tests/spec.json", "source-github"],
    ["Acme Corp/connection.json", "acme-corp"],
    ["my_db/connection.json", "my_db"],
    ["MySQL/spec.json", "mysql"],
    ["Connection.json", "connection"],
  ])("%s → %s", (file, name) => {
    expect(connectorNameFromFile(path.join("/x", file))).toBe(name);
  });
});

describe("a tree of Airbyte spec files (every corpus spec, wrapped)", () => {
  const names = readdirSync(CORPUS)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.replace(/\.json$/, ""))
    .sort();
  const specs = new Map(
    names.map((n) => [
      n,
      JSON.parse(readFileSync(path.join(CORPUS, `${n}.json`), "utf8")) as object,
    ]),
  );
  let bare: SchemaModel;
  let wrapped: SchemaModel;

  beforeAll(async () => {
    // The same schema text twice: bare, and indented one level deeper inside a spec wrapper two
    // lines down, so every position in a wrapper is its bare position + 2 lines, + 2 columns.
    const files: Record<string, object> = {};
    for (const [name, spec] of specs) {
      files[`bare/${name}.json`] = spec;
      files[`wrapped/${name}/spec.json`] = {
        documentationUrl: `https://docs.airbyte.com/integrations/${name}`,
        connectionSpecification: spec,
        supportsIncremental: true,
      };
    }
    const root = await testdir(files);
    [bare, wrapped] = await Promise.all([
      loadTree({ root: path.join(root, "bare"), cwd: root, entries: ["*.json"] }),
      loadTree({ root: path.join(root, "wrapped"), cwd: root, entries: ["**/spec.json"] }),
    ]);
  }, 60_000);

  it("names each connector after its folder and reads the schema inside the wrapper", () => {
    expect(wrapped.connectors.map((c) => c.name).sort()).toEqual(names);
    const bareJson = new Map(bare.connectors.map((c) => [c.name, bare.docs.get(c.entry)!.json]));
    for (const c of wrapped.connectors) {
      // The schema as the bare spec reads, repairs included ("airbyte_secret": "true" is true).
      expect(wrapped.docs.get(c.entry)!.json, c.name).toEqual(bareJson.get(c.name));
      expect(c.metadata.docsUrl).toBe(`https://docs.airbyte.com/integrations/${c.name}`);
    }
  });

  it("reports what the bare specs report, at the same places in the wrapper files", () => {
    const moved = bare.diagnostics.map((d) => ({
      ...where(d),
      severity: d.severity,
      file: d.file!.replace(/^bare\/(.*)\.json$/, "wrapped/$1/spec.json"),
      pointer: d.pointer === undefined ? undefined : `/connectionSpecification${d.pointer}`,
      line: d.line === undefined ? undefined : d.line + 2,
      column: d.column === undefined ? undefined : d.column + 2,
    }));
    expect(wrapped.diagnostics.map((d) => ({ ...where(d), severity: d.severity }))).toEqual(moved);
    // The corpus' own defects are among them: repaired (a duplicate enum value, examples not an
    // array, "\-" in a pattern, …) or, where no output could be right, errors.
    const repaired = [
      "schema/duplicate-enum-value",
      "schema/examples-not-array",
      "schema/dialect-keyword-type",
      "schema/pattern-non-unicode",
    ];
    expect(
      wrapped.diagnostics.filter((d) => d.severity === "warning" && repaired.includes(d.code))
        .length,
    ).toBeGreaterThanOrEqual(8);
    expect(wrapped.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([
      "schema/unsatisfiable-required",
    ]);
    // check --fix writes the repairs inside the wrapper, where the bare specs have them at the root.
    const fixPaths = (m: SchemaModel, name: (f: string) => string) =>
      (m.fixes ?? []).map((f) => `${name(f.doc)}:${f.path.join("/")}`).sort();
    expect(fixPaths(wrapped, (f) => path.basename(path.dirname(f)))).toEqual(
      fixPaths(bare, (f) => path.basename(f, ".json")).map((p) =>
        p.replace(":", ":connectionSpecification/"),
      ),
    );
    expect(wrapped.fixes!.length).toBeGreaterThanOrEqual(7);
  });
});

describe("spec wrappers in the loader", () => {
  it("resolves $refs inside the wrapper against the schema, and $refs into it written against the file", async () => {
    const spec = {
      documentationUrl: "https://example.com/docs",
      connectionSpecification: {
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { tls: { $ref: "#/definitions/tls" } },
        definitions: { tls: { type: "boolean" } },
      },
    };
    const root = await testdir({
      "acme/spec.json": spec,
      "other/connection.json": {
        type: "object",
        properties: {
          a: { $ref: "../acme/spec.json#/connectionSpecification/definitions/tls" },
          b: { $ref: "../acme/spec.json#/definitions/tls" },
        },
      },
    });
    const model = await loadTree({
      root,
      cwd: root,
      entries: ["*/spec.json", "*/connection.json"],
    });
    expect(model.diagnostics).toEqual([]);
    expect(model.connectors.map((c) => [c.name, c.metadata.docsUrl])).toEqual([
      ["acme", "https://example.com/docs"],
      ["other", ""],
    ]);
    const acme = path.join(root, "acme/spec.json");
    const other = path.join(root, "other/connection.json");
    const tls = { doc: acme, pointer: "/definitions/tls" };
    expect(model.refs.get(refKey(acme, "/properties/tls"))).toEqual(tls);
    expect(model.refs.get(refKey(other, "/properties/a"))).toEqual(tls);
    expect(model.refs.get(refKey(other, "/properties/b"))).toEqual(tls);
  });

  it("a wrapper whose connectionSpecification is not an object is an error there", async () => {
    const text = lines(
      "{",
      '  "documentationUrl": "https://example.com/docs",',
      '  "connectionSpecification": "see the docs"',
      "}",
    );
    const root = await testdir({ "acme/spec.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["*/spec.json"] });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/not-an-object",
        file: "acme/spec.json",
        pointer: "/connectionSpecification",
        line: 3,
        column: 30,
      },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it("a problem in a SPEC message is located in the file", async () => {
    const text = lines(
      "{",
      '  "type": "SPEC",',
      '  "spec": {',
      '    "connectionSpecification": {',
      '      "$schema": "http://json-schema.org/draft-04/schema#",',
      '      "type": "object",',
      '      "properties": { "port": { "type": "integer", "minimum": 0, "exclusiveMinimum": true, "enum": [1, 1] } }',
      "    }",
      "  }",
      "}",
    );
    const root = await testdir({ "source-acme/source_acme/spec.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["**/spec.json"] });
    expect(model.connectors.map((c) => c.name)).toEqual(["source-acme"]);
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/duplicate-enum-value",
        file: "source-acme/source_acme/spec.json",
        pointer: "/spec/connectionSpecification/properties/port/enum/1",
        line: 7,
        column: 104,
      },
    ]);
    expect(
      model.docs.get(path.join(root, "source-acme/source_acme/spec.json"))!.json,
    ).toMatchObject({ properties: { port: { exclusiveMinimum: 0 } } });
  });
});
