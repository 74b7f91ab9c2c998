/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Validation errors in words a connector user reads: "is required" instead of ajv's "must have
 * required property 'host'", a field's pattern described by its `patternDescriptor`, and no
 * error for a stored secret the form only holds as a mask (the server checks the real value).
 */
import {
  getUiOptions,
  toErrorSchema,
  type RJSFSchema,
  type RJSFValidationError,
  type UiSchema,
  type ValidationData,
  type ValidatorType,
} from "@rjsf/utils";

const FORMAT_NAMES: Record<string, string> = {
  uri: "URL",
  url: "URL",
  email: "email address",
  hostname: "host name",
  ipv4: "IPv4 address",
  ipv6: "IPv6 address",
  "date-time": "date and time (e.g. 2024-01-31T12:00:00Z)",
  date: "date (YYYY-MM-DD)",
  regex: "regular expression",
  uuid: "UUID",
};

/** The property names in an RJSF error's `property` (".ssl.mode" → ["ssl", "mode"]). */
export function propertyPath(property: string | undefined): string[] {
  if (!property) return [];
  return property
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((part) => part.length > 0);
}

function uiAt(uiSchema: UiSchema | undefined, path: string[]): UiSchema | undefined {
  let node: unknown = uiSchema;
  for (const part of path) {
    if (!node || typeof node !== "object") return undefined;
    const next: unknown = (node as Record<string, unknown>)[part];
    // Array items share one uiSchema under "items".
    node =
      next === undefined && /^\d+$/.test(part) ? (node as Record<string, unknown>).items : next;
  }
  return node as UiSchema | undefined;
}

