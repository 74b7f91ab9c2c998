import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cloneJson, isObject, walkSchema, type JsonObject } from "../src/index.js";

const CORPUS = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures/corpus/airbyte");

/** The pointer of every node walkSchema visits, in order. */
function visited(schema: unknown, pointer?: string): string[] {
  const out: string[] = [];
  walkSchema(schema, ({ pointer }) => void out.push(pointer), pointer);
  return out;
}

const cases: { name: string; in: unknown; out: string[] }[] = [
  { name: "a boolean schema has no nodes", in: true, out: [] },
  { name: "null and arrays are not schemas", in: [{ type: "string" }], out: [] },
  { name: "the root alone", in: { type: "string" }, out: [""] },
  {
    name: "properties in document order, depth first",
    in: { properties: { b: { properties: { c: {} } }, a: {} } },
    out: ["", "/properties/b", "/properties/b/properties/c", "/properties/a"],
  },
  {
    name: "every map keyword",
    in: {
      patternProperties: { "^x": {} },
      definitions: { d: {} },
      $defs: { e: {} },
      dependentSchemas: { f: {} },
    },
    out: ["", "/patternProperties/^x", "/definitions/d", "/$defs/e", "/dependentSchemas/f"],
  },
  {
    name: "dependencies: schemas visited, name lists skipped",
    in: { dependencies: { a: ["b"], c: { required: ["d"] } } },
    out: ["", "/dependencies/c"],
  },
  {
    name: "array keywords, with indexes",
    in: { allOf: [{}, {}], anyOf: [{}], oneOf: [{}], prefixItems: [{}] },
    out: ["", "/allOf/0", "/allOf/1", "/anyOf/0", "/oneOf/0", "/prefixItems/0"],
  },
  {
    name: "items as one schema and as a tuple",
    in: { properties: { one: { items: {} }, tuple: { items: [{}, {}] } } },
    out: [
      "",
      "/properties/one",
      "/properties/one/items",
      "/properties/tuple",
      "/properties/tuple/items/0",
      "/properties/tuple/items/1",
    ],
  },
  {
    name: "single-schema keywords",
    in: {
      not: {},
      if: {},
      then: {},
      else: {},
      additionalProperties: {},
      propertyNames: {},
      contains: {},
    },
    out: [
      "",
      "/not",
      "/if",
      "/then",
      "/else",
      "/additionalProperties",
      "/propertyNames",
      "/contains",
    ],
  },
  {
    name: "boolean subschemas are skipped",
    in: { additionalProperties: false, items: true, allOf: [true, {}] },
    out: ["", "/allOf/1"],
  },
  {
    name: "values that only look like schemas are not walked",
    in: {
      default: { type: "x" },
      examples: [{}],
      const: {},
      enum: [{}],
      properties: { p: { default: {} } },
    },
    out: ["", "/properties/p"],
  },
  {
    name: "names are escaped in pointers",
    in: { properties: { "a/b": {}, "c~d": {}, "": {} } },
    out: ["", "/properties/a~1b", "/properties/c~0d", "/properties/"],
  },
  {
    name: "a property named __proto__ is a property",
    in: JSON.parse('{"properties":{"__proto__":{"type":"string"}}}'),
    out: ["", "/properties/__proto__"],
  },
];

describe("walkSchema", () => {
  for (const c of cases) it(c.name, () => expect(visited(c.in)).toEqual(c.out));

  it("starts at the pointer it is given", () => {
    expect(visited({ items: {} }, "/definitions/x")).toEqual([
      "/definitions/x",
      "/definitions/x/items",
    ]);
  });

  it("skips a node's children when the visitor returns false", () => {
    const schema = { properties: { skip: { properties: { hidden: {} } }, keep: { items: {} } } };
    const seen: string[] = [];
    walkSchema(schema, ({ pointer, node }) => {
      seen.push(pointer);
      if (node === schema.properties.skip) return false;
    });
    expect(seen).toEqual(["", "/properties/skip", "/properties/keep", "/properties/keep/items"]);
  });

  it("gives each visit its keyword path and depth", () => {
    const visits: [string, (string | number)[], number][] = [];
    walkSchema(
      { properties: { a: { anyOf: [{}] } } },
      (v) => void visits.push([v.pointer, v.via, v.depth]),
    );
    expect(visits).toEqual([
      ["", [], 0],
      ["/properties/a", ["properties", "a"], 1],
      ["/properties/a/anyOf/0", ["anyOf", 0], 2],
    ]);
  });

  it("ends on a cycle (a schema that contains itself, as after dereferencing) at the depth limit", () => {
    const loop: JsonObject = { type: "object" };
    loop.properties = { self: loop };
    const pointers: string[] = [];
    walkSchema(loop, ({ pointer }) => void pointers.push(pointer), "", 3);
    expect(pointers).toEqual([
      "",
      "/properties/self",
      "/properties/self/properties/self",
      "/properties/self/properties/self/properties/self",
    ]);
    // The default limit holds too: 512 levels below the root, then it stops.
    let count = 0;
    walkSchema(loop, () => void count++);
    expect(count).toBe(513);
  });
});

describe("isObject", () => {
  const values: { name: string; in: unknown; out: boolean }[] = [
    { name: "an object", in: {}, out: true },
    { name: "an object without a prototype", in: Object.create(null), out: true },
    { name: "null", in: null, out: false },
    { name: "an array", in: [], out: false },
    { name: "a string", in: "{}", out: false },
    { name: "a boolean schema", in: true, out: false },
  ];
  for (const c of values) it(c.name, () => expect(isObject(c.in)).toBe(c.out));
});

describe("cloneJson", () => {
  it("copies every real spec of the corpus deeply: equal to the original, sharing no object", () => {
    const names = readdirSync(CORPUS).filter((n) => n.endsWith(".json"));
    expect(names.length).toBeGreaterThan(300);
    for (const name of names) {
      const spec: unknown = JSON.parse(readFileSync(path.join(CORPUS, name), "utf8"));
      const copy = cloneJson(spec);
      expect(copy, name).toStrictEqual(structuredClone(spec));
      const originals = new Set<unknown>();
      walkSchema(spec, ({ node }) => void originals.add(node));
      walkSchema(copy, ({ node }) => expect(originals.has(node), name).toBe(false));
    }
  });

  it("keeps a __proto__ key as data, never as the copy's prototype", () => {
    const value = JSON.parse('{"a": {"__proto__": {"polluted": true}, "list": [1, null, "x"]}}');
    const copy = cloneJson(value) as { a: Record<string, unknown> };
    expect(Object.getPrototypeOf(copy.a)).toBe(Object.prototype);
    expect(Object.hasOwn(copy.a, "__proto__")).toBe(true);
    expect(copy.a.polluted).toBeUndefined();
    expect(copy).toStrictEqual(structuredClone(value));
    (copy.a.list as unknown[]).push(2);
    expect(value.a.list).toEqual([1, null, "x"]);
  });

  it("returns scalars as they are", () => {
    for (const v of [null, 0, -0, 1.5, "s", true, false])
      expect(Object.is(cloneJson(v), v)).toBe(true);
  });
});
