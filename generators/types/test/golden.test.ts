import { describe, expect, it } from "vitest";
import { caseNames, generateFiles, loadCase } from "@onespec/test-fixtures";

const CASES = caseNames();
import { typesGenerator } from "../src/index.js";

// Golden files: the exact output for each tricky case lives under __snapshots__/<case>/.
// Review a change in them like code; update with `npx vitest run -u`.
describe("types generator", () => {
  it.each(CASES)("%s", async (name) => {
    const files = await generateFiles(await loadCase(name), [typesGenerator]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${name}/${file.path}`);
  });

  it("is deterministic", async () => {
    const model = await loadCase(CASES[0]);
    const a = await generateFiles(model, [typesGenerator]);
    const b = await generateFiles(await loadCase(CASES[0]), [typesGenerator]);
    expect(b).toEqual(a);
  });
});
