import { expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { matches, type Verdicts } from "../src/matches.js";

// The sampler shares verdicts between candidates that share parts: a shared verdict must be the
// one matches() gives afresh, whichever candidate asked first.

const root: JsonObject = {
  definitions: { port: { type: "integer", minimum: 1 } },
  type: "object",
  properties: {
    port: { $ref: "#/definitions/port" },
    auth: {
      oneOf: [
        { type: "object", properties: { user: { type: "string" } }, required: ["user"] },
        { type: "object", properties: { token: { type: "string" } }, required: ["token"] },
      ],
    },
    tags: { type: "array", items: { type: "string" }, uniqueItems: true },
  },
  required: ["auth"],
};

it("gives, with shared verdicts, what it gives without", () => {
  const basic = { user: "u" };
  const both = { user: "u", token: "t" };
  const tags = ["a", "b"];
  const values = [
    { auth: basic, tags },
    { auth: both, tags },
    { auth: basic, tags: ["a", "a"] },
    { auth: basic, port: 0 },
    { auth: {}, tags },
    { port: 3 },
    basic,
    tags,
  ];
  const verdicts: Verdicts = new WeakMap();
  const schemas = [root, root.properties as JsonObject, (root.properties as JsonObject).auth];
  for (const schema of schemas)
    for (const v of [...values, ...values])
      expect(matches(root, schema, v, 0, verdicts)).toBe(matches(root, schema, v));
  expect(matches(root, root, values[0], 0, verdicts)).toBe(true);
  expect(matches(root, root, values[1], 0, verdicts)).toBe(false);
});
