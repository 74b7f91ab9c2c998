/** Keywords draft-07 cannot take, nested `$id`s, and vendor keywords: mapped where they can be, else dropped with a note. */
import { DIALECT_KEYWORDS, joinPointer, STANDARD_KEYWORDS, type JsonObject } from "@onespec/core";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";

export const nestedIds: ImportRule = {
  name: "nested-ids",
  description:
    "A nested `$id` is dropped: every `$ref` is resolved and inlined, so nothing needs it (the root's goes with the bundling).",
  scope: "node",
  applies: (node, { pointer }) => pointer !== "" && "$id" in node,
  repair(node, { pointer, notes }) {
    const { $id: _id, ...rest } = node;
    notes.count(
      "$id",
      joinPointer(pointer, "$id"),
      (where) =>
        `Dropped "$id" at ${where}: every $ref is resolved and inlined, so nested ids are not needed.`,
    );
    return rest;
  },
};

/** Keywords that only 2019-09/2020-12 validators know; draft-07 (ajv strict) cannot take them. */
const NOT_IN_DRAFT_07 = [
  "unevaluatedProperties",
  "unevaluatedItems",
  "minContains",
  "maxContains",
  "contentSchema",
  "$dynamicRef",
  "$dynamicAnchor",
  "$recursiveRef",
  "$recursiveAnchor",
  "$vocabulary",
  "$anchor",
];

export const notInDraft07: ImportRule = {
  name: "not-in-draft-07",
  description:
    "2019-09/2020-12 keywords draft-07 has no word for are dropped with a note; `unevaluatedProperties` with nothing to evaluate but `properties` is `additionalProperties`, and `$anchor` goes silently (references to it are resolved).",
  scope: "node",
  applies: (node) => NOT_IN_DRAFT_07.some((k) => k in node),
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (!NOT_IN_DRAFT_07.includes(key)) {
        out[key] = value;
        continue;
      }
      const at = joinPointer(pointer, key);
      if (
        key === "unevaluatedProperties" &&
        !("additionalProperties" in node) &&
        !["allOf", "anyOf", "oneOf", "if"].some((k) => k in node)
      ) {
        out.additionalProperties = value;
        notes.add(
          `${showPointer(at)}: "unevaluatedProperties" (2020-12) written as "additionalProperties", which means the same here.`,
        );
      } else if (key !== "$anchor")
        notes.add(
          `${showPointer(at)}: dropped "${key}": draft-07 has no such keyword (could not be mapped).`,
        );
    }
    return out;
  },
};

/** Keywords the bundling itself reads or drops (`$ref` is rewritten, definitions travel through it). */
const BUNDLING = new Set(["$ref", "$schema", "$id", "definitions", "$defs"]);

const isVendor = (key: string) =>
  !BUNDLING.has(key) && !STANDARD_KEYWORDS.has(key) && !(key in DIALECT_KEYWORDS);

export const vendorKeywords: ImportRule = {
  name: "vendor-keywords",
  description:
    "Keywords that are neither JSON Schema's nor onespec's dialect (javaType, expose, x-…) are dropped, one note per keyword.",
  scope: "node",
  applies: (node) => Object.keys(node).some(isVendor),
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (!isVendor(key)) {
        out[key] = value;
        continue;
      }
      notes.count(
        `vendor:${key}`,
        joinPointer(pointer, key),
        (where) => `Dropped vendor keyword "${key}" (onespec does not use it): ${where}.`,
      );
    }
    return out;
  },
};
