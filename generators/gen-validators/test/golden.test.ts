import { expect, it } from "vitest";
import type { OutputFile } from "@onespec/core";
import { loadCase } from "@onespec/test-fixtures";
import { goldenSuite } from "@onespec/test-fixtures/golden";
import validatorsGenerator from "../src/index.js";

goldenSuite(validatorsGenerator, {}, (cases) => {
  // One ajv compiles every module of a model, so what was compiled first must not show: each
  // module is byte-identical whether the shared definitions or the connector came first.
  it.each(cases)(
    "%s: a module does not depend on what the run compiled before it",
    async (name) => {
      const byPath = (files: OutputFile[]) =>
        Object.fromEntries(files.map((f) => [f.path, f.contents]));
      const treeFirst = await loadCase(name);
      const a = byPath([
        ...validatorsGenerator.tree(treeFirst),
        ...treeFirst.connectors.flatMap((c) => validatorsGenerator.connector(treeFirst, c)),
      ]);
      const connectorsFirst = await loadCase(name);
      const b = byPath([
        ...[...connectorsFirst.connectors]
          .reverse()
          .flatMap((c) => validatorsGenerator.connector(connectorsFirst, c)),
        ...validatorsGenerator.tree(connectorsFirst),
      ]);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      for (const path of Object.keys(a)) expect(b[path], path).toBe(a[path]);
    },
  );
});
