import { expect, it } from "vitest";
import { DEFAULT_RUN, generateFiles, loadCase } from "@onespec/test-fixtures";
import { goldenSuite, matchGolden } from "@onespec/test-fixtures/golden";
import registry from "../src/index.js";

const registryGenerator = registry();

const asPackage = registry({ package: { name: "@onespec/generated" } });

goldenSuite(
  asPackage,
  {
    run: DEFAULT_RUN,
    title: "(a package, every generator running)",
    check: (files) => expect(files.map((f) => f.path)).toContain("package.json"),
  },
  (cases) => {
    it("without the forms generator, links no form and needs no React package", async () => {
      const name = cases[0];
      const files = await generateFiles(await loadCase(name), [asPackage], {
        generators: ["types", "validators", "registry"],
      });
      await matchGolden(files, `${name}-no-forms`);
      const text = files.map((f) => f.contents).join("\n");
      expect(text).not.toMatch(/form\.js|@rjsf/);
      expect(files.map((f) => f.path)).not.toContain("forms.ts");
    });

    it("writes no package.json or tsconfig.json unless asked to", async () => {
      const files = await generateFiles(await loadCase(cases[0]), [registryGenerator], DEFAULT_RUN);
      expect(files.map((f) => f.path).filter((p) => !p.startsWith("connectors/"))).toEqual([
        "forms.ts",
        "index.ts",
      ]);
    });

    it("escapes a display name that would end the doc comment", async () => {
      const model = await loadCase(cases[0]);
      const c = model.connectors[0];
      const hostile = {
        ...model,
        connectors: [
          { ...c, metadata: { ...c.metadata, displayName: 'Acme */ console.error("pwned"); /*' } },
        ],
      };
      const files = await generateFiles(hostile, [registryGenerator], DEFAULT_RUN);
      const index = files.find((f) => f.path === `connectors/${c.name}/index.ts`)!.contents;
      expect(index).not.toContain('*/ console.error("pwned")');
      expect(index).toContain("Everything about the Acme *\\/ console.error");
    });
  },
);
