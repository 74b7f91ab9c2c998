import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { runGenerators } from "@onespec/core";
import { connectorFiles as connector, loadFiles as load } from "@onespec/test-fixtures";
import typesGenerator from "../src/index.js";

// The type of a schema must accept every value its validator accepts. Each case is a connection
// schema the JSON-Schema-Test-Suite (or a real spec) holds, and the declarations it must give;
// the ones that crashed the generator or gave an object type to a schema that accepts strings are
// here. Then every case's output, with values the validator accepts, goes through strict tsc.

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Case {
  given: unknown;
  /** The declarations of types.ts, after its header. */
  want: string;
  /** Values the validator accepts: each must type-check as the config type. */
  accepts?: unknown[];
}

const DRAFT_2020 = "https://json-schema.org/draft/2020-12/schema";

const CASES: [title: string, connector: string, c: Case][] = [
  [
    "$ref to a boolean schema true",
    "ref-true",
    {
      given: { allOf: [{ $ref: "#/definitions/always" }], definitions: { always: true } },
      want: "export type RefTrueConfig = Always;\nexport type Always = unknown;",
      accepts: [1, "x", null, {}],
    },
  ],
  [
    "$ref to a boolean schema false",
    "ref-false",
    {
      given: { allOf: [{ $ref: "#/definitions/never" }], definitions: { never: false } },
      want: "export type RefFalseConfig = Never;\nexport type Never = never;",
    },
  ],
  [
    "$ref-shaped data in enum is data, not a reference",
    "enum-ref",
    {
      given: {
        definitions: { a_string: { type: "string" } },
        enum: [{ $ref: "#/definitions/a_string" }],
      },
      want: 'export type EnumRefConfig = {"$ref":"#/definitions/a_string"};',
      accepts: [{ $ref: "#/definitions/a_string" }],
    },
  ],
  [
    "$ref-shaped data in const and in an unknown keyword",
    "const-ref",
    {
      given: {
        type: "object",
        properties: { a: { const: { $ref: "#/nowhere" } } },
        "x-example": { $ref: "elsewhere.json" },
      },
      want: 'export interface ConstRefConfig {\n  a?: {"$ref":"#/nowhere"};\n  [k: string]: unknown;\n}',
      accepts: [{}, { a: { $ref: "#/nowhere" } }],
    },
  ],
  [
    "a schema with no type keyword accepts every type",
    "format-only",
    {
      given: { format: "email", maxLength: 40 },
      want: "export type FormatOnlyConfig = unknown;",
      accepts: ["a@b.c", 12, null],
    },
  ],
  [
    "if/then without type",
    "if-only",
    {
      given: { if: { type: "string" }, then: { minLength: 2 } },
      want: "export type IfOnlyConfig = unknown;",
      accepts: ["ab", 3],
    },
  ],
  [
    "allOf of untyped schemas",
    "all-of-numbers",
    {
      given: { allOf: [{ maximum: 30 }, { minimum: 20 }] },
      want: "export type AllOfNumbersConfig = unknown;",
      accepts: [25, "x"],
    },
  ],
  [
    "allOf of boolean schemas",
    "all-of-true",
    {
      given: { allOf: [true, true] },
      want: "export type AllOfTrueConfig = unknown;",
      accepts: ["x", 1],
    },
  ],
  [
    "additionalProperties holding a map of patterns (meant as patternProperties) accepts anything",
    "pattern-map",
    {
      given: {
        type: "object",
        additionalProperties: { "^S_": { type: "string" }, "^I_": { type: "integer" } },
      },
      want: "export interface PatternMapConfig {\n  [k: string]: unknown;\n}",
      accepts: [{ S_1: "x", other: 3, nested: { a: 1 } }],
    },
  ],
  [
    "boolean subschemas of properties",
    "props-bool",
    {
      given: {
        type: "object",
        properties: { yes: true, no: false, anything: { description: "Any value." } },
        required: ["yes"],
      },
      want: "export interface PropsBoolConfig {\n  yes: unknown;\n  no?: never;\n  /**\n   * Any value.\n   */\n  anything?: unknown;\n  [k: string]: unknown;\n}",
      accepts: [{ yes: 1 }, { yes: "a", anything: [1] }],
    },
  ],
  [
    "allOf of untyped object schemas: each accepts every other type too",
    "all-of-props",
    {
      given: {
        allOf: [
          { properties: { bar: { type: "integer" } }, required: ["bar"] },
          { properties: { foo: { type: "string" } }, required: ["foo"] },
        ],
      },
      want: [
        "export type AllOfPropsConfig = (({",
        "  bar: number;",
        "  [k: string]: unknown;",
        "} | unknown[] | string | number | boolean | null) & ({",
        "  foo: string;",
        "  [k: string]: unknown;",
        "} | unknown[] | string | number | boolean | null))",
      ].join("\n"),
      accepts: [{ bar: 1, foo: "x" }, "text", 3, null, [1]],
    },
  ],
  [
    "an untyped property with properties",
    "untyped-nested",
    {
      given: {
        type: "object",
        properties: { opts: { description: "Options.", properties: { a: { type: "string" } } } },
      },
      want: [
        "export interface UntypedNestedConfig {",
        "  /**",
        "   * Options.",
        "   */",
        "  opts?: ({",
        "    a?: string;",
        "    [k: string]: unknown;",
        "  } | unknown[] | string | number | boolean | null);",
        "  [k: string]: unknown;",
        "}",
      ].join("\n"),
      accepts: [{ opts: { a: "x" } }, { opts: "x" }, { opts: [] }],
    },
  ],
  [
    "untyped branches of a typed oneOf stay objects",
    "typed-one-of",
    {
      given: {
        type: "object",
        oneOf: [
          {
            title: "Basic",
            properties: { kind: { const: "basic" }, user: { type: "string" } },
            required: ["kind"],
          },
          { title: "Token", properties: { kind: { const: "token" } }, required: ["kind"] },
        ],
      },
      want: [
        "export type TypedOneOfConfig = TypedOneOfConfigBasic | TypedOneOfConfigToken;",
        "",
        "/**",
        " * Basic",
        " */",
        "export interface TypedOneOfConfigBasic {",
        '  kind: "basic";',
        "  user?: string;",
        "  [k: string]: unknown;",
        "}",
        "/**",
        " * Token",
        " */",
        "export interface TypedOneOfConfigToken {",
        '  kind: "token";',
        "  [k: string]: unknown;",
        "}",
      ].join("\n"),
      accepts: [{ kind: "basic", user: "u" }, { kind: "token" }],
    },
  ],
  [
    "an untyped tuple",
    "untyped-tuple",
    {
      given: { items: [{ type: "string" }], additionalItems: false },
      want: "export type UntypedTupleConfig = { [k: string]: unknown } | ([] | [string]) | string | number | boolean | null;",
      accepts: [[], ["a"], { a: 1 }, 2],
    },
  ],
  [
    "a tuple without minItems accepts shorter arrays",
    "tuple-closed",
    {
      given: {
        $schema: DRAFT_2020,
        type: "array",
        prefixItems: [{ type: "string" }, true],
        items: false,
      },
      want: "export type TupleClosedConfig = [] | [string] | [string, unknown];",
      accepts: [[], ["a"], ["a", 2]],
    },
  ],
  [
    "a tuple with minItems 1 and more items allowed",
    "tuple-min",
    {
      given: { type: "array", items: [{ type: "string" }, { type: "integer" }], minItems: 1 },
      want: "export type TupleMinConfig = [string] | [string, number, ...(unknown)[]];",
      accepts: [["a"], ["a", 1], ["a", 1, true]],
    },
  ],
  [
    "a full tuple stays one tuple",
    "tuple-full",
    {
      given: {
        $schema: DRAFT_2020,
        type: "array",
        prefixItems: [{ type: "string" }, { type: "integer" }],
        items: false,
        minItems: 2,
      },
      want: "/**\n * @minItems 2\n */\nexport type TupleFullConfig = [string, number];",
      accepts: [["a", 1]],
    },
  ],
];

