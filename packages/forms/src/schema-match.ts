/**
 * A small JSON Schema check that compiles nothing (no `new Function`: the app's CSP forbids
 * eval), for the rare sub-schema RJSF asks `isValid()` about that the generated form validator
 * has no precompiled function for. RJSF only asks such questions to pick the oneOf/anyOf option
 * that fits the data, or to resolve an `if`; every error the user sees still comes from the
 * precompiled validator. Keywords it does not know (formats among them) are treated as met.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function hasType(value: unknown, type: unknown): boolean {
  const actual = typeOf(value);
  return type === actual || (type === "number" && actual === "integer");
}

/** JSON equality by own keys, in any key order. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEquals(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((k) => Object.hasOwn(b, k) && jsonEquals(a[k], b[k]))
    );
  }
  return false;
}

const patterns = new Map<string, RegExp | null>();
function patternOf(source: string): RegExp | null {
  let re = patterns.get(source);
  if (re === undefined) {
    re = null;
    for (const flags of ["u", ""]) {
      try {
        re = new RegExp(source, flags);
        break;
      } catch {
        // another engine's syntax: the pattern is not checked here
      }
    }
    patterns.set(source, re);
  }
  return re;
}

/** The node a local `$ref` (`#/…`) points at in `root`. */
function resolveRef(root: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  return ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, token) => (isObject(node) || Array.isArray(node) ? (node as Json)[token] : undefined),
      root,
    );
}

/** Whether `data` meets `schema` (resolving local `$ref`s against `root`). */
export function matchesSchema(
  schema: unknown,
  data: unknown,
  root: unknown = schema,
  depth = 0,
): boolean {
  if (schema === true || schema === undefined) return true;
  if (schema === false) return false;
  if (!isObject(schema) || depth > 64) return true;
  const sub = (s: unknown, d: unknown) => matchesSchema(s, d, root, depth + 1);

  if (typeof schema.$ref === "string") {
    const target = resolveRef(root, schema.$ref);
    if (target !== undefined && !sub(target, data)) return false;
  }
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => hasType(data, t))) return false;
  }
  if ("const" in schema && !jsonEquals(schema.const, data)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((v) => jsonEquals(v, data))) return false;
  if (Array.isArray(schema.allOf) && !schema.allOf.every((s) => sub(s, data))) return false;
  if (Array.isArray(schema.anyOf) && !schema.anyOf.some((s) => sub(s, data))) return false;
  if (Array.isArray(schema.oneOf) && schema.oneOf.filter((s) => sub(s, data)).length !== 1)
    return false;
  if ("not" in schema && sub(schema.not, data)) return false;
  if ("if" in schema) {
    const branch = sub(schema.if, data) ? schema.then : schema.else;
    if (!sub(branch, data)) return false;
  }

  if (typeof data === "string") {
    const length = [...data].length;
    if (typeof schema.minLength === "number" && length < schema.minLength) return false;
    if (typeof schema.maxLength === "number" && length > schema.maxLength) return false;
    if (typeof schema.pattern === "string" && patternOf(schema.pattern)?.test(data) === false)
      return false;
  }
  if (typeof data === "number") {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf } = schema;
    if (
      typeof minimum === "number" &&
      (exclusiveMinimum === true ? data <= minimum : data < minimum)
    )
      return false;
    if (
      typeof maximum === "number" &&
      (exclusiveMaximum === true ? data >= maximum : data > maximum)
    )
      return false;
    if (typeof exclusiveMinimum === "number" && data <= exclusiveMinimum) return false;
    if (typeof exclusiveMaximum === "number" && data >= exclusiveMaximum) return false;
    if (
      typeof multipleOf === "number" &&
      multipleOf > 0 &&
      Math.abs(data / multipleOf - Math.round(data / multipleOf)) > 1e-9
    )
      return false;
  }
  if (Array.isArray(data)) {
    if (typeof schema.minItems === "number" && data.length < schema.minItems) return false;
    if (typeof schema.maxItems === "number" && data.length > schema.maxItems) return false;
    const tuple = Array.isArray(schema.prefixItems)
      ? schema.prefixItems
      : Array.isArray(schema.items)
        ? schema.items
        : undefined;
    const rest = tuple
      ? Array.isArray(schema.items)
        ? schema.additionalItems
        : schema.items
      : schema.items;
    for (let i = 0; i < data.length; i++)
      if (!sub(tuple && i < tuple.length ? tuple[i] : rest, data[i])) return false;
    if (
      schema.uniqueItems === true &&
      data.some((x, i) => data.findIndex((y) => jsonEquals(x, y)) !== i)
    )
      return false;
    if ("contains" in schema && !data.some((x) => sub(schema.contains, x))) return false;
  }
  if (isObject(data)) {
    const keys = Object.keys(data);
    if (
      Array.isArray(schema.required) &&
      !schema.required.every((k) => typeof k !== "string" || Object.hasOwn(data, k))
    )
      return false;
    if (typeof schema.minProperties === "number" && keys.length < schema.minProperties)
      return false;
    if (typeof schema.maxProperties === "number" && keys.length > schema.maxProperties)
      return false;
    const properties = isObject(schema.properties) ? schema.properties : {};
    const patternProperties = isObject(schema.patternProperties) ? schema.patternProperties : {};
    for (const key of keys) {
      let known = false;
      if (Object.hasOwn(properties, key)) {
        known = true;
        if (!sub(properties[key], data[key])) return false;
      }
      for (const [source, s] of Object.entries(patternProperties)) {
        if (patternOf(source)?.test(key)) {
          known = true;
          if (!sub(s, data[key])) return false;
        }
      }
      if (
        !known &&
        "additionalProperties" in schema &&
        !sub(schema.additionalProperties, data[key])
      )
        return false;
      if ("propertyNames" in schema && !sub(schema.propertyNames, key)) return false;
    }
    const dependent = {
      ...(isObject(schema.dependencies) ? schema.dependencies : {}),
      ...(isObject(schema.dependentRequired) ? schema.dependentRequired : {}),
      ...(isObject(schema.dependentSchemas) ? schema.dependentSchemas : {}),
    };
    for (const [key, dependency] of Object.entries(dependent)) {
      if (!Object.hasOwn(data, key)) continue;
      if (
        Array.isArray(dependency)
          ? !dependency.every((k) => Object.hasOwn(data, String(k)))
          : !sub(dependency, data)
      )
        return false;
    }
  }
  return true;
}
