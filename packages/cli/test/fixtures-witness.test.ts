import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { onespec, roundTrip, SCRATCH, typecheck, type RunResult } from "./helpers.js";

// Fixtures are a witness or nothing (issue 20), through the built CLI: specs nobody here wrote
// use untagged oneOfs whose branches overlap, untyped fields and keywords the fixture sampler did
// not know. `generate` must write every connector, every valid fixture must pass the generated
// validator and form, every invalid one must fail with exactly its errors, and the docs example
// must be a config the validator accepts.

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

const SPECS: Record<string, object> = {
  // An untagged oneOf: a config of "Host and port" also matches "Host", so only "Host" without a
  // port is valid, and a full "Host" config (with its optional port) is not.
  "overlapping-oneof": {
    type: "object",
    required: ["server"],
    properties: {
      server: {
        oneOf: [
          {
            title: "Host",
            type: "object",
            required: ["host"],
            properties: {
              host: { type: "string", format: "hostname" },
              port: { type: "integer", minimum: 1, maximum: 65535 },
            },
          },
          {
            title: "Host and port",
            type: "object",
            required: ["host", "port"],
            properties: { host: { type: "string" }, port: { type: "integer" } },
          },
        ],
      },
      timeout: { type: "integer", exclusiveMinimum: 0, exclusiveMaximum: 600 },
    },
  },
  // Fields without a type (they were schema/unsatisfiable), and a string that carries
  // additionalProperties: false (it crashed the fixtures and docs generators).
  untyped: {
    type: "object",
    required: ["anything", "name"],
    properties: {
      anything: {},
      name: { type: "string", additionalProperties: false, minLength: 3, maxLength: 5 },
      level: { minimum: 1, maximum: 3 },
      not_a_string: { not: { type: "string" } },
    },
  },
  // Keywords the sampler never met: if/then/else, uniqueItems, propertyNames, patternProperties,
  // min/maxProperties, a boolean schema, a lookbehind pattern without examples.
  keywords: {
    type: "object",
    required: ["mode", "tags", "headers", "labels", "code"],
    properties: {
      mode: { enum: ["file", "url"] },
      path: { type: "string" },
      url: { type: "string", format: "uri" },
      tags: {
        type: "array",
        items: { type: "string", maxLength: 4 },
        minItems: 3,
        maxItems: 5,
        uniqueItems: true,
      },
      headers: {
        type: "object",
        propertyNames: { pattern: "^[A-Z][a-z]+$" },
        additionalProperties: { type: "string" },
        minProperties: 2,
        maxProperties: 3,
      },
      labels: {
        type: "object",
        patternProperties: { "^x-[a-z]+$": { type: "integer" } },
        additionalProperties: false,
        minProperties: 1,
      },
      code: { type: "string", pattern: "(?<=ref-)[0-9]{4}$" },
      anything_goes: true,
    },
    if: { properties: { mode: { const: "file" } } },
    then: { required: ["path"] },
    else: { required: ["url"] },
  },
};

const dir = mkdtempSync(path.join((mkdirSync(SCRATCH, { recursive: true }), SCRATCH), "witness-"));
const schemas = path.join(dir, "schemas");
const out = path.join(dir, "generated");
let run: RunResult;

beforeAll(() => {
  mkdirSync(schemas, { recursive: true });
  for (const [name, schema] of Object.entries(SPECS))
    writeFileSync(
      path.join(schemas, `${name}.json`),
      JSON.stringify({ $schema: DRAFT_07, title: name, ...schema }, null, 2),
    );
  run = onespec([
    "generate",
    "--schemas",
    schemas,
    "--entry",
    "*.json",
    "--out",
    out,
    "--format",
    "json",
  ]);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("fixtures through generate", () => {
  it("generates every connector, none of them refused", () => {
    expect(run.stderr).not.toMatch(/"severity":\s*"error"/);
    expect(run.code, run.stderr).toBe(0);
  });

  it("writes fixtures the generated validator and form agree with", async () => {
    const r = await roundTrip(out);
    expect(r.failures).toEqual([]);
    expect(r.connectors).toBe(Object.keys(SPECS).length);
    expect(r.valid).toBeGreaterThanOrEqual(2 * Object.keys(SPECS).length);
    expect(r.invalid).toBeGreaterThan(20);
  });

  it("leaves out the branch that has no witness and says so in fixtures.json", () => {
    const fixtures = JSON.parse(
      readFileSync(path.join(out, "connectors/overlapping-oneof/fixtures.json"), "utf8"),
    );
    expect(fixtures.valid.map((f: { name: string }) => f.name)).toContain("branch /server Host");
    expect(fixtures.valid.map((f: { name: string }) => f.name)).not.toContain(
      "branch /server Host and port",
    );
    expect(fixtures.notes).toEqual([
      expect.objectContaining({
        code: "fixtures/no-witness",
        message: expect.stringMatching(/Host and port/),
      }),
    ]);
  });

  it("writes a docs example the generated validator accepts", async () => {
    for (const name of Object.keys(SPECS)) {
      const readme = readFileSync(path.join(out, "connectors", name, "README.md"), "utf8");
      const yaml = /```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
      expect(yaml, name).toBeDefined();
      const v = (await import(
        pathToFileURL(path.join(out, "connectors", name, "validator.ts")).href
      )) as { problems(x: unknown): unknown[] };
      expect(v.problems(parseYaml(yaml!)), name).toEqual([]);
    }
  });

  it("yields fixtures.ts that type-check against the generated config types", () => {
    expect(typecheck(out)).toEqual({ code: 0, output: "" });
  }, 300_000);
});
