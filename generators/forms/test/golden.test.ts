import { describe, expect, it } from "vitest";
import { caseNames, generateFiles, loadCase } from "@onespec/test-fixtures";

const CASES = caseNames();
import { validatorsGenerator } from "@onespec/gen-validators";
import { formsGenerator } from "../src/index.js";

// Golden files: the exact output for each tricky case lives under __snapshots__/<case>/.
// Review a change in them like code; update with `npx vitest run -u`.
describe("forms generator", () => {
  it.each(CASES)("%s", async (name) => {
    const files = await generateFiles(await loadCase(name), [formsGenerator]);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${name}/${file.path}`);
  });

  // With the validators generator in the run, the form validator takes the connector's compiled
  // validator for the whole schema and compiles only the sub-schemas RJSF picks options with.
  it.each(CASES)("%s, next to the validators generator", async (name) => {
    const files = await generateFiles(await loadCase(name), [validatorsGenerator, formsGenerator]);
    const formValidators = files.filter((f) => f.path.endsWith("/form-validator.ts"));
    expect(formValidators.length).toBeGreaterThan(0);
    for (const file of formValidators) {
      expect(file.contents).toContain(`import { validate as validateConnector } from "./compiled-validator.js";`);
      await expect(file.contents).toMatchFileSnapshot(`__snapshots__/with-validators/${name}/${file.path}`);
    }
  });

  it("is deterministic", async () => {
    const model = await loadCase(CASES[0]);
    const a = await generateFiles(model, [formsGenerator]);
    const b = await generateFiles(await loadCase(CASES[0]), [formsGenerator]);
    expect(b).toEqual(a);
  });
});
