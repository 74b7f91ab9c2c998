import { compile, ValidationError } from "json-schema-to-typescript";
import { describe, expect, it, vi } from "vitest";
import {
  isObject,
  loadTree,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  sharedDocs,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { caseNames, CORPUS_DIR, loadCase, REPO_SCHEMAS } from "@onespec/test-fixtures";
import { jsttPipeline } from "../src/jstt-pipeline.js";
import { JSTT_OPTIONS } from "../src/jstt-options.js";
import { moduleViews } from "../src/module-views.js";
import { buildNamingTable } from "../src/naming-table.js";
import { protectPrototypeNames } from "../src/own-names.js";

const compileView = jsttPipeline(JSTT_OPTIONS);

interface Named {
  where: string;
  name: string;
  view: JsonObject;
}

/** Every view the types generator compiles for a tree: shared documents', then connectors'. */
function viewsOf(model: SchemaModel, label: string): Named[] {
  const table = buildNamingTable(model);
  const entries = model.connectors.map((c) => model.docs.get(c.entry)!);
  const docs = [...sharedDocs(model).filter((d) => !entries.includes(d)), ...entries];
  return docs.flatMap((doc) =>
    moduleViews(model, doc, table, true).views.map((v) => ({ where: `${label} ${doc.rel}`, ...v })),
  );
}

/** `$ref` (or `$dynamicRef`) where a subschema is: a reference tsView left unresolved. */
function refsInSchemaPositions(node: unknown, at = ""): string[] {
  if (!isObject(node)) return [];
  const found = "$ref" in node || "$dynamicRef" in node ? [at || "/"] : [];
  for (const [key, value] of Object.entries(node)) {
    if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value))
      for (const [k, v] of Object.entries(value))
        found.push(...refsInSchemaPositions(v, `${at}/${key}/${k}`));
    else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value))
      value.forEach((v, i) => found.push(...refsInSchemaPositions(v, `${at}/${key}/${i}`)));
    else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key))
      found.push(...refsInSchemaPositions(value, `${at}/${key}`));
  }
  return found;
}

/** Every `$ref` key, wherever it is. */
function refKeysAnywhere(node: unknown, at = ""): string[] {
  if (Array.isArray(node)) return node.flatMap((v, i) => refKeysAnywhere(v, `${at}/${i}`));
  if (!isObject(node)) return [];
  return Object.entries(node).flatMap(([k, v]) => [
    ...(k === "$ref" ? [at || "/"] : []),
    ...refKeysAnywhere(v, `${at}/${k}`),
  ]);
}

const trees: [string, () => Promise<SchemaModel>][] = [
  ...caseNames().map((name): [string, () => Promise<SchemaModel>] => [
    `case ${name}`,
    () => loadCase(name),
  ]),
  ["this repository's schemas", () => loadTree({ root: REPO_SCHEMAS, cwd: REPO_SCHEMAS })],
  [
    "the Airbyte corpus",
    () => loadTree({ root: CORPUS_DIR, cwd: CORPUS_DIR, entries: ["*.json"] }),
  ],
];

