import { describe, expect, it } from "vitest";
import { defaultsSchema, withEffectiveDefaults, type JsonObject } from "../src/index.js";

const filter: JsonObject = {
  type: "object",
  properties: {
    includes: { type: "array", default: [] },
    excludes: { type: "array", default: [] },
    case_sensitive: { type: "boolean", default: true },
  },
};

/** The default each property ends up with: [name, {given, want}] with want as pointer → default. */
const cases: [string, { given: JsonObject; want: Record<string, unknown> }][] = [
  [
    "an object default beats its properties' own (a $ref's own default over the target's)",
    {
      given: {
        type: "object",
        properties: {
          table_filter: { ...filter, default: { excludes: ["^sqlite_"], case_sensitive: false } },
        },
      },
      want: {
        "/properties/table_filter/properties/includes/default": [],
        "/properties/table_filter/properties/excludes/default": ["^sqlite_"],
        "/properties/table_filter/properties/case_sensitive/default": false,
      },
    },
  ],
  [
    "the outermost default wins over every level under it",
    {
      given: {
        type: "object",
        default: { outer: { inner: { x: 1 } } },
        properties: {
          outer: {
            type: "object",
            default: { inner: { x: 2, y: 2 } },
            properties: {
              inner: {
                type: "object",
                properties: { x: { default: 3 }, y: { default: 3 }, z: { default: 3 } },
              },
            },
          },
        },
      },
      want: {
        "/properties/outer/default": { inner: { x: 1 } },
        "/properties/outer/properties/inner/properties/x/default": 1,
        "/properties/outer/properties/inner/properties/y/default": 3,
        "/properties/outer/properties/inner/properties/z/default": 3,
      },
    },
  ],
  [
    "properties declared in an allOf member get the object's default too",
    {
      given: { default: { a: "own" }, allOf: [{ properties: { a: { default: "target" } } }] },
      want: { "/allOf/0/properties/a/default": "own" },
    },
  ],
  [
    "a oneOf branch and an array item are not the object's value: their defaults stay",
    {
      given: {
        default: { tag: "x", list: [1] },
        properties: { list: { type: "array", items: { default: 5 } } },
        oneOf: [{ properties: { tag: { const: "y" } } }],
      },
      want: {
        "/properties/list/default": [1],
        "/properties/list/items/default": 5,
        "/oneOf/0/properties/tag/default": undefined,
      },
    },
  ],
];

const at = (node: unknown, pointer: string): unknown =>
  pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((n, k) => (n as Record<string, unknown> | undefined)?.[k], node);

describe("withEffectiveDefaults", () => {
  for (const [name, { given, want }] of cases)
    it(name, () => {
      const before = structuredClone(given);
      const out = withEffectiveDefaults(given);
      for (const [pointer, value] of Object.entries(want)) expect(at(out, pointer)).toEqual(value);
      expect(given).toEqual(before); // a copy: the model's schemas are shared
    });
});

describe("defaultsSchema", () => {
  it("keeps the paths to each default and the tags that choose a branch, nothing else", () => {
    expect(
      defaultsSchema({
        type: "object",
        properties: {
          name: { type: "string", title: "Name" },
          port: { type: "integer", default: 5432, minimum: 1 },
          auth: {
            oneOf: [
              { properties: { kind: { const: "none" } } },
              { properties: { kind: { const: "otp" }, digits: { default: 6 } } },
            ],
          },
        },
      }),
    ).toEqual({
      properties: {
        port: { default: 5432 },
        auth: {
          oneOf: [{}, { properties: { kind: { const: "otp" }, digits: { default: 6 } } }],
        },
      },
    });
  });

  it("is undefined for a schema without a default, recursive references included", () => {
    expect(
      defaultsSchema({
        properties: { root: { $ref: "#/definitions/Folder" } },
        definitions: {
          Folder: { properties: { children: { items: { $ref: "#/definitions/Folder" } } } },
        },
      }),
    ).toBeUndefined();
  });
});
