/**
 * Peers' spellings of the dialect (airbyte_secret, mask, format: password, airbyte_hidden) written
 * as onespec's, and dialect keywords whose value has no meaning (the loader has already read
 * "true" as true and "2" as 2) dropped with a note.
 */
import { isObject, joinPointer, type JsonObject } from "@onespec/core";
import { showPointer } from "../notes.js";
import type { ImportRule } from "../rule.js";

const SECRET_SPELLINGS = ["airbyte_secret", "mask", "secret"];

export const secretSpellings: ImportRule = {
  name: "secret-spellings",
  description:
    '`airbyte_secret`, `mask`, `format: "password"` and `writeOnly: true` mark a secret: written as `"secret": true` (last, so it is easy to see); a non-boolean marker is dropped.',
  scope: "node",
  applies: (node) =>
    SECRET_SPELLINGS.some((k) => k in node) ||
    node.format === "password" ||
    node.writeOnly === true,
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    let secret = false;
    for (const [key, value] of Object.entries(node)) {
      if (key === "airbyte_secret" || key === "mask") {
        if (typeof value !== "boolean")
          notes.add(
            `${showPointer(pointer)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
          );
        else if (value) {
          secret = true;
          notes.count(
            `secret:${key}`,
            pointer,
            (where) => `"${key}": true → "secret": true at ${where}.`,
          );
        }
      } else if (key === "format" && value === "password") {
        secret = true;
        notes.count(
          "secret:format",
          pointer,
          (where) =>
            `"format": "password" → "secret": true at ${where} (the format is dropped: it is not a validation format).`,
        );
      } else if (key === "secret") {
        if (typeof value !== "boolean")
          notes.add(
            `${showPointer(pointer)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
          );
        else secret ||= value;
      } else {
        if (key === "writeOnly" && value === true) secret = true;
        out[key] = value;
      }
    }
    if (secret) out.secret = true;
    return out;
  },
};

export const hiddenSpellings: ImportRule = {
  name: "hidden-spellings",
  description:
    '`airbyte_hidden: true` is written as `"hidden": true`; `hidden: false` says nothing and is dropped, a non-boolean one too (with a note).',
  scope: "node",
  applies: (node) => "airbyte_hidden" in node || ("hidden" in node && node.hidden !== true),
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key !== "airbyte_hidden" && key !== "hidden") {
        out[key] = value;
        continue;
      }
      if (typeof value !== "boolean")
        notes.add(
          `${showPointer(pointer)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
        );
      else if (value) out.hidden = true;
      if (key === "airbyte_hidden" && value === true)
        notes.count(
          "hidden",
          pointer,
          (where) => `"airbyte_hidden": true → "hidden": true at ${where}.`,
        );
    }
    return out;
  },
};

const FLAGS = ["always_show", "multiline"];

export const booleanFlags: ImportRule = {
  name: "boolean-flags",
  description:
    "`always_show` and `multiline` are kept when true; false says nothing and is dropped, a non-boolean value too (with a note).",
  scope: "node",
  applies: (node) => FLAGS.some((k) => k in node && node[k] !== true),
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (!FLAGS.includes(key) || value === true) out[key] = value;
      else if (typeof value !== "boolean")
        notes.add(
          `${showPointer(pointer)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
        );
    }
    return out;
  },
};

/** Dialect keywords that take one kind of value; any other is dropped with a note. */
const TYPED: Record<string, (v: unknown) => boolean> = {
  order: (v) => typeof v === "number" && Number.isFinite(v),
  group: (v) => typeof v === "string",
  pattern_descriptor: (v) => typeof v === "string",
  display_type: (v) => typeof v === "string",
};

export const dialectValueTypes: ImportRule = {
  name: "dialect-value-types",
  description:
    "An `order` that is not a number, or a `group`, `pattern_descriptor` or `display_type` that is not a string, is dropped with a note.",
  scope: "node",
  applies: (node) => Object.keys(TYPED).some((k) => k in node && !TYPED[k](node[k])),
  repair(node, { pointer, notes }) {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (!(key in TYPED) || TYPED[key](value)) {
        out[key] = value;
        continue;
      }
      notes.add(
        `${showPointer(joinPointer(pointer, key))}: dropped "${key}": ${JSON.stringify(value)} is not a ${key === "order" ? "number" : "string"}.`,
      );
    }
    return out;
  },
};

export const groupsShape: ImportRule = {
  name: "groups-shape",
  description:
    "`groups` keeps the entries with a string `id` (and their `title`); one that is not an array is dropped; below the root it is kept but noted (it only means something there).",
  scope: "node",
  applies: (node) => "groups" in node,
  repair(node, { pointer, notes }) {
    const value = node.groups;
    const at = joinPointer(pointer, "groups");
    if (!Array.isArray(value)) {
      notes.add(`${showPointer(at)}: dropped "groups": it must be an array of { "id", "title" }.`);
      const { groups: _g, ...rest } = node;
      return rest;
    }
    const ok = value.filter((g): g is JsonObject => isObject(g) && typeof g.id === "string");
    if (ok.length !== value.length)
      notes.add(
        `${showPointer(at)}: dropped ${value.length - ok.length} "groups" entr${value.length - ok.length === 1 ? "y" : "ies"} without a string "id".`,
      );
    if (pointer !== "")
      notes.add(`${showPointer(at)}: "groups" only means something at the root; kept as written.`);
    return {
      ...node,
      groups: ok.map((g) => ({
        id: g.id,
        ...(typeof g.title === "string" ? { title: g.title } : {}),
      })),
    };
  },
};
