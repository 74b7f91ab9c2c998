/**
 * The keywords that check a value without applying subschemas (ajv's vocabularies/validation and
 * format), with ajv's conditions, params and messages.
 */
import type { Ctx } from "./context.js";
import { emitError } from "./errors.js";
import { lit } from "./literal.js";
import { formatCheck } from "./formats.js";
import { schemaTypes } from "./rules.js";
import { unsupported } from "./unsupported.js";
import { typeCondition, type KeywordCode } from "./schema-code.js";

const hasOwn = "Object.prototype.hasOwnProperty";

/** The condition that `data` has no property `name` (ajv's noPropertyInData). */
export function missingCondition(ctx: Ctx, data: string, name: string): string {
  const read = `${data}[${lit(name)}] === undefined`;
  return ctx.m.ownProperties ? `${read} || !${hasOwn}.call(${data}, ${lit(name)})` : read;
}

/** The condition that `data` has a property `name` (ajv's propertyInData). */
export function presentCondition(ctx: Ctx, data: string, name: string): string {
  const read = `${data}[${lit(name)}] !== undefined`;
  return ctx.m.ownProperties ? `${read} && ${hasOwn}.call(${data}, ${lit(name)})` : read;
}

function limitNumber(keyword: string, fail: string, ok: string): KeywordCode {
  return (ctx) => {
    const limit = ctx.schema[keyword] as number;
    ctx.e.open(`if (${ctx.data} ${fail} ${lit(limit)} || isNaN(${ctx.data}))`);
    emitError(ctx, {
      keyword,
      params: `{ comparison: ${lit(ok)}, limit: ${lit(limit)} }`,
      message: lit(`must be ${ok} ${limit}`),
    });
    ctx.e.close();
  };
}

function limit(
  keyword: string,
  measure: (ctx: Ctx) => string,
  max: boolean,
  unit: string,
  guard?: (ctx: Ctx, n: number) => string | undefined,
) {
  return (ctx: Ctx) => {
    const n = ctx.schema[keyword] as number;
    const test = `${measure(ctx)} ${max ? ">" : "<"} ${lit(n)}`;
    const first = guard?.(ctx, n);
    ctx.e.open(`if (${first ? `${first} && ${test}` : test})`);
    emitError(ctx, {
      keyword,
      params: `{ limit: ${lit(n)} }`,
      message: lit(`must NOT have ${max ? "more" : "fewer"} than ${n} ${unit}`),
    });
    ctx.e.close();
  };
}

const length = (ctx: Ctx) => `${ctx.m.helper("ucs2length")}(${ctx.data})`;
// A string's length in code points (what ajv's ucs2length counts) lies between its UTF-16 length
// and half of it, so most strings are judged without counting: only one whose UTF-16 length is
// past the limit (maxLength) or under twice the limit (minLength) is counted. Same verdicts and
// errors as counting every time, as ajv does; valid strings skip the loop.
const longEnough = (ctx: Ctx, n: number) => `${ctx.data}.length > ${lit(n)}`;
const shortEnough = (ctx: Ctx, n: number) =>
  Number.isFinite(2 * n) ? `${ctx.data}.length < ${lit(2 * n)}` : undefined;
const items = (ctx: Ctx) => `${ctx.data}.length`;
const properties = (ctx: Ctx) => `Object.keys(${ctx.data}).length`;

/** Whether a constant needs deep equality (ajv compares objects with its `equal`). */
const isObject = (v: unknown) => typeof v === "object" && v !== null;

const constKeyword: KeywordCode = (ctx) => {
  const value = ctx.schema.const;
  let cond: string;
  let param: string;
  if (isObject(value)) {
    param = ctx.m.constant("schema", lit(value));
    cond = `!${ctx.m.helper("equal")}(${ctx.data}, ${param})`;
  } else {
    param = lit(value);
    cond = `${lit(value)} !== ${ctx.data}`;
  }
  ctx.e.open(`if (${cond})`);
  emitError(ctx, {
    keyword: "const",
    params: `{ allowedValue: ${param} }`,
    message: lit("must be equal to constant"),
  });
  ctx.e.close();
};

const enumKeyword: KeywordCode = (ctx) => {
  const values = ctx.schema.enum as unknown[];
  if (values.length === 0) unsupported("enum: [] (ajv refuses it)");
  const list = ctx.m.constant("schema", lit(values));
  const tests = values.map((v, i) =>
    isObject(v)
      ? `${ctx.m.helper("equal")}(${ctx.data}, ${list}[${i}])`
      : `${ctx.data} === ${lit(v)}`,
  );
  ctx.e.open(`if (!(${tests.join(" || ")}))`);
  emitError(ctx, {
    keyword: "enum",
    params: `{ allowedValues: ${list} }`,
    message: lit("must be equal to one of the allowed values"),
  });
  ctx.e.close();
};

