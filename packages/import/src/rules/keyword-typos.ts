import {
  DIALECT_KEYWORDS,
  isObject,
  joinPointer,
  STANDARD_KEYWORDS,
  typesOf,
  type JsonObject,
} from "@onespec/core";
import { suggestKeyword } from "@onespec/lint";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";
import { JSON_TYPES } from "./type-aliases.js";

/** Misspellings suggestKeyword cannot catch (too short) but that specs use. */
const KEYWORD_ALIASES: Record<string, string> = { min: "minimum", max: "maximum" };

/** Value shapes of the keywords a typo may be renamed to; a renamed value of another shape is dropped. */
const KEYWORD_SHAPES: Record<string, (v: unknown) => boolean> = {
  title: (v) => typeof v === "string",
  description: (v) => typeof v === "string",
  pattern: (v) => typeof v === "string",
  format: (v) => typeof v === "string",
  examples: Array.isArray,
  required: (v) => Array.isArray(v) && v.every((r) => typeof r === "string"),
  enum: Array.isArray,
  items: (v) => isObject(v) || typeof v === "boolean" || Array.isArray(v),
  properties: isObject,
  type: (v) => typeof v === "string" || (Array.isArray(v) && v.every((t) => typeof t === "string")),
};
for (const k of [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
])
  KEYWORD_SHAPES[k] = (v) => typeof v === "number";

/** The keyword a key misspells, when it is one the rule renames. */
function meantBy(key: string, value: unknown, node: JsonObject): string | undefined {
  if (STANDARD_KEYWORDS.has(key) || key in DIALECT_KEYWORDS) return undefined;
  const meant = KEYWORD_ALIASES[key] ?? suggestKeyword(key);
  if (!meant || KEYWORD_ALIASES[meant]) return undefined;
  // "min"/"max" only where a number bound makes sense.
  if (
    KEYWORD_ALIASES[key] &&
    !(typeof value === "number" && typesOf(node).some((t) => t === "number" || t === "integer"))
  )
    return undefined;
  return meant;
}

export const keywordTypos: ImportRule = {
  name: "keyword-typos",
  description:
    "A misspelt keyword (tittle, desciption, requires, example, maxitems, min, …) is renamed to what it meant, in the shape that keyword needs; dropped when that keyword is already there or the value cannot be one.",
  scope: "node",
  applies: (node) => Object.entries(node).some(([k, v]) => meantBy(k, v, node) !== undefined),
  repair(node, { pointer, notes }) {
    let copy: JsonObject | undefined;
    for (const [key, value] of Object.entries(node)) {
      const meant = meantBy(key, value, node);
      if (!meant) continue;
      copy ??= { ...node };
      const at = joinPointer(pointer, key);
      delete copy[key];
      if (meant in node) {
        notes.add(
          `${showPointer(at)}: dropped "${key}", a misspelling of "${meant}", which is already there.`,
        );
        continue;
      }
      let fixed = value;
      if (meant === "examples" && !Array.isArray(value)) fixed = [value];
      if (meant === "items" && typeof value === "string" && JSON_TYPES.has(value))
        fixed = { type: value };
      if (meant === "required" && typeof value === "string") fixed = [value];
      const shape = KEYWORD_SHAPES[meant];
      if (shape && !shape(fixed)) {
        notes.add(
          `${showPointer(at)}: dropped "${key}" (probably "${meant}"): ${JSON.stringify(value)} is not a valid "${meant}".`,
        );
        continue;
      }
      copy[meant] = fixed;
      if (fixed !== value)
        notes.add(
          `${showPointer(at)}: renamed the misspelt keyword "${key}" to "${meant}" (value ${JSON.stringify(value)} written as ${JSON.stringify(fixed)}).`,
        );
      else
        notes.count(
          `typo:${key}`,
          at,
          (where) => `Renamed the misspelt keyword "${key}" to "${meant}": ${where}.`,
        );
    }
    return copy ?? node;
  },
};
