/**
 * The golden-file suite every generator's tests share: the generator over each case tree, its
 * output compared file by file with `test/__snapshots__/<case>/…` next to the calling test.
 * Review a change in the golden files like code; update them with `npx vitest run -u`.
 */
import { describe, expect, it } from "vitest";
import type { Generator, OutputFile, RunInfo } from "@onespec/core";
import { caseNames, generateFiles, loadCase } from "./index.js";

export interface GoldenOptions {
  /** What the generator is told runs beside it (as `onespec generate` tells it); default: itself alone. */
  run?: RunInfo;
  /** Appended to each case's test title, saying how the generator runs. */
  title?: string;
  /** More assertions on one case's files, before they are compared. */
  check?(files: OutputFile[], name: string): void;
}

/** Compares each file with its golden file `__snapshots__/<folder>/<path>`, next to the test. */
export async function matchGolden(files: readonly OutputFile[], folder: string): Promise<void> {
  for (const file of files)
    await expect(file.contents).toMatchFileSnapshot(`__snapshots__/${folder}/${file.path}`);
}

/**
 * `describe("<name> generator")` with one golden test per case tree and a determinism test;
 * `more` declares the generator's own tests inside the same describe.
 */
export function goldenSuite(
  generator: Generator,
  options: GoldenOptions = {},
  more?: (cases: readonly string[]) => void,
): void {
  const cases = caseNames();
  const generate = async (name: string) =>
    generateFiles(await loadCase(name), [generator], options.run);
  describe(`${generator.name} generator`, () => {
    it.each(cases)(`%s${options.title ? ` ${options.title}` : ""}`, async (name) => {
      const files = await generate(name);
      expect(files.length).toBeGreaterThan(0);
      options.check?.(files, name);
      await matchGolden(files, name);
    });

    it("is deterministic", async () => {
      // Two loads of the same tree: nothing may depend on object identity or on a first run.
      expect(await generate(cases[0])).toEqual(await generate(cases[0]));
    });

    more?.(cases);
  });
}
