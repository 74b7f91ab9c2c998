/**
 * The keywords that apply subschemas (ajv's vocabularies/applicator, core/ref and
 * discriminator), with ajv's order of evaluation, its short cuts (a oneOf stops at the second
 * passing branch, an anyOf at the first) and what it keeps of the subschemas' errors.
 */
import { instancePathCode, propertyPart, type Ctx } from "./context.js";
import { emitError, resetErrors } from "./errors.js";
import { lit } from "./literal.js";
import { alwaysValid, hasRefKeyword } from "./rules.js";
import { keywordPath, subschemaCode, type KeywordCode } from "./schema-code.js";
import { unsupported } from "./unsupported.js";
import { missingCondition, patternConstant, presentCondition } from "./validation-keywords.js";

/** `for (const key in data)`, or over own keys with ajv's ownProperties. */
function forKeys(ctx: Ctx, key: string): string {
  return ctx.m.ownProperties
    ? `for (const ${key} of Object.keys(${ctx.data}))`
    : `for (const ${key} in ${ctx.data})`;
}

/** The names of a map keyword ajv iterates (it skips `__proto__`). */
function mapKeys(value: unknown): string[] {
  return Object.keys(value as object).filter((k) => k !== "__proto__");
}

const ref: KeywordCode = (ctx) => {
  const written = ctx.schema.$ref as string;
  const target =
    ctx.m.options.relativeRefs && written.startsWith("#") ? ctx.base + written : written;
  // ajv inlines a boolean target whatever inlineRefs says, its errors under the $ref as written.
  const resolved = ctx.m.resolve(target);
  if (typeof resolved === "boolean") {
    if (!target.includes("#")) unsupported("$ref to a boolean document");
    if (!resolved)
      emitError(ctx, {
        keyword: "false schema",
        params: "{}",
        message: lit("boolean schema is false"),
        schemaPath: `${written}/false schema`,
        schemaValue: "false",
        parentSchema: "false",
      });
    return;
  }
  // With inlineRefs, ajv writes a target that has no $ref in it in place (compile/resolve.ts
  // inlineRef): its errors' schemaPath starts at the $ref as written. `#` is the root's function.
  if (ctx.m.options.inlineRefs && (written === "#" || written === "#/")) {
    if (written !== "#") unsupported("$ref #/");
  } else if (ctx.m.options.inlineRefs) {
    // ajv decides on the schema it reaches through `$ref`-only schemas (compile/index.ts resolve).
    if (resolved === undefined) unsupported(`$ref ${target} does not resolve`);
    const node = resolved;
    if (node !== null && typeof node === "object" && !hasRefKeyword(node)) {
      subschemaCode(ctx, {
        schema: node,
        schemaPath: written,
        inlined: {
          schemaRef: ctx.m.options.verbose ? ctx.m.constant("schema", lit(node)) : "",
        },
      });
      return;
    }
  }
  const fn = ctx.m.functionFor(target);
  const { e } = ctx;
  const args = `{ instancePath: ${instancePathCode(ctx.path)}, parentData: ${ctx.parentData}, parentDataProperty: ${ctx.parentDataProperty}, rootData }`;
  e.open(`if (!${fn}(${ctx.data}, ${args}))`);
  e.line(`vErrors = vErrors === null ? ${fn}.errors : vErrors.concat(${fn}.errors);`);
  e.line("errors = vErrors.length;");
  e.close();
};

const not: KeywordCode = (ctx) => {
  const { e } = ctx;
  const error = () =>
    emitError(ctx, { keyword: "not", params: "{}", message: lit("must NOT be valid") });
  if (alwaysValid(ctx.schema.not)) {
    error();
    return;
  }
  const count = e.name("_errs");
  e.line(`const ${count} = errors;`);
  const valid = subschemaCode(ctx, { schema: ctx.schema.not, schemaPath: "/not", result: true });
  e.open(`if (${valid})`);
  error();
  e.orElse();
  resetErrors(ctx, count);
  e.close();
};

