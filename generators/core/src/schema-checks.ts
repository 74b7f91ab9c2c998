import type { Diagnostic } from "./diagnostics.js";
import { metaSchemaValidator } from "./ajv.js";
import type { SourceDraft } from "./draft-convert.js";
import type { SchemaDoc } from "./model.js";
import { joinPointer } from "./pointer.js";
import { locate } from "./source.js";
import { isObject, walkSchema } from "./walk.js";

function at(doc: SchemaDoc, pointer: string, key = false) {
  return { file: doc.source.displayPath, pointer, ...locate(doc.source, pointer, key) };
}

/** A regex as ajv compiles it: JavaScript with the unicode flag. */
export function unicodeRegexError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, "u");
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/^Invalid regular expression: /, "");
  }
}

/**
 * Real defects found in real specs, each a diagnostic naming the file and pointer: duplicate
 * enum values, duplicate `required` entries, `examples` that is not an array, and regexes that a
 * unicode-mode engine (ajv, browsers with the `u` flag) rejects.
 */
/**
 * How many allOf/anyOf/oneOf may nest inside each other. Form libraries expand every
 * combination of nested compositions; beyond this, that takes minutes and gigabytes.
 */
export const MAX_COMPOSITION_NESTING = 10;

export function findDefects(doc: SchemaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  let tooComplex = false;
  walkSchema(doc.json, ({ node, pointer }) => {
    if (!tooComplex && pointer.split("/").filter((t) => t === "allOf" || t === "anyOf" || t === "oneOf").length > MAX_COMPOSITION_NESTING) {
      tooComplex = true;
      out.push({
        severity: "error",
        code: "schema/too-complex",
        message: `allOf/anyOf/oneOf nest more than ${MAX_COMPOSITION_NESTING} levels deep here.`,
        ...at(doc, pointer),
        hint: "Flatten the composition: merge nested allOf members, or move branches into definitions.",
      });
    }
    if (Array.isArray(node.enum)) {
      const seen = new Map<string, number>();
      node.enum.forEach((v, i) => {
        const key = JSON.stringify(v);
        const first = seen.get(key);
        if (first !== undefined)
          out.push({
            severity: "error",
            code: "schema/duplicate-enum-value",
            message: `enum lists ${key} twice (items ${first} and ${i}).`,
            ...at(doc, joinPointer(pointer, "enum", i)),
            hint: `Remove the second ${key}.`,
          });
        else seen.set(key, i);
      });
    }
    if (Array.isArray(node.required)) {
      const seen = new Set<unknown>();
      node.required.forEach((r, i) => {
        if (seen.has(r))
          out.push({
            severity: "error",
            code: "schema/duplicate-required",
            message: `required lists ${JSON.stringify(r)} twice.`,
            ...at(doc, joinPointer(pointer, "required", i)),
            hint: `Remove the second ${JSON.stringify(r)}.`,
          });
        seen.add(r);
      });
    }
    if (node.additionalProperties === false && Array.isArray(node.required)) {
      const declared = isObject(node.properties) ? node.properties : {};
      const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
      node.required.forEach((r, i) => {
        if (typeof r !== "string" || r in declared) return;
        if (patterns.some((p) => !unicodeRegexError(p) && new RegExp(p, "u").test(r))) return;
        out.push({
          severity: "error",
          code: "schema/unsatisfiable-required",
          message: `"${r}" is required but not declared in properties, and additionalProperties is false: no config can be valid.`,
          ...at(doc, joinPointer(pointer, "required", i)),
          hint: `Declare "${r}" under properties, or fix the name in required.`,
        });
      });
    }
    if ("examples" in node && !Array.isArray(node.examples))
      out.push({
        severity: "error",
        code: "schema/examples-not-array",
        message: `examples must be an array, not ${node.examples === null ? "null" : typeof node.examples}.`,
        ...at(doc, joinPointer(pointer, "examples")),
        hint: `Wrap the value in brackets: "examples": [${JSON.stringify(node.examples)}].`,
      });
    if (typeof node.pattern === "string") {
      const error = unicodeRegexError(node.pattern);
      if (error)
        out.push({
          severity: "error",
          code: "schema/invalid-pattern",
          message: `pattern ${JSON.stringify(node.pattern)} is not a valid regular expression in unicode mode: ${error}.`,
          ...at(doc, joinPointer(pointer, "pattern")),
          hint: /\\-/.test(node.pattern) ? 'Unicode-mode regexes reject "\\-" outside a character class: write "-" instead.' : "Fix the regex so `new RegExp(pattern, \"u\")` accepts it.",
        });
    }
    if (isObject(node.patternProperties))
      for (const key of Object.keys(node.patternProperties)) {
        const error = unicodeRegexError(key);
        if (error)
          out.push({
            severity: "error",
            code: "schema/invalid-pattern",
            message: `patternProperties key ${JSON.stringify(key)} is not a valid regular expression in unicode mode: ${error}.`,
            ...at(doc, joinPointer(pointer, "patternProperties", key), true),
            hint: "Fix the regex so `new RegExp(pattern, \"u\")` accepts it.",
          });
      }
  });
  return out;
}

/**
 * Validates a document against the meta-schema of the draft it declares (`draft`, by default the
 * one the loader found: draft-04 through 2020-12). Problems the defect checks already explain
 * better (examples, required duplicates) are left to them.
 */
export function metaSchemaProblems(doc: SchemaDoc, draft: SourceDraft = doc.sourceDraft ?? doc.draft): Diagnostic[] {
  const validate = metaSchemaValidator(draft);
  const json = isObject(doc.json) ? { ...doc.json } : doc.json;
  if (isObject(json)) delete json.$schema;
  if (validate(json)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const pointer = e.instancePath;
    // The loader explains these better: bad $refs, non-array examples, duplicate required.
    if (/\/(examples|\$ref)$/.test(pointer) || (/\/(required|enum)$/.test(pointer) && e.keyword === "uniqueItems")) continue;
    // anyOf/oneOf in the meta-schema repeat their members' errors; keep the most specific one.
    if (e.keyword === "anyOf" || e.keyword === "oneOf" || e.keyword === "if") continue;
    if (seen.has(pointer)) continue;
    seen.add(pointer);
    const allowed = (e.params as { allowedValues?: unknown[] }).allowedValues;
    out.push({
      severity: "error",
      code: "schema/meta",
      message: `${pointer.split("/").pop() || "(root)"} ${e.message}${allowed ? `: ${allowed.map((v) => JSON.stringify(v)).join(", ")}` : ""} (${draft} meta-schema).`,
      ...at(doc, pointer),
      hint: "Fix the keyword's value to the shape JSON Schema defines for it.",
    });
  }
  return out;
}
