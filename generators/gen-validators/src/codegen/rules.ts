/**
 * ajv's draft-07 rules as `createAjv` registers them (core, validation, applicator, format and
 * metadata vocabularies, `discriminator: true`, ajv-formats, the onespec dialect), in the order
 * ajv runs them: the keywords that apply to any value, then one group per data type, each group
 * guarded by a check of the type (ajv's RULES.rules, compile/rules.ts). Errors come out in this
 * order, so it is part of the behaviour being reproduced.
 */
import { DIALECT_KEYWORDS, STANDARD_KEYWORDS, isAjvKeywordName } from "@onespec/core";
import { unsupported } from "./unsupported.js";

export type GroupType = "number" | "string" | "array" | "object";

export interface RuleGroup {
  type?: GroupType;
  keywords: readonly string[];
}

/** Keywords with code, by group, in ajv's order (then/else run inside `if`). */
export const GROUPS: readonly RuleGroup[] = [
  { keywords: ["$ref", "const", "enum", "not", "anyOf", "oneOf", "allOf", "if"] },
  {
    type: "number",
    keywords: [
      "maximum",
      "minimum",
      "exclusiveMaximum",
      "exclusiveMinimum",
      "multipleOf",
      "format",
    ],
  },
  { type: "string", keywords: ["maxLength", "minLength", "pattern", "format"] },
  {
    type: "array",
    keywords: ["maxItems", "minItems", "additionalItems", "items", "contains", "uniqueItems"],
  },
  {
    type: "object",
    keywords: [
      "maxProperties",
      "minProperties",
      "required",
      "propertyNames",
      "additionalProperties",
      "dependencies",
      "properties",
      "patternProperties",
      "discriminator",
    ],
  },
];

/** Keywords ajv knows that have code this compiler does not reproduce: such a schema goes to ajv. */
export const UNSUPPORTED_KEYWORDS = new Set([
  "id",
  "$async",
  "formatMaximum",
  "formatMinimum",
  "formatExclusiveMaximum",
  "formatExclusiveMinimum",
]);

/** ajv's `schemaType` of each keyword it registers: another value makes ajv refuse the schema. */
const SCHEMA_TYPES = new Map<string, readonly string[]>(
  Object.entries({
    $ref: ["string"],
    type: ["string", "array"],
    nullable: ["boolean"],
    enum: ["array"],
    not: ["object", "boolean"],
    anyOf: ["array"],
    oneOf: ["array"],
    allOf: ["array"],
    if: ["object", "boolean"],
    then: ["object", "boolean"],
    else: ["object", "boolean"],
    maximum: ["number"],
    minimum: ["number"],
    exclusiveMaximum: ["number"],
    exclusiveMinimum: ["number"],
    multipleOf: ["number"],
    format: ["string"],
    maxLength: ["number"],
    minLength: ["number"],
    pattern: ["string"],
    maxItems: ["number"],
    minItems: ["number"],
    additionalItems: ["boolean", "object"],
    items: ["object", "array", "boolean"],
    contains: ["object", "boolean"],
    uniqueItems: ["boolean"],
    maxProperties: ["number"],
    minProperties: ["number"],
    required: ["array"],
    propertyNames: ["object", "boolean"],
    additionalProperties: ["boolean", "object"],
    dependencies: ["object"],
    properties: ["object"],
    patternProperties: ["object"],
    discriminator: ["object"],
    ...Object.fromEntries(Object.entries(DIALECT_KEYWORDS).map(([k, t]) => [k, [t as string]])),
  }),
);

/** ajv's validSchemaType (compile/validate/keyword.ts). */
export function validSchemaType(keyword: string, value: unknown): boolean {
  const types = SCHEMA_TYPES.get(keyword);
  if (!types) return true;
  if (value === undefined && keyword === "additionalProperties") return true;
  return types.some((t) =>
    t === "array"
      ? Array.isArray(value)
      : t === "object"
        ? value !== null && typeof value === "object" && !Array.isArray(value)
        : typeof value === t,
  );
}

const CODE_KEYWORDS = new Set(GROUPS.flatMap((g) => g.keywords));

/** ajv's other draft-07 rules: keywords it registers without code. */
const SILENT_RULES = new Set(["$comment", "type", "nullable", "then", "else"]);

