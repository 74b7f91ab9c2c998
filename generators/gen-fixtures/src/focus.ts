import { derefBundled, isObject, setOwn, type JsonObject } from "@onespec/core";

/** Keywords that tie one property's (or item's) validity to another's; under them, a value is kept whole. */
const LINKING_KEYWORDS = [
  "$ref",
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependencies",
  "dependentRequired",
  "dependentSchemas",
  "minProperties",
  "maxProperties",
  "uniqueItems",
  "contains",
  "prefixItems",
];

const has = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** Marks a property an unchanged object leaves out. */
const DROP = Symbol("drop");

/** What an object of the full config becomes where the mutation left it as it was. */
interface Kept {
  schema: JsonObject;
  minimal: JsonObject | undefined;
  /** Each own property of the full object: the value it keeps when unchanged, or DROP. */
  values: Map<string, unknown>;
  /** Properties only the minimal object has, added last. */
  extra: [string, unknown][];
}

/**
 * An invalid fixture keeps, of the full config it was mutated from, only what the mutation
 * touched: along the mutated path, each object keeps its required properties and the changed
 * one, the rest comes from the minimal valid config. The errors are the same (nothing where a
 * property is dropped links it to another), and fixtures stay linear in the schema's size: a
 * copy of the full config per mutation made them quadratic (3.5 MB for an 80-field connector).
 * Identity tells what changed: mutations copy only the path they change.
 *
 * Every mutation of a variant focuses against the same full and minimal configs, so what an
 * object keeps where it is unchanged is worked out once per object, not once per mutation.
 */
export function focusOn(
  root: JsonObject,
  full: unknown,
  minimal: unknown,
): (mutated: unknown) => unknown {
  const plainSchemas = new WeakMap<JsonObject, boolean>();
  const plain = (schema: JsonObject) => {
    let p = plainSchemas.get(schema);
    if (p === undefined) {
      p = !LINKING_KEYWORDS.some((k) => k in schema);
      plainSchemas.set(schema, p);
    }
    return p;
  };
  const keptOf = new WeakMap<JsonObject, Kept>();
  const kept = (
    fullNode: JsonObject,
    minimalObject: JsonObject | undefined,
    schema: JsonObject,
  ) => {
    const known = keptOf.get(fullNode);
    if (known && known.schema === schema && known.minimal === minimalObject) return known;
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    const values = new Map<string, unknown>();
    for (const k of Object.keys(fullNode))
      values.set(
        k,
        minimalObject && has(minimalObject, k)
          ? minimalObject[k]
          : required.has(k)
            ? fullNode[k]
            : DROP,
      );
    const extra: [string, unknown][] = [];
    if (minimalObject)
      for (const k of Object.keys(minimalObject))
        if (!has(fullNode, k)) extra.push([k, minimalObject[k]]);
    const made: Kept = { schema, minimal: minimalObject, values, extra };
    // The same object in two places (an enum's object value) keeps what its first place says.
    if (!known) keptOf.set(fullNode, made);
    return made;
  };
  const focus = (
    schema: JsonObject | undefined,
    fullNode: unknown,
    minimalNode: unknown,
    mutated: unknown,
  ): unknown => {
    if (mutated === fullNode) return minimalNode !== undefined ? minimalNode : fullNode;
    if (!schema || !plain(schema)) return mutated;
    if (Array.isArray(mutated) && Array.isArray(fullNode)) {
      if (!isObject(schema.items)) return mutated;
      const items = derefBundled(root, schema.items);
      return mutated.map((v, i) =>
        v === fullNode[i] ? v : focus(items, fullNode[i], undefined, v),
      );
    }
    if (!isObject(mutated) || !isObject(fullNode)) return mutated;
    const minimalObject = isObject(minimalNode) ? minimalNode : undefined;
    const { values, extra } = kept(fullNode, minimalObject, schema);
    const properties = isObject(schema.properties) ? schema.properties : {};
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(mutated)) {
      const v = mutated[k];
      const own = values.has(k);
      if (own && v === fullNode[k]) {
        const keep = values.get(k);
        if (keep !== DROP) setOwn(out, k, keep);
      } else {
        const sub = own && has(properties, k) ? derefBundled(root, properties[k]) : undefined;
        setOwn(out, k, focus(sub, fullNode[k], minimalObject?.[k], v));
      }
    }
    for (const [k, v] of extra) if (!has(out, k)) setOwn(out, k, v);
    return out;
  };
  return (mutated) => focus(root, full, minimal, mutated);
}