function branches(ctx: Ctx, keyword: string): unknown[] {
  return ctx.schema[keyword] as unknown[];
}

const anyOf: KeywordCode = (ctx) => {
  const list = branches(ctx, "anyOf");
  if (list.some((b) => alwaysValid(b))) return;
  const { e } = ctx;
  const count = e.name("_errs");
  const valid = e.name("valid");
  e.line(`const ${count} = errors;`);
  e.line(`let ${valid} = false;`);
  let open = 0;
  list.forEach((b, i) => {
    const v = subschemaCode(ctx, { schema: b, schemaPath: keywordPath("anyOf", i), result: true });
    e.line(`${valid} = ${valid} || ${v};`);
    if (i < list.length - 1) {
      e.open(`if (!${valid})`);
      open++;
    }
  });
  for (; open > 0; open--) e.close();
  e.open(`if (!${valid})`);
  emitError(ctx, { keyword: "anyOf", params: "{}", message: lit("must match a schema in anyOf") });
  e.orElse();
  resetErrors(ctx, count);
  e.close();
};

const oneOf: KeywordCode = (ctx) => {
  // ajv's discriminator keyword validates the oneOf instead.
  if (ctx.schema.discriminator !== undefined) return;
  const list = branches(ctx, "oneOf");
  const { e } = ctx;
  const count = e.name("_errs");
  const valid = e.name("valid");
  const passing = e.name("passing");
  e.line(`const ${count} = errors;`);
  e.line(`let ${valid} = false;`);
  e.line(`let ${passing} = null;`);
  let open = 0;
  list.forEach((b, i) => {
    const v = alwaysValid(b)
      ? "true"
      : subschemaCode(ctx, { schema: b, schemaPath: keywordPath("oneOf", i), result: true });
    if (i > 0) {
      e.open(`if (${v} && ${valid})`);
      e.line(`${valid} = false;`);
      e.line(`${passing} = [${passing}, ${i}];`);
      e.orElse();
      open++;
    }
    e.open(`if (${v})`);
    e.line(`${valid} = true;`);
    e.line(`${passing} = ${i};`);
    e.close();
  });
  for (; open > 0; open--) e.close();
  e.open(`if (!${valid})`);
  emitError(ctx, {
    keyword: "oneOf",
    params: `{ passingSchemas: ${passing} }`,
    message: lit("must match exactly one schema in oneOf"),
  });
  e.orElse();
  resetErrors(ctx, count);
  e.close();
};

const allOf: KeywordCode = (ctx) => {
  branches(ctx, "allOf").forEach((b, i) => {
    if (!alwaysValid(b)) subschemaCode(ctx, { schema: b, schemaPath: keywordPath("allOf", i) });
  });
};

const ifKeyword: KeywordCode = (ctx) => {
  const { schema, e } = ctx;
  const has = (k: string) => schema[k] !== undefined && !alwaysValid(schema[k]);
  const hasThen = has("then");
  const hasElse = has("else");
  if (!hasThen && !hasElse) return;
  const count = e.name("_errs");
  const valid = e.name("valid");
  e.line(`const ${count} = errors;`);
  e.line(`let ${valid} = true;`);
  // ajv validates `if` with no errors kept (only whether it passed).
  const passed = subschemaCode(ctx, { schema: schema.if, schemaPath: "/if", result: true });
  const ifValid = e.name("ifValid");
  e.line(`const ${ifValid} = ${passed};`);
  resetErrors(ctx, count);
  let clause: string;
  const branch = (keyword: "then" | "else", clauseVar?: string) => {
    const v = subschemaCode(ctx, {
      schema: schema[keyword],
      schemaPath: `/${keyword}`,
      result: true,
    });
    e.line(`${valid} = ${v};`);
    if (clauseVar) e.line(`${clauseVar} = ${lit(keyword)};`);
  };
  if (hasThen && hasElse) {
    clause = e.name("ifClause");
    e.line(`let ${clause};`);
    e.open(`if (${ifValid})`);
    branch("then", clause);
    e.orElse();
    branch("else", clause);
    e.close();
  } else if (hasThen) {
    clause = lit("then");
    e.open(`if (${ifValid})`);
    branch("then");
    e.close();
  } else {
    clause = lit("else");
    e.open(`if (!${ifValid})`);
    branch("else");
    e.close();
  }
  e.open(`if (!${valid})`);
  emitError(ctx, {
    keyword: "if",
    params: `{ failingKeyword: ${clause} }`,
    message: `"must match \\"" + ${clause} + "\\" schema"`,
  });
  e.close();
};

