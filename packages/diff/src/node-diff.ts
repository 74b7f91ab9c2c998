import {
  CHECKED_FORMATS,
  isObject,
  isSecret,
  typesOf,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { at, jsonEqual, keywordAt, resolve, type Effective, type Loc } from "./resolve.js";
import {
  compareLower,
  compareUpper,
  LENGTH_BOUNDS,
  lengthBounds,
  multipleCovers,
  numberBounds,
  showBound,
} from "./bounds.js";
import { patternCounterexample } from "./patterns.js";
import type { ChangeKind, Verdict } from "./types.js";
import { diffBranches } from "./branches.js";
import { diffItems, itemsOpened } from "./tuples.js";
import { diffConditional, diffDependencies, diffNot } from "./conditions.js";
import { diffPatternProperties } from "./pattern-properties.js";
import { diffAllOf } from "./all-of.js";
import { patternMatches } from "./old-values.js";

/** One change found between two nodes; `instancePath` is relative to the nodes compared. */
export interface NodeChange {
  kind: ChangeKind;
  verdict: Verdict;
  reason: string;
  instancePath: string;
  before?: Loc;
  after?: Loc;
  /** When `after` is missing because the node is gone: the nearest node of the new schema that holds where it was. */
  near?: Loc;
  /**
   * A breaking verdict about what a config means (a default, a secret marker, a property no
   * longer read), not about whether it is valid: `subset.ts` leaves it out when it asks whether
   * every value one schema accepts the other accepts too.
   */
  meaningOnly?: boolean;
}

/** The two trees and what has been compared already: a shared definition is compared once. */
export interface DiffContext {
  before: SchemaModel;
  after: SchemaModel;
  memo: Map<string, NodeChange[]>;
  /** Pairs being compared (recursive schemas stop where they come back). */
  stack: Set<string>;
  /** The same trees the other way round (after as before), for asking whether a new schema accepts less: see `subset.ts`. */
  reverse?: DiffContext;
}

const TYPES = ["null", "boolean", "object", "array", "number", "string"];

/** Keywords that describe a value without constraining it (a change is documentation). */
const DOC_KEYWORDS = [
  "title",
  "description",
  "examples",
  "$comment",
  "deprecated",
  "readOnly",
  "order",
  "group",
  "groups",
  "always_show",
  "hidden",
  "airbyte_hidden",
  "multiline",
  "pattern_descriptor",
  "display_type",
];

/** Changes that are breaking for what a config means, never for whether it is valid. */
const MEANING_ONLY = new Set<ChangeKind>([
  "default-changed",
  "default-removed",
  "secret-removed",
  "doc-changed",
]);

/** Keywords this diff does not analyse: a change to one of them is reported as unknown. */
const UNANALYSED = [
  "propertyNames",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedProperties",
  "unevaluatedItems",
  "contentMediaType",
  "contentEncoding",
];

/** Formats a validator accepts anything for: a change between them changes nothing a config must be. */
const UNCHECKED_FORMATS = new Set(["password", "binary"]);
const checks = (format: unknown): format is string =>
  typeof format === "string" && CHECKED_FORMATS.has(format) && !UNCHECKED_FORMATS.has(format);

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);
const quoted = (names: string[]) => names.map((n) => JSON.stringify(n)).join(", ");

/**
 * The key of a pair of places, for the memo and the recursion guard: where the `$ref`s lead, so
 * a definition reached from many places is compared once. A `$ref` with keywords beside it is
 * keyed by its own place too: changes of those keywords are located there.
 */
function pairKey(b: Effective, a: Effective): string {
  const side = (e: Effective) =>
    `${e.target.doc.path}#${e.target.pointer}${e.viaRef && Object.keys(e.siblings).length > 0 ? `@${e.holder.doc.path}#${e.holder.pointer}` : ""}${e.target.virtual ? "~" : ""}`;
  return `${side(b)}|${side(a)}`;
}

