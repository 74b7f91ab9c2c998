/**
 * The loader's repairs (core's SCHEMA_REPAIR_RULES: duplicate enum values and required names,
 * scalar examples, "true" for true, patterns read in the regex dialect they were written in, a
 * format its pattern contradicts) as import rules: the same table the loader applies in memory
 * and `check --fix` writes into files. What they say becomes a note where the output lands; a
 * pattern that is a regex in no dialect (an error to the loader) is dropped, so the connection
 * passes check.
 */
import {
  parsePointer,
  SCHEMA_REPAIR_RULES,
  type JsonObject,
  type SchemaRepair,
  type SchemaRepairRule,
} from "@onespec/core";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";

function fromLoaderRule(rule: SchemaRepairRule): ImportRule {
  return {
    name: rule.name,
    description: rule.description,
    scope: "node",
    applies: (node) => rule.applies(node),
    repair(node, { pointer, notes }) {
      const said: SchemaRepair[] = [];
      let out = rule.repair(node, {
        pointer,
        report: (r) => said.push(r),
        renamedKey: () => undefined,
      });
      for (const r of said) {
        if (r.severity !== "error") {
          notes.add(`${showPointer(r.pointer)}: ${r.message}`);
          continue;
        }
        if (r.atKey) {
          const key = parsePointer(r.pointer).pop()!;
          const map = { ...(out.patternProperties as JsonObject) };
          delete map[key];
          out = { ...out, patternProperties: map };
          notes.add(`${showPointer(r.pointer)}: dropped the patternProperties entry: ${r.message}`);
        } else {
          const { pattern: _p, ...rest } = out;
          out = rest;
          notes.add(`${showPointer(r.pointer)}: dropped the pattern: ${r.message}`);
        }
      }
      return out;
    },
  };
}

export const LOADER_REPAIRS: readonly ImportRule[] = SCHEMA_REPAIR_RULES.map(fromLoaderRule);