/** Validates item `index` (an expression) of the array against `schema`. */
function itemCode(
  ctx: Ctx,
  schema: unknown,
  schemaPath: string,
  index: string,
  result = false,
): string {
  const item = ctx.e.name("data");
  ctx.e.line(`const ${item} = ${ctx.data}[${index}];`);
  return subschemaCode(ctx, {
    schema,
    schemaPath,
    data: { name: item, part: { index }, property: index },
    result,
  });
}

const items: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const value = schema.items;
  if (Array.isArray(value)) {
    const len = e.name("len");
    e.line(`const ${len} = ${data}.length;`);
    value.forEach((b, i) => {
      if (alwaysValid(b)) return;
      e.open(`if (${len} > ${i})`);
      const item = e.name("data");
      e.line(`const ${item} = ${data}[${i}];`);
      subschemaCode(ctx, {
        schema: b,
        schemaPath: keywordPath("items", i),
        data: { name: item, part: propertyPart(i), property: String(i) },
      });
      e.close();
    });
    return;
  }
  if (alwaysValid(value)) return;
  const len = e.name("len");
  const i = e.name("i");
  e.line(`const ${len} = ${data}.length;`);
  e.open(`for (let ${i} = 0; ${i} < ${len}; ${i}++)`);
  itemCode(ctx, value, "/items", i);
  e.close();
};

const additionalItems: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const tuple = schema.items;
  if (!Array.isArray(tuple)) return;
  const extra = schema.additionalItems;
  const n = tuple.length;
  if (extra === false) {
    const len = e.name("len");
    e.line(`const ${len} = ${data}.length;`);
    e.open(`if (!(${len} <= ${n}))`);
    emitError(ctx, {
      keyword: "additionalItems",
      params: `{ limit: ${n} }`,
      message: lit(`must NOT have more than ${n} items`),
    });
    e.close();
    return;
  }
  if (alwaysValid(extra)) return;
  const len = e.name("len");
  const i = e.name("i");
  e.line(`const ${len} = ${data}.length;`);
  e.open(`for (let ${i} = ${n}; ${i} < ${len}; ${i}++)`);
  itemCode(ctx, extra, "/additionalItems", i);
  e.close();
};

const contains: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const error = () =>
    emitError(ctx, {
      keyword: "contains",
      params: "{ minContains: 1 }",
      message: lit("must contain at least 1 valid item(s)"),
    });
  const len = e.name("len");
  e.line(`const ${len} = ${data}.length;`);
  if (alwaysValid(schema.contains)) {
    e.open(`if (!(${len} >= 1))`);
    error();
    e.close();
    return;
  }
  const count = e.name("_errs");
  const valid = e.name("valid");
  const i = e.name("i");
  e.line(`const ${count} = errors;`);
  e.line(`let ${valid} = false;`);
  e.open(`for (let ${i} = 0; ${i} < ${len}; ${i}++)`);
  const v = itemCode(ctx, schema.contains, "/contains", i, true);
  e.line(`${valid} = ${v};`);
  e.line(`if (${valid}) break;`);
  e.close();
  e.open(`if (!${valid})`);
  error();
  e.orElse();
  resetErrors(ctx, count);
  e.close();
};

const properties: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const map = schema.properties as Record<string, unknown>;
  for (const name of mapKeys(map)) {
    if (alwaysValid(map[name])) continue;
    e.open(`if (${presentCondition(ctx, data, name)})`);
    const value = e.name("data");
    e.line(`const ${value} = ${data}[${lit(name)}];`);
    subschemaCode(ctx, {
      schema: map[name],
      schemaPath: keywordPath("properties", name),
      data: { name: value, part: propertyPart(name), property: lit(name) },
    });
    e.close();
  }
};

