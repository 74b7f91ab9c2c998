import { isObject, type JsonObject } from "@onespec/core";

/** How many times a recursive definition is expanded in a form. */
export const FORM_RECURSION_DEPTH = 3;

/**
 * How many recursive expansions one form schema may hold in all: a schema that recurses from many
 * places (a meta-schema refers to itself from 30 properties) grew as 30³ copies, megabytes of
 * form. Past it, the value is free-form JSON as below the depth.
 */
export const FORM_EXPANSIONS = 200;

/**
 * RJSF's schema parser cannot walk recursive `$ref`s (it recurses until the stack overflows), and
 * a form cannot show infinite nesting anyway. A form schema therefore expands each recursive
 * definition a few levels deep; below that, the value is free-form JSON. The full, recursive
 * schema still applies wherever the generated (non-form) validator runs.
 */
export function unrollRecursion(
  schema: JsonObject,
  depth = FORM_RECURSION_DEPTH,
  budget = FORM_EXPANSIONS,
): JsonObject {
  const definitions = isObject(schema.definitions) ? schema.definitions : undefined;
  if (!definitions) return schema;
  let expansions = 0;
  const expand = (node: unknown, seen: Map<string, number>): unknown => {
    if (Array.isArray(node)) return node.map((n) => expand(n, seen));
    if (!isObject(node)) return node;
    if (typeof node.$ref === "string" && node.$ref.startsWith("#/definitions/")) {
      const name = node.$ref.slice("#/definitions/".length);
      const { $ref: _ref, ...siblings } = node;
      const times = seen.get(name) ?? 0;
      if (times >= depth || expansions >= budget) {
        return {
          ...siblings,
          description: `${typeof siblings.description === "string" ? siblings.description + " " : ""}(Nested more than ${depth} levels deep: edit as JSON.)`,
        };
      }
      expansions++;
      const next = new Map(seen).set(name, times + 1);
      return { ...(expand(definitions[name], next) as JsonObject), ...siblings };
    }
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(node)) {
      // Only schema positions hold $ref; `default`, `examples`, `enum` and `const` are data.
      const value =
        k === "default" || k === "examples" || k === "enum" || k === "const" ? v : expand(v, seen);
      // A property named __proto__ is data (assignment would set the copy's prototype).
      if (k === "__proto__")
        Object.defineProperty(out, k, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[k] = value;
    }
    return out;
  };
  const { definitions: _defs, ...rest } = schema;
  return expand(rest, new Map()) as JsonObject;
}
