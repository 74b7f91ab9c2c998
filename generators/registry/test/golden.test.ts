import { describe, expect, it } from "vitest";
import { caseNames, DEFAULT_RUN, generateFiles, loadCase } from "@onespec/test-fixtures";

const CASES = caseNames();
import { registry, registryGenerator } from "../src/index.js";

const asPackage = registry({ package: { name: "@onespec/generated" } });

// Golden files: the exact output for each tricky case lives under __snapshots__/<case>/.
// Review a change in them like code; update with `npx vitest run -u`.
describe("registry generator", () => {
  it.each(CASES)("%s (a package, every generator running)", async (name) => {
    const files = await generateFiles(await loadCase(name), [asPackage], DEFAULT_RUN);
    expect(files.map((f) => f.path)).toContain("package.json");
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${name}/${file.path}`);
  });

  it("without the forms generator, links no form and needs no React package", async () => {
    const name = CASES[0];
    const files = await generateFiles(await loadCase(name), [asPackage], { generators: ["types", "validators", "registry"] });
    for (const file of files) await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${name}-no-forms/${file.path}`);
    const text = files.map((f) => f.contents).join("\n");
    expect(text).not.toMatch(/form\.js|@rjsf/);
    expect(files.map((f) => f.path)).not.toContain("forms.ts");
  });

  it("writes no package.json or tsconfig.json unless asked to", async () => {
    const files = await generateFiles(await loadCase(CASES[0]), [registryGenerator], DEFAULT_RUN);
    expect(files.map((f) => f.path).filter((p) => !p.startsWith("connectors/"))).toEqual(["forms.ts", "index.ts"]);
  });

  it("escapes a display name that would end the doc comment", async () => {
    const model = await loadCase(CASES[0]);
    const c = model.connectors[0];
    const hostile = { ...model, connectors: [{ ...c, metadata: { ...c.metadata, displayName: 'Acme */ console.error("pwned"); /*' } }] };
    const files = await generateFiles(hostile, [registryGenerator], DEFAULT_RUN);
    const index = files.find((f) => f.path === `connectors/${c.name}/index.ts`)!.contents;
    expect(index).not.toContain('*/ console.error("pwned")');
    expect(index).toContain("Everything about the Acme *\\/ console.error");
  });

  it("is deterministic", async () => {
    const model = await loadCase(CASES[0]);
    const a = await generateFiles(model, [asPackage], DEFAULT_RUN);
    const b = await generateFiles(await loadCase(CASES[0]), [asPackage], DEFAULT_RUN);
    expect(b).toEqual(a);
  });
});
