/**
 * The loader's repairs as a table of named rules, one schema object at a time (repairs.ts walks
 * them over a document). The loader applies them in memory, `check --fix` writes their `fix`
 * edits into the files, and `@onespec/import` runs them first among its own rules: one table, so
 * the three never disagree about what a defect is or how it is repaired.
 *
 * A rule never modifies its input: it returns the node itself when nothing changed, else a copy.
 */
import { joinPointer } from "./pointer.js";
import { formatContradiction } from "./format-pattern.js";
import { readPattern } from "./regex-dialect.js";
import type { SchemaRepair } from "./repairs.js";
import { DIALECT_KEYWORDS } from "./vocabulary.js";
import { isObject, setOwn, type JsonObject } from "./walk.js";

/** What a rule is told about the node it repairs, and where it says what it did. */
export interface RepairContext {
  /** JSON pointer of the node in its document. */
  pointer: string;
  report(repair: SchemaRepair): void;
  /** A key of a keyword's map was written another way: `pointer` is the map's, `key` the new one. */
  renamedKey(renamed: { pointer: string; key: string; was: string }): void;
}

/** One named repair of a schema object's own keywords (not its subschemas). */
export interface SchemaRepairRule {
  /** kebab-case; the test cases of the rule are filed under it. */
  name: string;
  /** What defect it repairs and how, in one sentence. */
  description: string;
  applies(node: JsonObject): boolean;
  /** The repaired node: the same object when nothing changed, else a copy. */
  repair(node: JsonObject, ctx: RepairContext): JsonObject;
}

function dedupe(keyword: "enum" | "required"): SchemaRepairRule {
  return {
    name: keyword === "enum" ? "duplicate-enum-value" : "duplicate-required",
    description: `\`${keyword}\` lists a ${keyword === "enum" ? "value" : "name"} twice: the later copies are dropped.`,
    applies: (node) => Array.isArray(node[keyword]),
    repair(node, { pointer, report }) {
      const list = node[keyword] as unknown[];
      const seen = new Map<string, number>();
      const kept: unknown[] = [];
      const duplicates: { first: number; at: number; text: string }[] = [];
      list.forEach((v, i) => {
        const text = JSON.stringify(v);
        const first = seen.get(text);
        if (first === undefined) {
          seen.set(text, i);
          kept.push(v);
        } else duplicates.push({ first, at: i, text });
      });
      if (duplicates.length === 0) return node;
      duplicates.forEach(({ first, at, text }, n) =>
        report({
          severity: "warning",
          code: keyword === "enum" ? "schema/duplicate-enum-value" : "schema/duplicate-required",
          pointer: joinPointer(pointer, keyword, at),
          message:
            keyword === "enum"
              ? `enum lists ${text} twice (items ${first} and ${at}); the second is ignored.`
              : `required lists ${text} twice; the second is ignored.`,
          hint: `Remove the second ${text} (onespec check --fix does it).`,
          // One edit for the whole list.
          ...(n === 0 ? { fix: { pointer: joinPointer(pointer, keyword), value: kept } } : {}),
        }),
      );
      return withKey(node, keyword, kept);
    },
  };
}

const examplesNotArray: SchemaRepairRule = {
  name: "examples-not-array",
  description: "`examples` is not an array: it is wrapped in one, `[value]`.",
  applies: (node) => "examples" in node && !Array.isArray(node.examples),
  repair(node, { pointer, report }) {
    const value = node.examples;
    report({
      severity: "warning",
      code: "schema/examples-not-array",
      pointer: joinPointer(pointer, "examples"),
      message: `examples must be an array, not ${value === null ? "null" : isObject(value) ? "an object" : `a ${typeof value}`}; read as [${short(value)}].`,
      hint: `Wrap the value in brackets: "examples": [${short(value)}] (onespec check --fix does it).`,
      fix: { pointer: joinPointer(pointer, "examples"), value: [value] },
    });
    return withKey(node, "examples", [value]);
  },
};

const dialectKeywordType: SchemaRepairRule = {
  name: "dialect-keyword-type",
  description:
    'A dialect keyword of the wrong type whose meaning is plain: `"true"` → `true`, `"2"` → `2`, `3` → `"3"`.',
  applies: (node) =>
    Object.keys(node).some(
      (key) =>
        Object.hasOwn(DIALECT_KEYWORDS, key) &&
        repairDialectValue(DIALECT_KEYWORDS[key], node[key]) !== undefined,
    ),
  repair(node, { pointer, report }) {
    let out = node;
    for (const key of Object.keys(node)) {
      if (!Object.hasOwn(DIALECT_KEYWORDS, key)) continue;
      const expected = DIALECT_KEYWORDS[key];
      const value = node[key];
      const repaired = repairDialectValue(expected, value);
      if (repaired === undefined) continue;
      out = withKey(out, key, repaired);
      report({
        severity: "warning",
        code: "schema/dialect-keyword-type",
        pointer: joinPointer(pointer, key),
        message: `"${key}" must be a ${expected}, not a ${typeof value}; ${JSON.stringify(value)} is read as ${JSON.stringify(repaired)}.`,
        hint: `Write "${key}": ${JSON.stringify(repaired)} (onespec check --fix does it).`,
        fix: { pointer: joinPointer(pointer, key), value: repaired },
      });
    }
    return out;
  },
};

