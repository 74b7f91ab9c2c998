/**
 * Every repair the import makes, in the order it makes them. Node rules run on each schema object
 * as it is copied into the connection (a typo is renamed before the loader's repairs read the
 * keyword, and peers' spellings are read before vendor keywords are dropped); document rules run
 * once on the bundled connection (constants are inlined before definitions nothing uses are
 * removed). The loader's own repairs are core's table, shared with `loadTree` and `check --fix`.
 */
import type { ImportRule } from "../rule.js";
import { capabilityFlags } from "./capability-flags.js";
import {
  booleanFlags,
  dialectValueTypes,
  groupsShape,
  hiddenSpellings,
  secretSpellings,
} from "./dialect.js";
import {
  dateFormatLayout,
  discriminatorRequired,
  inlineConstantRefs,
  nestedGroups,
  requiredAlwaysShow,
  secretValues,
  undeclaredRequired,
  unusedDefinitions,
  valueTypes,
} from "./document.js";
import { keywordTypos } from "./keyword-typos.js";
import { nestedIds, notInDraft07, vendorKeywords } from "./keywords.js";
import { LOADER_REPAIRS } from "./loader-repairs.js";
import { typeAliases } from "./type-aliases.js";

export const IMPORT_RULES: readonly ImportRule[] = [
  keywordTypos,
  ...LOADER_REPAIRS,
  secretSpellings,
  hiddenSpellings,
  booleanFlags,
  dialectValueTypes,
  groupsShape,
  typeAliases,
  capabilityFlags,
  nestedIds,
  notInDraft07,
  vendorKeywords,
  inlineConstantRefs,
  undeclaredRequired,
  dateFormatLayout,
  nestedGroups,
  requiredAlwaysShow,
  discriminatorRequired,
  secretValues,
  valueTypes,
  unusedDefinitions,
];

export { secretValues };