/**
 * Whether ajv has a rule for `keyword` (its RULES.all): its own keywords, the dialect's, and the
 * vendor keywords model-ajv.ts registers (any other name ajv accepts that is not standard).
 */
export function isRule(keyword: string): boolean {
  return (
    CODE_KEYWORDS.has(keyword) ||
    SILENT_RULES.has(keyword) ||
    UNSUPPORTED_KEYWORDS.has(keyword) ||
    keyword in DIALECT_KEYWORDS ||
    (!STANDARD_KEYWORDS.has(keyword) && isAjvKeywordName(keyword))
  );
}

/** ajv's own rules (RULES.all of a plain ajv with ajv-formats and `discriminator: true`). */
export function isPlainAjvRule(keyword: string): boolean {
  // Keywords ajv or a caller add by name only ($async, metadata, vendor keywords) have no rule.
  return (
    CODE_KEYWORDS.has(keyword) ||
    SILENT_RULES.has(keyword) ||
    (UNSUPPORTED_KEYWORDS.has(keyword) && keyword !== "$async")
  );
}

/** A keyword whose presence runs code (only these can make a value invalid). */
export function hasCode(keyword: string): boolean {
  return CODE_KEYWORDS.has(keyword);
}

/**
 * Whether a subschema accepts every value without a word (ajv's alwaysValidSchema, up to
 * keywords with no code, which ajv runs but which never fail).
 */
export function alwaysValid(schema: unknown): boolean {
  if (typeof schema === "boolean") return schema;
  checkKeywordValues(schema);
  // A type is checked before any keyword runs, though ajv has no code for the keyword itself.
  if (schemaTypes(schema).length > 0) return false;
  for (const key in schema as object) if (hasCode(key) && schema[key] !== undefined) return false;
  return true;
}

/** Whether a group has a keyword present in the schema (ajv's shouldUseGroup). */
export function groupUsed(schema: Record<string, unknown>, group: RuleGroup): boolean {
  return group.keywords.some((k) => schema[k] !== undefined);
}

const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "null", "object", "array"]);

/** The types a schema allows (ajv's getSchemaTypes, with `nullable`); [] when it says none. */
export function schemaTypes(schema: Record<string, unknown>): string[] {
  const t = schema.type;
  const types = Array.isArray(t) ? [...(t as unknown[])] : t ? [t] : [];
  if (!types.every((x) => typeof x === "string" && JSON_TYPES.has(x)))
    unsupported("type is not a JSON type or a list of them");
  const list = types as string[];
  if (list.includes("null")) {
    if (schema.nullable === false) unsupported("type null contradicts nullable: false");
  } else {
    if (!list.length && schema.nullable !== undefined) unsupported("nullable without type");
    if (schema.nullable === true) list.push("null");
  }
  return list;
}

/**
 * What ajv refuses to compile in a schema object's own keywords (a value of the wrong type, a
 * keyword it does not support), and what this compiler does not reproduce: either way the
 * schema goes to ajv, which compiles it or says why not.
 */
export function checkKeywordValues(schema: unknown): asserts schema is Record<string, unknown> {
  if (schema === null || typeof schema !== "object" || Array.isArray(schema))
    unsupported("a subschema is neither an object nor a boolean");
  const s = schema as Record<string, unknown>;
  for (const key in s) {
    if (UNSUPPORTED_KEYWORDS.has(key)) unsupported(`keyword ${key}`);
    if (s[key] !== undefined && !validSchemaType(key, s[key]))
      unsupported(`${key} has a value of the wrong type`);
  }
  schemaTypes(s);
}

const REF_KEYWORDS = new Set([
  "$ref",
  "$recursiveRef",
  "$recursiveAnchor",
  "$dynamicRef",
  "$dynamicAnchor",
]);

/** Whether a schema has a reference keyword anywhere in it (ajv's hasRef, compile/resolve.ts). */
export function hasRefKeyword(schema: object): boolean {
  for (const key in schema) {
    if (REF_KEYWORDS.has(key)) return true;
    const sch = (schema as Record<string, unknown>)[key];
    if (
      Array.isArray(sch) &&
      sch.some((x) => x !== null && typeof x === "object" && hasRefKeyword(x))
    )
      return true;
    if (sch !== null && typeof sch == "object" && hasRefKeyword(sch)) return true;
  }
  return false;
}