const patternDialect: SchemaRepairRule = {
  name: "pattern-dialect",
  description:
    "`pattern` read in the regex dialect it was written in: unicode-flag syntax, a Java or Python pattern translated, one with no ECMA-262 equivalent kept as `pattern_descriptor`.",
  applies: (node) => typeof node.pattern === "string",
  repair(node, { pointer, report }) {
    const written = node.pattern as string;
    const at = joinPointer(pointer, "pattern");
    const reading = readPattern(written);
    switch (reading.kind) {
      case "non-unicode":
        report(nonUnicode("pattern", written, reading.pattern, reading.notes, at));
        return withKey(node, "pattern", reading.pattern);
      case "translated":
        report(translated("pattern", written, reading.pattern, reading.notes, at));
        return withKey(node, "pattern", reading.pattern);
      case "documentation": {
        let out = copy(node);
        delete out.pattern;
        const described = typeof node.pattern_descriptor === "string";
        if (!described) out = withKey(out, "pattern_descriptor", written);
        report({
          severity: "warning",
          code: "schema/pattern-not-validated",
          pointer: at,
          message: `pattern ${JSON.stringify(written)} is not validated: ${reading.cause} has no ECMA-262 equivalent. It is kept as documentation${described ? "" : " (as pattern_descriptor, which forms show)"}; no validator, form or fixture checks it.`,
          hint: `${reading.hint} JSON Schema patterns are ECMA-262; until then values are not checked against it (nothing to do if the spec's own system checks them).`,
        });
        return out;
      }
      case "invalid":
        report(invalid("pattern", written, reading.error, at));
        return node;
      default:
        return node;
    }
  },
};

const patternPropertiesDialect: SchemaRepairRule = {
  name: "pattern-properties-dialect",
  description:
    "`patternProperties` keys read in the regex dialect they were written in; a key with no ECMA-262 equivalent is left out where other names are free.",
  applies: (node) => isObject(node.patternProperties),
  repair(node, { pointer, report, renamedKey }) {
    const map = node.patternProperties as JsonObject;
    const entries: [string, unknown][] = [];
    let changed = false;
    for (const [key, sub] of Object.entries(map)) {
      const at = joinPointer(pointer, "patternProperties", key);
      const reading = readPattern(key);
      if (reading.kind === "non-unicode" || reading.kind === "translated") {
        if (reading.pattern in map || entries.some(([k]) => k === reading.pattern)) {
          report({
            severity: "error",
            code: "schema/invalid-pattern",
            pointer: at,
            atKey: true,
            message: `patternProperties key ${JSON.stringify(key)} reads as ${JSON.stringify(reading.pattern)}, which is another key of the same patternProperties.`,
            hint: "Merge the two entries into one.",
          });
          entries.push([key, sub]);
          continue;
        }
        changed = true;
        entries.push([reading.pattern, sub]);
        renamedKey({
          pointer: joinPointer(pointer, "patternProperties"),
          key: reading.pattern,
          was: key,
        });
        report(
          reading.kind === "non-unicode"
            ? {
                ...nonUnicode("patternProperties key", key, reading.pattern, reading.notes, at),
                atKey: true,
                fix: { pointer: at, rename: reading.pattern },
              }
            : {
                ...translated("patternProperties key", key, reading.pattern, reading.notes, at),
                atKey: true,
              },
        );
        continue;
      }
      if (reading.kind === "documentation") {
        // Left out, the entry's schema is not applied to the names it matches: fine where other
        // names are free, wrong where additionalProperties would then judge (and refuse) them.
        const limited =
          ("additionalProperties" in node && node.additionalProperties !== true) ||
          ("unevaluatedProperties" in node && node.unevaluatedProperties !== true);
        report({
          severity: limited ? "error" : "warning",
          code: "schema/pattern-not-validated",
          pointer: at,
          atKey: true,
          message: limited
            ? `patternProperties key ${JSON.stringify(key)} cannot be read: ${reading.cause} has no ECMA-262 equivalent, and without it additionalProperties would judge (and refuse) the properties it allows.`
            : `patternProperties key ${JSON.stringify(key)} is not validated: ${reading.cause} has no ECMA-262 equivalent, so its schema is not applied to the properties it matches.`,
          hint: `${reading.hint} JSON Schema patterns are ECMA-262.`,
        });
        if (!limited) {
          changed = true;
          continue;
        }
      }
      if (reading.kind === "invalid")
        report({ ...invalid("patternProperties key", key, reading.error, at), atKey: true });
      entries.push([key, sub]);
    }
    if (!changed) return node;
    const next: JsonObject = {};
    for (const [k, v] of entries) setOwn(next, k, v);
    return withKey(node, "patternProperties", next);
  },
};

