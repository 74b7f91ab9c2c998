import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, SCRATCH } from "./helpers.js";

// Bounded cost on large schemas (issue 15 item 7): `generate` on a 5,000-property schema and on a
// 100k-value enum, through the built CLI in a node whose heap is capped at 512 MB, must finish
// well within the time limit. A 2,000-property schema used to run out of memory (the fixtures:
// a mutation per field, each a copy of the config), 1,000 took 29 s and 2.5 GB.

const HEAP_MB = 512;
/** A hang guard, not a speed goal (those live in `npm run bench`): a run takes seconds. */
const TIME_LIMIT_MS = 120_000;

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "schema-size-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function generateIn(
  name: string,
  schema: object,
): { code: number | null; signal: string | null; stderr: string; out: string; ms: number } {
  const schemas = path.join(dir, name, "schemas");
  const out = path.join(dir, name, "generated");
  mkdirSync(schemas, { recursive: true });
  writeFileSync(
    path.join(schemas, `${name}.json`),
    JSON.stringify({ $schema: "http://json-schema.org/draft-07/schema#", title: name, ...schema }),
  );
  const started = Date.now();
  const r = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      BIN,
      "generate",
      "--schemas",
      schemas,
      "--entry",
      "*.json",
      "--out",
      out,
    ],
    {
      encoding: "utf8",
      timeout: TIME_LIMIT_MS,
      env: { ...process.env, NO_COLOR: "1", ONESPEC_CACHE_DIR: path.join(dir, name, "cache") },
    },
  );
  return {
    code: r.status,
    signal: r.signal,
    stderr: r.stderr,
    out: path.join(out, "connectors", name),
    ms: Date.now() - started,
  };
}

describe("generate on large schemas, with a 512 MB heap", () => {
  it("a 5,000-property schema", () => {
    const properties: Record<string, object> = {};
    for (let i = 0; i < 5000; i++)
      properties[`field_${i}`] =
        i % 3 === 0
          ? { type: "string", description: `Field ${i}` }
          : i % 3 === 1
            ? { type: "integer", minimum: 0, maximum: 100 }
            : { type: "string", pattern: "^[a-z]+$", maxLength: 20 };
    const required = Object.keys(properties).filter((_, i) => i % 2 === 0);
    const r = generateIn("wide", {
      type: "object",
      additionalProperties: false,
      required,
      properties,
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    console.log(`5,000 properties: ${(r.ms / 1000).toFixed(1)} s`);
    // Invalid fixtures are capped (each keeps the 2,500 required fields), and the cap is said.
    const fixtures = JSON.parse(readFileSync(path.join(r.out, "fixtures.json"), "utf8"));
    expect(fixtures.valid.map((f: { name: string }) => f.name)).toEqual(["minimal", "full"]);
    expect(fixtures.invalid.length).toBeGreaterThan(5);
    expect(fixtures.notes).toEqual([expect.objectContaining({ code: "fixtures/invalid-capped" })]);
    expect(statSync(path.join(r.out, "fixtures.json")).size).toBeLessThan(8_000_000);
  });

  // The meta-schema check sees a long enum as its first value (ajv's uniqueItems compared every
  // pair: 5e9 deep-equals, > 60 s); duplicates are found by repairs.ts, in linear time.
  it("a 100k-value enum", () => {
    const values = Array.from({ length: 100_000 }, (_, i) => `value-${i}`);
    const r = generateIn("wide-enum", {
      type: "object",
      required: ["region"],
      properties: { region: { type: "string", enum: values }, other: { type: "string" } },
    });
    expect(r.signal, r.stderr).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    console.log(`100k-value enum: ${(r.ms / 1000).toFixed(1)} s`);
    const fixtures = JSON.parse(readFileSync(path.join(r.out, "fixtures.json"), "utf8"));
    expect(fixtures.valid[0].config).toEqual({ region: "value-0" });
  });
});
