import { describe, expect, it } from "vitest";
import { defaulted } from "../src/index.js";
import { fillDefaults } from "../src/defaults.js";

const schema = {
  properties: {
    mode: { default: "ro" },
    table_filter: {
      default: { excludes: ["^sqlite_"], case_sensitive: false },
      properties: {
        includes: { default: [] },
        excludes: { default: ["^sqlite_"] },
        case_sensitive: { default: false },
      },
    },
    ssl: { properties: { mode: { default: "prefer" } } },
    auth: {
      oneOf: [
        { properties: { kind: { const: "none" } } },
        { properties: { kind: { const: "otp" }, digits: { default: 6 } } },
      ],
    },
    hosts: { items: { properties: { port: { default: 22 } } } },
    node: { $ref: "#/definitions/Node" },
  },
  definitions: {
    Node: { properties: { weight: { default: 1 }, next: { $ref: "#/definitions/Node" } } },
  },
};

const cases: [string, { given: unknown; want: unknown }][] = [
  [
    "an absent property gets its default, and an object default its properties' defaults",
    {
      given: {},
      want: {
        mode: "ro",
        table_filter: { excludes: ["^sqlite_"], case_sensitive: false, includes: [] },
      },
    },
  ],
  [
    "a present object keeps its values and gets the missing ones",
    {
      given: { mode: "rw", table_filter: { includes: ["^a"] } },
      want: {
        mode: "rw",
        table_filter: { includes: ["^a"], excludes: ["^sqlite_"], case_sensitive: false },
      },
    },
  ],
  [
    "an absent object without a default is not invented; a present one is filled",
    {
      given: { ssl: {} },
      want: { ssl: { mode: "prefer" } },
    },
  ],
  [
    "the oneOf branch the tag chooses is filled, no other",
    {
      given: { auth: { kind: "otp" } },
      want: { auth: { kind: "otp", digits: 6 } },
    },
  ],
  [
    "array items and references are filled",
    {
      given: { hosts: [{}, { port: 2222 }], node: { next: {} } },
      want: { hosts: [{ port: 22 }, { port: 2222 }], node: { weight: 1, next: { weight: 1 } } },
    },
  ],
];

describe("fillDefaults", () => {
  for (const [name, { given, want }] of cases)
    it(name, () => {
      const before = structuredClone(given);
      // mode and table_filter have defaults, so every filled config carries them.
      expect(fillDefaults(schema, given)).toEqual({
        mode: "ro",
        table_filter: { includes: [], excludes: ["^sqlite_"], case_sensitive: false },
        ...(want as object),
      });
      expect(given).toEqual(before); // the caller's config is left alone
    });
});

describe("defaulted", () => {
  it("reads a value parse filled in, falsy ones included", () => {
    const config = fillDefaults(schema, { immutable: false }) as {
      mode?: string;
      immutable?: boolean;
    };
    expect(defaulted(config, "mode")).toBe("ro");
    expect(defaulted(config, "immutable")).toBe(false);
  });

  it("says so when the config was not parsed, instead of inventing a default", () => {
    const unparsed: { mode?: string } = {};
    expect(() => defaulted(unparsed, "mode")).toThrow(
      "the config has no mode: it was not parsed (the connector's parse fills in the schema's default)",
    );
  });
});
