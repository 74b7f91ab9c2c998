import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, type JsonObject } from "../src/index.js";
import { repairSchema } from "../src/repairs.js";
import { connectorFiles } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const str = (extra: JsonObject) => ({
  type: "object",
  properties: { a: { type: "string", ...extra } },
});

/** name, the schema as written, the schema the generators see, the codes said (severity code pointer). */
const CASES: [string, JsonObject, JsonObject, string[]][] = [
  [
    "duplicate enum values",
    str({ enum: ["a", "b", "a", "b"] }),
    str({ enum: ["a", "b"] }),
    [
      "warning schema/duplicate-enum-value /properties/a/enum/2",
      "warning schema/duplicate-enum-value /properties/a/enum/3",
    ],
  ],
  [
    "duplicate required names",
    { type: "object", required: ["a", "a"], properties: { a: {} } },
    { type: "object", required: ["a"], properties: { a: {} } },
    ["warning schema/duplicate-required /required/1"],
  ],
  [
    "scalar examples",
    str({ examples: "db.example.com" }),
    str({ examples: ["db.example.com"] }),
    ["warning schema/examples-not-array /properties/a/examples"],
  ],
  [
    "string booleans in dialect keywords",
    str({ airbyte_secret: "true", hidden: "False" }),
    str({ airbyte_secret: true, hidden: false }),
    [
      "warning schema/dialect-keyword-type /properties/a/airbyte_secret",
      "warning schema/dialect-keyword-type /properties/a/hidden",
    ],
  ],
  [
    "a number written as a string in order, a number in group",
    str({ order: "2,", group: 3 }),
    str({ order: 2, group: "3" }),
    [
      "warning schema/dialect-keyword-type /properties/a/order",
      "warning schema/dialect-keyword-type /properties/a/group",
    ],
  ],
  [
    "what has no plain meaning stays as it is",
    str({ secret: "yes", order: "first" }),
    str({ secret: "yes", order: "first" }),
    [],
  ],
  [
    "an identity escape",
    str({ pattern: "^a\\-b$" }),
    str({ pattern: "^a-b$" }),
    ["warning schema/pattern-non-unicode /properties/a/pattern"],
  ],
  [
    "a Java flag",
    str({ pattern: "(?i)abc" }),
    str({ pattern: "[aA][bB][cC]" }),
    ["warning schema/pattern-translated /properties/a/pattern"],
  ],
  [
    "a possessive quantifier: documentation",
    str({ pattern: "a++" }),
    str({ pattern_descriptor: "a++" }),
    ["warning schema/pattern-not-validated /properties/a/pattern"],
  ],
  [
    "documentation keeps an existing pattern_descriptor",
    str({ pattern: "a++", pattern_descriptor: "aaa…" }),
    str({ pattern_descriptor: "aaa…" }),
    ["warning schema/pattern-not-validated /properties/a/pattern"],
  ],
  [
    "a pattern that is no regex anywhere",
    str({ pattern: "([a-z]" }),
    str({ pattern: "([a-z]" }),
    ["error schema/invalid-pattern /properties/a/pattern"],
  ],
  [
    "a patternProperties key with \\-",
    { type: "object", patternProperties: { "^x\\-": { type: "string" } } },
    { type: "object", patternProperties: { "^x-": { type: "string" } } },
    ["warning schema/pattern-non-unicode /patternProperties/^x\\-"],
  ],
  [
    "a patternProperties key onespec cannot read, other names free",
    { type: "object", patternProperties: { "a++": { type: "string" }, "^b": { type: "integer" } } },
    { type: "object", patternProperties: { "^b": { type: "integer" } } },
    ["warning schema/pattern-not-validated /patternProperties/a++"],
  ],
  [
    "a patternProperties key onespec cannot read, other names refused",
    {
      type: "object",
      additionalProperties: false,
      patternProperties: { "a++": { type: "string" } },
    },
    {
      type: "object",
      additionalProperties: false,
      patternProperties: { "a++": { type: "string" } },
    },
    ["error schema/pattern-not-validated /patternProperties/a++"],
  ],
  [
    "deep in a oneOf, an items and a definition",
    { oneOf: [{ items: { enum: [1, 1] } }], definitions: { d: { examples: 5 } } },
    { oneOf: [{ items: { enum: [1] } }], definitions: { d: { examples: [5] } } },
    [
      "warning schema/duplicate-enum-value /oneOf/0/items/enum/1",
      "warning schema/examples-not-array /definitions/d/examples",
    ],
  ],
];

