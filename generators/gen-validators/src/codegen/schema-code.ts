/**
 * The code of one schema object, in ajv's order (compile/validate/index.ts): the type check
 * (deferred to the group's `else` when one type has keywords of its own group, as ajv does), then
 * each group of keywords that the schema uses, the typed groups guarded by a check of the type.
 */
import type { Ctx, PathPart } from "./context.js";
import { emitError, emitTypeError } from "./errors.js";
import { escapeFragment, lit } from "./literal.js";
import { alwaysValid, checkKeywordValues, GROUPS, groupUsed, schemaTypes } from "./rules.js";
import { APPLICATOR_KEYWORDS } from "./applicator-keywords.js";
import { VALIDATION_KEYWORDS } from "./validation-keywords.js";

export type KeywordCode = (ctx: Ctx, groupType: string | undefined) => void;

const KEYWORDS: Record<string, KeywordCode> = { ...VALIDATION_KEYWORDS, ...APPLICATOR_KEYWORDS };

/** The condition that `data` is of `type` (ajv's checkDataType, strictNumbers on). */
export function typeCondition(type: string, data: string): string {
  switch (type) {
    case "null":
      return `${data} === null`;
    case "array":
      return `Array.isArray(${data})`;
    case "object":
      return `${data} && typeof ${data} == "object" && !Array.isArray(${data})`;
    case "integer":
      return `typeof ${data} == "number" && !(${data} % 1) && !isNaN(${data}) && isFinite(${data})`;
    case "number":
      return `typeof ${data} == "number" && isFinite(${data})`;
    default:
      return `typeof ${data} == ${JSON.stringify(type)}`;
  }
}

/** The condition that `data` is none of `types` (ajv's checkDataTypes with DataType.Wrong). */
export function wrongTypeCondition(types: readonly string[], data: string): string {
  if (types.length === 1) return `!(${typeCondition(types[0], data)})`;
  const set = new Set(types);
  const parts: string[] = [];
  if (set.has("array") && set.has("object")) {
    parts.push(
      set.has("null") ? `typeof ${data} != "object"` : `(!${data} || typeof ${data} != "object")`,
    );
    set.delete("null");
    set.delete("array");
    set.delete("object");
  }
  if (set.has("number")) set.delete("integer");
  for (const t of set) parts.push(`!(${typeCondition(t, data)})`);
  return parts.join(" && ");
}

/** Writes the checks of a schema object (ajv's typeAndKeywords). */
export function schemaObjectCode(ctx: Ctx): void {
  const { e, schema } = ctx;
  checkKeywordValues(schema);
  const types = schemaTypes(schema);
  const deferred =
    types.length === 1 && GROUPS.some((g) => g.type === types[0] && groupUsed(schema, g));
  const checkTypes = types.length > 0 && !deferred;
  if (checkTypes) {
    e.open(`if (${wrongTypeCondition(types, ctx.data)})`);
    emitTypeError(ctx);
    e.close();
  }
  for (const group of GROUPS) {
    if (!groupUsed(schema, group)) continue;
    const mark = e.mark();
    if (group.type) e.open(`if (${typeCondition(group.type, ctx.data)})`);
    for (const keyword of group.keywords)
      if (schema[keyword] !== undefined) KEYWORDS[keyword](ctx, group.type);
    if (group.type) {
      const typeErrorHere = deferred && types[0] === group.type;
      // A group whose keywords check nothing here (a string format in the number group).
      if (!typeErrorHere && e.dropIfEmpty(mark)) continue;
      if (typeErrorHere) {
        e.orElse();
        emitTypeError(ctx);
      }
      e.close();
    }
  }
}

export interface Sub {
  schema: unknown;
  /** Appended to the schemaPath: `/keyword` or `/keyword/<prop>`. */
  schemaPath: string;
  /** A new value: its variable, path part and property (for calls' parentDataProperty). */
  data?: { name: string; part?: PathPart; property: string };
  propertyName?: string;
  /** Whether the caller reads the result (else no count of errors is kept for it). */
  result?: boolean;
  /**
   * A schema read from elsewhere (an inlined `$ref` target): its expression for `verbose`, and
   * `schemaPath` then replaces the caller's instead of extending it.
   */
  inlined?: { schemaRef: string };
}

/** The expression of a subschema below `parent` at `schemaPath` (`/keyword[/member]`). */
function subschemaRef(parent: string, schemaPath: string): string {
  const [, keyword, member] = schemaPath.split("/");
  let ref = `${parent}[${lit(keyword)}]`;
  if (member !== undefined)
    ref += `[${lit(decodeURIComponent(member).replace(/~1/g, "/").replace(/~0/g, "~"))}]`;
  return ref;
}

/** The path segment of a keyword (and a member of it) in ajv's schemaPath. */
export function keywordPath(keyword: string, member?: string | number): string {
  return member === undefined ? `/${keyword}` : `/${keyword}/${escapeFragment(member)}`;
}

/**
 * Writes the checks of a subschema; with `result`, returns the expression of whether it passed
 * (a name bound right after its checks, or a constant for a boolean or empty schema).
 */
export function subschemaCode(ctx: Ctx, sub: Sub): string {
  const child: Ctx = {
    ...ctx,
    schema: sub.schema as Record<string, unknown>,
    schemaPath: sub.inlined ? sub.schemaPath : ctx.schemaPath + sub.schemaPath,
    schemaRef: !ctx.m.options.verbose
      ? ""
      : sub.inlined
        ? sub.inlined.schemaRef
        : subschemaRef(ctx.schemaRef, sub.schemaPath),
  };
  if (sub.data) {
    child.parentData = ctx.data;
    child.parentDataProperty = sub.data.property;
    child.data = sub.data.name;
    if (sub.data.part) child.path = [...ctx.path, sub.data.part];
  }
  if (sub.propertyName) child.propertyName = sub.propertyName;
  if (typeof sub.schema === "boolean" || alwaysValid(sub.schema)) {
    if (sub.schema !== false) return "true";
    emitError(child, {
      keyword: "false schema",
      params: "{}",
      message: JSON.stringify("boolean schema is false"),
      schemaValue: "false",
    });
    return "false";
  }
  const { e } = ctx;
  if (!sub.result) {
    schemaObjectCode(child);
    return "";
  }
  const count = e.name("_errs");
  e.line(`const ${count} = errors;`);
  schemaObjectCode(child);
  const valid = e.name("_valid");
  e.line(`const ${valid} = ${count} === errors;`);
  return valid;
}
