import { describe, expect, it } from "vitest";
import { caseNames, generateFiles, loadCase } from "@onespec/test-fixtures";

const CASES = caseNames();
import type { OutputFile } from "@onespec/core";
import { validatorsGenerator } from "../src/index.js";

// Golden files: the exact output for each tricky case lives under __snapshots__/<case>/.
// Review a change in them like code; update with `npx vitest run -u`.
describe("validators generator", () => {
  it.each(CASES)("%s", async (name) => {
    const files = await generateFiles(await loadCase(name), [validatorsGenerator]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${name}/${file.path}`);
  });

  it("is deterministic", async () => {
    const model = await loadCase(CASES[0]);
    const a = await generateFiles(model, [validatorsGenerator]);
    const b = await generateFiles(await loadCase(CASES[0]), [validatorsGenerator]);
    expect(b).toEqual(a);
  });

  // One ajv compiles every module of a model, so what was compiled first must not show: each
  // module is byte-identical whether the shared definitions or the connector came first.
  it.each(CASES)("%s: a module does not depend on what the run compiled before it", async (name) => {
    const byPath = (files: OutputFile[]) => Object.fromEntries(files.map((f) => [f.path, f.contents]));
    const treeFirst = await loadCase(name);
    const a = byPath([
      ...(await validatorsGenerator.tree(treeFirst)),
      ...(await Promise.all(treeFirst.connectors.map((c) => validatorsGenerator.connector(treeFirst, c)))).flat(),
    ]);
    const connectorsFirst = await loadCase(name);
    const b = byPath([
      ...(await Promise.all([...connectorsFirst.connectors].reverse().map((c) => validatorsGenerator.connector(connectorsFirst, c)))).flat(),
      ...(await validatorsGenerator.tree(connectorsFirst)),
    ]);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const path of Object.keys(a)) expect(b[path], path).toBe(a[path]);
  });
});
