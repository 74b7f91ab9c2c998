import { derefBundled, isObject, setOwn, type JsonObject } from "@onespec/core";
import { pointerTokens, setAtTokens, type Mutation } from "./mutations.js";

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
  /** The properties kept (not DROP), in the full object's order, with their place in it. */
  list: [string, unknown, number][];
  /** Each own property's place among the full object's. */
  places: Map<string, number>;
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
  return focuser(root, full, minimal).focus;
}

function focuser(
  root: JsonObject,
  full: unknown,
  minimal: unknown,
): { focus: (mutated: unknown) => unknown; mutation: (m: Mutation) => unknown } {
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
    const list: [string, unknown, number][] = [];
    const places = new Map<string, number>();
    for (const [k, v] of values) {
      if (v !== DROP) list.push([k, v, places.size]);
      places.set(k, places.size);
    }
    const made: Kept = { schema, minimal: minimalObject, values, extra, list, places };
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
  /**
   * focus(schema, fullNode, minimalNode, the mutation applied to fullNode from tokens[i] on),
   * without copying fullNode: where an object is left as it was but for tokens[i], its kept
   * properties are laid out around the changed one in the order the copy would have.
   */
  const along = (
    schema: JsonObject | undefined,
    fullNode: unknown,
    minimalNode: unknown,
    tokens: readonly string[],
    i: number,
    m: Mutation,
  ): unknown => {
    if (!schema || !plain(schema) || !isObject(fullNode))
      return focus(
        schema,
        fullNode,
        minimalNode,
        setAtTokens(fullNode, tokens.slice(i), m.value, m.remove),
      );
    const minimalObject = isObject(minimalNode) ? minimalNode : undefined;
    const { list, places, extra } = kept(fullNode, minimalObject, schema);
    const t = tokens[i];
    const last = i === tokens.length - 1;
    const place = places.get(t);
    const own = place !== undefined;
    const out: Record<string, unknown> = {};
    // Set to what it was: the object is unchanged after all.
    if (last && !m.remove && own && m.value === fullNode[t]) {
      for (const [k, v] of list) setOwn(out, k, v);
    } else {
      const at = own ? place : Infinity;
      let n = 0;
      for (; n < list.length && list[n][2] < at; n++) setOwn(out, list[n][0], list[n][1]);
      if (!(last && m.remove)) {
        let value: unknown;
        if (!own)
          // Not the full object's own: a new property (the copy starts from nothing there).
          value = focus(
            undefined,
            fullNode[t],
            minimalObject?.[t],
            last ? m.value : setAtTokens(undefined, tokens.slice(i + 1), m.value, m.remove),
          );
        else {
          const properties = isObject(schema.properties) ? schema.properties : {};
          const sub = has(properties, t) ? derefBundled(root, properties[t]) : undefined;
          value = last
            ? focus(sub, fullNode[t], minimalObject?.[t], m.value)
            : along(sub, fullNode[t], minimalObject?.[t], tokens, i + 1, m);
        }
        setOwn(out, t, value);
      }
      for (; n < list.length; n++) if (list[n][2] !== at) setOwn(out, list[n][0], list[n][1]);
    }
    for (const [k, v] of extra) if (!has(out, k)) setOwn(out, k, v);
    return out;
  };
  return {
    focus: (mutated) => focus(root, full, minimal, mutated),
    mutation: (m) => along(root, full, minimal, pointerTokens(m.pointer), 0, m),
  };
}

/**
 * An invalid fixture's config: focusOn(root, full, minimal) of `m` applied to `full`, made
 * without the copy.
 */
export function focusedMutations(
  root: JsonObject,
  full: unknown,
  minimal: unknown,
): (m: Mutation) => unknown {
  return focuser(root, full, minimal).mutation;
}
