import { isObject, typesOf, type JsonObject } from "@onespec/core";
import { jsonEqual, resolve, type Effective, type Loc } from "./resolve.js";
import type { DiffContext } from "./node-diff.js";

const ALL_TYPES = ["null", "boolean", "object", "array", "number", "string"];

export function typeOfValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** The values a node limits to (`const` or `enum`), when it does. */
export function literalsOf(node: JsonObject): unknown[] | undefined {
  return "const" in node ? [node.const] : Array.isArray(node.enum) ? node.enum : undefined;
}

/** The JSON types a value valid under a node may have: its enum's, else its declared ones, else any. */
export function typesOfValues(node: JsonObject): string[] {
  const literals = literalsOf(node);
  if (literals) return [...new Set(literals.map(typeOfValue))];
  const declared = typesOf(node);
  return declared.length > 0 ? declared : ALL_TYPES;
}

const sameType = (x: string, y: string) =>
  x === y || (x === "integer" && y === "number") || (x === "number" && y === "integer");

const compile = (pattern: string): RegExp | undefined => {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
};

/** Whether a JSON Schema pattern matches a name (an invalid pattern is taken to match anything). */
export function patternMatches(pattern: string, name: string): boolean {
  const re = compile(pattern);
  return re === undefined || re.test(name);
}

/**
 * Whether a config valid under the old node may hold the property `name`. A config is taken to
 * hold the properties its schema declares (docs/diff.md says so of new properties too): a name
 * it may hold is declared, or accepted by `patternProperties` or an `additionalProperties` schema.
 */
export function mayHold(node: JsonObject, name: string): boolean {
  if (isObject(node.properties) && Object.hasOwn(node.properties, name)) return true;
  if (isObject(node.additionalProperties) || node.additionalProperties === true) return true;
  if (
    isObject(node.patternProperties) &&
    Object.keys(node.patternProperties).some((p) => patternMatches(p, name))
  )
    return true;
  // Properties declared in the schemas laid over this one: a `$ref` among them is not followed
  // here, so it may declare anything.
  const parts: unknown[] = [
    ...(["allOf", "anyOf", "oneOf"] as const).flatMap((k) =>
      Array.isArray(node[k]) ? (node[k] as unknown[]) : [],
    ),
    node.then,
    node.else,
    ...(isObject(node.dependentSchemas) ? Object.values(node.dependentSchemas) : []),
    ...(isObject(node.dependencies) ? Object.values(node.dependencies) : []),
  ];
  return parts.some(
    (part) => isObject(part) && (typeof part.$ref === "string" || mayHold(part, name)),
  );
}

/**
 * Why no value valid under the old node `B` matches the schema at `loc` (in the new tree), or
 * undefined when that is not shown: its types are others, its constants are ones the old node
 * never held, or it requires a property no old config holds. Sound, not complete: undefined
 * proves nothing.
 */
export function matchesNoOld(ctx: DiffContext, B: Effective, loc: Loc): string | undefined {
  const eff = resolve(ctx.after, loc);
  if (eff.node === false) return "its schema is `false`";
  const n = eff.node;
  const b = B.node as JsonObject;
  const oldTypes = typesOfValues(b);
  const types = typesOf(n);
  if (types.length > 0 && !oldTypes.some((t) => types.some((u) => sameType(t, u))))
    return `it is of type ${types.join("|")}, and values were ${oldTypes.join("|")}`;
  const oldLiterals = literalsOf(b);
  const newLiterals = literalsOf(n);
  if (
    oldLiterals &&
    newLiterals &&
    !oldLiterals.some((v) => newLiterals.some((w) => jsonEqual(v, w)))
  )
    return "it holds only values the old schema did not accept";
  // `required` and `properties` constrain objects only: any other value matches them.
  const objectsOnly =
    oldTypes.every((t) => t === "object") ||
    (types.length > 0 && types.every((t) => t === "object"));
  if (!objectsOnly) return undefined;
  const required = Array.isArray(n.required)
    ? n.required.filter((r): r is string => typeof r === "string")
    : [];
  const absent = required.find((r) => !mayHold(b, r));
  if (absent !== undefined)
    return `it requires ${JSON.stringify(absent)}, which no config valid before holds`;
  const props = isObject(n.properties) ? n.properties : {};
  const bProps = isObject(b.properties) ? b.properties : {};
  for (const name of required) {
    if (!isObject(props[name]) || !isObject(bProps[name])) continue;
    const want = literalsOf(props[name]);
    const had = literalsOf(bProps[name]);
    if (
      want &&
      had &&
      !had.some((v) => want.some((w) => jsonEqual(v, w))) &&
      !JSON.stringify(props[name]).includes("$ref") &&
      !JSON.stringify(bProps[name]).includes("$ref")
    )
      // The values are not shown: the property may be a secret.
      return `it requires ${JSON.stringify(name)} to hold a value the old schema never accepted there`;
  }
  return undefined;
}