/** Every change between two schema nodes, from the point of view of a value valid under `b`. */
export function diffNode(ctx: DiffContext, b: Loc, a: Loc): NodeChange[] {
  const B = resolve(ctx.before, b);
  const A = resolve(ctx.after, a);
  const key = pairKey(B, A);
  const memoised = ctx.memo.get(key);
  if (memoised) return memoised;
  if (ctx.stack.has(key)) return []; // a recursive schema, compared where it started
  ctx.stack.add(key);
  try {
    const changes = compare(ctx, B, A);
    ctx.memo.set(key, changes);
    return changes;
  } finally {
    ctx.stack.delete(key);
  }
}

/** Prefixes the instance paths of a child's changes. */
export function under(prefix: string, changes: NodeChange[]): NodeChange[] {
  return changes.map((c) => ({ ...c, instancePath: prefix + c.instancePath }));
}

const escapeName = (name: string) => "/" + name.replace(/~/g, "~0").replace(/\//g, "~1");

function compare(ctx: DiffContext, B: Effective, A: Effective): NodeChange[] {
  const out: NodeChange[] = [];
  const add = (
    kind: ChangeKind,
    verdict: Verdict,
    reason: string,
    keyword?: string,
    beforeKeyword = keyword,
  ) =>
    out.push({
      kind,
      verdict,
      reason,
      instancePath: "",
      before: B.holder.virtual ? undefined : keywordAt(B, beforeKeyword),
      after: A.holder.virtual ? undefined : keywordAt(A, keyword),
      // A node that is gone stands at its parent, which is written.
      ...(A.holder.virtual ? { near: { doc: A.holder.doc, pointer: A.holder.pointer } } : {}),
      ...(MEANING_ONLY.has(kind) ? { meaningOnly: true } : {}),
    });
  // Nothing was valid here: no config can break.
  if (B.node === false) return out;
  if (A.node === false) {
    add("type-narrowed", "breaking", "The schema is now `false`: no value is accepted here.");
    return out;
  }
  const b = B.node;
  const a = A.node;
  const secret = isSecret(b) || isSecret(a);

  // Documentation.
  const docChanged = DOC_KEYWORDS.filter((k) => !jsonEqual(b[k], a[k]));
  if (docChanged.length > 0)
    add(
      "doc-changed",
      "compatible",
      `Documentation changed (${docChanged.join(", ")}); what a config must be is the same.`,
      docChanged[0],
    );

  // Secret marker.
  if (isSecret(b) && !isSecret(a))
    add(
      "secret-removed",
      "breaking",
      "No longer marked secret: a value saved as a secret would now be shown, logged and stored in plain text.",
    );
  if (!isSecret(b) && isSecret(a))
    add(
      "secret-added",
      "compatible",
      "Now marked secret: the value is redacted and stored encrypted; a config stays valid.",
    );

  // Default.
  if ("default" in b || "default" in a) {
    const value = (v: unknown) => (secret ? "(a secret's value, not shown)" : show(v));
    if (!("default" in a))
      add(
        "default-removed",
        "breaking",
        `The default ${value(b.default)} was removed: a config that left the field out no longer gets it.`,
        undefined,
        "default",
      );
    else if (!("default" in b))
      add(
        "default-added",
        "compatible",
        `A default ${value(a.default)} was added: a config that leaves the field out is still valid.`,
        "default",
      );
    else if (!jsonEqual(a.default, b.default))
      add(
        "default-changed",
        "breaking",
        `The default changed from ${value(b.default)} to ${value(a.default)}: a config that left the field out now means something else.`,
        "default",
      );
  }

  // Types. What an old value may be: its declared types, or the types of its enum/const values.
  const bTypes = typesOf(b);
  const aTypes = typesOf(a);
  const literals = "const" in b ? [b.const] : Array.isArray(b.enum) ? b.enum : undefined;
  const oldTypes = literals
    ? [...new Set(literals.map(typeOfValue))]
    : bTypes.length > 0
      ? bTypes
      : TYPES;
  const mayBe = (t: string) =>
    oldTypes.includes(t) ||
    (t === "integer" && oldTypes.includes("number")) ||
    (t === "number" && oldTypes.includes("integer"));
  if (aTypes.length > 0) {
    const covered = (t: string) =>
      aTypes.includes(t) || (t === "integer" && aTypes.includes("number"));
    const lost = oldTypes.filter(
      (t) =>
        !covered(t) &&
        !(
          literals &&
          t === "number" &&
          aTypes.includes("integer") &&
          literals.every((v) => typeof v !== "number" || Number.isInteger(v))
        ),
    );
    if (lost.length > 0)
      add(
        "type-narrowed",
        "breaking",
        `Values of type ${lost.join(", ")} were valid and are now rejected (type ${bTypes.length ? bTypes.join("|") : "any"} → ${aTypes.join("|")}).`,
        "type",
      );
  }
  if (
    bTypes.length > 0 &&
    (aTypes.length === 0 ||
      aTypes.some((t) => !bTypes.includes(t) && !(t === "integer" && bTypes.includes("number"))))
  )
    add(
      "type-widened",
      "compatible",
      `More types are accepted (type ${bTypes.join("|")} → ${aTypes.length ? aTypes.join("|") : "any"}).`,
      "type",
      "type",
    );

  // enum and const.
  const aLiterals = "const" in a ? [a.const] : Array.isArray(a.enum) ? a.enum : undefined;
  const literalKeyword = "const" in a ? "const" : "enum";
  if (aLiterals) {
    if (!literals)
      add(
        "enum-narrowed",
        "breaking",
        `Only ${secret ? "some values" : aLiterals.map(show).join(", ")} ${aLiterals.length === 1 ? "is" : "are"} accepted now; any value of the type was before.`,
        literalKeyword,
      );
    else {
      const removed = literals.filter((v) => !aLiterals.some((w) => jsonEqual(v, w)));
      const added = aLiterals.filter((v) => !literals.some((w) => jsonEqual(v, w)));
      if (removed.length > 0) {
        const what = secret ? `${removed.length} value(s)` : removed.map(show).join(", ");
        if ("const" in a && "const" in b)
          add(
            "const-changed",
            "breaking",
            `The constant changed from ${show(b.const)} to ${show(a.const)}.`,
            "const",
          );
        else
          add(
            "enum-narrowed",
            "breaking",
            `${what} ${removed.length === 1 ? "is" : "are"} no longer accepted.`,
            literalKeyword,
          );
      } else if (added.length > 0)
        add(
          "enum-widened",
          "compatible",
          `${secret ? `${added.length} value(s)` : added.map(show).join(", ")} ${added.length === 1 ? "is" : "are"} accepted too.`,
          literalKeyword,
        );
    }
  } else if (literals)
    add(
      "enum-widened",
      "compatible",
      `The value is no longer limited to ${secret ? "a list" : literals.map(show).join(", ")}.`,
      undefined,
      "const" in b ? "const" : "enum",
    );

  // Ranges.
  if (mayBe("number") || mayBe("integer")) {
    const integer = (t: string[]) => t.length > 0 && t.every((x) => x === "integer");
    const bb = numberBounds(b, integer(oldTypes));
    const ab = numberBounds(a, integer(oldTypes));
    rangeChange(
      add,
      "value",
      compareLower(bb.lower, ab.lower),
      showBound(bb.lower, true),
      showBound(ab.lower, true),
      "exclusiveMinimum" in a ? "exclusiveMinimum" : "minimum",
    );
    rangeChange(
      add,
      "value",
      compareUpper(bb.upper, ab.upper),
      showBound(bb.upper, false),
      showBound(ab.upper, false),
      "exclusiveMaximum" in a ? "exclusiveMaximum" : "maximum",
    );
    const bm = typeof b.multipleOf === "number" ? b.multipleOf : undefined;
    const am = typeof a.multipleOf === "number" ? a.multipleOf : undefined;
    if (am !== undefined && am !== bm) {
      if (bm !== undefined && multipleCovers(bm, am))
        add(
          "range-widened",
          "compatible",
          `multipleOf ${bm} → ${am}: every multiple of ${bm} is a multiple of ${am}.`,
          "multipleOf",
        );
      else
        add(
          "range-narrowed",
          "breaking",
          `multipleOf ${bm ?? "none"} → ${am}: values that are not multiples of ${am} are now rejected.`,
          "multipleOf",
        );
    } else if (am === undefined && bm !== undefined)
      add("range-widened", "compatible", `multipleOf ${bm} was removed.`, undefined, "multipleOf");
  }
  const typeOfBound = { minLength: "string", minItems: "array", minProperties: "object" } as const;
  for (const [min, max, what] of LENGTH_BOUNDS) {
    if (!mayBe(typeOfBound[min])) continue;
    const bb = lengthBounds(b, min, max);
    const ab = lengthBounds(a, min, max);
    rangeChange(
      add,
      what,
      compareLower(bb.lower, ab.lower),
      showBound(bb.lower, true),
      showBound(ab.lower, true),
      min,
    );
    rangeChange(
      add,
      what,
      compareUpper(bb.upper, ab.upper),
      showBound(bb.upper, false),
      showBound(ab.upper, false),
      max,
    );
  }

  // Strings: pattern and format.
  if (mayBe("string")) {
    const bp = typeof b.pattern === "string" ? b.pattern : undefined;
    const ap = typeof a.pattern === "string" ? a.pattern : undefined;
    if (ap !== undefined && ap !== bp) {
      if (bp === undefined)
        add(
          "pattern-changed",
          "breaking",
          `A pattern was added: strings that do not match ${show(ap)} were valid and are now rejected.`,
          "pattern",
        );
      else {
        const counter = patternCounterexample(bp, ap, b);
        if (counter !== undefined)
          add(
            "pattern-changed",
            "breaking",
            `The pattern changed from ${show(bp)} to ${show(ap)}: ${secret ? "a value" : show(counter)} matched the old pattern and does not match the new one.`,
            "pattern",
          );
        else
          add(
            "pattern-changed",
            "unknown",
            `The pattern changed from ${show(bp)} to ${show(ap)}; no string generated from the old pattern fails the new one, but whether the new one accepts every string the old one did is not decided.`,
            "pattern",
          );
      }
    } else if (ap === undefined && bp !== undefined)
      add(
        "pattern-changed",
        "compatible",
        `The pattern ${show(bp)} was removed.`,
        undefined,
        "pattern",
      );
    if (a.format !== b.format) {
      if (checks(a.format))
        add(
          "format-changed",
          "breaking",
          `Strings are now checked as format ${show(a.format)}${checks(b.format) ? ` instead of ${show(b.format)}` : ""}: values that are not were valid and are now rejected.`,
          "format",
        );
      else
        add(
          "format-changed",
          "compatible",
          `Format ${show(b.format ?? "none")} → ${show(a.format ?? "none")}: ${checks(b.format) ? "the old format is no longer checked" : "neither is checked by the validators"}.`,
          "format" in a ? "format" : undefined,
          "format",
        );
    }
  }

  if (mayBe("object")) {
    out.push(...diffObject(ctx, B, A, add));
    out.push(...diffPatternProperties(ctx, B, A));
    out.push(...diffDependencies(ctx, B, A));
  }
  if (mayBe("array")) out.push(...diffArray(ctx, B, A, add));
  out.push(...diffBranches(ctx, B, A, add));
  diffNot(ctx, B, A, add);
  out.push(...diffConditional(ctx, B, A, add));

  out.push(...diffAllOf(ctx, B, A));

  for (const k of UNANALYSED) {
    if (jsonEqual(b[k], a[k])) continue;
    if (!(k in a))
      add(
        "keyword-changed",
        "compatible",
        `\`${k}\` was removed: a constraint less.`,
        undefined,
        k,
      );
    else
      add(
        "keyword-changed",
        "unknown",
        `\`${k}\` ${k in b ? "changed" : "was added"}; this keyword is not analysed, so whether old configs still pass is not decided.`,
        k,
      );
  }
  return out;
}

type Add = (
  kind: ChangeKind,
  verdict: Verdict,
  reason: string,
  keyword?: string,
  beforeKeyword?: string,
) => void;

function rangeChange(
  add: Add,
  what: string,
  direction: -1 | 0 | 1,
  before: string,
  after: string,
  keyword: string,
): void {
  if (direction === -1)
    add(
      "range-narrowed",
      "breaking",
      before === "none"
        ? `The ${what} must now be ${after}: values that are not were valid and are now rejected.`
        : `The ${what} bound changed from ${before} to ${after}: values between them were valid and are now rejected.`,
      keyword,
    );
  else if (direction === 1)
    add(
      "range-widened",
      "compatible",
      after === "none"
        ? `The ${what} bound ${before} was removed.`
        : `The ${what} bound changed from ${before} to ${after}.`,
      after === "none" ? undefined : keyword,
      keyword,
    );
}

function typeOfValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const closed = (n: JsonObject) => n.additionalProperties === false;

function diffObject(ctx: DiffContext, B: Effective, A: Effective, add: Add): NodeChange[] {
  const out: NodeChange[] = [];
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const bProps = isObject(b.properties) ? b.properties : {};
  const aProps = isObject(a.properties) ? a.properties : {};
  const bReq = new Set(
    Array.isArray(b.required) ? b.required.filter((r): r is string => typeof r === "string") : [],
  );
  const aReq = new Set(
    Array.isArray(a.required) ? a.required.filter((r): r is string => typeof r === "string") : [],
  );
  const bAdditional = b.additionalProperties;
  const aAdditional = a.additionalProperties;
  const child = (name: string, changes: NodeChange[]) =>
    out.push(...under(escapeName(name), changes));

  for (const name of Object.keys(bProps)) {
    if (Object.hasOwn(aProps, name)) {
      child(name, diffNode(ctx, at(B, "properties", name), at(A, "properties", name)));
      continue;
    }
    const removed = (verdict: Verdict, why: string, meaningOnly = false) =>
      out.push({
        kind: "property-removed",
        verdict,
        reason: `${JSON.stringify(name)} was removed: ${why}`,
        instancePath: escapeName(name),
        before: at(B, "properties", name),
        after: keywordAt(A, "properties" in a ? "properties" : undefined),
        ...(meaningOnly ? { meaningOnly } : {}),
      });
    // Patterns of the new schema may accept the name (its value must then match each of them).
    const patterns = Object.keys(isObject(a.patternProperties) ? a.patternProperties : {}).filter(
      (p) => patternMatches(p, name),
    );
    if (patterns.length > 0) {
      removed(
        "compatible",
        `a config that sets it is still accepted by patternProperties ${patterns.map((p) => JSON.stringify(p)).join(", ")}, compared below.`,
      );
      for (const pattern of patterns)
        child(name, diffNode(ctx, at(B, "properties", name), at(A, "patternProperties", pattern)));
    } else if (closed(a))
      removed("breaking", "a config that sets it is now rejected (additionalProperties is false).");
    else if (isObject(aAdditional)) {
      removed(
        "compatible",
        "a config that sets it is still accepted by additionalProperties, compared below.",
      );
      child(name, diffNode(ctx, at(B, "properties", name), at(A, "additionalProperties")));
    } else
      removed(
        "breaking",
        "a config that sets it is still accepted (the object allows other properties), but the value is no longer read: the config means something else.",
        true,
      );
  }
  for (const name of Object.keys(aProps)) {
    if (Object.hasOwn(bProps, name)) continue;
    const required = aReq.has(name);
    if (required) {
      const hasDefault = (() => {
        const p = resolve(ctx.after, at(A, "properties", name)).node;
        return p !== false && "default" in p;
      })();
      out.push({
        kind: "required-added",
        verdict: "breaking",
        reason: `${JSON.stringify(name)} is new and required: a config without it is rejected${hasDefault ? " (its default does not help: validators do not fill defaults in; a migration that sets it would)" : ""}.`,
        instancePath: escapeName(name),
        after: at(A, "properties", name),
      });
    } else
      out.push({
        kind: "optional-added",
        verdict: "compatible",
        reason: `${JSON.stringify(name)} is new and optional.`,
        instancePath: escapeName(name),
        after: at(A, "properties", name),
      });
    // A config could already hold this name when the old schema said what other properties may be.
    const oldPattern = Object.keys(isObject(b.patternProperties) ? b.patternProperties : {}).find(
      (p) => patternMatches(p, name),
    );
    if (oldPattern !== undefined)
      child(name, diffNode(ctx, at(B, "patternProperties", oldPattern), at(A, "properties", name)));
    else if (isObject(bAdditional))
      child(name, diffNode(ctx, at(B, "additionalProperties"), at(A, "properties", name)));
  }
  const becameRequired = [...aReq].filter(
    (n) => !bReq.has(n) && (Object.hasOwn(bProps, n) || !Object.hasOwn(aProps, n)),
  );
  for (const name of becameRequired)
    out.push({
      kind: "required-added",
      verdict: "breaking",
      reason: `${JSON.stringify(name)} is now required: a config without it is rejected.`,
      instancePath: escapeName(name),
      before: Object.hasOwn(bProps, name) ? at(B, "properties", name) : undefined,
      after: keywordAt(A, "required"),
    });
  const noLongerRequired = [...bReq].filter(
    (n) => !aReq.has(n) && (Object.hasOwn(aProps, n) || !closed(a)),
  );
  if (noLongerRequired.length > 0)
    add(
      "required-removed",
      "compatible",
      `${quoted(noLongerRequired)} ${noLongerRequired.length === 1 ? "is" : "are"} no longer required.`,
      "required" in a ? "required" : undefined,
      "required",
    );

  if (aAdditional === false && bAdditional !== false)
    add(
      "additional-properties-closed",
      "breaking",
      "additionalProperties is now false: a config with a property the schema does not declare was valid and is now rejected.",
      "additionalProperties",
    );
  else if (bAdditional === false && aAdditional !== false)
    add(
      "additional-properties-opened",
      "compatible",
      "additionalProperties is no longer false: properties the schema does not declare are accepted.",
      "additionalProperties" in a ? "additionalProperties" : undefined,
      "additionalProperties",
    );
  else if (isObject(aAdditional) && !isObject(bAdditional))
    add(
      "additional-properties-closed",
      "breaking",
      "additionalProperties is now a schema: undeclared properties that were accepted as anything must now match it.",
      "additionalProperties",
    );
  else if (isObject(bAdditional) && isObject(aAdditional))
    out.push(
      ...under("/*", diffNode(ctx, at(B, "additionalProperties"), at(A, "additionalProperties"))),
    );
  else if (isObject(bAdditional) && aAdditional === undefined)
    add(
      "additional-properties-opened",
      "compatible",
      "additionalProperties no longer constrains undeclared properties.",
      undefined,
      "additionalProperties",
    );
  return out;
}

function diffArray(ctx: DiffContext, B: Effective, A: Effective, add: Add): NodeChange[] {
  const b = B.node as JsonObject;
  const a = A.node as JsonObject;
  const out: NodeChange[] = diffItems(ctx, B, A, add);
  itemsOpened(B, A, add);
  if (a.uniqueItems === true && b.uniqueItems !== true)
    add(
      "unique-items-added",
      "breaking",
      "Items must now be unique: an array with a repeated item was valid and is now rejected.",
      "uniqueItems",
    );
  else if (b.uniqueItems === true && a.uniqueItems !== true)
    add(
      "keyword-changed",
      "compatible",
      "Items no longer need to be unique.",
      undefined,
      "uniqueItems",
    );
  return out;
}
