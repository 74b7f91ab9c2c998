import { expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { sample } from "../src/sample.js";
import { mutationPlaces, walkConfig, type FieldVisit } from "../src/mutations.js";

// fixturesFor walks each variant's full config once to find its branches and hands the visits
// to mutationPlaces: they must give the same mutations as mutationPlaces walking by itself.

const schema: JsonObject = {
  type: "object",
  additionalProperties: false,
  properties: {
    host: { type: "string", format: "hostname" },
    port: { type: "integer", minimum: 1, maximum: 65535 },
    mode: { enum: ["a", "b"] },
    tags: { type: "array", items: { type: "string", minLength: 2 }, maxItems: 3 },
    auth: {
      oneOf: [
        {
          type: "object",
          properties: { kind: { const: "basic" }, user: { type: "string", maxLength: 20 } },
          required: ["kind", "user"],
          additionalProperties: false,
        },
        {
          type: "object",
          properties: { kind: { const: "token" }, token: { type: "string", pattern: "^t" } },
          required: ["kind", "token"],
        },
      ],
    },
  },
  required: ["host", "auth"],
};

it.each([0, 1])("lists the same mutations from recorded visits (branch %i)", (branch) => {
  const taken = new Map<string, number>();
  const choices = new Map([["/auth", branch]]);
  const config = sample(schema, schema, "", { full: true, choices, force: new Set(), taken });
  const choose = (p: string) => taken.get(p) ?? choices.get(p) ?? 0;
  const visits: FieldVisit[] = [];
  walkConfig(schema, config, choose, (v) => visits.push(v));
  const walked = mutationPlaces(schema, config, choose);
  expect(walked.length).toBeGreaterThan(8);
  expect(mutationPlaces(schema, config, choose, undefined, visits)).toEqual(walked);
  // A branch variant's walk skips what is neither inside the branch nor above it.
  const inside = (p: string) => p === "/auth" || p.startsWith("/auth/");
  const within = (p: string) => inside(p) || p === "";
  const near: FieldVisit[] = [];
  walkConfig(schema, config, choose, (v) => near.push(v), within);
  expect(near.length).toBeLessThan(visits.length);
  expect(mutationPlaces(schema, config, choose, within, near)).toEqual(
    mutationPlaces(schema, config, choose, within),
  );
  const inAuth = (p: string) => p.startsWith("/auth");
  expect(mutationPlaces(schema, config, choose, inAuth, visits)).toEqual(
    mutationPlaces(schema, config, choose, inAuth),
  );
});
