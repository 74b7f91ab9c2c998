import { joinPointer } from "./pointer.js";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Keywords whose value is a map of name → subschema. */
export const SCHEMA_MAP_KEYWORDS = [
  "properties",
  "patternProperties",
  "definitions",
  "$defs",
  "dependentSchemas",
] as const;
/** Keywords whose value is a single subschema. */
export const SCHEMA_KEYWORDS = [
  "additionalProperties",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
  "items",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
] as const;
/** Keywords whose value is an array of subschemas. */
export const SCHEMA_ARRAY_KEYWORDS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"] as const;

export interface SchemaVisit {
  node: JsonObject;
  pointer: string;
  /** The keyword path from the parent schema, e.g. ["properties","host"]. */
  via: (string | number)[];
  depth: number;
}

/**
 * Visits every subschema (objects only; boolean schemas are skipped) in document order.
 * Return `false` from the visitor to skip a node's children.
 */
export function walkSchema(
  root: unknown,
  visit: (v: SchemaVisit) => boolean | void,
  pointer = "",
  maxDepth = 512,
): void {
  const stack: SchemaVisit[] = [];
  if (isObject(root)) stack.push({ node: root, pointer, via: [], depth: 0 });
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (visit(current) === false || current.depth >= maxDepth) continue;
    const children: SchemaVisit[] = [];
    const { node } = current;
    const push = (child: unknown, via: (string | number)[]) => {
      if (isObject(child))
        children.push({
          node: child,
          pointer: joinPointer(current.pointer, ...via),
          via,
          depth: current.depth + 1,
        });
    };
    for (const key of Object.keys(node)) {
      const value = node[key];
      if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        for (const name of Object.keys(value)) push(value[name], [key, name]);
      } else if (key === "dependencies" && isObject(value)) {
        for (const name of Object.keys(value)) push(value[name], [key, name]);
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
        value.forEach((item, i) => push(item, [key, i]));
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        push(value, [key]);
      }
    }
    // Reverse so that the stack pops children in document order.
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}
