import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTree, sharedDocs, type SchemaModel } from "../src/index.js";
import { connectorFiles, happyTree, where } from "./fixtures.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

describe("loadTree: happy path", () => {
  let root: string;
  let model: SchemaModel;
  const abs = (rel: string) => path.join(root, ...rel.split("/"));

  beforeAll(async () => {
    root = await testdir(happyTree);
    model = await loadTree({ root, cwd: root });
  });

  it("loads without diagnostics", () => {
    expect(model.diagnostics).toEqual([]);
    expect(model.root).toBe(root);
  });

  it("loads every document once, shared files included", () => {
    expect([...model.docs.values()].map((d) => d.rel).sort()).toEqual([
      "connectors/alpha/connection.json",
      "connectors/beta/connection.json",
      "definitions/x.json",
      "definitions/y.json",
    ]);
    const x = model.docs.get(abs("definitions/x.json"))!;
    expect(x.path).toBe(abs("definitions/x.json"));
    expect(x.uri).toBe("https://onespec.local/schemas/definitions/x.json");
    expect(x.draft).toBe("draft-07");
    expect(x.source.displayPath).toBe("definitions/x.json");
  });

  it("resolves every $ref to its target", () => {
    const alpha = abs("connectors/alpha/connection.json");
    const beta = abs("connectors/beta/connection.json");
    expect(Object.fromEntries(model.refs)).toEqual({
      [`${alpha}#/properties/auth`]: { doc: abs("definitions/x.json"), pointer: "" },
      [`${alpha}#/properties/ssl`]: { doc: abs("definitions/y.json"), pointer: "/definitions/z" },
      [`${alpha}#/properties/port`]: { doc: alpha, pointer: "/definitions/w" },
      [`${beta}#/properties/auth`]: { doc: abs("definitions/x.json"), pointer: "" },
    });
  });

  it("builds the connectors with their metadata and steps", () => {
    expect(
      model.connectors.map((c) => [c.name, c.entry, c.metadata.name, c.steps.map((s) => s.name)]),
    ).toEqual([
      ["alpha", abs("connectors/alpha/connection.json"), "alpha", ["CheckAccess"]],
      ["beta", abs("connectors/beta/connection.json"), "beta", ["CheckAccess"]],
    ]);
  });

  it("lists the shared documents with sharedDocs(), once each, sorted", () => {
    expect(sharedDocs(model).map((d) => d.rel)).toEqual([
      "definitions/x.json",
      "definitions/y.json",
    ]);
  });

  it("limits loading to `only`", async () => {
    const only = await loadTree({ root, cwd: root, only: ["beta"] });
    expect(only.diagnostics).toEqual([]);
    expect(only.connectors.map((c) => c.name)).toEqual(["beta"]);
    expect([...only.docs.values()].map((d) => d.rel).sort()).toEqual([
      "connectors/beta/connection.json",
      "definitions/x.json",
    ]);
  });

  it("reports an unknown name in `only`", async () => {
    const only = await loadTree({ root, cwd: root, only: ["gamma"] });
    expect(only.diagnostics.map((d) => d.code)).toEqual(["tree/unknown-connector"]);
    expect(only.connectors).toEqual([]);
  });

  it("shows absolute paths for files outside cwd", async () => {
    const other = await loadTree({ root, cwd: path.join(root, "connectors", "alpha") });
    expect(other.diagnostics).toEqual([]);
    expect(other.docs.get(abs("connectors/alpha/connection.json"))!.source.displayPath).toBe(
      "connection.json",
    );
    expect(other.docs.get(abs("definitions/x.json"))!.source.displayPath).toBe(
      abs("definitions/x.json"),
    );
  });
});

describe("loadTree: tree layout", () => {
  it("reports a connector folder without connection.json and still loads the others", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", { type: "object" }),
      ...connectorFiles("beta", undefined),
    });
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "tree/missing-connection-schema",
        file: "connectors/beta",
        pointer: undefined,
        line: undefined,
        column: undefined,
      },
    ]);
    expect(model.connectors.map((c) => c.name)).toEqual(["alpha"]);
  });

  it("reports a tree without a connectors folder", async () => {
    const root = await testdir({ "definitions/x.json": { type: "object" } });
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.map(where)).toEqual([
      // the root itself, seen from cwd = root, is "." (not an empty path)
      {
        code: "tree/no-connectors",
        file: ".",
        pointer: undefined,
        line: undefined,
        column: undefined,
      },
    ]);
    const fromParent = await loadTree({ root, cwd: path.dirname(root) });
    expect(fromParent.diagnostics.map((d) => d.file)).toEqual([path.basename(root)]);
  });

  it("reads a 2020-12 document as such", async () => {
    const root = await testdir(
      connectorFiles("alpha", {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        type: "object",
      }),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    expect([...model.docs.values()][0].draft).toBe("2020-12");
  });
});