const multipleOf: KeywordCode = (ctx) => {
  const n = ctx.schema.multipleOf as number;
  const { e } = ctx;
  const res = e.name("res");
  // ajv: `${n} === 0 || (res = data/n, res !== parseInt(res))`.
  const precision = ctx.m.options.multipleOfPrecision;
  if (n === 0) e.open("if (true)");
  else {
    e.line(`const ${res} = ${ctx.data} / ${lit(n)};`);
    // ajv, with multipleOfPrecision: `Math.abs(Math.round(res) - res) > 1e-${prec}`.
    e.open(
      precision
        ? `if (Math.abs(Math.round(${res}) - ${res}) > 1e-${precision})`
        : `if (${res} !== parseInt(${res}))`,
    );
  }
  emitError(ctx, {
    keyword: "multipleOf",
    params: `{ multipleOf: ${lit(n)} }`,
    message: lit(`must be multiple of ${n}`),
  });
  e.close();
};

const pattern: KeywordCode = (ctx) => {
  const source = ctx.schema.pattern as string;
  const re = patternConstant(ctx, source);
  ctx.e.open(`if (!${re}.test(${ctx.data}))`);
  emitError(ctx, {
    keyword: "pattern",
    params: `{ pattern: ${lit(source)} }`,
    message: lit(`must match pattern "${source}"`),
  });
  ctx.e.close();
};

/** A module constant holding `new RegExp(source, "u")`, as ajv's usePattern. */
export function patternConstant(ctx: Ctx, source: string): string {
  try {
    new RegExp(source, "u");
  } catch {
    unsupported("a pattern is not a valid unicode regular expression");
  }
  return ctx.m.constant("pattern", `new RegExp(${lit(source)}, "u")`);
}

const required: KeywordCode = (ctx) => {
  const names = ctx.schema.required as unknown[];
  if (!names.every((n) => typeof n === "string")) unsupported("required lists a non-string");
  for (const name of names) {
    ctx.e.open(`if (${missingCondition(ctx, ctx.data, name)})`);
    emitError(ctx, {
      keyword: "required",
      params: `{ missingProperty: ${lit(name)} }`,
      message: lit(`must have required property '${name}'`),
    });
    ctx.e.close();
  }
};

/** ajv's uniqueItems, both of its loops (a hash of primitive items, or pairs compared deeply). */
const uniqueItems: KeywordCode = (ctx) => {
  if (ctx.schema.uniqueItems !== true) return;
  const { e, data } = ctx;
  const itemsSchema = ctx.schema.items;
  const itemTypes =
    itemsSchema !== null && typeof itemsSchema === "object" && !Array.isArray(itemsSchema)
      ? schemaTypes(itemsSchema as Record<string, unknown>)
      : [];
  const i = e.name("i");
  const j = e.name("j");
  e.line(`let ${i} = ${data}.length;`);
  e.line(`let ${j};`);
  e.open(`if (${i} > 1)`);
  const error = () =>
    emitError(ctx, {
      keyword: "uniqueItems",
      params: `{ i: ${i}, j: ${j} }`,
      message: `"must NOT have duplicate items (items ## " + ${j} + " and " + ${i} + " are identical)"`,
    });
  if (itemTypes.length > 0 && !itemTypes.some((t) => t === "object" || t === "array")) {
    const indices = e.name("indices");
    const item = e.name("item");
    e.line(`const ${indices} = {};`);
    e.open(`for (; ${i}--; )`);
    e.line(`let ${item} = ${data}[${i}];`);
    const wrong = itemTypes.map((t) => `!(${typeCondition(t, item)})`).join(" && ");
    e.line(`if (${wrong}) continue;`);
    if (itemTypes.length > 1) e.line(`if (typeof ${item} == "string") ${item} += "_";`);
    e.open(`if (typeof ${indices}[${item}] == "number")`);
    e.line(`${j} = ${indices}[${item}];`);
    error();
    e.line("break;");
    e.close();
    e.line(`${indices}[${item}] = ${i};`);
    e.close();
  } else {
    const outer = e.name("outer");
    e.open(`${outer}: for (; ${i}--; )`);
    e.open(`for (${j} = ${i}; ${j}--; )`);
    e.open(`if (${ctx.m.helper("equal")}(${data}[${i}], ${data}[${j}]))`);
    error();
    e.line(`break ${outer};`);
    e.close();
    e.close();
    e.close();
  }
  e.close();
};

const format: KeywordCode = (ctx, groupType) => {
  const name = ctx.schema.format as string;
  const check = formatCheck(ctx, name, groupType as "number" | "string");
  if (!check) return;
  ctx.e.open(`if (!${check})`);
  emitError(ctx, {
    keyword: "format",
    params: `{ format: ${lit(name)} }`,
    message: lit(`must match format "${name}"`),
  });
  ctx.e.close();
};

export const VALIDATION_KEYWORDS: Record<string, KeywordCode> = {
  const: constKeyword,
  enum: enumKeyword,
  maximum: limitNumber("maximum", ">", "<="),
  minimum: limitNumber("minimum", "<", ">="),
  exclusiveMaximum: limitNumber("exclusiveMaximum", ">=", "<"),
  exclusiveMinimum: limitNumber("exclusiveMinimum", "<=", ">"),
  multipleOf,
  format,
  maxLength: limit("maxLength", length, true, "characters", longEnough),
  minLength: limit("minLength", length, false, "characters", shortEnough),
  pattern,
  maxItems: limit("maxItems", items, true, "items"),
  minItems: limit("minItems", items, false, "items"),
  uniqueItems,
  maxProperties: limit("maxProperties", properties, true, "properties"),
  minProperties: limit("minProperties", properties, false, "properties"),
  required,
};
