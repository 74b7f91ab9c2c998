import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ErrorObject } from "ajv";
import { describe, expect, it } from "vitest";
import type { SourceDraft } from "../src/index.js";
import { metaSchemaValidator } from "../src/meta-schema-validators.js";
import {
  compileMetaSchema,
  METADATA_OUTPUTS,
  OUTPUTS,
  precompiledMetadataSchema,
  precompiledMetaSchema,
} from "../scripts/precompile-meta-schemas.js";

const DRAFTS: SourceDraft[] = ["draft-04", "draft-06", "draft-07", "2019-09", "2020-12"];
const SUITE = path.resolve(import.meta.dirname, "json-schema-test-suite");
const CORPUS = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures/corpus/airbyte");

describe("the precompiled meta-schema validators", () => {
  it.each(DRAFTS)(
    "%s: the checked-in module is what ajv's standalone writer gives (npm run gen:meta-schemas -w @onespec/core)",
    (draft) => {
      expect(readFileSync(OUTPUTS[draft], "utf8")).toBe(precompiledMetaSchema(draft));
    },
  );
  it.each(["connector", "test-connection"] as const)(
    "%s.json's schema: the checked-in module is what ajv's standalone writer gives (npm run gen:meta-schemas -w @onespec/core)",
    (kind) => {
      expect(readFileSync(METADATA_OUTPUTS[kind], "utf8")).toBe(precompiledMetadataSchema(kind));
    },
  );
});

const json = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));

/** Every fifth Airbyte spec (valid draft-07 schemas of every size the corpus has). */
const airbyte = readdirSync(CORPUS)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .filter((_, i) => i % 5 === 0)
  .map((f) => [`airbyte/${f}`, json(path.join(CORPUS, f))] as const);

/**
 * The JSON-Schema-Test-Suite's schemas of every draft, and its test data read as schemas: numbers,
 * strings, arrays and objects of every shape, most of them not schemas at all.
 */
const suite = readdirSync(SUITE, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(path.join(SUITE, d.name))
      .filter((f) => f.endsWith(".json"))
      .sort()
      .flatMap((f) =>
        (
          json(path.join(SUITE, d.name, f)) as {
            schema: unknown;
            tests: { data: unknown }[];
          }[]
        ).flatMap((group, g) => [
          [`${d.name}/${f} #${g}`, group.schema] as const,
          ...group.tests.map((t, i) => [`${d.name}/${f} #${g} data ${i}`, t.data] as const),
        ]),
      ),
  );

/** Schemas every draft refuses, each for another keyword (and some for several at once). */
const invalid: (readonly [string, unknown])[] = Object.entries({
  "type not a type name": { type: "text" },
  "type a list with a bad name": { type: ["string", "nul"] },
  "type a list with duplicates": { type: ["string", "string"] },
  "type a number": { type: 7 },
  "required a string": { required: "host" },
  "required with a number": { required: ["host", 3] },
  "required empty (draft-04 wants one name)": { required: [] },
  "required with duplicates": { required: ["a", "a"] },
  "properties an array": { properties: [{ type: "string" }] },
  "a property that is a string": { properties: { host: "string" } },
  "a property's type misspelt deep down": {
    properties: { a: { items: { properties: { b: { type: "strng" } } } } },
  },
  "minLength negative": { minLength: -1 },
  "maxItems a float": { maxItems: 1.5 },
  "minimum a string": { minimum: "0" },
  "exclusiveMinimum a boolean without minimum": { exclusiveMinimum: true },
  "exclusiveMaximum a number": { maximum: 3, exclusiveMaximum: 2 },
  "multipleOf zero": { multipleOf: 0 },
  "enum empty": { enum: [] },
  "enum with duplicates": { enum: [1, 1] },
  "enum an object": { enum: { a: 1 } },
  "pattern a number": { pattern: 5 },
  "anyOf empty": { anyOf: [] },
  "oneOf an object": { oneOf: { type: "string" } },
  "allOf with a number": { allOf: [{}, 1] },
  "not an array": { not: [] },
  "items a string": { items: "string" },
  "additionalProperties a string": { additionalProperties: "no" },
  "dependencies with a number": { dependencies: { a: 1 } },
  "definitions an array": { definitions: [] },
  "$defs a string": { $defs: "x" },
  "$ref a number": { $ref: 1 },
  "$id a number": { $id: 1 },
  "id a number": { id: 1 },
  "title an object": { title: {} },
  "description a number": { description: 1 },
  "format a boolean": { format: true },
  "uniqueItems a string": { uniqueItems: "yes" },
  "if a string": { if: "x", then: {} },
  "contains a number": { contains: 1 },
  "propertyNames an array": { propertyNames: [] },
  "prefixItems an object": { prefixItems: {} },
  "dependentRequired with a number": { dependentRequired: { a: [1] } },
  "unevaluatedProperties a string": { unevaluatedProperties: "no" },
  "$anchor with a slash": { $anchor: "a/b" },
  "a schema that is a string": "string",
  "a schema that is null": null,
  "a schema that is an array": [{ type: "string" }],
  "many faults at once": {
    type: "objet",
    required: "a",
    properties: { a: { type: 1, enum: [] }, b: { minLength: -2, items: [1] } },
    oneOf: [],
  },
});

const SAMPLE = [...airbyte, ...suite, ...invalid];

/** What a diagnostic is made of: the same errors, in the same order. */
function outcome(
  validate: (data: unknown) => boolean,
  errors: () => ErrorObject[] | null | undefined,
  data: unknown,
) {
  const valid = validate(data);
  return {
    valid,
    errors: (errors() ?? []).map(({ instancePath, schemaPath, keyword, params, message }) => ({
      instancePath,
      schemaPath,
      keyword,
      params,
      message,
    })),
  };
}

describe.each(DRAFTS)("the %s meta-schema, precompiled", (draft) => {
  it("answers as ajv compiling it now does, errors and all", () => {
    const { validate: compiled } = compileMetaSchema(draft);
    const precompiled = metaSchemaValidator(draft);
    let valid = 0;
    let errors = 0;
    for (const [name, schema] of SAMPLE) {
      const expected = outcome(compiled, () => compiled.errors, schema);
      expect(
        outcome(precompiled, () => precompiled.errors, schema),
        name,
      ).toEqual(expected);
      if (expected.valid) valid++;
      errors += expected.errors.length;
    }
    // The sample holds both answers, with errors from every hand-made fault.
    expect(valid).toBeGreaterThan(airbyte.length);
    expect(SAMPLE.length - valid).toBeGreaterThan(invalid.length);
    expect(errors).toBeGreaterThan(invalid.length);
  });

  it("refuses every hand-made fault ajv refuses, with a located error", () => {
    const precompiled = metaSchemaValidator(draft);
    const { validate: compiled } = compileMetaSchema(draft);
    const refused = invalid.filter(([, schema]) => !compiled(schema));
    // Each draft refuses most of them (some keywords are not in every draft).
    expect(refused.length).toBeGreaterThan(invalid.length * 0.6);
    for (const [name, schema] of refused) {
      expect(precompiled(schema), name).toBe(false);
      expect(precompiled.errors?.length, name).toBeGreaterThan(0);
    }
  });
});
