/**
 * Defects real specs carry that still allow correct output, repaired in memory, and patterns read
 * in the regex dialect they were written in (`regex-dialect.ts`). One implementation for the
 * loader (`generate`, `check`, `serve`), `check --fix` (which writes the repairs into the files)
 * and `@onespec/import` (which writes them into the imported connection.json). Each repair is a
 * named rule of the table in repair-rules.ts; this file walks the table over a document.
 *
 * | defect                                         | repair                                | code                            |
 * | ---------------------------------------------- | ------------------------------------- | ------------------------------- |
 * | `enum` lists a value twice                     | the later copies are dropped          | `schema/duplicate-enum-value`   |
 * | `required` lists a name twice                  | the later copies are dropped          | `schema/duplicate-required`     |
 * | `examples` is not an array                     | wrapped in one: `[value]`             | `schema/examples-not-array`     |
 * | `"airbyte_secret": "true"` (a boolean keyword) | `true` / `false`                      | `schema/dialect-keyword-type`   |
 * | `"order": "2"`                                 | `2`                                   | `schema/dialect-keyword-type`   |
 * | `"group": 3` (a string keyword)                | `"3"`                                 | `schema/dialect-keyword-type`   |
 * | a pattern valid only without the unicode flag  | the same pattern, unicode-flag syntax | `schema/pattern-non-unicode`    |
 * | a Java or Python pattern                       | its ECMA-262 translation              | `schema/pattern-translated`     |
 * | a pattern with no ECMA-262 equivalent          | not validated; kept as documentation  | `schema/pattern-not-validated`  |
 * | a `format` its `pattern` contradicts           | the format is not validated           | `schema/format-contradicts-pattern` |
 *
 * All are warnings; `check --fix` offers every repair but the translations (the spec's own
 * system may need its syntax) and the contradicted format (the file keeps it as documentation). A pattern that is not a regular expression in any dialect stays
 * the error `schema/invalid-pattern`; so does a `patternProperties` key onespec cannot read
 * where the schema also limits other properties (`additionalProperties`), since leaving it out
 * would refuse what it allows.
 */
import type { Severity } from "./diagnostics.js";
import { joinPointer } from "./pointer.js";
import { copy, SCHEMA_REPAIR_RULES, type RepairContext } from "./repair-rules.js";
import {
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  isObject,
  setOwn,
  type JsonObject,
} from "./walk.js";

/** One repair (or one reason a value could not be repaired), at a pointer into the schema. */
export interface SchemaRepair {
  severity: Severity;
  code: string;
  /** JSON pointer into the schema (as the loader converted it, before this repair). */
  pointer: string;
  /** Point at the property name (a `patternProperties` key) rather than its value. */
  atKey?: boolean;
  message: string;
  hint: string;
  /**
   * The edit that makes the repair permanent in the file (`check --fix`): the value to set at
   * `pointer`, or the name to rename the key at `pointer` to.
   */
  fix?: { pointer: string; value: unknown } | { pointer: string; rename: string };
}

export interface RepairedSchema {
  /** The schema with every repair applied; the input itself when there was nothing to repair. */
  json: unknown;
  repairs: SchemaRepair[];
  /** `patternProperties` keys written another way, parents first: the schema's pointer, the new key, the key as written. */
  renamedKeys: { pointer: string; key: string; was: string }[];
}

/** Repairs a whole schema document (every subschema); the input is never modified. */
export function repairSchema(json: unknown): RepairedSchema {
  const result: RepairedSchema = { json, repairs: [], renamedKeys: [] };
  result.json = repairTree(json, "", result);
  return result;
}

function repairTree(node: unknown, pointer: string, result: RepairedSchema): unknown {
  if (!isObject(node)) return node;
  const own = repairNode(node, pointer);
  result.repairs.push(...own.repairs);
  result.renamedKeys.push(...own.renamedKeys);
  let out = own.node;
  const set = (key: string, value: unknown) => {
    if (out === node) out = copy(node);
    setOwn(out, key, value);
  };
  for (const key of Object.keys(out)) {
    const value = out[key];
    if (
      ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) || key === "dependencies") &&
      isObject(value)
    ) {
      let map = value;
      for (const name of Object.keys(value)) {
        const sub = value[name];
        if (Array.isArray(sub)) continue; // dependencies: a list of names
        const repaired = repairTree(sub, joinPointer(pointer, key, name), result);
        if (repaired !== sub) {
          if (map === value) map = copy(value);
          setOwn(map, name, repaired);
        }
      }
      if (map !== value) set(key, map);
    } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
      const items = value.map((sub, i) => repairTree(sub, joinPointer(pointer, key, i), result));
      if (items.some((v, i) => v !== value[i])) set(key, items);
    } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      const repaired = repairTree(value, joinPointer(pointer, key), result);
      if (repaired !== value) set(key, repaired);
    }
  }
  return out;
}

/**
 * Repairs one schema object's own keywords (not its subschemas) with each rule of the table
 * (repair-rules.ts), in order. Returns the node itself when nothing changed, else a copy.
 */
function repairNode(
  node: JsonObject,
  pointer: string,
): { node: JsonObject; repairs: SchemaRepair[]; renamedKeys: RepairedSchema["renamedKeys"] } {
  const repairs: SchemaRepair[] = [];
  const renamedKeys: RepairedSchema["renamedKeys"] = [];
  const ctx: RepairContext = {
    pointer,
    report: (r) => repairs.push(r),
    renamedKey: (k) => renamedKeys.push(k),
  };
  let out = node;
  for (const rule of SCHEMA_REPAIR_RULES) if (rule.applies(out)) out = rule.repair(out, ctx);
  return { node: out, repairs, renamedKeys };
}
