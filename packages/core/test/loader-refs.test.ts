import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../src/index.js";
import { connectorFiles, where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const CONNECTION = "connectors/alpha/connection.json";

/**
 * A connection schema whose property "a" holds the given `$ref` value on line 4:
 * `    "a": { "$ref": <value> }` — the value starts at column 20
 * (4 spaces, `"a"` 5–7, `:` 8, space 9, `{` 10, space 11, `"$ref"` 12–17, `:` 18, space 19).
 */
function withRef(refLiteral: string): string {
  return lines(
    "{",
    '  "type": "object",',
    '  "properties": {',
    `    "a": { "$ref": ${refLiteral} }`,
    "  },",
    '  "definitions": { "w": { "type": "string" } }',
    "}",
  );
}

const badRefs: [
  name: string,
  refLiteral: string,
  code: string,
  extraFiles?: Record<string, string | object>,
][] = [
  ["a missing file", '"../../definitions/nope.json"', "ref/missing-file"],
  ["a missing file next to the schema", '"shared.json#/definitions/x"', "ref/missing-file"],
  ["a missing pointer in this file", '"#/definitions/nope"', "ref/missing-pointer"],
  [
    "a missing pointer in another file",
    '"../../definitions/x.json#/definitions/nope"',
    "ref/missing-pointer",
    { "definitions/x.json": { definitions: { y: { type: "string" } } } },
  ],
  ["a missing anchor", '"#nope"', "ref/missing-anchor"],
  ["a pointer at a non-schema", '"#/type"', "ref/not-a-schema"],
  ["a remote http reference", '"http://example.com/schemas/x.json"', "ref/remote"],
  [
    "a remote https reference with a fragment",
    '"https://example.com/schemas/x.json#/definitions/y"',
    "ref/remote",
  ],
  ["a path escaping the root", '"../../../../etc/x.json"', "ref/outside-root"],
  ["a path just outside the root", '"../../../x.json"', "ref/outside-root"],
  ["an absolute file URL", '"file:///etc/x.json"', "ref/outside-root"],
  ["a number", "42", "ref/not-a-string"],
  ["an object", '{ "path": "x.json" }', "ref/not-a-string"],
  ["null", "null", "ref/not-a-string"],
  ["an invalid URL", '"http://[::1"', "ref/invalid"],
];

describe("loadTree: $ref problems", () => {
  it.each(badRefs)(
    "%s → %s at the $ref value",
    async (_name, refLiteral, code, extraFiles = {}) => {
      const root = await testdir({
        ...connectorFiles("alpha", withRef(refLiteral)),
        ...extraFiles,
      });
      const model = await loadTree({ root, cwd: root });
      expect(model.diagnostics.map(where)).toEqual([
        { code, file: CONNECTION, pointer: "/properties/a/$ref", line: 4, column: 20 },
      ]);
      expect(model.diagnostics[0].severity).toBe("error");
      expect(model.refs.size).toBe(0);
    },
  );

  it("every $ref diagnostic says what to do (has a hint)", async () => {
    const withoutHint: string[] = [];
    const cases: [string, Record<string, string | object>][] = [
      ...badRefs.map(([, literal, , extra = {}]): [string, Record<string, string | object>] => [
        literal,
        extra,
      ]),
      ['"../../definitions/bad.json"', { "definitions/bad.json": "[" }], // ref/broken-target
    ];
    for (const [literal, extra] of cases) {
      const root = await testdir({ ...connectorFiles("alpha", withRef(literal)), ...extra });
      const model = await loadTree({ root, cwd: root });
      for (const d of model.diagnostics) if (!d.hint) withoutHint.push(d.code);
    }
    expect(withoutHint).toEqual([]);
  });

  it("a file named '..something' inside the root is not outside it", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", withRef('"../../..shared.json"')),
      "..shared.json": { type: "string" },
    });
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    expect(model.refs.get(`${path.join(root, CONNECTION)}#/properties/a`)).toEqual({
      doc: path.join(root, "..shared.json"),
      pointer: "",
    });
  });

  it("an unloadable target → ref/broken-target, plus the target's own error", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", withRef('"../../definitions/bad.json"')),
      "definitions/bad.json": lines("{", '  "type": "object",', "}"),
    });
    const model = await loadTree({ root, cwd: root });
    const found = model.diagnostics.map(where);
    expect(found).toContainEqual({
      code: "parse/invalid-json",
      file: "definitions/bad.json",
      pointer: undefined,
      line: 3,
      column: 1,
    });
    expect(found).toContainEqual({
      code: "ref/broken-target",
      file: CONNECTION,
      pointer: "/properties/a/$ref",
      line: 4,
      column: 20,
    });
    expect(new Set(found.map((d) => d.code))).toEqual(
      new Set(["parse/invalid-json", "ref/broken-target"]),
    );
  });

  it("a pure $ref cycle inside one file → ref/cycle on each reference of the cycle", async () => {
    const root = await testdir(
      connectorFiles(
        "alpha",
        lines(
          "{",
          '  "type": "object",',
          '  "definitions": {',
          '    "a": { "$ref": "#/definitions/b" },', // value at column 20
          '    "b": { "$ref": "#/definitions/a" }',
          "  }",
          "}",
        ),
      ),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.map(where)).toEqual([
      { code: "ref/cycle", file: CONNECTION, pointer: "/definitions/a/$ref", line: 4, column: 20 },
      { code: "ref/cycle", file: CONNECTION, pointer: "/definitions/b/$ref", line: 5, column: 20 },
    ]);
  });

  it("a $ref to itself → ref/cycle", async () => {
    const root = await testdir(connectorFiles("alpha", lines("{", '  "$ref": "#"', "}")));
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.map(where)).toEqual([
      { code: "ref/cycle", file: CONNECTION, pointer: "/$ref", line: 2, column: 11 },
    ]);
  });

  it("a pure $ref cycle across files → ref/cycle in both files", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", withRef('"../../definitions/a.json"')),
      "definitions/a.json": lines('{ "$ref": "b.json" }'), // value at column 11
      "definitions/b.json": lines('{ "$ref": "a.json" }'),
    });
    const model = await loadTree({ root, cwd: root });
    const found = model.diagnostics.map(where);
    expect(found).toContainEqual({
      code: "ref/cycle",
      file: "definitions/a.json",
      pointer: "/$ref",
      line: 1,
      column: 11,
    });
    expect(found).toContainEqual({
      code: "ref/cycle",
      file: "definitions/b.json",
      pointer: "/$ref",
      line: 1,
      column: 11,
    });
    expect(found.every((d) => d.code === "ref/cycle")).toBe(true);
  });

  const recursive: [name: string, connection: object][] = [
    [
      "children.items refs #/definitions/node",
      {
        type: "object",
        properties: { tree: { $ref: "#/definitions/node" } },
        definitions: {
          node: {
            type: "object",
            properties: {
              name: { type: "string" },
              children: { type: "array", items: { $ref: "#/definitions/node" } },
            },
          },
        },
      },
    ],
    [
      "children.items refs # (the document root)",
      {
        type: "object",
        properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#" } } },
      },
    ],
    [
      "mutual recursion through schemas (a.b refs b, b.a refs a)",
      {
        type: "object",
        properties: { root: { $ref: "#/definitions/a" } },
        definitions: {
          a: { type: "object", properties: { b: { $ref: "#/definitions/b" } } },
          b: { type: "object", properties: { a: { $ref: "#/definitions/a" } } },
        },
      },
    ],
    [
      "a $ref chain that ends in a schema",
      {
        type: "object",
        properties: { x: { $ref: "#/definitions/one" } },
        definitions: {
          one: { $ref: "#/definitions/two" },
          two: { $ref: "#/definitions/three" },
          three: { type: "string" },
        },
      },
    ],
  ];
  it.each(recursive)("recursive but valid: %s → no diagnostics", async (_name, connection) => {
    const root = await testdir(connectorFiles("alpha", connection));
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    expect(model.connectors.map((c) => c.name)).toEqual(["alpha"]);
  });

  it("a recursive reference resolves to the recursive definition", async () => {
    const root = await testdir(connectorFiles("alpha", recursive[0][1]));
    const model = await loadTree({ root, cwd: root });
    const entry = path.join(root, CONNECTION);
    expect(Object.fromEntries(model.refs)).toEqual({
      [`${entry}#/properties/tree`]: { doc: entry, pointer: "/definitions/node" },
      [`${entry}#/definitions/node/properties/children/items`]: {
        doc: entry,
        pointer: "/definitions/node",
      },
    });
  });

  it("resolves a $ref by the target's $id, never fetching", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", withRef('"https://example.com/schemas/x.json#/definitions/y"')),
      ...connectorFiles("beta", withRef('"../../definitions/x.json"')),
      "definitions/x.json": {
        $id: "https://example.com/schemas/x.json",
        definitions: { y: { type: "string" } },
      },
    });
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    expect(model.refs.get(`${path.join(root, CONNECTION)}#/properties/a`)).toEqual({
      doc: path.join(root, "definitions/x.json"),
      pointer: "/definitions/y",
    });
  });

  it("decodes escaped pointer tokens in fragments", async () => {
    const root = await testdir(
      connectorFiles("alpha", {
        type: "object",
        properties: { a: { $ref: "#/definitions/a~1b%20c" } },
        definitions: { "a/b c": { type: "string" } },
      }),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    const entry = path.join(root, CONNECTION);
    expect(model.refs.get(`${entry}#/properties/a`)).toEqual({
      doc: entry,
      pointer: "/definitions/a~1b c",
    });
  });
});