describe("repairSchema", () => {
  it.each(CASES)("%s", (_name, given, want, codes) => {
    const before = structuredClone(given);
    const { json, repairs } = repairSchema(given);
    expect(json).toEqual(want);
    expect(repairs.map((r) => `${r.severity} ${r.code} ${r.pointer}`)).toEqual(codes);
    expect(given).toEqual(before); // never modified in place
    for (const r of repairs) expect(r.hint.length).toBeGreaterThan(10);
  });

  it("returns the same object when there is nothing to repair", () => {
    const schema = str({ pattern: "^[a-z]+$", enum: ["a"], examples: ["a"] });
    expect(repairSchema(schema).json).toBe(schema);
  });

  it("offers check --fix every repair but translations and documentation-only patterns", () => {
    const { repairs } = repairSchema({
      type: "object",
      properties: {
        a: { enum: [1, 1, 1], examples: 1, secret: "true", pattern: "^a\\-b$" },
        b: { pattern: "(?i)x" },
        c: { pattern: "a++" },
      },
    });
    expect(repairs.map((r) => [r.code, r.fix])).toEqual([
      ["schema/duplicate-enum-value", { pointer: "/properties/a/enum", value: [1] }],
      ["schema/duplicate-enum-value", undefined],
      ["schema/examples-not-array", { pointer: "/properties/a/examples", value: [1] }],
      ["schema/dialect-keyword-type", { pointer: "/properties/a/secret", value: true }],
      ["schema/pattern-non-unicode", { pointer: "/properties/a/pattern", value: "^a-b$" }],
      ["schema/pattern-translated", undefined],
      ["schema/pattern-not-validated", undefined],
    ]);
  });

  it("each hint names the real cause", () => {
    const said = (pattern: string) => {
      const r = repairSchema(str({ pattern })).repairs[0];
      return `${r.message} ${r.hint}`;
    };
    expect(said("(?i)abc")).toMatch(
      /"\(\?i\)abc" is Java or Python syntax: the inline flag "\(\?i\)" \(case-insensitive.*Read as the ECMA-262 pattern "\[aA\]\[bB\]\[cC\]"/,
    );
    expect(said("(?U)\\w+")).toMatch(/inline flag "\(\?U\)" \(Java's Unicode classes/);
    expect(said("^a\\-b$")).toMatch(
      /"\\-" is the character "-" \(the unicode flag refuses the backslash\).*Write "\^a-b\$" \(onespec check --fix does it\)/,
    );
    expect(said("a++")).toMatch(
      /not validated: the possessive quantifier in "a\+\+" \(Java; Python 3\.11\) has no ECMA-262 equivalent.*Write "a\+" for "a\+\+" if giving back characters never changes/,
    );
    expect(said("^abc\\Z")).toMatch(
      /as in Python, written as "\$"; Java's \\Z would also accept one final line break/,
    );
    // Not the old hint, which blamed "\-" for every pattern unicode mode refused.
    for (const p of ["(?i)abc", "(?U)\\w+"])
      expect(said(p)).not.toMatch(/outside a character class/);
  });
});

describe("repairs in the loader", () => {
  const connection = lines(
    "{",
    '  "$schema": "http://json-schema.org/draft-07/schema#",',
    '  "type": "object",',
    '  "properties": {',
    '    "a": { "type": "string", "pattern": "(?i)abc" },',
    '    "b": { "type": "string", "pattern": "(?U)\\\\w+" },',
    '    "c": { "type": "string", "pattern": "^a\\\\-b$" },',
    '    "d": { "type": "string", "pattern": "(?<=x)y" },',
    '    "e": { "type": "string", "pattern": "^abc\\\\Z" },',
    '    "f": { "type": "string", "pattern": "a++" },',
    '    "g": { "type": "object", "patternProperties": { "^x\\\\-": { "type": "string", "enum": ["1", "1"] } } }',
    "  }",
    "}",
  );

  it("rewrites the schema every generator sees, says so at each pattern, and keeps the fixes for check --fix", async () => {
    const root = await testdir(connectorFiles("x", connection));
    const model = await loadTree({ root, cwd: root });
    const file = "connectors/x/connection.json";
    const at = (code: string, pointer: string, line: number, needle: string, key = false) => ({
      severity:
        code === "schema/pattern-translated" ||
        code === "schema/pattern-non-unicode" ||
        code === "schema/pattern-not-validated" ||
        code === "schema/duplicate-enum-value"
          ? "warning"
          : "error",
      code,
      file,
      pointer,
      line,
      column: connection.split("\n")[line - 1].indexOf(needle) + 1 + (key ? 0 : 0),
    });
    const said = model.diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      file: d.file,
      pointer: d.pointer,
      line: d.line,
      column: d.column,
    }));
    expect(said).toEqual([
      at("schema/pattern-translated", "/properties/a/pattern", 5, '"(?i)abc"'),
      at("schema/pattern-translated", "/properties/b/pattern", 6, '"(?U)'),
      at("schema/pattern-non-unicode", "/properties/c/pattern", 7, '"^a'),
      at("schema/pattern-translated", "/properties/e/pattern", 9, '"^abc'),
      at("schema/pattern-not-validated", "/properties/f/pattern", 10, '"a++"'),
      at("schema/pattern-non-unicode", "/properties/g/patternProperties/^x\\-", 11, '"^x', true),
      // Inside the renamed key, located in the file as written.
      at("schema/duplicate-enum-value", "/properties/g/patternProperties/^x\\-/enum/1", 11, '"1"]'),
    ]);
    const doc = model.docs.get(path.join(root, file))!;
    const props = (doc.json as { properties: Record<string, JsonObject> }).properties;
    expect(props.a.pattern).toBe("[aA][bB][cC]");
    expect(props.b.pattern).toBe(
      "[A-Za-z0-9_\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]+",
    );
    expect(props.c.pattern).toBe("^a-b$");
    expect(props.d.pattern).toBe("(?<=x)y");
    expect(props.e.pattern).toBe("^abc$");
    expect(props.f).toEqual({ type: "string", pattern_descriptor: "a++" });
    expect(props.g.patternProperties).toEqual({ "^x-": { type: "string", enum: ["1"] } });
    // Every pattern the generators see compiles as ajv compiles it.
    for (const p of Object.values(props))
      if (typeof p.pattern === "string")
        expect(() => new RegExp(p.pattern as string, "u")).not.toThrow();
    expect(model.fixes).toEqual([
      { kind: "set", doc: doc.path, path: ["properties", "c", "pattern"], value: "^a-b$" },
      {
        kind: "rename",
        doc: doc.path,
        path: ["properties", "g", "patternProperties", "^x\\-"],
        to: "^x-",
      },
      // Set after the rename, at the key's new name.
      {
        kind: "set",
        doc: doc.path,
        path: ["properties", "g", "patternProperties", "^x-", "enum"],
        value: ["1"],
      },
    ]);
  });

  it("a draft-04 document in an Airbyte spec wrapper: located in the file, fixes inside the wrapper", async () => {
    const text = lines(
      "{",
      '  "documentationUrl": "https://example.com",',
      '  "connectionSpecification": {',
      '    "$schema": "http://json-schema.org/draft-04/schema#",',
      '    "type": "object",',
      '    "properties": { "d": { "type": "string", "pattern": "^\\\\d{4}\\\\-\\\\d{2}$", "examples": "2021-01" } }',
      "  }",
      "}",
    );
    const root = await testdir({ "source-acme/spec.json": text });
    const model = await loadTree({ root, cwd: root, entries: ["*/spec.json"] });
    expect(model.diagnostics.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["schema/examples-not-array", "/connectionSpecification/properties/d/examples", 6],
      ["schema/pattern-non-unicode", "/connectionSpecification/properties/d/pattern", 6],
    ]);
    expect(model.fixes!.map((f) => f.path.join("/"))).toEqual([
      "connectionSpecification/properties/d/examples",
      "connectionSpecification/properties/d/pattern",
    ]);
    expect(model.connectors.map((c) => c.name)).toEqual(["source-acme"]);
  });
});
