import { describe, expect, it } from "vitest";
import { findDefects, metaSchemaProblems } from "../src/schema-checks.js";
import { parseSource, type SchemaDoc, type SourceDraft } from "../src/index.js";
import { MAX_COMPOSITION_NESTING } from "../src/schema-checks.js";

/** A document as the loader gives it, from a schema written with 2-space indentation. */
function docOf(json: unknown, draft: SourceDraft = "draft-07"): SchemaDoc {
  const { source } = parseSource("connectors/x/connection.json", JSON.stringify(json, null, 2));
  return {
    path: "/schemas/connectors/x/connection.json",
    rel: "connectors/x/connection.json",
    uri: "https://onespec.local/schemas/connectors/x/connection.json",
    source: source!,
    json: source!.json,
    draft: draft === "2019-09" || draft === "2020-12" ? "2020-12" : "draft-07",
    sourceDraft: draft,
  };
}

/** `depth` allOf levels, each holding the next. */
function nestedAllOf(depth: number): object {
  let node: object = { type: "string" };
  for (let i = 0; i < depth; i++) node = { allOf: [node] };
  return node;
}

type Found = [code: string, pointer: string, line: number];
const found = (d: { code: string; pointer?: string; line?: number }): Found => [
  d.code,
  d.pointer!,
  d.line!,
];

const defects: { name: string; in: object; out: Found[] }[] = [
  {
    name: "a schema with no defect",
    in: { type: "object", properties: { a: { type: "string" } } },
    out: [],
  },
  {
    name: "a required name that additionalProperties: false forbids, at its place in required",
    in: {
      type: "object",
      additionalProperties: false,
      required: ["a", "b"],
      properties: { a: {} },
    },
    out: [["schema/unsatisfiable-required", "/required/1", 6]],
  },
  {
    name: "a required name a patternProperties key matches is allowed",
    in: { additionalProperties: false, required: ["x_1"], patternProperties: { "^x_\\d$": {} } },
    out: [],
  },
  {
    name: "without additionalProperties: false any name may be required",
    in: { additionalProperties: {}, required: ["anything"] },
    out: [],
  },
  {
    name: "an inherited name (toString) is not declared",
    in: { additionalProperties: false, required: ["toString"] },
    out: [["schema/unsatisfiable-required", "/required/0", 4]],
  },
  {
    name: "found in subschemas too",
    in: { properties: { inner: { additionalProperties: false, required: ["z"] } } },
    out: [["schema/unsatisfiable-required", "/properties/inner/required/0", 6]],
  },
  {
    name: `compositions nested ${MAX_COMPOSITION_NESTING} deep are allowed`,
    in: nestedAllOf(MAX_COMPOSITION_NESTING),
    out: [],
  },
  {
    name: "one level deeper is too complex, reported once at the first node past the limit",
    in: nestedAllOf(MAX_COMPOSITION_NESTING + 3),
    out: [
      [
        "schema/too-complex",
        "/allOf/0".repeat(MAX_COMPOSITION_NESTING + 1),
        2 * (MAX_COMPOSITION_NESTING + 1) + 1,
      ],
    ],
  },
];

describe("findDefects", () => {
  for (const c of defects)
    it(c.name, () => expect(findDefects(docOf(c.in)).map(found)).toEqual(c.out));

  it("names the file and says what to do", () => {
    const [d] = findDefects(docOf({ additionalProperties: false, required: ["port"] }));
    expect(d).toMatchObject({
      severity: "error",
      file: "connectors/x/connection.json",
      message:
        '"port" is required but not declared in properties, and additionalProperties is false: no config can be valid.',
      hint: 'Declare "port" under properties, or fix the name in required.',
    });
  });
});

const meta: { name: string; in: { draft: SourceDraft; schema: object }; out: Found[] }[] = [
  {
    name: "a valid draft-07 schema",
    in: { draft: "draft-07", schema: { type: "string", minLength: 1 } },
    out: [],
  },
  {
    name: "a keyword of the wrong shape",
    in: { draft: "draft-07", schema: { properties: { a: { minLength: "one" } } } },
    out: [["schema/meta", "/properties/a/minLength", 4]],
  },
  {
    name: "an unknown type name",
    in: { draft: "2020-12", schema: { type: "text" } },
    out: [["schema/meta", "/type", 2]],
  },
  {
    name: "draft-04: exclusiveMinimum is a boolean",
    in: { draft: "draft-04", schema: { minimum: 1, exclusiveMinimum: true } },
    out: [],
  },
  {
    name: "draft-06: exclusiveMinimum is a number, a boolean is wrong",
    in: { draft: "draft-06", schema: { exclusiveMinimum: true } },
    out: [["schema/meta", "/exclusiveMinimum", 2]],
  },
  {
    name: "what the loader explains better is left to it (non-array examples, duplicate required)",
    in: { draft: "draft-07", schema: { examples: "x", required: ["a", "a"] } },
    out: [],
  },
  {
    name: "one problem per pointer",
    in: { draft: "draft-07", schema: { minLength: -1 } },
    out: [["schema/meta", "/minLength", 2]],
  },
];

describe("metaSchemaProblems", () => {
  for (const c of meta)
    it(c.name, () =>
      expect(metaSchemaProblems(docOf(c.in.schema, c.in.draft)).map(found)).toEqual(c.out),
    );

  it("ignores the document's own $schema and names the draft it checked against", () => {
    const doc = docOf({ $schema: "not a uri at all", type: "text" }, "draft-07");
    const problems = metaSchemaProblems(doc);
    expect(problems.map(found)).toEqual([["schema/meta", "/type", 3]]);
    expect(problems[0].message).toMatch(/\(draft-07 meta-schema\)\.$/);
  });
});