describe("loadTree: $ref resolves against the base URI of the $ids around it", () => {
  const entry = (root: string) => path.join(root, CONNECTION);
  /** Each case: the connection schema (draft by its $schema), its $ref holders and where they land (pointers in it). */
  const cases: { name: string; connection: object; want: Record<string, string> }[] = [
    {
      name: "a relative $ref inside a subschema with its own $id names a sibling resource",
      connection: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "http://localhost:1234/tree",
        properties: { nodes: { type: "array", items: { $ref: "node" } } },
        $defs: {
          node: { $id: "http://localhost:1234/node", properties: { subtree: { $ref: "tree" } } },
        },
      },
      want: { "/properties/nodes/items": "/$defs/node", "/$defs/node/properties/subtree": "" },
    },
    {
      name: "$id is resolved against the nearest enclosing $id, not the document's",
      connection: {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "http://example.com/a.json",
        definitions: {
          x: {
            $id: "http://example.com/b/c.json",
            definitions: { y: { $id: "d.json", type: "integer" } },
          },
        },
        allOf: [{ $ref: "http://example.com/b/d.json" }],
      },
      want: { "/allOf/0": "/definitions/x/definitions/y" },
    },
    {
      name: "'#/…' inside an embedded resource points into that resource",
      connection: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $defs: {
          inner: {
            $id: "http://example.com/inner.json",
            $defs: { a: { type: "string" } },
            properties: { p: { $ref: "#/$defs/a" } },
          },
        },
        properties: { q: { $ref: "http://example.com/inner.json#/$defs/a" } },
      },
      want: {
        "/$defs/inner/properties/p": "/$defs/inner/$defs/a",
        "/properties/q": "/$defs/inner/$defs/a",
      },
    },
    {
      name: "the same $anchor under two bases: each $ref finds its own",
      connection: {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $id: "http://localhost:1234/root",
        $ref: "http://localhost:1234/child1#my_anchor",
        $defs: {
          a_string: { $anchor: "my_anchor", type: "string" },
          child1: {
            $id: "child1",
            allOf: [{ $ref: "#my_anchor" }, { $anchor: "my_anchor", type: "number" }],
          },
        },
      },
      want: { "": "/$defs/child1/allOf/1", "/$defs/child1/allOf/0": "/$defs/child1/allOf/1" },
    },
    {
      name: "draft-07: $id '#foo' is a location-independent name; a $id beside $ref does not move the base",
      connection: {
        $schema: "http://json-schema.org/draft-07/schema#",
        $id: "http://localhost:1234/sibling_id/base/",
        definitions: {
          foo: { $id: "http://localhost:1234/sibling_id/foo.json", type: "string" },
          base_foo: { $id: "foo.json", type: "number" },
          named: { $id: "#named" },
        },
        allOf: [{ $id: "http://localhost:1234/sibling_id/", $ref: "foo.json" }, { $ref: "#named" }],
      },
      want: { "/allOf/0": "/definitions/base_foo", "/allOf/1": "/definitions/named" },
    },
  ];
  it.each(cases)("$name", async ({ connection, want }) => {
    const root = await testdir(connectorFiles("alpha", connection));
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    for (const [holder, target] of Object.entries(want))
      expect(model.refs.get(`${entry(root)}#${holder}`), holder).toEqual({
        doc: entry(root),
        pointer: target,
      });
  });

  it("a relative $ref under an https $id that no schema carries is read as a path from the file (OpenMetadata's layout)", async () => {
    const root = await testdir({
      ...connectorFiles("alpha", {
        $id: "https://open-metadata.org/schema/connections/alphaConnection.json",
        type: "object",
        properties: { a: { $ref: "../../definitions/x.json#/definitions/y" } },
      }),
      "definitions/x.json": { definitions: { y: { type: "string" } } },
    });
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics).toEqual([]);
    expect(model.refs.get(`${entry(root)}#/properties/a`)).toEqual({
      doc: path.join(root, "definitions/x.json"),
      pointer: "/definitions/y",
    });
  });

  it("a $ref to a draft's meta-schema is read from ajv's copy, never fetched", async () => {
    const root = await testdir(
      connectorFiles("alpha", {
        type: "object",
        properties: {
          s: { $ref: "http://json-schema.org/draft-07/schema#" },
          t: { $ref: "https://json-schema.org/draft/2020-12/schema" },
        },
      }),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const target = model.refs.get(`${entry(root)}#/properties/s`)!;
    const meta = model.docs.get(target.doc)!;
    expect([meta.rel, meta.builtIn, target.pointer]).toEqual([
      "json-schema-meta/draft-07/schema.json",
      true,
      "",
    ]);
    // 2020-12's is made of vocabulary meta-schemas; they come along.
    const rels = [...model.docs.values()]
      .filter((d) => d.builtIn)
      .map((d) => d.rel)
      .sort();
    expect(rels).toContain("json-schema-meta/2020-12/meta/core.json");
    expect(rels).toContain("json-schema-meta/2020-12/schema.json");
  });
});

