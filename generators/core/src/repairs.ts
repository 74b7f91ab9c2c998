/**
 * Defects real specs carry that still allow correct output, repaired in memory, and patterns read
 * in the regex dialect they were written in (`regex-dialect.ts`). One implementation for the
 * loader (`generate`, `check`, `serve`), `check --fix` (which writes the repairs into the files)
 * and `scaffold --from` (which writes them into the imported connection.json).
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
import { formatContradiction } from "./format-pattern.js";
import { readPattern } from "./regex-dialect.js";
import { DIALECT_KEYWORDS } from "./vocabulary.js";
import {
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  isObject,
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
    put(out, key, value);
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
          put(map, name, repaired);
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
 * Repairs one schema object's own keywords (not its subschemas). Returns the node itself when
 * nothing changed, else a shallow copy.
 */
export function repairNode(
  node: JsonObject,
  pointer: string,
): { node: JsonObject; repairs: SchemaRepair[]; renamedKeys: RepairedSchema["renamedKeys"] } {
  const repairs: SchemaRepair[] = [];
  const renamedKeys: RepairedSchema["renamedKeys"] = [];
  let out = node;
  const set = (key: string, value: unknown) => {
    if (out === node) out = copy(node);
    put(out, key, value);
  };
  const drop = (key: string) => {
    if (out === node) out = copy(node);
    delete out[key];
  };

  for (const keyword of ["enum", "required"] as const) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
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
    if (duplicates.length === 0) continue;
    set(keyword, kept);
    duplicates.forEach(({ first, at, text }, n) =>
      repairs.push({
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
  }

  if ("examples" in node && !Array.isArray(node.examples)) {
    const value = node.examples;
    set("examples", [value]);
    repairs.push({
      severity: "warning",
      code: "schema/examples-not-array",
      pointer: joinPointer(pointer, "examples"),
      message: `examples must be an array, not ${value === null ? "null" : isObject(value) ? "an object" : `a ${typeof value}`}; read as [${short(value)}].`,
      hint: `Wrap the value in brackets: "examples": [${short(value)}] (onespec check --fix does it).`,
      fix: { pointer: joinPointer(pointer, "examples"), value: [value] },
    });
  }

  for (const key of Object.keys(node)) {
    if (!Object.hasOwn(DIALECT_KEYWORDS, key)) continue;
    const expected = DIALECT_KEYWORDS[key];
    const value = node[key];
    const repaired = repairDialectValue(expected, value);
    if (repaired === undefined) continue;
    set(key, repaired);
    repairs.push({
      severity: "warning",
      code: "schema/dialect-keyword-type",
      pointer: joinPointer(pointer, key),
      message: `"${key}" must be a ${expected}, not a ${typeof value}; ${JSON.stringify(value)} is read as ${JSON.stringify(repaired)}.`,
      hint: `Write "${key}": ${JSON.stringify(repaired)} (onespec check --fix does it).`,
      fix: { pointer: joinPointer(pointer, key), value: repaired },
    });
  }

  if (typeof node.pattern === "string") {
    const written = node.pattern;
    const at = joinPointer(pointer, "pattern");
    const reading = readPattern(written);
    switch (reading.kind) {
      case "non-unicode":
        set("pattern", reading.pattern);
        repairs.push(nonUnicode("pattern", written, reading.pattern, reading.notes, at));
        break;
      case "translated":
        set("pattern", reading.pattern);
        repairs.push(translated("pattern", written, reading.pattern, reading.notes, at));
        break;
      case "documentation": {
        drop("pattern");
        const described = typeof node.pattern_descriptor === "string";
        if (!described) set("pattern_descriptor", written);
        repairs.push({
          severity: "warning",
          code: "schema/pattern-not-validated",
          pointer: at,
          message: `pattern ${JSON.stringify(written)} is not validated: ${reading.cause} has no ECMA-262 equivalent. It is kept as documentation${described ? "" : " (as pattern_descriptor, which forms show)"}; no validator, form or fixture checks it.`,
          hint: `${reading.hint} JSON Schema patterns are ECMA-262; until then values are not checked against it (nothing to do if the spec's own system checks them).`,
        });
        break;
      }
      case "invalid":
        repairs.push(invalid("pattern", written, reading.error, at));
        break;
      case "ecma": // already ECMA-262: nothing to repair
        break;
    }
  }

  if (isObject(node.patternProperties)) {
    const map = node.patternProperties;
    const entries: [string, unknown][] = [];
    let changed = false;
    for (const [key, sub] of Object.entries(map)) {
      const at = joinPointer(pointer, "patternProperties", key);
      const reading = readPattern(key);
      if (reading.kind === "non-unicode" || reading.kind === "translated") {
        if (reading.pattern in map || entries.some(([k]) => k === reading.pattern)) {
          repairs.push({
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
        renamedKeys.push({
          pointer: joinPointer(pointer, "patternProperties"),
          key: reading.pattern,
          was: key,
        });
        repairs.push(
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
        repairs.push({
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
        repairs.push({ ...invalid("patternProperties key", key, reading.error, at), atKey: true });
      entries.push([key, sub]);
    }
    if (changed) {
      const next: JsonObject = {};
      for (const [k, v] of entries) put(next, k, v);
      set("patternProperties", next);
    }
  }
  // After the pattern is read: a format it contradicts is left out of validation.
  if (
    typeof node.format === "string" &&
    typeof out.pattern === "string" &&
    (!("type" in node) ||
      node.type === "string" ||
      (Array.isArray(node.type) && node.type.includes("string")))
  ) {
    const examples = [
      ...(Array.isArray(out.examples) ? out.examples : []),
      ...("default" in node ? [node.default] : []),
    ];
    const clash = formatContradiction(node.format, out.pattern, examples);
    if (clash) {
      drop("format");
      repairs.push({
        severity: "warning",
        code: "schema/format-contradicts-pattern",
        pointer: joinPointer(pointer, "format"),
        message: `format "${node.format}" contradicts pattern ${JSON.stringify(out.pattern)}${clash.witness !== undefined ? ` (${JSON.stringify(clash.witness)} matches the pattern, not the format)` : " (no value satisfies both)"}: the pattern is validated, the format is kept as documentation only.`,
        hint: `Drop "format" or make the pattern describe a ${node.format}; nothing to do if the pattern says what is meant (as in the spec's own system).`,
      });
    }
  }

  return { node: out, repairs, renamedKeys };
}

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

function copy(node: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(node)) put(out, key, node[key]);
  return out;
}

/** Sets an own property, even one named `__proto__`. */
function put(target: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
