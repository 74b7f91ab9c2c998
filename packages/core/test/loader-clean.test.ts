import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, type SchemaModel } from "../src/index.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

// `LoadOptions.clean`: documents the per-document checks and repairs found nothing in are not
// checked again while their text is the same; the engine keeps the set between runs.
const connection = (properties: object) => ({
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties,
});
const tree = () =>
  testdir({
    "connectors/clean/connection.json": connection({ host: { type: "string" } }),
    // A repair: the duplicate enum value is dropped, with a warning.
    "connectors/repaired/connection.json": connection({
      mode: { type: "string", enum: ["a", "a"] },
    }),
    // A meta-schema problem: minLength must be a number.
    "connectors/invalid/connection.json": connection({ name: { type: "string", minLength: "1" } }),
  });

const codes = (m: SchemaModel) =>
  m.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort();
const schemas = (m: SchemaModel) =>
  Object.fromEntries([...m.docs.values()].map((d) => [d.rel, d.json]));

describe("documents known clean", () => {
  it("only clean documents are remembered, and a second load says and repairs what the first did", async () => {
    const root = await tree();
    const clean = new Set<string>();
    const first = await loadTree({ root, cwd: root, clean });
    expect(clean.size).toBe(1);
    const second = await loadTree({ root, cwd: root, clean });
    expect(clean.size).toBe(1);
    expect(codes(second)).toEqual(codes(first));
    expect(codes(first).some((c) => c.includes("duplicate-enum-value"))).toBe(true);
    expect(schemas(second)).toEqual(schemas(first));
    expect(codes(await loadTree({ root, cwd: root }))).toEqual(codes(first));
  });

  it("an edit that adds a problem to a clean document is reported", async () => {
    const root = await tree();
    const clean = new Set<string>();
    await loadTree({ root, cwd: root, clean });
    await writeFile(
      path.join(root, "connectors/clean/connection.json"),
      JSON.stringify(connection({ host: { type: "string", enum: ["x", "x"] } })),
    );
    const after = await loadTree({ root, cwd: root, clean });
    expect(codes(after).filter((c) => c.startsWith("connectors/clean/connection.json"))).toEqual([
      "connectors/clean/connection.json:1:120 schema/duplicate-enum-value",
    ]);
  });
});
