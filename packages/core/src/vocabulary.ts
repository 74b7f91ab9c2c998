import { isObject, type JsonObject } from "./walk.js";

/**
 * The onespec dialect: standard JSON Schema plus a few annotation keywords, with the spellings
 * of peers (Airbyte, OpenMetadata) understood so their specs work unchanged.
 */
export const DIALECT_KEYWORDS: Record<
  string,
  "boolean" | "number" | "string" | "array" | "object"
> = {
  secret: "boolean",
  order: "number",
  group: "string",
  groups: "array",
  always_show: "boolean",
  hidden: "boolean",
  multiline: "boolean",
  pattern_descriptor: "string",
  // peers
  airbyte_secret: "boolean",
  airbyte_hidden: "boolean",
  mask: "boolean",
  display_type: "string",
};

/** Keywords a JSON Schema draft-07 / 2020-12 validator or annotator understands. */
export const STANDARD_KEYWORDS = new Set([
  "$schema",
  "$id",
  "$ref",
  "$comment",
  "$defs",
  "$anchor",
  "$dynamicRef",
  "$dynamicAnchor",
  "$vocabulary",
  "$recursiveRef",
  "$recursiveAnchor",
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "type",
  "enum",
  "const",
  "format",
  "contentMediaType",
  "contentEncoding",
  "contentSchema",
  "multipleOf",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "items",
  "additionalItems",
  "prefixItems",
  "maxItems",
  "minItems",
  "uniqueItems",
  "contains",
  "maxContains",
  "minContains",
  "unevaluatedItems",
  "maxProperties",
  "minProperties",
  "required",
  "properties",
  "patternProperties",
  "additionalProperties",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "propertyNames",
  "unevaluatedProperties",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "definitions",
  "discriminator",
]);

/**
 * A schema node without the values a secret must never carry into generated code: its `default`
 * and `examples` would be a credential written into forms, validators, docs and fixtures
 * (`check` reports them as lint/secret-with-value). Other nodes come back as they are.
 */
export function withoutSecretValues<T>(schema: T): T {
  if (!isSecret(schema)) return schema;
  const node = schema as Record<string, unknown>;
  if (!("default" in node) && !("examples" in node)) return schema;
  const { default: _default, examples: _examples, ...rest } = node;
  return rest as T;
}

export function isSecret(schema: unknown): boolean {
  if (!isObject(schema)) return false;
  return (
    schema.secret === true ||
    schema.writeOnly === true ||
    schema.airbyte_secret === true ||
    schema.mask === true ||
    schema.format === "password"
  );
}

export function isHidden(schema: unknown): boolean {
  return isObject(schema) && (schema.hidden === true || schema.airbyte_hidden === true);
}

export function isMultiline(schema: unknown): boolean {
  return isObject(schema) && schema.multiline === true;
}

export function orderOf(schema: unknown): number | undefined {
  return isObject(schema) && typeof schema.order === "number" ? schema.order : undefined;
}

export function groupOf(schema: unknown): string | undefined {
  return isObject(schema) && typeof schema.group === "string" ? schema.group : undefined;
}

export interface GroupDecl {
  id: string;
  title: string;
}

export function groupsOf(root: unknown): GroupDecl[] {
  if (!isObject(root) || !Array.isArray(root.groups)) return [];
  return root.groups
    .filter(isObject)
    .filter((g): g is JsonObject & { id: string } => typeof g.id === "string")
    .map((g) => ({ id: g.id, title: typeof g.title === "string" ? g.title : g.id }));
}

/** Types listed by a schema's `type` keyword. */
export function typesOf(schema: JsonObject): string[] {
  if (typeof schema.type === "string") return [schema.type];
  if (Array.isArray(schema.type))
    return schema.type.filter((t): t is string => typeof t === "string");
  return [];
}

/** Formats the generated validators check (ajv-formats' full set). Others are annotations. */
export const CHECKED_FORMATS = new Set([
  "date",
  "time",
  "date-time",
  "iso-time",
  "iso-date-time",
  "duration",
  "uri",
  "uri-reference",
  "uri-template",
  "url",
  "email",
  "hostname",
  "ipv4",
  "ipv6",
  "regex",
  "uuid",
  "json-pointer",
  "json-pointer-uri-fragment",
  "relative-json-pointer",
  "byte",
  "int32",
  "int64",
  "float",
  "double",
  "password",
  "binary",
]);
