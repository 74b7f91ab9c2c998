import { afterAll, describe, expect, it } from "vitest";
import {
  createAjv,
  filePointer,
  loadTree,
  locate,
  refKey,
  type SourceDraft,
} from "../src/index.js";
import { draftOfUri, toGeneratorDialect } from "../src/draft-convert.js";
import { schemaPointer } from "../src/source.js";
import { metaSchemaValidator } from "../src/ajv.js";
import { DRAFT_URIS } from "../src/draft-convert.js";
import { where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

describe("draftOfUri", () => {
  it.each([
    ["http://json-schema.org/draft-04/schema#", "draft-04"],
    ["http://json-schema.org/draft-04/schema", "draft-04"],
    ["https://json-schema.org/draft-06/schema#", "draft-06"],
    ["http://json-schema.org/draft-07/schema#", "draft-07"],
    ["https://json-schema.org/draft/2019-09/schema", "2019-09"],
    ["https://json-schema.org/draft/2020-12/schema#", "2020-12"],
    ["http://json-schema.org/draft-03/schema#", undefined],
    ["http://json-schema.org/draft-99/schema#", undefined],
    ["http://json-schema.org/schema#", undefined],
    ["https://example.com/my-own-draft", undefined],
    ["", undefined],
    [" http://json-schema.org/draft-07/schema#", undefined],
  ])("%j → %s", (uri, draft) => {
    expect(draftOfUri(uri)).toBe(draft);
  });
});

// One case per rule, as { from, given, want }: what the generators see for what was written.
const conversions: [
  name: string,
  { from: SourceDraft; given: object; want: object; renames?: Record<string, string> },
][] = [
  [
    "draft-04: exclusiveMinimum true qualifies minimum",
    {
      from: "draft-04",
      given: { type: "integer", minimum: 0, exclusiveMinimum: true },
      want: { type: "integer", exclusiveMinimum: 0 },
    },
  ],
  [
    "draft-04: exclusiveMaximum true qualifies maximum",
    {
      from: "draft-04",
      given: { maximum: 65536, exclusiveMaximum: true },
      want: { exclusiveMaximum: 65536 },
    },
  ],
  [
    "draft-04: exclusiveMinimum false says nothing",
    { from: "draft-04", given: { minimum: 1.5, exclusiveMinimum: false }, want: { minimum: 1.5 } },
  ],
  [
    "draft-04: exclusiveMaximum true without maximum says nothing",
    { from: "draft-04", given: { exclusiveMaximum: true }, want: {} },
  ],
  [
    "draft-04: id is $id, in every subschema",
    {
      from: "draft-04",
      given: {
        id: "http://example.com/root.json",
        properties: { id: { type: "string" }, sub: { id: "#sub", type: "integer" } },
      },
      want: {
        $id: "http://example.com/root.json",
        properties: { id: { type: "string" }, sub: { $id: "#sub", type: "integer" } },
      },
      renames: { "/$id": "id", "/properties/sub/$id": "id" },
    },
  ],
  [
    "draft-04: the root's $schema names draft-07",
    {
      from: "draft-04",
      given: { $schema: DRAFT_URIS["draft-04"], type: "string" },
      want: { $schema: DRAFT_URIS["draft-07"], type: "string" },
    },
  ],
  [
    "draft-04: inside tuples, dependencies, definitions and combinators",
    {
      from: "draft-04",
      given: {
        items: [{ minimum: 1, exclusiveMinimum: true }],
        additionalItems: { maximum: 2, exclusiveMaximum: true },
        dependencies: {
          a: ["b"],
          c: { properties: { d: { minimum: 0, exclusiveMinimum: true } } },
        },
        definitions: {
          x: {
            anyOf: [{ minimum: 3, exclusiveMinimum: true }],
            not: { maximum: 4, exclusiveMaximum: false },
          },
        },
      },
      want: {
        items: [{ exclusiveMinimum: 1 }],
        additionalItems: { exclusiveMaximum: 2 },
        dependencies: { a: ["b"], c: { properties: { d: { exclusiveMinimum: 0 } } } },
        definitions: { x: { anyOf: [{ exclusiveMinimum: 3 }], not: { maximum: 4 } } },
      },
    },
  ],
  [
    "draft-04: a property named like a keyword is a name, not a keyword",
    {
      from: "draft-04",
      given: {
        properties: { exclusiveMinimum: { type: "boolean" } },
        required: ["exclusiveMinimum"],
      },
      want: {
        properties: { exclusiveMinimum: { type: "boolean" } },
        required: ["exclusiveMinimum"],
      },
    },
  ],
  [
    "draft-06: the same keywords, $schema names draft-07",
    {
      from: "draft-06",
      given: {
        $schema: DRAFT_URIS["draft-06"],
        exclusiveMinimum: 0,
        const: "x",
        contains: { type: "string" },
      },
      want: {
        $schema: DRAFT_URIS["draft-07"],
        exclusiveMinimum: 0,
        const: "x",
        contains: { type: "string" },
      },
    },
  ],
  [
    "2019-09: a tuple is prefixItems, additionalItems is items",
    {
      from: "2019-09",
      given: {
        type: "array",
        items: [{ type: "string" }, { type: "integer" }],
        additionalItems: false,
      },
      want: { type: "array", prefixItems: [{ type: "string" }, { type: "integer" }], items: false },
      renames: { "/prefixItems": "items", "/items": "additionalItems" },
    },
  ],
  [
    "2019-09: additionalItems without a tuple is dropped (it means nothing)",
    {
      from: "2019-09",
      given: { items: { type: "string" }, additionalItems: false },
      want: { items: { type: "string" } },
    },
  ],
  [
    "2019-09: a local $ref through a renamed tuple follows it",
    {
      from: "2019-09",
      given: {
        items: [{ type: "integer" }, { $ref: "#/items/0" }],
        properties: { p: { $ref: "#/items/1" }, q: { $ref: "#/$defs/items" } },
        $defs: { items: { type: "null" } },
      },
      want: {
        prefixItems: [{ type: "integer" }, { $ref: "#/prefixItems/0" }],
        properties: { p: { $ref: "#/prefixItems/1" }, q: { $ref: "#/$defs/items" } },
        $defs: { items: { type: "null" } },
      },
      renames: { "/prefixItems": "items" },
    },
  ],
  [
    "2019-09: with a $recursiveAnchor: true, $recursiveRef '#' is a $dynamicRef to it",
    {
      from: "2019-09",
      given: {
        $recursiveAnchor: true,
        type: "object",
        additionalProperties: { $recursiveRef: "#" },
      },
      want: {
        $dynamicAnchor: "onespec-recursive",
        type: "object",
        additionalProperties: { $dynamicRef: "#onespec-recursive" },
      },
      renames: {
        "/$dynamicAnchor": "$recursiveAnchor",
        "/additionalProperties/$dynamicRef": "$recursiveRef",
      },
    },
  ],
  [
    "2019-09: without a $recursiveAnchor: true, $recursiveRef is $ref and $recursiveAnchor: false is dropped",
    {
      from: "2019-09",
      given: {
        $recursiveAnchor: false,
        type: "object",
        additionalProperties: { $recursiveRef: "#" },
      },
      want: { type: "object", additionalProperties: { $ref: "#" } },
      renames: { "/additionalProperties/$ref": "$recursiveRef" },
    },
  ],
  [
    "2019-09: $recursiveRef next to a $ref joins it with allOf",
    {
      from: "2019-09",
      given: { $ref: "#/$defs/a", $recursiveRef: "#", $defs: { a: {} } },
      want: { $ref: "#/$defs/a", allOf: [{ $ref: "#" }], $defs: { a: {} } },
    },
  ],
  [
    "draft-07: returned as it is",
    {
      from: "draft-07",
      given: { minimum: 0, exclusiveMinimum: true },
      want: { minimum: 0, exclusiveMinimum: true },
    },
  ],
  [
    "2020-12: returned as it is",
    {
      from: "2020-12",
      given: { items: [{}], $recursiveRef: "#" },
      want: { items: [{}], $recursiveRef: "#" },
    },
  ],
];

describe("toGeneratorDialect", () => {
  it.each(conversions)("%s", (_name, { from, given, want, renames = {} }) => {
    const before = structuredClone(given);
    const out = toGeneratorDialect(given, from);
    expect(out.json).toEqual(want);
    expect(Object.fromEntries(out.renames)).toEqual(renames);
    expect(given).toEqual(before); // the input is not modified
  });

  it("keeps a property named __proto__ as a property", () => {
    const given = JSON.parse(
      '{"properties": {"__proto__": {"type": "number", "minimum": 0, "exclusiveMinimum": true}}}',
    ) as object;
    const out = toGeneratorDialect(given, "draft-04").json as { properties: object };
    expect(Object.keys(out.properties)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(out.properties, "__proto__")?.value).toEqual({
      type: "number",
      exclusiveMinimum: 0,
    });
  });

  it("says where $recursiveAnchor: true is read as a $dynamicAnchor", () => {
    expect(
      toGeneratorDialect({ $defs: { tree: { $recursiveAnchor: true } } }, "2019-09").notes.map(
        (n) => [n.severity, n.code, n.pointer],
      ),
    ).toEqual([["info", "schema/recursive-anchor", "/$defs/tree/$recursiveAnchor"]]);
  });
});

describe("pointers through renamed keywords", () => {
  const renames = toGeneratorDialect(
    { items: [{ id: "#a" }, {}], additionalItems: { type: "string" } },
    "2019-09",
  ).renames;
  it.each([
    ["/prefixItems/0", "/items/0"],
    ["/items", "/additionalItems"],
    ["/items/type", "/additionalItems/type"],
    ["", ""],
  ])("schema %s is %s in the file, and back", (inSchema, inFile) => {
    expect(
      filePointer(
        { displayPath: "x", text: "", json: null, positions: {}, lineStarts: [0], renames },
        inSchema,
      ),
    ).toBe(inFile);
    expect(schemaPointer({ renames }, inFile)).toBe(inSchema);
  });
  it("adds and drops a wrapper's base", () => {
    expect(
      filePointer(
        {
          displayPath: "x",
          text: "",
          json: null,
          positions: {},
          lineStarts: [0],
          base: "/connectionSpecification",
        },
        "/properties/a",
      ),
    ).toBe("/connectionSpecification/properties/a");
    expect(
      schemaPointer({ base: "/connectionSpecification" }, "/connectionSpecification/properties/a"),
    ).toBe("/properties/a");
    expect(schemaPointer({ base: "/connectionSpecification" }, "/properties/a")).toBe(
      "/properties/a",
    );
  });
});

describe("meta-schemas of every draft", () => {
  it.each([
    ["draft-04", { type: "integer", minimum: 0, exclusiveMinimum: true }, { exclusiveMinimum: 0 }],
    ["draft-06", { exclusiveMinimum: 0, const: 1 }, { exclusiveMinimum: true }],
    ["draft-07", { if: { type: "string" }, then: { minLength: 1 } }, { exclusiveMinimum: true }],
    [
      "2019-09",
      { items: [{}], additionalItems: false, $recursiveAnchor: true },
      { $recursiveAnchor: "x" },
    ],
    ["2020-12", { prefixItems: [{}], items: false }, { prefixItems: {} }],
  ] as [SourceDraft, object, object][])(
    "%s: accepts its own keywords, refuses another draft's",
    (draft, valid, invalid) => {
      const validate = metaSchemaValidator(draft);
      expect(validate(valid), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(invalid)).toBe(false);
    },
  );
});

describe("loading documents of every draft", () => {
  const DRAFT04 = lines(
    "{",
    '  "$schema": "http://json-schema.org/draft-04/schema#",',
    '  "id": "https://example.com/legacy.json",',
    '  "type": "object",',
    '  "required": ["port"],',
    '  "properties": {',
    '    "port": { "type": "integer", "minimum": 0, "exclusiveMinimum": true, "maximum": 65536, "exclusiveMaximum": true },',
    '    "ratio": { "type": "number", "minimum": 0, "exclusiveMinimum": false },',
    '    "tls": { "$ref": "tls.json" },',
    '    "mode": { "$ref": "https://example.com/legacy.json#/definitions/mode" }',
    "  },",
    '  "definitions": { "mode": { "enum": ["a", "b"], "tittle": "Mode" } }',
    "}",
  );
  // No $schema: it takes draft-04 from the document that reaches it.
  const TLS = lines(
    "{",
    '  "type": "object",',
    '  "properties": { "timeout": { "type": "number", "minimum": 0, "exclusiveMinimum": true } }',
    "}",
  );

  it("draft-04: no diagnostics but the unknown keyword; the generators see draft-07", async () => {
    const root = await testdir({ "legacy.json": DRAFT04, "tls.json": TLS });
    const model = await loadTree({ root, cwd: root, entries: ["legacy.json"] });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/unknown-keyword",
        file: "legacy.json",
        pointer: "/definitions/mode/tittle",
        line: 12,
        column: 50,
      },
    ]);
    const legacy = model.docs.get(`${root}/legacy.json`)!;
    expect([legacy.sourceDraft, legacy.draft]).toEqual(["draft-04", "draft-07"]);
    expect(legacy.json).toMatchObject({
      $schema: DRAFT_URIS["draft-07"],
      $id: "https://example.com/legacy.json",
      properties: {
        port: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 65536 },
        ratio: { type: "number", minimum: 0 },
      },
    });
    expect((legacy.json as { properties: { port: object } }).properties.port).not.toHaveProperty(
      "minimum",
    );
    const tls = model.docs.get(`${root}/tls.json`)!;
    expect([tls.sourceDraft, tls.draft]).toEqual(["draft-04", "draft-07"]);
    expect(tls.json).toEqual({
      type: "object",
      properties: { timeout: { type: "number", exclusiveMinimum: 0 } },
    });
    // A $ref to the draft-04 `id` resolves like one to a $id.
    expect(model.refs.get(refKey(legacy.path, "/properties/mode"))).toEqual({
      doc: legacy.path,
      pointer: "/definitions/mode",
    });
    // The renamed `id` is located where it is written.
    expect(locate(legacy.source, "/$id")).toEqual({ line: 3, column: 9, pointer: "/id" });
    // What the generators compile means what draft-04 meant.
    const validate = createAjv({ strict: false }).compile({
      ...(legacy.json as object),
      properties: { port: (legacy.json as { properties: { port: object } }).properties.port },
    });
    expect([0, 1, 65535, 65536].map((port) => validate({ port }))).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it("draft-04: a value draft-04 does not allow is schema/meta against the draft-04 meta-schema", async () => {
    const text = lines(
      "{",
      '  "$schema": "http://json-schema.org/draft-04/schema#",',
      '  "type": "object",',
      '  "properties": { "n": { "exclusiveMinimum": 0, "minimum": 1 } }',
      "}",
    );
    const root = await testdir({ "a.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["a.json"] });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/meta",
        file: "a.json",
        pointer: "/properties/n/exclusiveMinimum",
        line: 4,
        column: 46,
      },
    ]);
    expect(model.diagnostics[0].message).toBe(
      "exclusiveMinimum must be boolean (draft-04 meta-schema).",
    );
  });

  it("draft-06: exclusiveMinimum is a number; a boolean is schema/meta", async () => {
    const good = lines(
      "{",
      '  "$schema": "http://json-schema.org/draft-06/schema#",',
      '  "properties": { "n": { "exclusiveMinimum": 0 }, "k": { "const": "x" } }',
      "}",
    );
    const bad = lines(
      "{",
      '  "$schema": "http://json-schema.org/draft-06/schema#",',
      '  "properties": { "n": { "minimum": 0, "exclusiveMinimum": true } }',
      "}",
    );
    const root = await testdir({ "good.json": good, "bad.json": bad });
    const model = await loadTree({ root, cwd: root, entries: ["*.json"] });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/meta",
        file: "bad.json",
        pointer: "/properties/n/exclusiveMinimum",
        line: 3,
        column: 60,
      },
    ]);
    expect(model.diagnostics[0].message).toBe(
      "exclusiveMinimum must be number (draft-06 meta-schema).",
    );
    const doc = model.docs.get(`${root}/good.json`)!;
    expect([doc.sourceDraft, doc.draft]).toEqual(["draft-06", "draft-07"]);
  });

  it("2019-09: tuples become prefixItems; diagnostics inside them point where they are written", async () => {
    const text = lines(
      "{",
      '  "$schema": "https://json-schema.org/draft/2019-09/schema",',
      '  "type": "object",',
      '  "properties": {',
      '    "pair": { "type": "array", "items": [{ "type": "string", "javaType": "x" }, { "$ref": "#/properties/pair/items/0" }], "additionalItems": { "$ref": "missing.json" } }',
      "  }",
      "}",
    );
    const root = await testdir({ "t.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["t.json"] });
    const doc = model.docs.get(`${root}/t.json`)!;
    expect([doc.sourceDraft, doc.draft]).toEqual(["2019-09", "2020-12"]);
    expect(doc.json).toMatchObject({
      properties: {
        pair: {
          prefixItems: [{ type: "string" }, { $ref: "#/properties/pair/prefixItems/0" }],
          items: { $ref: "missing.json" },
        },
      },
    });
    expect(model.refs.get(refKey(doc.path, "/properties/pair/prefixItems/1"))).toEqual({
      doc: doc.path,
      pointer: "/properties/pair/prefixItems/0",
    });
    expect(model.diagnostics.map(where)).toEqual([
      {
        code: "schema/unknown-keyword",
        file: "t.json",
        pointer: "/properties/pair/items/0/javaType",
        line: 5,
        column: 62,
      },
      {
        code: "ref/missing-file",
        file: "t.json",
        pointer: "/properties/pair/additionalItems/$ref",
        line: 5,
        column: 152,
      },
    ]);
  });

  it("2019-09: a $ref from another file through a tuple follows the rename", async () => {
    const root = await testdir({
      "main.json": {
        $schema: DRAFT_URIS["draft-07"],
        type: "object",
        properties: { first: { $ref: "pair.json#/items/0" } },
      },
      "pair.json": { $schema: DRAFT_URIS["2019-09"], type: "array", items: [{ type: "string" }] },
    });
    const model = await loadTree({ root, cwd: root, entries: ["main.json"] });
    expect(model.diagnostics).toEqual([]);
    expect(model.refs.get(refKey(`${root}/main.json`, "/properties/first"))).toEqual({
      doc: `${root}/pair.json`,
      pointer: "/prefixItems/0",
    });
  });

  it("2019-09: $recursiveAnchor: true is an info diagnostic where it is written", async () => {
    const text = lines(
      "{",
      '  "$schema": "https://json-schema.org/draft/2019-09/schema",',
      '  "$recursiveAnchor": true,',
      '  "type": "object",',
      '  "additionalProperties": { "$recursiveRef": "#" }',
      "}",
    );
    const root = await testdir({ "tree.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["tree.json"] });
    expect(model.diagnostics.map((d) => ({ ...where(d), severity: d.severity }))).toEqual([
      {
        code: "schema/recursive-anchor",
        file: "tree.json",
        pointer: "/$recursiveAnchor",
        line: 3,
        column: 23,
        severity: "info",
      },
    ]);
    const doc = model.docs.get(`${root}/tree.json`)!;
    expect(doc.json).toMatchObject({
      $dynamicAnchor: "onespec-recursive",
      additionalProperties: { $dynamicRef: "#onespec-recursive" },
    });
  });

  it.each([
    ["draft-03", "http://json-schema.org/draft-03/schema#"],
    ["draft-99", "http://json-schema.org/draft-99/schema#"],
    ["a made-up URL", "https://example.com/my-own-draft"],
    ["an empty string", ""],
  ])("an unknown $schema (%s) is an error at its value", async (_name, uri) => {
    const text = lines("{", `  "$schema": ${JSON.stringify(uri)},`, '  "type": "object"', "}");
    const root = await testdir({ "x.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["x.json"] });
    expect(model.diagnostics.map((d) => ({ ...where(d), severity: d.severity }))).toEqual([
      {
        code: "schema/unknown-draft",
        file: "x.json",
        pointer: "/$schema",
        line: 2,
        column: 14,
        severity: "error",
      },
    ]);
    expect(model.diagnostics[0].hint).toMatch(/draft-07/);
    expect(model.diagnostics[0].message).toContain(JSON.stringify(uri));
  });

  it("a file without $schema reached from a 2020-12 document stays draft-07", async () => {
    const root = await testdir({
      "main.json": {
        $schema: DRAFT_URIS["2020-12"],
        type: "object",
        properties: { a: { $ref: "shared.json" } },
      },
      "shared.json": { type: "string" },
    });
    const model = await loadTree({ root, cwd: root, entries: ["main.json"] });
    expect(model.diagnostics).toEqual([]);
    expect(model.docs.get(`${root}/shared.json`)!.draft).toBe("draft-07");
    expect(model.docs.get(`${root}/shared.json`)!.sourceDraft).toBe("draft-07");
  });
});
