import { expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { focusOn } from "../src/focus.js";
import { applyMutation } from "../src/mutations.js";

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
