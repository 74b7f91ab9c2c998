import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, type DocChecks, type SchemaModel } from "../src/index.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

// `LoadOptions.checked`: a document the per-document checks and repairs have seen is not checked
// again while its text is the same; what they said and repaired is taken from the map, which
// the engine keeps between runs.
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

describe("documents already checked", () => {
  it("a second load takes every document's checks from the map and says and repairs what the first did", async () => {
    const root = await tree();
    const checked = new Map<string, DocChecks>();
    const first = await loadTree({ root, cwd: root, checked });
    expect(checked.size).toBe(3);
    // The clean one has nothing; the repaired one its warning and schema; the invalid one its error.
    const entries = [...checked.values()];
    expect(entries.filter((e) => Object.keys(e).length === 0)).toHaveLength(1);
    expect(entries.filter((e) => e.json !== undefined && e.repairs?.length === 1)).toHaveLength(1);
    expect(entries.filter((e) => e.found?.some((d) => d.code === "schema/meta"))).toHaveLength(1);
    const second = await loadTree({ root, cwd: root, checked });
    expect(checked.size).toBe(3);
    expect(codes(second)).toEqual(codes(first));
    expect(codes(first).some((c) => c.includes("duplicate-enum-value"))).toBe(true);
    expect(schemas(second)).toEqual(schemas(first));
    expect(second.fixes).toEqual(first.fixes);
    expect(codes(await loadTree({ root, cwd: root }))).toEqual(codes(first));
  });

  it("what the map holds is what is reported: the checks are not run again", async () => {
    const root = await tree();
    const checked = new Map<string, DocChecks>();
    await loadTree({ root, cwd: root, checked });
    // Tamper with the remembered result of the invalid document: the next load reports it.
    const invalid = [...checked.values()].find((e) => e.found?.length)!;
    invalid.found = invalid.found!.map((d) => ({ ...d, message: "remembered" }));
    const again = await loadTree({ root, cwd: root, checked });
    expect(again.diagnostics.filter((d) => d.code === "schema/meta").map((d) => d.message)).toEqual(
      ["remembered"],
    );
  });

  it("an edit that adds a problem to a clean document is reported", async () => {
    const root = await tree();
    const checked = new Map<string, DocChecks>();
    await loadTree({ root, cwd: root, checked });
    await writeFile(
      path.join(root, "connectors/clean/connection.json"),
      JSON.stringify(connection({ host: { type: "string", enum: ["x", "x"] } })),
    );
    const after = await loadTree({ root, cwd: root, checked });
    expect(codes(after).filter((c) => c.startsWith("connectors/clean/connection.json"))).toEqual([
      "connectors/clean/connection.json:1:120 schema/duplicate-enum-value",
    ]);
  });
});