/** Validates property `key` (a variable) of the object against `schema`. */
function propertyCode(ctx: Ctx, schema: unknown, schemaPath: string, key: string): string {
  const value = ctx.e.name("data");
  ctx.e.line(`const ${value} = ${ctx.data}[${key}];`);
  return subschemaCode(ctx, {
    schema,
    schemaPath,
    data: { name: value, part: { key }, property: key },
  });
}

const patternProperties: KeywordCode = (ctx) => {
  const { e, schema } = ctx;
  const map = schema.patternProperties as Record<string, unknown>;
  const patterns = mapKeys(map);
  const always = patterns.filter((p) => alwaysValid(map[p]));
  if (patterns.length === 0 || always.length === patterns.length) return;
  for (const p of patterns) {
    if (always.includes(p)) continue;
    const key = e.name("key");
    e.open(forKeys(ctx, key));
    e.open(`if (${patternConstant(ctx, p)}.test(${key}))`);
    propertyCode(ctx, map[p], keywordPath("patternProperties", p), key);
    e.close();
    e.close();
  }
};

const additionalProperties: KeywordCode = (ctx) => {
  const { e, schema } = ctx;
  const extra = schema.additionalProperties;
  if (alwaysValid(extra)) return;
  const props = schema.properties ? mapKeys(schema.properties) : [];
  const patterns = schema.patternProperties ? mapKeys(schema.patternProperties) : [];
  const key = e.name("key");
  e.open(forKeys(ctx, key));
  const known: string[] = [];
  if (props.length > 8) {
    const set = ctx.m.constant("names", `new Set(${lit(props)})`);
    known.push(`${set}.has(${key})`);
  } else for (const p of props) known.push(`${key} === ${lit(p)}`);
  for (const p of patterns) known.push(`${patternConstant(ctx, p)}.test(${key})`);
  if (known.length) e.open(`if (!(${known.join(" || ")}))`);
  if (extra === false) {
    emitError(ctx, {
      keyword: "additionalProperties",
      params: `{ additionalProperty: ${key} }`,
      message: lit("must NOT have additional properties"),
    });
  } else {
    propertyCode(ctx, extra, "/additionalProperties", key);
  }
  if (known.length) e.close();
  e.close();
};

const propertyNames: KeywordCode = (ctx) => {
  const { e, schema } = ctx;
  if (alwaysValid(schema.propertyNames)) return;
  const key = e.name("key");
  e.open(forKeys(ctx, key));
  const v = subschemaCode(ctx, {
    schema: schema.propertyNames,
    schemaPath: "/propertyNames",
    data: { name: key, property: ctx.parentDataProperty },
    propertyName: key,
    result: true,
  });
  e.open(`if (!${v})`);
  emitError(ctx, {
    keyword: "propertyNames",
    params: `{ propertyName: ${key} }`,
    message: lit("property name must be valid"),
  });
  e.close();
  e.close();
};

const dependencies: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const map = schema.dependencies as Record<string, unknown>;
  const names = mapKeys(map);
  for (const name of names) {
    const deps = map[name];
    if (!Array.isArray(deps) || deps.length === 0) continue;
    if (!deps.every((d) => typeof d === "string")) unsupported("dependencies lists a non-string");
    const list = deps.join(", ");
    e.open(`if (${presentCondition(ctx, data, name)})`);
    for (const dep of deps) {
      e.open(`if (${missingCondition(ctx, data, dep)})`);
      emitError(ctx, {
        keyword: "dependencies",
        params: `{ property: ${lit(name)}, missingProperty: ${lit(dep)}, depsCount: ${deps.length}, deps: ${lit(list)} }`,
        message: lit(
          `must have ${deps.length === 1 ? "property" : "properties"} ${list} when property ${name} is present`,
        ),
      });
      e.close();
    }
    e.close();
  }
  for (const name of names) {
    const dep = map[name];
    if (Array.isArray(dep) || alwaysValid(dep)) continue;
    e.open(`if (${presentCondition(ctx, data, name)})`);
    subschemaCode(ctx, { schema: dep, schemaPath: keywordPath("dependencies", name) });
    e.close();
  }
};