const formatContradictsPattern: SchemaRepairRule = {
  name: "format-contradicts-pattern",
  description:
    "A `format` its `pattern` contradicts (after the pattern is read) is left out of validation.",
  applies: (node) =>
    typeof node.format === "string" &&
    typeof node.pattern === "string" &&
    (!("type" in node) ||
      node.type === "string" ||
      (Array.isArray(node.type) && node.type.includes("string"))),
  repair(node, { pointer, report }) {
    const format = node.format as string;
    const pattern = node.pattern as string;
    const examples = [
      ...(Array.isArray(node.examples) ? node.examples : []),
      ...("default" in node ? [node.default] : []),
    ];
    const clash = formatContradiction(format, pattern, examples);
    if (!clash) return node;
    const out = copy(node);
    delete out.format;
    report({
      severity: "warning",
      code: "schema/format-contradicts-pattern",
      pointer: joinPointer(pointer, "format"),
      message: `format "${format}" contradicts pattern ${JSON.stringify(pattern)}${clash.witness !== undefined ? ` (${JSON.stringify(clash.witness)} matches the pattern, not the format)` : " (no value satisfies both)"}: the pattern is validated, the format is kept as documentation only.`,
      hint: `Drop "format" or make the pattern describe a ${format}; nothing to do if the pattern says what is meant (as in the spec's own system).`,
    });
    return out;
  },
};

/**
 * The loader's repairs, in the order they run on a node (the format is judged against the
 * pattern as read, and against the examples as wrapped).
 */
export const SCHEMA_REPAIR_RULES: readonly SchemaRepairRule[] = [
  dedupe("enum"),
  dedupe("required"),
  examplesNotArray,
  dialectKeywordType,
  patternDialect,
  patternPropertiesDialect,
  formatContradictsPattern,
];

/** The repaired value of a dialect keyword of the wrong type, when the meaning is plain; undefined otherwise. */
function repairDialectValue(expected: string, value: unknown): unknown {
  if (expected === "boolean" && typeof value === "string") {
    const v = value.trim().toLowerCase();
    return v === "true" ? true : v === "false" ? false : undefined;
  }
  if (expected === "number" && typeof value === "string") {
    const m = /^\s*(-?\d+(?:\.\d+)?)\s*[,;]?\s*$/.exec(value);
    return m ? Number(m[1]) : undefined;
  }
  if (expected === "string" && typeof value === "number" && Number.isFinite(value))
    return String(value);
  return undefined;
}

function nonUnicode(
  what: string,
  written: string,
  pattern: string,
  notes: string[],
  pointer: string,
): SchemaRepair {
  return {
    severity: "warning",
    code: "schema/pattern-non-unicode",
    pointer,
    message: `${what} ${JSON.stringify(written)} is ECMA-262 only without the unicode flag: ${notes.join("; ")}. Read as ${JSON.stringify(pattern)}, which means the same.`,
    hint: `Write ${JSON.stringify(pattern)} (onespec check --fix does it): validators, forms and browsers compile patterns with the unicode flag.`,
    fix: { pointer, value: pattern },
  };
}

function translated(
  what: string,
  written: string,
  pattern: string,
  notes: string[],
  pointer: string,
): SchemaRepair {
  return {
    severity: "warning",
    code: "schema/pattern-translated",
    pointer,
    message: `${what} ${JSON.stringify(written)} is Java or Python syntax: ${notes.join("; ")}. Read as the ECMA-262 pattern ${JSON.stringify(pattern)}.`,
    hint: `JSON Schema patterns are ECMA-262: write ${JSON.stringify(pattern)} where only JSON Schema tools read the spec; keep it if its own system reads Java or Python.`,
  };
}

function invalid(what: string, written: string, error: string, pointer: string): SchemaRepair {
  return {
    severity: "error",
    code: "schema/invalid-pattern",
    pointer,
    message: `${what} ${JSON.stringify(written)} is not a regular expression in ECMA-262, Java or Python: ${error}.`,
    hint: "Fix the regex: JSON Schema patterns are ECMA-262, and onespec also reads Java and Python inline flags and anchors.",
  };
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? text.slice(0, 57) + "…" : text;
}

export function copy(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(node)) setOwn(out, key, node[key]);
  return out;
}

/** A copy of `node` with `key` set (in place when it was there). */
function withKey(node: JsonObject, key: string, value: unknown): JsonObject {
  const out = copy(node);
  setOwn(out, key, value);
  return out;
}
