import { isObject, setOwn, type JsonObject } from "@onespec/core";

/**
 * Property names that are members of `Object.prototype` (`constructor`, `toString`,
 * `hasOwnProperty`, `__proto__`, …). json-schema-to-typescript cannot take them as keys (it
 * calls `schema.hasOwnProperty(…)` on every object it walks, and copies objects with plain
 * assignment, which turns a `__proto__` key into a prototype), so they reach it under
 * placeholders and are put back in its output.
 */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The members TypeScript's `Object` interface declares. Every object type has them as apparent
 * members, so an optional property of that name must also accept the inherited member: a config
 * without `toString` still has a `toString` (the function), and `{ host: "h" }` would not be
 * assignable to `{ host: string; toString?: string }` otherwise.
 */
const OBJECT_INTERFACE_MEMBERS: ReadonlySet<string> = new Set([
  "constructor",
  "toString",
  "toLocaleString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
]);

/** Whether a name needs this treatment. */
export function isPrototypeName(name: string): boolean {
  return PROTOTYPE_NAMES.has(name);
}

/**
 * Keys json-schema-to-typescript's reference resolver acts on wherever they are. What is left of
 * `$ref` after tsView (which turns every `$ref` of a subschema into a named type) is data, such as
 * `"enum": [{ "$ref": "#/definitions/a" }]` or an unknown keyword's value: resolving it would
 * replace the data, or fail on a `definitions` tsView dropped.
 */
const RESOLVER_KEYS: ReadonlySet<string> = new Set(["$ref"]);

/**
 * Hides `Object.prototype` names (and `$ref` keys in data) from json-schema-to-typescript: every
 * object key that is one becomes a placeholder identifier (and so do the entries of `required` lists), and an
 * optional property named after a member of TypeScript's `Object` interface also accepts that
 * member's type (`toString?: string | globalThis.Object["toString"]`). `restore` turns the
 * placeholders in the compiled TypeScript back into the quoted names.
 */
export function protectPrototypeNames(view: JsonObject): {
  schema: JsonObject;
  restore(ts: string): string;
} {
  const text = JSON.stringify(view);
  let salt = 0;
  while (text.includes(`__onespecKey${salt}_`)) salt++;
  const placeholders = new Map<string, string>();
  const names = new Map<string, string>();
  const placeholderOf = (name: string): string => {
    let p = placeholders.get(name);
    if (!p) {
      p = `__onespecKey${salt}_${placeholders.size}__`;
      placeholders.set(name, p);
      names.set(p, name);
    }
    return p;
  };
  const rename = (key: string) =>
    PROTOTYPE_NAMES.has(key) || RESOLVER_KEYS.has(key) ? placeholderOf(key) : key;

  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isObject(node)) return node;
    const required = Array.isArray(node.required)
      ? node.required.filter((r): r is string => typeof r === "string")
      : [];
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "required" && Array.isArray(value)) {
        setOwn(
          out,
          key,
          value.map((r) => (typeof r === "string" ? rename(r) : r)),
        );
      } else if (key === "properties" && isObject(value)) {
        const props: JsonObject = {};
        for (const [name, schema] of Object.entries(value)) {
          let converted = walk(schema);
          if (
            OBJECT_INTERFACE_MEMBERS.has(name) &&
            !required.includes(name) &&
            isObject(converted)
          ) {
            // Keep the JSDoc on the property, not on one member of the union.
            const { description, ...rest } = converted;
            converted = {
              ...(description === undefined ? {} : { description }),
              anyOf: [rest, { tsType: `globalThis.Object[${JSON.stringify(name)}]` }],
            };
          }
          setOwn(props, rename(name), converted);
        }
        setOwn(out, key, props);
      } else {
        setOwn(out, rename(key), walk(value));
      }
    }
    return out;
  };

  const schema = walk(view) as JsonObject;
  if (placeholders.size === 0) return { schema, restore: (ts) => ts };
  const pattern = new RegExp(`"?\\b(__onespecKey${salt}_\\d+__)\\b"?`, "g");
  return {
    schema,
    restore: (ts) => ts.replace(pattern, (_m, p: string) => JSON.stringify(names.get(p) ?? p)),
  };
}