/** ajv's discriminator: the oneOf branch is chosen by the tag's value (vocabularies/discriminator). */
const discriminator: KeywordCode = (ctx) => {
  const { e, schema, data } = ctx;
  const d = schema.discriminator as Record<string, unknown>;
  const tagName = d.propertyName;
  const oneOf = schema.oneOf;
  if (typeof tagName !== "string") unsupported("discriminator without propertyName");
  if (d.mapping) unsupported("discriminator mapping");
  if (!Array.isArray(oneOf)) unsupported("discriminator without oneOf");
  const mapping = new Map<string, number>();
  const hasRequired = (s: unknown) => {
    const r = (s as { required?: unknown } | null)?.required;
    return Array.isArray(r) && r.includes(tagName);
  };
  const topRequired = hasRequired(schema);
  let tagRequired = true;
  oneOf.forEach((branch, i) => {
    let sch = branch as Record<string, unknown> | null;
    if (
      sch &&
      typeof sch.$ref === "string" &&
      !Object.keys(sch).some((k) => k !== "$ref" && ctx.m.isRule(k))
    ) {
      const written = sch.$ref;
      sch = ctx.m.resolve(
        ctx.m.options.relativeRefs && written.startsWith("#") ? ctx.base + written : written,
      ) as Record<string, unknown> | null;
      if (sch === undefined) unsupported("a discriminator branch's $ref does not resolve");
    }
    const propSchema = (sch?.properties as Record<string, unknown> | undefined)?.[tagName];
    if (typeof propSchema !== "object" || propSchema === null)
      unsupported("a discriminator branch has no schema for the tag");
    tagRequired = tagRequired && (topRequired || hasRequired(sch));
    const p = propSchema as Record<string, unknown>;
    const values = p.const ? [p.const] : Array.isArray(p.enum) ? p.enum : undefined;
    if (!values) unsupported("a discriminator tag has neither const nor enum");
    for (const v of values) {
      // ajv looks tags up in a plain object: one named like its prototype's members is refused.
      if (typeof v !== "string" || mapping.has(v) || v in Object.prototype)
        unsupported("discriminator tags are not unique");
      mapping.set(v, i);
    }
  });
  if (!tagRequired) unsupported("the discriminator tag is not required");
  const tag = e.name("tag");
  e.line(`const ${tag} = ${data}[${lit(tagName)}];`);
  const tagError = (kind: string, message: string) =>
    emitError(ctx, {
      keyword: "discriminator",
      params: `{ error: ${lit(kind)}, tag: ${lit(tagName)}, tagValue: ${tag} }`,
      message: lit(message),
    });
  e.open(`if (typeof ${tag} == "string")`);
  let first = true;
  for (const [value, i] of mapping) {
    if (first) e.open(`if (${tag} === ${lit(value)})`);
    else e.orElse(`} else if (${tag} === ${lit(value)}) {`);
    first = false;
    subschemaCode(ctx, { schema: oneOf[i], schemaPath: keywordPath("oneOf", i) });
  }
  if (first) e.open("if (false)");
  e.orElse();
  tagError("mapping", `value of tag "${tagName}" must be in oneOf`);
  e.close();
  e.orElse();
  tagError("tag", `tag "${tagName}" must be string`);
  e.close();
};

export const APPLICATOR_KEYWORDS: Record<string, KeywordCode> = {
  $ref: ref,
  not,
  anyOf,
  oneOf,
  allOf,
  if: ifKeyword,
  items,
  additionalItems,
  contains,
  properties,
  patternProperties,
  additionalProperties,
  propertyNames,
  dependencies,
  discriminator,
};
