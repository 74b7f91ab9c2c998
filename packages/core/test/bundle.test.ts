import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  bundle,
  derefBundled,
  isObject,
  loadTree,
  type JsonObject,
  type SchemaModel,
} from "../src/index.js";
import { DRAFT7, connectorFiles, happyTree } from "./fixtures.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

/** Every `$ref` value anywhere in a JSON value. */
function collectRefs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectRefs(v, out));
  else if (isObject(value)) {
    if (typeof value.$ref === "string") out.push(value.$ref);
    Object.values(value).forEach((v) => collectRefs(v, out));
  }
  return out;
}

/** Loads a tree that must be clean and bundles one connector's connection schema. */
async function bundled(
  files: Record<string, string | object>,
  name = "alpha",
): Promise<{ model: SchemaModel; schema: JsonObject }> {
  const root = await testdir(files);
  const model = await loadTree({ root, cwd: root });
  expect(model.diagnostics).toEqual([]);
  const schema = bundle(model, {
    doc: path.join(root, "connectors", name, "connection.json"),
    pointer: "",
  });
  return { model, schema };
}

/** Every `$ref` must be local and point at a hoisted definition. */
function expectOnlyLocalRefs(schema: JsonObject): void {
  const defs = (schema.definitions ?? {}) as JsonObject;
  for (const ref of collectRefs(schema)) {
    expect(ref).toMatch(/^#\/definitions\/[A-Za-z0-9]+$/);
    expect(defs[ref.slice("#/definitions/".length)]).toBeDefined();
  }
}

describe("bundle: happy path", () => {
  it("inlines whole-file, in-file and local references; no $ref remains", async () => {
    const { schema } = await bundled(happyTree);
    expect(collectRefs(schema)).toEqual([]);
    expect(schema).toEqual({
      $schema: DRAFT7,
      title: "Alpha",
      type: "object",
      required: ["auth"],
      properties: {
        // $schema and $id of the shared file are dropped
        auth: {
          title: "Basic auth",
          type: "object",
          required: ["username"],
          properties: { username: { type: "string" }, password: { type: "string", secret: true } },
        },
        ssl: {
          type: "object",
          properties: { mode: { type: "string", enum: ["disable", "require"] } },
        },
        port: { type: "integer", minimum: 1, maximum: 65535, title: "Port", default: 5432 },
      },
    });
  });

  it("does not modify the loaded documents", async () => {
    const { model } = await bundled(happyTree);
    const before = JSON.stringify([...model.docs.values()].map((d) => d.json));
    for (const c of model.connectors) bundle(model, { doc: c.entry, pointer: "" });
    expect(JSON.stringify([...model.docs.values()].map((d) => d.json))).toBe(before);
  });

  it("bundles every connector of the repository's schemas with only local references", async () => {
    const root = path.resolve(import.meta.dirname, "../../../schemas");
    const model = await loadTree({ root, cwd: root });
    // (the schemas are edited by others; bundle whatever loads cleanly)
    expect(model.connectors.length).toBeGreaterThan(0);
    for (const c of model.connectors)
      expectOnlyLocalRefs(bundle(model, { doc: c.entry, pointer: "" }));
  });
});

describe("bundle: $ref with siblings", () => {
  const port = {
    type: "integer",
    title: "Port",
    description: "A TCP port.",
    default: 1,
    minimum: 1,
    maximum: 65535,
  };
  const resolvedPort = {
    type: "integer",
    title: "Port",
    description: "A TCP port.",
    default: 1,
    minimum: 1,
    maximum: 65535,
  };
  const cases: [name: string, property: object, want: object][] = [
    [
      "title, description and default override the target's",
      {
        $ref: "#/definitions/port",
        title: "Database port",
        description: "Where the server listens.",
        default: 5432,
      },
      {
        type: "integer",
        title: "Database port",
        description: "Where the server listens.",
        default: 5432,
        minimum: 1,
        maximum: 65535,
      },
    ],
    ["no siblings: the target itself", { $ref: "#/definitions/port" }, resolvedPort],
    [
      "vendor annotations (secret, order, group) are merged too",
      { $ref: "#/definitions/port", order: 2, group: "connection", secret: false },
      { ...resolvedPort, order: 2, group: "connection", secret: false },
    ],
    [
      "a constraint sibling is combined with allOf, not merged",
      { $ref: "#/definitions/port", maximum: 1024 },
      { allOf: [resolvedPort], maximum: 1024 },
    ],
    [
      "siblings on every hop of a chain: the outermost wins",
      { $ref: "#/definitions/alias", title: "Outer" },
      { ...resolvedPort, title: "Outer", description: "Alias of port." },
    ],
    [
      "siblings next to a reference into a shared file",
      {
        $ref: "../../definitions/host.json",
        description: "The database host.",
        examples: ["db.example.com"],
      },
      {
        type: "string",
        title: "Host",
        description: "The database host.",
        examples: ["db.example.com"],
      },
    ],
  ];
  it.each(cases)("%s", async (_name, property, want) => {
    const { schema } = await bundled({
      ...connectorFiles("alpha", {
        type: "object",
        properties: { p: property },
        definitions: {
          port,
          alias: { $ref: "#/definitions/port", title: "Alias", description: "Alias of port." },
        },
      }),
      "definitions/host.json": {
        $schema: DRAFT7,
        type: "string",
        title: "Host",
        description: "A host name.",
      },
    });
    expect((schema.properties as JsonObject).p).toEqual(want);
    expect(schema.definitions).toBeUndefined();
  });
});

describe("bundle: recursion", () => {
  const node = {
    type: "object",
    properties: {
      name: { type: "string" },
      children: { type: "array", items: { $ref: "#/definitions/node" } },
    },
  };
  const bundledNode = {
    type: "object",
    properties: {
      name: { type: "string" },
      children: { type: "array", items: { $ref: "#/definitions/Node" } },
    },
  };

  it("hoists a recursive definition into definitions and references it locally", async () => {
    const { schema } = await bundled(
      connectorFiles("alpha", {
        type: "object",
        properties: { tree: { $ref: "#/definitions/node" } },
        definitions: { node },
      }),
    );
    expect(schema).toEqual({
      $schema: DRAFT7,
      type: "object",
      properties: { tree: bundledNode },
      definitions: { Node: bundledNode },
    });
    expectOnlyLocalRefs(schema);
  });

  it("hoists the document itself when it refers to #", async () => {
    const { schema } = await bundled(
      connectorFiles("alpha", {
        $schema: DRAFT7,
        type: "object",
        properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#" } } },
      }),
    );
    const body = {
      type: "object",
      properties: {
        name: { type: "string" },
        children: { type: "array", items: { $ref: "#/definitions/Connection" } },
      },
    };
    expect(schema).toEqual({ $schema: DRAFT7, ...body, definitions: { Connection: body } });
    expectOnlyLocalRefs(schema);
  });

  it("hoists mutually recursive definitions", async () => {
    const { schema } = await bundled(
      connectorFiles("alpha", {
        type: "object",
        properties: { root: { $ref: "#/definitions/a" } },
        definitions: {
          a: { type: "object", properties: { b: { $ref: "#/definitions/b" } } },
          b: { type: "object", properties: { a: { $ref: "#/definitions/a" } } },
        },
      }),
    );
    const a = {
      type: "object",
      properties: { b: { type: "object", properties: { a: { $ref: "#/definitions/A" } } } },
    };
    expect(schema).toEqual({
      $schema: DRAFT7,
      type: "object",
      properties: { root: a },
      definitions: { A: a },
    });
    expectOnlyLocalRefs(schema);
  });

  it("gives recursive definitions with the same name in different files distinct names", async () => {
    const { schema } = await bundled({
      ...connectorFiles("alpha", {
        type: "object",
        properties: {
          local: { $ref: "#/definitions/node" },
          shared: { $ref: "../../definitions/tree.json#/definitions/node" },
        },
        definitions: { node },
      }),
      "definitions/tree.json": {
        definitions: {
          node: {
            type: "object",
            properties: { kids: { type: "array", items: { $ref: "#/definitions/node" } } },
          },
        },
      },
    });
    expect(Object.keys(schema.definitions as JsonObject).sort()).toEqual(["Node", "Node2"]);
    expectOnlyLocalRefs(schema);
    const props = schema.properties as JsonObject;
    // each property's recursion points at its own definition
    const localItems = derefBundled(schema, props.local).properties as JsonObject;
    const sharedItems = derefBundled(schema, props.shared).properties as JsonObject;
    const localRef = ((localItems.children as JsonObject).items as JsonObject).$ref;
    const sharedRef = ((sharedItems.kids as JsonObject).items as JsonObject).$ref;
    expect(new Set([localRef, sharedRef]).size).toBe(2);
    expect(derefBundled(schema, { $ref: sharedRef }).properties).toHaveProperty("kids");
    expect(derefBundled(schema, { $ref: localRef }).properties).toHaveProperty("children");
  });

  it("keeps annotation siblings of a recursive reference (wrapped, since the target is a $ref)", async () => {
    const { schema } = await bundled(
      connectorFiles("alpha", {
        type: "object",
        properties: { tree: { $ref: "#/definitions/node" } },
        definitions: {
          node: {
            type: "object",
            properties: { parent: { $ref: "#/definitions/node", description: "The parent node." } },
          },
        },
      }),
    );
    const n = {
      type: "object",
      properties: {
        parent: { description: "The parent node.", allOf: [{ $ref: "#/definitions/Node" }] },
      },
    };
    expect(schema).toEqual({
      $schema: DRAFT7,
      type: "object",
      properties: { tree: n },
      definitions: { Node: n },
    });
  });
});
