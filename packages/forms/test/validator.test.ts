/**
 * The form's validator for a sub-schema the generator did not precompile: checked without
 * compiling anything, instead of RJSF's "No precompiled validator function was found".
 */
import { describe, expect, it } from "vitest";
import { JUNK_OPTION_ID, type RJSFSchema } from "@rjsf/utils";
import * as postgres from "@onespec/generated/connectors/postgres/form";
import { matchesSchema } from "../src/schema-match.js";
import { withSchemaFallback } from "../src/validator.js";

describe("withSchemaFallback", () => {
  const schema = postgres.schema;
  const unknown: RJSFSchema = {
    type: "object",
    required: ["host"],
    properties: { host: { type: "string", minLength: 3 } },
  };

  it("RJSF's precompiled validator throws for a sub-schema it has no function for", () => {
    expect(() => postgres.createFormValidator().isValid(unknown, { host: "db" }, schema)).toThrow(
      /No precompiled validator function/,
    );
  });

  it("checks such a sub-schema without compiling it", () => {
    const validator = withSchemaFallback(postgres.createFormValidator());
    expect(validator.isValid(unknown, { host: "db.example.com" }, schema)).toBe(true);
    expect(validator.isValid(unknown, { host: "db" }, schema)).toBe(false);
    expect(validator.isValid(unknown, {}, schema)).toBe(false);
  });

  it("uses the precompiled functions for the rest, and RJSF's junk option still matches nothing", () => {
    const validator = withSchemaFallback(postgres.createFormValidator());
    const valid = { host: "db.example.com", port: 5432, database: "postgres", username: "reader" };
    expect(validator.isValid(schema, valid, schema)).toBe(true);
    expect(validator.isValid(schema, { ...valid, port: "x" }, schema)).toBe(false);
    expect(validator.isValid({ $id: JUNK_OPTION_ID, type: "object" }, {}, schema)).toBe(false);
    expect(validator.validateFormData(valid, schema).errors).toEqual([]);
  });
});

// [name, { schema, valid: data it accepts, invalid: data it refuses }]
const cases: [string, { schema: unknown; valid: unknown[]; invalid: unknown[] }][] = [
  [
    "type, with integer a number",
    { schema: { type: "number" }, valid: [1, 1.5], invalid: ["1", null] },
  ],
  ["type list", { schema: { type: ["string", "null"] }, valid: ["a", null], invalid: [1] }],
  ["integer", { schema: { type: "integer" }, valid: [2], invalid: [2.5] }],
  [
    "const and enum compare JSON",
    { schema: { enum: [{ a: 1 }, "x"] }, valid: [{ a: 1 }, "x"], invalid: [{ a: 2 }, "y"] },
  ],
  ["const", { schema: { const: "token" }, valid: ["token"], invalid: ["login", undefined] }],
  [
    "required, properties, additionalProperties",
    {
      schema: {
        type: "object",
        required: ["kind"],
        properties: { kind: { const: "a" } },
        additionalProperties: false,
      },
      valid: [{ kind: "a" }],
      invalid: [{}, { kind: "b" }, { kind: "a", extra: 1 }],
    },
  ],
  [
    "patternProperties",
    {
      schema: { patternProperties: { "^x_": { type: "number" } }, additionalProperties: false },
      valid: [{ x_a: 1 }],
      invalid: [{ x_a: "1" }, { y: 1 }],
    },
  ],
  [
    "anyOf of requires, as RJSF augments an option",
    {
      schema: { anyOf: [{ required: ["a"] }, { required: ["b"] }] },
      valid: [{ a: 1 }, { b: 1 }],
      invalid: [{ c: 1 }],
    },
  ],
  [
    "oneOf: exactly one",
    { schema: { oneOf: [{ type: "number" }, { type: "integer" }] }, valid: [1.5], invalid: [1] },
  ],
  [
    "allOf and not",
    {
      schema: { allOf: [{ minLength: 2 }], not: { const: "no" } },
      valid: ["yes"],
      invalid: ["no", "y"],
    },
  ],
  [
    "if/then/else",
    {
      schema: {
        if: { properties: { a: { const: 1 } } },
        then: { required: ["b"] },
        else: { required: ["c"] },
      },
      valid: [
        { a: 1, b: 1 },
        { a: 2, c: 1 },
      ],
      invalid: [{ a: 1, c: 1 }],
    },
  ],
  [
    "strings: length in code points, pattern",
    {
      schema: { minLength: 2, maxLength: 3, pattern: "^[a-z😀]+$" },
      valid: ["ab", "😀😀"],
      invalid: ["a", "abcd", "AB"],
    },
  ],
  [
    "a pattern no engine here reads is not checked",
    { schema: { pattern: "(?<!a" }, valid: ["anything"], invalid: [] },
  ],
  [
    "numbers: bounds of draft-04 and later, multipleOf",
    {
      schema: {
        allOf: [
          { minimum: 1, exclusiveMinimum: true },
          { exclusiveMaximum: 10 },
          { multipleOf: 0.5 },
        ],
      },
      valid: [1.5, 9.5],
      invalid: [1, 10, 2.2],
    },
  ],
  [
    "arrays: items, tuples, sizes, uniqueness, contains",
    {
      schema: {
        type: "array",
        prefixItems: [{ type: "string" }],
        items: { type: "number" },
        minItems: 1,
        maxItems: 3,
        uniqueItems: true,
        contains: { type: "number" },
      },
      valid: [
        ["a", 1],
        ["a", 1, 2],
      ],
      invalid: [[], ["a"], [1, 1], ["a", "b"], ["a", 1, 1], ["a", 1, 2, 3]],
    },
  ],
  [
    "draft-07 tuples: items array and additionalItems",
    {
      schema: { items: [{ type: "string" }], additionalItems: false },
      valid: [["a"]],
      invalid: [["a", 1], [1]],
    },
  ],
  [
    "dependencies and dependentRequired",
    {
      schema: { dependencies: { a: ["b"] }, dependentRequired: { c: ["d"] } },
      valid: [{ a: 1, b: 1 }, {}],
      invalid: [{ a: 1 }, { c: 1 }],
    },
  ],
  [
    "local $ref against the root",
    {
      schema: {
        definitions: { port: { type: "integer", maximum: 65535 } },
        properties: { port: { $ref: "#/definitions/port" } },
      },
      valid: [{ port: 5432 }],
      invalid: [{ port: 70000 }],
    },
  ],
  [
    "boolean schemas",
    { schema: { properties: { a: true, b: false } }, valid: [{ a: 1 }], invalid: [{ b: 1 }] },
  ],
  [
    "unknown keywords and formats are met",
    {
      schema: { type: "string", format: "hostname", airbyte_secret: true },
      valid: ["not a host name!"],
      invalid: [],
    },
  ],
];

describe("matchesSchema", () => {
  it.each(cases)("%s", (_name, { schema, valid, invalid }) => {
    for (const data of valid) expect(matchesSchema(schema, data), JSON.stringify(data)).toBe(true);
    for (const data of invalid)
      expect(matchesSchema(schema, data), JSON.stringify(data)).toBe(false);
  });
});
