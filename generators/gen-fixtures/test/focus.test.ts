import { expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { focusedMutations, focusOn } from "../src/focus.js";
import { applyMutation, mutationPlaces, type Mutation } from "../src/mutations.js";

const schema: JsonObject = {
  type: "object",
  properties: {
    host: { type: "string" },
    port: { type: "integer" },
    note: { type: "string" },
    ssl: {
      type: "object",
      properties: { mode: { type: "string" }, ca: { type: "string" } },
      required: ["mode"],
    },
    pair: { type: "array", items: { type: "object", properties: { x: { type: "integer" } } } },
  },
  required: ["host", "ssl"],
};
const shared = { x: 1 };
const full = {
  host: "h",
  port: 5432,
  note: "n",
  ssl: { mode: "on", ca: "c" },
  pair: [shared, shared],
};
const minimal = { host: "m", ssl: { mode: "off" } };

it("keeps, along the mutated path, the required properties and the change; the rest from the minimal config", () => {
  const focus = focusOn(schema, full, minimal);
  const at = (pointer: string, value: unknown, remove = false) =>
    focus(applyMutation(full, { name: "", pointer, value, remove, errors: [] }));
  expect(at("/port", "x")).toEqual({ host: "m", port: "x", ssl: { mode: "off" } });
  expect(at("/ssl/ca", 7)).toEqual({ host: "m", ssl: { mode: "off", ca: 7 } });
  expect(at("/ssl/mode", undefined, true)).toEqual({ host: "m", ssl: {} });
  expect(Object.keys(at("/extra", 1) as object)).toEqual(["host", "ssl", "extra"]);
  // Asked again (what every other mutation of the variant does), the same answers.
  expect(at("/port", "y")).toEqual({ host: "m", port: "y", ssl: { mode: "off" } });
  // One object in two places: each place focused on its own.
  expect(at("/pair/1/x", "z")).toEqual({
    host: "m",
    ssl: { mode: "off" },
    pair: [shared, { x: "z" }],
  });
});

it("makes each mutation's focused config without the copy, key for key as focusing the copy", () => {
  const schema: JsonObject = {
    type: "object",
    properties: {
      host: { type: "string" },
      port: { type: "integer", minimum: 1 },
      "10": { type: "string" },
      ssl: {
        type: "object",
        properties: { mode: { enum: ["on", "off"] }, ca: { type: "string", minLength: 2 } },
        required: ["mode"],
        additionalProperties: false,
      },
      auth: {
        oneOf: [
          { type: "object", properties: { user: { type: "string" } }, required: ["user"] },
          { type: "object", properties: { token: { type: "string" } }, required: ["token"] },
        ],
      },
      hosts: { type: "array", items: { type: "object", properties: { h: { type: "string" } } } },
    },
    required: ["host", "ssl", "auth"],
    additionalProperties: false,
  };
  const full = {
    host: "h",
    port: 1,
    "10": "ten",
    ssl: { mode: "on", ca: "abc" },
    auth: { user: "u" },
    hosts: [{ h: "a" }, { h: "b" }],
  };
  const minimal = { ssl: { mode: "off" }, host: "m", auth: { user: "v" }, only: 1 };
  const made = (mutations: Mutation[]) => {
    const focus = focusOn(schema, full, minimal);
    const direct = focusedMutations(schema, full, minimal);
    for (const m of mutations)
      expect(JSON.stringify(direct(m)), m.name).toBe(JSON.stringify(focus(applyMutation(full, m))));
  };
  const listed = mutationPlaces(schema, full, () => 0);
  expect(listed.length).toBeGreaterThan(6);
  made(listed);
  const m = (pointer: string, value?: unknown, remove = false): Mutation => ({
    name: pointer,
    pointer,
    value,
    remove,
    errors: [],
  });
  made([
    m("/ssl/mode", undefined, true),
    m("/port", 1),
    m("/ssl/mode", "on"),
    m("/5", "five"),
    m("/__proto__", { polluted: true }),
    m("/constructor", "x"),
    m("/constructor/deep", "x"),
    m("/auth/user", 3),
    m("/hosts/1/h", 3),
    m("/only", 2),
    m("/new/deep/er", 1),
    m("/host", undefined, true),
  ]);
});
