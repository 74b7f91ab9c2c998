/**
 * Error objects as ajv builds them (compile/errors.ts): instancePath, schemaPath, keyword,
 * params, message, and propertyName inside propertyNames; appended to `vErrors` with `errors`
 * counting them, so a caller can cut the list back to where a keyword started.
 */
import { instancePathCode, type Ctx } from "./context.js";
import { lit } from "./literal.js";

export interface ErrorSpec {
  keyword: string;
  /** Source of the params object. */
  params: string;
  /** Source of the message (a string literal or an expression). */
  message: string;
  /** schemaPath when it is not `<schemaPath>/<keyword>`. */
  schemaPath?: string;
  /** With `verbose`: the source of `schema` when it is not the keyword's value. */
  schemaValue?: string;
  /** With `verbose`: the source of `parentSchema` when it is not the schema object's. */
  parentSchema?: string;
}

/** ajv's schemaValue (schemaRefOrVal): a primitive as a literal, else read from the schema. */
export function keywordValue(ctx: Ctx, keyword: string): string {
  const value = ctx.schema[keyword];
  return value !== null && typeof value === "object"
    ? `${ctx.schemaRef}[${lit(keyword)}]`
    : lit(value ?? null);
}

export function emitError(ctx: Ctx, spec: ErrorSpec): void {
  const { e } = ctx;
  const path = instancePathCode(ctx.path);
  const fields = [
    path === "instancePath" ? "instancePath" : `instancePath: ${path}`,
    `schemaPath: ${lit(spec.schemaPath ?? `${ctx.schemaPath}/${spec.keyword}`)}`,
    `keyword: ${lit(spec.keyword)}`,
    `params: ${spec.params}`,
    `message: ${spec.message}`,
  ];
  if (ctx.m.options.verbose)
    fields.push(
      `schema: ${spec.schemaValue ?? keywordValue(ctx, spec.keyword)}`,
      `parentSchema: ${spec.parentSchema ?? ctx.schemaRef}`,
      `data: ${ctx.data}`,
    );
  if (ctx.propertyName) fields.push(`propertyName: ${ctx.propertyName}`);
  // As ajv writes it: `(vErrors ??= []).push({…})` was half the text but a tenth slower on
  // invalid data (an empty array grown by push instead of an array literal of one).
  const err = e.name("err");
  e.line(`const ${err} = { ${fields.join(", ")} };`);
  e.line(`if (vErrors === null) vErrors = [${err}];`);
  e.line(`else vErrors.push(${err});`);
  e.line("errors++;");
}

/** Cuts the errors back to `count` (ajv's resetErrorsCount). */
export function resetErrors(ctx: Ctx, count: string): void {
  const { e } = ctx;
  e.line(`errors = ${count};`);
  e.open("if (vErrors !== null)");
  e.line(`if (${count}) vErrors.length = ${count};`);
  e.line("else vErrors = null;");
  e.close();
}

/** The type error (`must be string`, params.type the schema's type as written). */
export function emitTypeError(ctx: Ctx): void {
  const type = ctx.schema.type;
  emitError(ctx, {
    keyword: "type",
    params: `{ type: ${lit(type)} }`,
    message: lit(`must be ${String(type)}`),
  });
}
