import { joinPointer } from "@onespec/core";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";

export const JSON_TYPES = new Set([
  "string",
  "number",
  "integer",
  "boolean",
  "object",
  "array",
  "null",
]);

/** Type names of other languages that specs use by mistake. */
const TYPE_ALIASES: Record<string, string> = {
  string: "string",
  str: "string",
  text: "string",
  int: "integer",
  integer: "integer",
  long: "integer",
  number: "number",
  float: "number",
  double: "number",
  decimal: "number",
  boolean: "boolean",
  bool: "boolean",
  object: "object",
  dict: "object",
  map: "object",
  array: "array",
  list: "array",
  null: "null",
};

const fix = (t: unknown) =>
  typeof t === "string" && !JSON_TYPES.has(t) ? (TYPE_ALIASES[t.toLowerCase()] ?? t) : t;

export const typeAliases: ImportRule = {
  name: "type-aliases",
  description:
    'A type named as another language names it ("int", "str", "bool", "dict", "Integer", …) is written as the JSON Schema type.',
  scope: "node",
  applies: (node) =>
    "type" in node &&
    JSON.stringify(Array.isArray(node.type) ? node.type.map(fix) : fix(node.type)) !==
      JSON.stringify(node.type),
  repair(node, { pointer, notes }) {
    const value = node.type;
    const fixed = Array.isArray(value) ? value.map(fix) : fix(value);
    notes.add(
      `${showPointer(joinPointer(pointer, "type"))}: "type": ${JSON.stringify(value)} written as ${JSON.stringify(fixed)}.`,
    );
    return { ...node, type: fixed };
  },
};