function valueAt(data: unknown, path: string[]): unknown {
  let node = data;
  for (const part of path) {
    if (!node || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** The message for one error, without the field's name (that is shown next to it). */
export function plainMessage(
  error: RJSFValidationError,
  uiSchema?: UiSchema,
  schema?: RJSFSchema,
): string {
  const params = (error.params ?? {}) as Record<string, unknown>;
  switch (error.name) {
    case "required":
      return "is required";
    case "minLength":
      return params.limit === 1
        ? "must not be empty"
        : `must be at least ${params.limit} characters`;
    case "maxLength":
      return `must be at most ${params.limit} characters`;
    case "minimum":
      return `must be ${params.limit} or more`;
    case "maximum":
      return `must be ${params.limit} or less`;
    case "exclusiveMinimum":
      return `must be more than ${params.limit}`;
    case "exclusiveMaximum":
      return `must be less than ${params.limit}`;
    case "minItems":
      return `needs at least ${params.limit} item${params.limit === 1 ? "" : "s"}`;
    case "maxItems":
      return `takes at most ${params.limit} item${params.limit === 1 ? "" : "s"}`;
    case "uniqueItems":
      return "must not repeat an item";
    case "type":
      return `must be ${params.type === "integer" ? "a whole number" : params.type === "number" ? "a number" : `of type ${String(params.type)}`}`;
    case "format": {
      const format = String(params.format);
      return `must be a valid ${FORMAT_NAMES[format] ?? format}`;
    }
    case "pattern": {
      // What the value should look like, in words: the pattern's descriptor, else the field's
      // examples; the regex itself only when there is neither.
      const path = propertyPath(error.property);
      const descriptor = getUiOptions(uiAt(uiSchema, path)).patternDescriptor;
      if (typeof descriptor === "string") return `must look like: ${descriptor}`;
      const examples = (schema ? schemasAt(schema, path) : [])
        .flatMap((n) => (Array.isArray(n.examples) ? n.examples : []))
        .filter((e): e is string => typeof e === "string" && e.length > 0 && e.length <= 80);
      if (examples.length > 0)
        return `must look like: ${[...new Set(examples)].slice(0, 2).join(" or ")}`;
      return `must match the pattern ${String(params.pattern)}`;
    }
    case "enum":
      return Array.isArray(params.allowedValues)
        ? `must be one of: ${params.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`
        : "is not one of the allowed values";
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "additionalProperties":
      return `has an unknown field ${JSON.stringify(params.additionalProperty)}`;
    default:
      return error.message ?? "is invalid";
  }
}

/** A schema node with its local `$ref`s (`#/definitions/…`, `#/$defs/…`) followed. */
export function resolved(root: RJSFSchema, node: unknown): Record<string, unknown> | undefined {
  let current = node;
  for (
    let i = 0;
    i < 32 &&
    current &&
    typeof current === "object" &&
    typeof (current as { $ref?: unknown }).$ref === "string";
    i++
  ) {
    const ref = (current as { $ref: string }).$ref;
    if (!ref.startsWith("#/")) return undefined;
    current = ref
      .slice(2)
      .split("/")
      .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"))
      .reduce<unknown>(
        (n, t) => (n && typeof n === "object" ? (n as Record<string, unknown>)[t] : undefined),
        root,
      );
  }
  return current && typeof current === "object" && !Array.isArray(current)
    ? (current as Record<string, unknown>)
    : undefined;
}

/**
 * The title of the field at `path` in the form's schema, looking into every branch of a
 * oneOf/anyOf/allOf for the property. Errors carry no schema (the validator is the connector's
 * own compiled one, not a verbose copy), so the label comes from the schema the form renders.
 */
export function titleAt(root: RJSFSchema, path: readonly string[]): string | undefined {
  const title = schemasAt(root, path)
    .map((n) => n.title)
    .find((t) => typeof t === "string");
  return typeof title === "string" ? title : undefined;
}

/** Every schema the field at `path` may have (one per oneOf/anyOf/allOf branch declaring it). */
export function schemasAt(root: RJSFSchema, path: readonly string[]): Record<string, unknown>[] {
  let nodes = [resolved(root, root)].filter((n) => n !== undefined);
  for (const part of path) {
    const next: Record<string, unknown>[] = [];
    const visit = (node: Record<string, unknown> | undefined, depth: number): void => {
      if (!node || depth > 8) return;
      const properties = node.properties as Record<string, unknown> | undefined;
      if (properties && Object.prototype.hasOwnProperty.call(properties, part)) {
        const found = resolved(root, properties[part]);
        if (found) next.push(found);
      }
      if (
        /^\d+$/.test(part) &&
        node.items &&
        typeof node.items === "object" &&
        !Array.isArray(node.items)
      ) {
        const found = resolved(root, node.items);
        if (found) next.push(found);
      }
      for (const key of ["oneOf", "anyOf", "allOf"] as const)
        if (Array.isArray(node[key]))
          for (const branch of node[key] as unknown[]) visit(resolved(root, branch), depth + 1);
      // Fields a condition brings in: if/then/else and dependencies.
      for (const key of ["then", "else"] as const) visit(resolved(root, node[key]), depth + 1);
      for (const key of ["dependencies", "dependentSchemas"] as const) {
        const map = node[key];
        if (map && typeof map === "object" && !Array.isArray(map))
          for (const dep of Object.values(map as Record<string, unknown>))
            if (dep && typeof dep === "object" && !Array.isArray(dep))
              visit(resolved(root, dep), depth + 1);
      }
    };
    for (const node of nodes) visit(node, 0);
    if (next.length === 0) return [];
    nodes = next;
  }
  return nodes;
}

function fieldLabel(
  error: RJSFValidationError,
  uiSchema: UiSchema | undefined,
  schema: RJSFSchema | undefined,
): string {
  const path = propertyPath(error.property);
  const uiTitle = getUiOptions(uiAt(uiSchema, path)).title;
  if (typeof uiTitle === "string") return uiTitle;
  if (error.title) return error.title;
  const schemaTitle = schema && path.length > 0 ? titleAt(schema, path) : undefined;
  if (schemaTitle) return schemaTitle;
  return path.length > 0 ? path[path.length - 1] : "The connection";
}

/**
 * Rewrites errors into plain messages and drops the ones RJSF cannot show well: ajv's summary
 * "must match exactly one schema in oneOf" (the selected branch's own errors say what is wrong)
 * and "must match \"then\" schema". Pass the form's `schema` to label each error with its field's title.
 */
export function friendlyErrors(
  errors: RJSFValidationError[],
  uiSchema?: UiSchema,
  schema?: RJSFSchema,
): RJSFValidationError[] {
  return errors
    .filter((e) => e.name !== "oneOf" && e.name !== "anyOf" && e.name !== "if")
    .map((error) => {
      const dependent = onMissingField(error);
      if (dependent) {
        const because = fieldLabel(
          { ...error, property: dependent.because, title: undefined },
          uiSchema,
          schema,
        );
        const message = `is required when ${because} is set`;
        const moved = { ...error, property: dependent.property, title: undefined };
        return { ...moved, message, stack: `${fieldLabel(moved, uiSchema, schema)} ${message}` };
      }
      const message = plainMessage(error, uiSchema, schema);
      return { ...error, message, stack: `${fieldLabel(error, uiSchema, schema)} ${message}` };
    });
}

/**
 * A `dependencies`/`dependentRequired` error is about the field that is missing, not the one
 * that made it required: moved onto it (so it shows under that field), naming the other.
 */
function onMissingField(
  error: RJSFValidationError,
): { property: string; because: string } | undefined {
  if (error.name !== "dependencies" && error.name !== "dependentRequired") return undefined;
  const params = (error.params ?? {}) as { property?: unknown; missingProperty?: unknown };
  if (typeof params.property !== "string" || typeof params.missingProperty !== "string")
    return undefined;
  const path = propertyPath(error.property);
  // ajv reports it on the object holding both; RJSF appends the missing property to the path
  // (as for `required`), and another layer may have appended the present one.
  if (path.at(-1) === params.missingProperty || path.at(-1) === params.property) path.pop();
  const parent = path.map((p) => `.${p}`).join("");
  return {
    property: `${parent}.${params.missingProperty}`,
    because: `${parent}.${params.property}`,
  };
}

/**
 * Wraps a validator so that a value equal to the mask (a stored secret the browser never sees)
 * is not reported as invalid: the server substitutes the stored value and validates that.
 */
export function trustMaskedSecrets<T, S extends RJSFSchema, F extends Record<string, any>>(
  validator: ValidatorType<T, S, F>,
  mask: string,
): ValidatorType<T, S, F> {
  const wrapped = Object.create(validator) as ValidatorType<T, S, F>;
  wrapped.validateFormData = (formData, schema, customValidate, transformErrors, uiSchema) => {
    const result: ValidationData<T> = validator.validateFormData(
      formData,
      schema,
      customValidate,
      transformErrors,
      uiSchema,
    );
    const errors = result.errors.filter(
      (e) => valueAt(formData, propertyPath(e.property)) !== mask,
    );
    if (errors.length === result.errors.length) return result;
    return { errors, errorSchema: toErrorSchema<T>(errors) };
  };
  return wrapped;
}
