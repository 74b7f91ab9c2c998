import type { Generator } from "@onespec/core";
import { typesGenerator } from "@onespec/gen-types";
import { validatorsGenerator } from "@onespec/gen-validators";
import { formsGenerator } from "@onespec/gen-forms";
import { fixturesGenerator } from "@onespec/gen-fixtures";
import { docsGenerator } from "@onespec/gen-docs";
import { registryGenerator } from "@onespec/gen-registry";

/** Every generator, in the order their output is listed. */
export const GENERATORS: readonly Generator[] = [
  typesGenerator,
  validatorsGenerator,
  formsGenerator,
  fixturesGenerator,
  docsGenerator,
  registryGenerator,
];
