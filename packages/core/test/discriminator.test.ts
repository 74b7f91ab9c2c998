import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  constOf,
  derefBundled,
  findDiscriminator,
  walkSchema,
  type JsonObject,
} from "../src/index.js";
import type { Discriminator } from "../src/discriminator.js";

const branch = (tag: unknown, extra: JsonObject = {}, required = ["auth_type"]): JsonObject => ({
  type: "object",
  required,
  properties: { auth_type: tag, ...extra },
});

describe("findDiscriminator", () => {
  const found: [name: string, branches: unknown[], want: Discriminator][] = [
    [
      "const in every branch",
      [
        branch({ const: "basic" }, { username: { type: "string" } }),
        branch({ const: "token" }, { token: { type: "string" } }),
      ],
      { propertyName: "auth_type", values: ["basic", "token"], required: [true, true] },
    ],
    [
      "one-value enum counts as a const",
      [branch({ type: "string", enum: ["basic"] }), branch({ const: "token" }, {}, [])],
      { propertyName: "auth_type", values: ["basic", "token"], required: [true, false] },
    ],
    [
      "number and boolean tags",
      [branch({ const: 1 }), branch({ const: 2 }), branch({ const: true })],
      { propertyName: "auth_type", values: [1, 2, true], required: [true, true, true] },
    ],
    [
      "the tag declared through allOf",
      [
        {
          allOf: [{ properties: { kind: { const: "a" } }, required: ["kind"] }],
          properties: { x: { type: "string" } },
        },
        { properties: { kind: { const: "b" } } },
      ],
      { propertyName: "kind", values: ["a", "b"], required: [true, false] },
    ],
    [
      "the first property that tells branches apart wins",
      [
        { properties: { type: { const: "same" }, mode: { const: "x" }, other: { const: "p" } } },
        { properties: { type: { const: "same" }, mode: { const: "y" }, other: { const: "q" } } },
      ],
      { propertyName: "mode", values: ["x", "y"], required: [false, false] },
    ],
    [
      // 10 of the 107 oneOfs in the Airbyte corpus have a single, tagged branch
      "a single tagged branch (its tag still has to be sent)",
      [branch({ const: "oauth2.0" }, { client_id: { type: "string" } })],
      { propertyName: "auth_type", values: ["oauth2.0"], required: [true] },
    ],
  ];
  it.each(found)("found: %s", (_name, branches, want) => {
    expect(findDiscriminator(branches)).toEqual(want);
  });

  const notFound: [name: string, branches: unknown[]][] = [
    [
      "a duplicated value",
      [branch({ const: "basic" }), branch({ const: "token" }), branch({ const: "basic" })],
    ],
    [
      "a branch without the property",
      [branch({ const: "basic" }), { type: "object", properties: { token: { type: "string" } } }],
    ],
    ["a branch where it is not constant", [branch({ const: "basic" }), branch({ type: "string" })]],
    ["a multi-value enum", [branch({ enum: ["basic", "token"] }), branch({ const: "oauth" })]],
    ["no branches", []],
    ["branches that are not objects", [true, false]],
    [
      "equal values of different JSON shape are still duplicates",
      [branch({ const: { a: 1 } }), branch({ enum: [{ a: 1 }] })],
    ],
  ];
  it.each(notFound)("not found: %s", (_name, branches) => {
    expect(findDiscriminator(branches)).toBeUndefined();
  });

  it("follows local references of a bundled schema through resolve", () => {
    const root: JsonObject = {
      definitions: {
        Basic: { type: "object", properties: { auth_type: { $ref: "#/definitions/BasicTag" } } },
        BasicTag: { const: "basic" },
        Token: {
          type: "object",
          properties: { auth_type: { const: "token" } },
          required: ["auth_type"],
        },
      },
    };
    const branches = [{ $ref: "#/definitions/Basic" }, { $ref: "#/definitions/Token" }];
    expect(findDiscriminator(branches, (n) => derefBundled(root, n))).toEqual({
      propertyName: "auth_type",
      values: ["basic", "token"],
      required: [false, true],
    });
    // without resolve, references are opaque
    expect(findDiscriminator(branches)).toBeUndefined();
  });

  it("constOf distinguishes a const of null from no const", () => {
    expect(constOf({ const: null })).toEqual({ value: null });
    expect(constOf({ enum: [null] })).toEqual({ value: null });
    expect(constOf({ type: "null" })).toBeUndefined();
  });
});

describe("findDiscriminator on the Airbyte corpus (every oneOf there has a discriminator)", () => {
  const dir = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures/corpus/airbyte");
  const specs = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), "utf8")) as unknown] as const);

  it("reads the corpus", () => {
    expect(specs.length).toBe(346);
  });

  it("finds a discriminator for each of the 107 oneOfs in 79 specs", () => {
    const missing: string[] = [];
    let places = 0;
    const withOneOf = new Set<string>();
    for (const [file, spec] of specs)
      walkSchema(spec, ({ node, pointer }) => {
        if (!Array.isArray(node.oneOf)) return;
        places++;
        withOneOf.add(file);
        const d = findDiscriminator(node.oneOf);
        if (!d) missing.push(`${file}#${pointer}`);
      });
    expect(missing).toEqual([]);
    expect(places).toBe(107);
    expect(withOneOf.size).toBe(79);
  });
});