describe("loadTree: 2020-12 $dynamicRef", () => {
  const entry = (root: string) => path.join(root, CONNECTION);
  it("a bare '#name' keeps its static target for types and forms (validators evaluate it)", async () => {
    const root = await testdir(
      connectorFiles("alpha", {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $ref: "#/$defs/list",
        $defs: {
          foo: { $dynamicAnchor: "items", type: "string" },
          list: {
            $id: "http://example.com/list",
            type: "array",
            items: { $dynamicRef: "#items" },
            $defs: { items: { $dynamicAnchor: "items" } },
          },
        },
      }),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    // Under the list's own $id: its own anchor, not the root's.
    expect(model.dynamicRefs?.get(`${entry(root)}#/$defs/list/items`)).toEqual({
      doc: entry(root),
      pointer: "/$defs/list/$defs/items",
    });
    expect(model.refs.has(`${entry(root)}#/$defs/list/items`)).toBe(false);
  });

  it("one to a JSON pointer is a $ref, exactly, and nothing is said", async () => {
    const root = await testdir(
      connectorFiles("alpha", {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $defs: { no: false },
        properties: { a: { $dynamicRef: "#/$defs/no" } },
      }),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(model.refs.get(`${entry(root)}#/properties/a`)).toEqual({
      doc: entry(root),
      pointer: "/$defs/no",
    });
  });

  it("one with a URI before '#' is read as $ref, with a located schema/dynamic-ref-static warning", async () => {
    const root = await testdir(
      connectorFiles(
        "alpha",
        lines(
          "{",
          '  "$schema": "https://json-schema.org/draft/2020-12/schema",',
          '  "$id": "http://example.com/root",',
          '  "properties": { "a": { "$dynamicRef": "inner#thing" } },',
          '  "$defs": { "inner": { "$id": "inner", "$defs": { "t": { "$dynamicAnchor": "thing", "type": "string" } } } }',
          "}",
        ),
      ),
    );
    const model = await loadTree({ root, cwd: root });
    expect(model.diagnostics.map((d) => ({ ...where(d), severity: d.severity }))).toEqual([
      {
        code: "schema/dynamic-ref-static",
        file: CONNECTION,
        pointer: "/properties/a/$dynamicRef",
        line: 4,
        column: 41,
        severity: "warning",
      },
    ]);
    expect(model.refs.get(`${entry(root)}#/properties/a`)).toEqual({
      doc: entry(root),
      pointer: "/$defs/inner/$defs/t",
    });
  });
});