/** The declarations of a types module, without its header and blank lines around them. */
const declarations = (contents: string) => contents.split("\n").slice(1).join("\n").trim();

const pascal = (name: string) =>
  name.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

describe("types of schemas that accept more than objects", () => {
  let files: Map<string, string>;
  it("generates every case in one tree", async () => {
    const all: Record<string, unknown> = {};
    for (const [, name, c] of CASES) Object.assign(all, connector(name, c.given));
    const r = await runGenerators(await load(all), [typesGenerator]);
    expect(r.diagnostics).toEqual([]);
    files = new Map(r.files.map((f) => [f.path, f.contents]));
  });

  it.each(CASES)("%s", (_title, name, c) => {
    expect(declarations(files.get(`connectors/${name}/types.ts`)!)).toBe(c.want);
  });

  it("compile under strict tsc, and every value the validator accepts type-checks", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onespec-shapes-tsc-"));
    dirs.push(dir);
    for (const [p, contents] of files) {
      mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      writeFileSync(path.join(dir, p), contents);
    }
    const checks = CASES.flatMap(([, name, c]) => {
      const id = name.replace(/-/g, "_");
      return [
        `import type { ${pascal(name)}Config as ${id} } from "./connectors/${name}/types.js";`,
        ...(c.accepts ?? []).map(
          (v, i) => `export const ${id}_${i}: ${id} = ${JSON.stringify(v)};`,
        ),
      ];
    });
    writeFileSync(path.join(dir, "accepts.ts"), checks.join("\n") + "\n");
    writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ["**/*.ts"],
      }),
    );
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", dir],
      { encoding: "utf8" },
    );
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("a boolean document is a type: a shared definition that is `true` or `false`", async () => {
    const model = await load({
      ...connector("shared-bools", {
        type: "object",
        properties: {
          any: { $ref: "../../definitions/anything.json" },
          none: { $ref: "../../definitions/nothing.json" },
        },
      }),
      "definitions/anything.json": "true",
      "definitions/nothing.json": "false",
    });
    const r = await runGenerators(model, [typesGenerator]);
    expect(r.diagnostics).toEqual([]);
    const out = new Map(r.files.map((f) => [f.path, f.contents]));
    expect(declarations(out.get("definitions/anything.ts")!)).toBe(
      "export type Anything = unknown;",
    );
    expect(declarations(out.get("definitions/nothing.ts")!)).toBe("export type Nothing = never;");
  });

  it("a boolean connector root is a type too (the loader refuses one today: schema/not-an-object)", async () => {
    const model = await load(connector("bool-root", { type: "object" }));
    const doc = [...model.docs.values()].find(
      (d) => d.rel === "connectors/bool-root/connection.json",
    )!;
    for (const [json, want] of [
      [true, "export type BoolRootConfig = unknown;"],
      [false, "export type BoolRootConfig = never;"],
    ] as const) {
      (doc as { json: unknown }).json = json;
      const r = await runGenerators(model, [typesGenerator]);
      expect(r.diagnostics).toEqual([]);
      expect(
        declarations(r.files.find((f) => f.path === "connectors/bool-root/types.ts")!.contents),
      ).toBe(want);
    }
  });
});
