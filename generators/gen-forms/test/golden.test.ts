import { expect, it } from "vitest";
import validatorsGenerator from "@onespec/gen-validators";
import { generateFiles, loadCase } from "@onespec/test-fixtures";
import { goldenSuite, matchGolden } from "@onespec/test-fixtures/golden";
import formsGenerator from "../src/index.js";

goldenSuite(formsGenerator, {}, (cases) => {
  // With the validators generator in the run, the form validator takes the connector's compiled
  // validator for the whole schema and compiles only the sub-schemas RJSF picks options with.
  it.each(cases)("%s, next to the validators generator", async (name) => {
    const files = await generateFiles(await loadCase(name), [validatorsGenerator, formsGenerator]);
    const formValidators = files.filter((f) => f.path.endsWith("/form-validator.ts"));
    expect(formValidators.length).toBeGreaterThan(0);
    for (const file of formValidators)
      expect(file.contents).toContain(
        `import { validate as validateConnector } from "./compiled-validator.js";`,
      );
    await matchGolden(formValidators, `with-validators/${name}`);
  });
});
