/**
 * The loader's two ways in besides onespec's layout and entry globs: explicit entry files (one
 * spec, nothing else under the root listed) and a tree held in memory (nothing on disk read).
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../src/index.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const schema = {
  type: "object",
  properties: {
    mode: { type: "string", enum: ["a", "b", "a"] },
    shared: { $ref: "../defs/shared.json" },
  },
};

describe("loadTree({ files })", () => {
  it("loads the entry and what it references, and lists nothing else under the root", async () => {
    const root = await testdir({
      "specs/source-acme.json": schema,
      "defs/shared.json": { type: "string" },
      // Not referenced, and not a schema: a walk of the root would trip over it.
      "other/broken.json": "{ not json",
    });
    // A FIFO under the root: listing the tree would not hang, reading it would.
    execFileSync("mkfifo", [path.join(root, "other/pipe.json")]);
    const model = await loadTree({ root, files: ["specs/source-acme.json"], cwd: root });
    expect([...model.docs.values()].map((d) => d.rel).sort()).toEqual([
      "defs/shared.json",
      "specs/source-acme.json",
    ]);
    expect(model.connectors.map((c) => c.name)).toEqual(["source-acme"]);
    expect(model.diagnostics.map((d) => d.code)).toEqual(["schema/duplicate-enum-value"]);
  });

  it("refuses an entry file outside the root, unread", async () => {
    const root = await testdir({ "a/spec.json": schema });
    const model = await loadTree({ root: path.join(root, "a"), files: ["../b.json"], cwd: root });
    expect(model.diagnostics.map((d) => d.code)).toEqual(["load/outside-root"]);
    expect(model.docs.size).toBe(0);
  });

  it("keeps the hostile-file checks: a referenced FIFO is refused at the $ref, never opened", async () => {
    const root = await testdir({
      "spec.json": { type: "object", properties: { x: { $ref: "pipe.json" } } },
    });
    execFileSync("mkfifo", [path.join(root, "pipe.json")]);
    const model = await loadTree({ root, files: ["spec.json"], cwd: root });
    expect(model.diagnostics.map((d) => `${d.code} ${d.pointer}`)).toEqual([
      "load/not-a-file /properties/x/$ref",
    ]);
  });

  it("with repair: false, the schema is kept as written and no repair is said", async () => {
    const root = await testdir({ "specs/source-acme.json": schema, "defs/shared.json": {} });
    const model = await loadTree({ root, files: ["specs/source-acme.json"], repair: false });
    const doc = model.docs.get(path.join(root, "specs/source-acme.json"))!;
    expect((doc.json as typeof schema).properties.mode.enum).toEqual(["a", "b", "a"]);
    expect(model.diagnostics).toEqual([]);
    expect(model.fixes).toBeUndefined();
  });
});

describe("loadTree({ memory })", () => {
  it("reads the files given as text and nothing on disk", async () => {
    // A root that does not exist: every byte comes from memory.
    const root = path.join(path.sep, "onespec-memory-test-nowhere");
    const model = await loadTree({
      root,
      cwd: root,
      files: ["connectors/acme/connection.json"],
      memory: {
        "connectors/acme/connection.json": JSON.stringify(schema).replace("../defs", "../../defs"),
        "defs/shared.json": '{ "type": "string" }',
      },
    });
    expect(model.connectors.map((c) => [c.name, c.metadata.serviceType])).toEqual([
      ["acme", "Other"],
    ]);
    expect(model.docs.size).toBe(2);
    expect(model.diagnostics.map((d) => `${d.code} ${d.file}:${d.line}`)).toEqual([
      "schema/duplicate-enum-value connectors/acme/connection.json:1",
    ]);
  });

  it("says a file it does not hold is missing, at the $ref", async () => {
    const root = path.join(path.sep, "onespec-memory-test-nowhere");
    const model = await loadTree({
      root,
      cwd: root,
      files: ["spec.json"],
      memory: { "spec.json": JSON.stringify(schema).replace("../defs", "./defs") },
    });
    expect(model.diagnostics.map((d) => `${d.code} ${d.pointer}`)).toContain(
      "ref/missing-file /properties/shared/$ref",
    );
  });
});
