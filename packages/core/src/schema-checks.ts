import type { Diagnostic } from "./diagnostics.js";
import { metaSchemaValidator } from "./meta-schema-validators.js";
import type { SourceDraft } from "./draft-convert.js";
import type { SchemaDoc } from "./model.js";
import { joinPointer } from "./pointer.js";
import { locate } from "./source.js";
import { effectivePattern } from "./regex-dialect.js";
import { isObject, walkSchema } from "./walk.js";

/** Whether a name matches a patternProperties key as onespec reads it (see `readPattern`). */
function matches(pattern: string, name: string): boolean {
  const effective = effectivePattern(pattern);
  return effective !== undefined && new RegExp(effective, "u").test(name);
}

function at(doc: SchemaDoc, pointer: string, key = false) {
  return { file: doc.source.displayPath, pointer, ...locate(doc.source, pointer, key) };
}

/**
 * How many allOf/anyOf/oneOf may nest inside each other. Form libraries expand every
 * combination of nested compositions; beyond this, that takes minutes and gigabytes.
 */
export const MAX_COMPOSITION_NESTING = 10;

/**
 * Defects that stop a connector, found in real specs, each a diagnostic naming the file and
 * pointer: compositions nested too deep, and a `required` name that `additionalProperties: false`
 * forbids. What still allows correct output is repaired instead (`repairs.ts`).
 */
export function findDefects(doc: SchemaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  let tooComplex = false;
  walkSchema(doc.json, ({ node, pointer }) => {
    if (
      !tooComplex &&
      pointer.split("/").filter((t) => t === "allOf" || t === "anyOf" || t === "oneOf").length >
        MAX_COMPOSITION_NESTING
    ) {
      tooComplex = true;
      out.push({
        severity: "error",
        code: "schema/too-complex",
        message: `allOf/anyOf/oneOf nest more than ${MAX_COMPOSITION_NESTING} levels deep here.`,
        ...at(doc, pointer),
        hint: "Flatten the composition: merge nested allOf members, or move branches into definitions.",
      });
    }
    if (node.additionalProperties === false && Array.isArray(node.required)) {
      const declared = isObject(node.properties) ? node.properties : {};
      const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
      node.required.forEach((r, i) => {
        // Own keys only: "constructor" or "toString" is not declared because every object inherits it.
        if (typeof r !== "string" || Object.hasOwn(declared, r)) return;
        if (patterns.some((p) => matches(p, r))) return;
        out.push({
          severity: "error",
          code: "schema/unsatisfiable-required",
          message: `"${r}" is required but not declared in properties, and additionalProperties is false: no config can be valid.`,
          ...at(doc, joinPointer(pointer, "required", i)),
          hint: `Declare "${r}" under properties, or fix the name in required.`,
        });
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
/** Past this many values, an enum is shown to the meta-schema as its first value only. */
const LONG_ENUM = 1000;

/**
 * The document with every long `enum` cut to its first value. The meta-schema asks of an enum
 * only that it is an array (with unique items, which the repairs report instead), and ajv checks
 * uniqueItems by comparing every pair: a 100,000-value enum took most of a minute. Copies only
 * the objects on the way to a long enum; the document itself when it has none.
 */
function withShortEnums(json: unknown): unknown {
  if (Array.isArray(json)) {
    const items = json.map(withShortEnums);
    return items.some((v, i) => v !== json[i]) ? items : json;
  }
  if (!isObject(json)) return json;
  let out: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(json)) {
    const next =
      key === "enum" && Array.isArray(value) && value.length > LONG_ENUM
        ? value.slice(0, 1)
        : withShortEnums(value);
    if (next !== value) {
      out ??= { ...json };
      Object.defineProperty(out, key, {
        value: next,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return out ?? json;
}

export function metaSchemaProblems(
  doc: SchemaDoc,
  draft: SourceDraft = doc.sourceDraft ?? doc.draft,
): Diagnostic[] {
  const validate = metaSchemaValidator(draft);
  // An enum long enough to matter (a thousand values) needs a file of some size.
  const whole = isObject(doc.json) ? { ...doc.json } : doc.json;
  const json = doc.source.text.length > 4096 ? withShortEnums(whole) : whole;
  if (isObject(json)) delete json.$schema;
  if (validate(json)) return [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const pointer = e.instancePath;
    // The loader explains these better: bad $refs, non-array examples, duplicate required and enum values (repairs.ts).
    if (
      /\/(examples|\$ref)$/.test(pointer) ||
      (/\/(required|enum)$/.test(pointer) && e.keyword === "uniqueItems")
    )
      continue;
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