describe("jsttPipeline", () => {
  // The pipeline runs jstt's stages itself: an upgrade of json-schema-to-typescript that changes
  // what `compile` does, or what a stage does, shows here first.
  it.each(trees)(
    "compiles every view of %s as json-schema-to-typescript's compile does",
    async (_, load) => {
      const views = viewsOf(await load(), _);
      expect(views.length).toBeGreaterThan(0);
      for (const { where, name, view } of views) {
        const { schema } = protectPrototypeNames(view);
        const ours = compileView(structuredClone(schema), name);
        const theirs = await compile(structuredClone(schema), name, JSTT_OPTIONS);
        expect(ours, `${where}: ${name}`).toBe(theirs);
      }
    },
  );

  it.each(trees)("is given no reference to resolve by the views of %s", async (_, load) => {
    for (const { where, name, view } of viewsOf(await load(), _)) {
      expect(refsInSchemaPositions(view), `${where}: ${name}`).toEqual([]);
      // What is left is data (an enum of objects with a `$ref` key), which jstt never sees.
      expect(refKeysAnywhere(protectPrototypeNames(view).schema), `${where}: ${name}`).toEqual([]);
    }
  });

  // Shapes the trees above may not hold, each for a stage: unions the optimizer folds, enums with
  // names, intersections, tuples, nullable and deprecated members, an index signature.
  it.each<[string, JsonObject]>([
    ["a union of repeats", { anyOf: [{ type: "string" }, { type: "string" }, { type: "number" }] }],
    ["a union holding unknown", { anyOf: [{ type: "string" }, { tsType: "unknown" }] }],
    ["a named enum", { type: "string", enum: ["a", "b"], tsEnumNames: ["A", "B"] }],
    [
      "an intersection",
      {
        allOf: [
          { type: "object", properties: { a: { type: "string" } } },
          { type: "object", properties: { b: { type: "integer" } }, required: ["b"] },
        ],
      },
    ],
    [
      "a tuple",
      { type: "array", items: [{ type: "string" }], additionalItems: { type: "number" } },
    ],
    [
      "nullable and deprecated members",
      {
        type: "object",
        properties: {
          a: { type: "string", nullable: true },
          b: { type: ["string", "null"], deprecated: true },
          c: { type: "object", tsName: "Inner", additionalProperties: false },
        },
        patternProperties: { "^x-": { type: "boolean" } },
      },
    ],
    // What the one pass (jstt-one-pass.ts) does to each node, and what it leaves to jstt's stages.
    [
      "comment closers, array bounds and one-member types",
      {
        type: "object",
        description: "Ends */ early",
        properties: {
          a: { type: ["string"], description: "a */ b" },
          b: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 3 },
          c: { type: "array", items: { type: "integer" }, maxItems: 2, description: "Some" },
          d: { enum: ["x", null], type: ["string", "null"] },
          e: { type: "object", required: false, properties: { f: { type: "boolean" } } },
        },
      },
    ],
    ["a const", { type: "object", properties: { k: { const: "on" }, n: { const: null } } }],
    [
      "data under other keys",
      {
        type: "object",
        properties: { a: { type: "string" } },
        examples: [{ a: { type: "object", properties: {} } }],
        "x-extra": { nested: { type: ["object"], properties: { b: { type: "string" } } } },
      },
    ],
    [
      "a const holding objects",
      // jstt's first rules rewrite the objects in it (they are walked until it is an enum).
      { type: "object", properties: { k: { const: { a: { type: ["x"], const: 1 } } } } },
    ],
    ["an id", { id: "Thing", type: "object", properties: { a: { id: "A", type: "string" } } }],
    ["definitions", { type: "object", definitions: { d: { type: "string", title: "D" } } }],
    ["extends", { type: "object", extends: { type: "object", properties: {} } }],
  ])("compiles %s as compile does", async (_, schema) => {
    expect(compileView(structuredClone(schema), "T")).toBe(
      await compile(structuredClone(schema), "T", JSTT_OPTIONS),
    );
  });

  it.each<[string, JsonObject]>([
    ["enum names of another length", { type: "string", enum: ["a", "b"], tsEnumNames: ["A"] }],
    ["enum names that are not strings", { type: "string", enum: ["a"], tsEnumNames: [1] }],
    ["maxItems below minItems", { type: "array", minItems: 2, maxItems: 1 }],
    ["a negative maxItems", { type: "array", maxItems: -1 }],
    ["a negative minItems", { type: "array", minItems: -1 }],
    ["a deprecated that is not a boolean", { type: "string", deprecated: "yes" }],
  ])("refuses %s as compile does, with jstt's message", async (_, schema) => {
    const logged: unknown[] = [];
    const spy = vi.spyOn(console, "error").mockImplementation((...m) => void logged.push(m));
    try {
      const nested: JsonObject = { type: "object", properties: { p: schema } };
      await expect(compile(structuredClone(nested), "T", JSTT_OPTIONS)).rejects.toThrow(
        ValidationError,
      );
      const theirs = logged.splice(0);
      expect(() => compileView(structuredClone(nested), "T")).toThrow(ValidationError);
      expect(logged).toEqual(theirs);
      expect(String(theirs)).toContain('Error at key "p"');
    } finally {
      spy.mockRestore();
    }
  });

  it("refuses a schema with a $ref, in a subschema or in data, naming where", () => {
    const ref: JsonObject = { type: "object", properties: { a: { $ref: "#/definitions/a" } } };
    expect(() => compileView(ref, "T")).toThrow(
      "Internal error: the schema of type T handed to json-schema-to-typescript has a $ref at /properties/a;",
    );
    const data = { enum: [{ $ref: "#/x" }] };
    expect(() => compileView(data, "T")).toThrow("has a $ref at /enum/0;");
    expect(() => compileView({ $ref: "#" }, "T")).toThrow("has a $ref at /;");
  });

  it("compiles a schema that mentions $ref only in text", async () => {
    const schema: JsonObject = {
      type: "object",
      properties: { ref: { type: "string", description: 'Write {"$ref": "#/a"} here' } },
    };
    expect(compileView(structuredClone(schema), "T")).toBe(
      await compile(structuredClone(schema), "T", JSTT_OPTIONS),
    );
  });

  it("takes options as compile does, and refuses to format", () => {
    expect(() => jsttPipeline({ maxItems: -2 })).toThrow(RangeError);
    expect(() => jsttPipeline({ format: true })).toThrow("formats nothing");
    expect(() => jsttPipeline({})).toThrow("formats nothing");
  });
});
