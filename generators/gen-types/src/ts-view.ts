import {
  followRef,
  nodeAt,
  isObject,
  isSecret,
  joinPointer,
  pascalCase,
  refKey,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  findDiscriminator,
  setOwn,
  type JsonObject,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";
import type { TypeName } from "./naming-table.js";

/** Builds the JSDoc text of a schema node: title, description, default, examples, secret. */
export function jsdocOf(schema: JsonObject, siblings: JsonObject = {}): string | undefined {
  const pick = (k: string) => (k in siblings ? siblings[k] : schema[k]);
  const lines: string[] = [];
  const title = pick("title");
  const description = pick("description");
  if (typeof title === "string" && title.trim()) lines.push(title.trim());
  if (typeof description === "string" && description.trim() && description.trim() !== title) {
    if (lines.length) lines.push("");
    lines.push(description.trim());
  }
  if (isSecret(schema) || isSecret(siblings))
    lines.push("@secret Credential: supplied at run time, never logged or shown.");
  const def = pick("default");
  if (def !== undefined && !isSecret(schema)) lines.push(`@default ${JSON.stringify(def)}`);
  const examples = pick("examples");
  if (Array.isArray(examples) && !isSecret(schema))
    for (const ex of examples.slice(0, 3)) lines.push(`@example ${JSON.stringify(ex)}`);
  return lines.length ? lines.join("\n") : undefined;
}

export interface TsViewContext {
  model: SchemaModel;
  doc: SchemaDoc;
  names: Map<string, TypeName>;
  /** Names already taken in the whole output; a module's are added to it. */
  used: { has(name: string): boolean; add(name: string): void };
  module: string;
  /** Filled in: names this module imports, by module. */
  imports: Map<string, Set<string>>;
}

const DROP = new Set([
  "title",
  "description",
  "default",
  "examples",
  "$id",
  "$schema",
  "$comment",
  "definitions",
  "$defs",
  "$anchor",
]);

/**
 * The keywords json-schema-to-typescript builds a type from. A schema with none of them (only
 * `format`, `maximum`, `not`, `if`, unknown keywords, …) accepts values of every type, so its type
 * is `unknown`: json-schema-to-typescript would make it an object type (`{ [k: string]: unknown }`),
 * which rejects the strings and numbers the validator accepts.
 */
const SHAPE_KEYWORDS = [
  "type",
  "enum",
  "const",
  "tsType",
  "allOf",
  "anyOf",
  "oneOf",
  "properties",
  "patternProperties",
  "additionalProperties",
  "required",
  "items",
  "prefixItems",
  "additionalItems",
] as const;

/** Keywords that shape objects (json-schema-to-typescript makes an object type of a schema with one). */
const OBJECT_SHAPE = [
  "properties",
  "patternProperties",
  "additionalProperties",
  "required",
] as const;
/** Keywords that shape arrays (after 2020-12's prefixItems became items[]). */
const ARRAY_SHAPE = ["items", "additionalItems"] as const;
/** Keywords whose subschemas apply to the same value as their parent (a `type` there still holds). */
const APPLICATORS = new Set([
  "allOf",
  "anyOf",
  "oneOf",
  "not",
  "if",
  "then",
  "else",
  "dependentSchemas",
]);

/** Keywords whose boolean value json-schema-to-typescript reads itself (`additionalProperties: false`). */
const BOOLEAN_AWARE = new Set([
  "additionalProperties",
  "additionalItems",
  "unevaluatedProperties",
  "unevaluatedItems",
]);

/** A boolean schema as a type: `true` accepts anything, `false` nothing. */
function booleanSchemaType(schema: boolean): JsonObject {
  return { tsType: schema ? "unknown" : "never" };
}

function unique(ctx: TsViewContext, base: string): string {
  let name = base;
  for (let i = 2; ctx.used.has(name); i++) name = `${base}${i}`;
  ctx.used.add(name);
  return name;
}

/**
 * Rewrites the schema at `pointer` of `ctx.doc` into what json-schema-to-typescript should see:
 * every `$ref` becomes a `tsType` naming a type emitted once (here or in an imported module),
 * titles become JSDoc instead of spurious type aliases, and the branches of a discriminated
 * oneOf get stable names so the union reads as one.
 */
export function tsView(ctx: TsViewContext, pointer: string, baseName: string): JsonObject {
  // `typed`: a schema this one applies to with (allOf, oneOf, if, …) limits the value's type already.
  // `nameHint` is made only when a name is: pascalCase of every property name cost more than the rest.
  const convert = (node: unknown, p: string, nameHint: () => string, typed = false): unknown => {
    if (typeof node === "boolean") return booleanSchemaType(node);
    if (!isObject(node)) return node;
    // A `$dynamicRef` is typed as what it means when nothing extends the schema (the loader's
    // static target); the validator evaluates it.
    const dynamic =
      typeof node.$ref !== "string" && typeof node.$dynamicRef === "string"
        ? ctx.model.dynamicRefs?.get(refKey(ctx.doc.path, p))
        : undefined;
    if (typeof node.$ref === "string" || dynamic) {
      const target = dynamic ?? ctx.model.refs.get(refKey(ctx.doc.path, p));
      const siblings: JsonObject = {};
      for (const [k, v] of Object.entries(node))
        if (k !== "$ref" && k !== "$dynamicRef") setOwn(siblings, k, v);
      if (!target) return { tsType: "unknown" };
      const named = ctx.names.get(refKey(target.doc, target.pointer))!;
      if (named.module !== ctx.module) {
        if (!ctx.imports.has(named.module)) ctx.imports.set(named.module, new Set());
        ctx.imports.get(named.module)!.add(named.name);
      }
      const resolved = (
        dynamic
          ? followRef(ctx.model, nodeAt(ctx.model, dynamic))
          : followRef(ctx.model, { doc: ctx.doc, pointer: p, node })
      ).node as unknown;
      const out: JsonObject = { tsType: named.name };
      const comment = jsdocOf(isObject(resolved) ? resolved : {}, siblings);
      if (comment) out.description = comment;
      return out;
    }
    const out: JsonObject = {};
    const comment = jsdocOf(node);
    if (comment) out.description = comment;
    const limits = typed || node.type !== undefined || "enum" in node || "const" in node;
    const sub = (key: string) => APPLICATORS.has(key) && limits;
    for (const [key, value] of Object.entries(node)) {
      if (DROP.has(key)) continue;
      if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            convert(v, joinPointer(p, key, k), () => `${nameHint()}${pascalCase(k)}`, sub(key)),
          ]),
        );
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
        const disc =
          key === "oneOf" || key === "anyOf"
            ? findDiscriminator(value, (n) => resolveLocal(ctx, n, p))
            : undefined;
        out[key] = value.map((v, i) => {
          const branchPointer = joinPointer(p, key, i);
          const converted = convert(v, branchPointer, nameHint, sub(key));
          if (
            (key === "oneOf" || key === "anyOf") &&
            isObject(converted) &&
            !("tsType" in converted) &&
            isObject(v)
          ) {
            const label = disc
              ? String(disc.values[i])
              : typeof v.title === "string"
                ? v.title
                : `Option${i + 1}`;
            converted.tsName = unique(ctx, `${nameHint()}${pascalCase(label)}`);
          }
          return converted;
        });
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        out[key] =
          typeof value === "boolean" &&
          (BOOLEAN_AWARE.has(key) || (key === "items" && Array.isArray(node.prefixItems)))
            ? value
            : convert(
                value,
                joinPointer(p, key),
                key === "items" ? () => `${nameHint()}Item` : nameHint,
                sub(key),
              );
      } else {
        // An unknown keyword may be called anything, `__proto__` included: keep it data.
        setOwn(out, key, value);
      }
    }
    // json-schema-to-typescript reads tuples the draft-07 way: items[] + additionalItems.
    if (Array.isArray(out.prefixItems)) {
      const rest = out.items;
      out.items = out.prefixItems;
      delete out.prefixItems;
      if (rest !== undefined) out.additionalItems = rest;
    }
    if (!SHAPE_KEYWORDS.some((k) => k in out)) {
      const loose: JsonObject = { tsType: "unknown" };
      if (out.description !== undefined) loose.description = out.description;
      return loose;
    }
    if (!limits && (OBJECT_SHAPE.some((k) => k in out) || ARRAY_SHAPE.some((k) => k in out)))
      return everyType(out, node.minItems);
    if (Array.isArray(out.items)) tupleLengths(out, node.minItems);
    return out;
  };
  const root = convert(nodeAtPointer(ctx.doc.json, pointer), pointer, () => baseName) as JsonObject;
  return root;
}

/**
 * A schema without `type` whose keywords shape objects or arrays (`properties`, `required`,
 * `items`, …) still accepts every other type: `{ "properties": { "a": … } }` accepts `"text"` and
 * `3`. Its type is the shaped object (or array) or any value of the other types, so a valid value is
 * never a type error. Where a schema it applies with (`"type": "object", "oneOf": [{ "properties":
 * … }]`) or an enum limits the type already, the branches stay as they are (`typed`).
 */
function everyType(out: JsonObject, minItems: unknown): JsonObject {
  const outer: JsonObject = {};
  if (out.description !== undefined) outer.description = out.description;
  const shared: JsonObject = {};
  for (const [k, v] of Object.entries(out))
    if (
      k !== "description" &&
      !(OBJECT_SHAPE as readonly string[]).includes(k) &&
      !(ARRAY_SHAPE as readonly string[]).includes(k)
    )
      setOwn(shared, k, v);
  const arms: JsonObject[] = [];
  if (OBJECT_SHAPE.some((k) => k in out)) {
    const object: JsonObject = { ...shared, type: "object" };
    for (const k of OBJECT_SHAPE) if (k in out) object[k] = out[k];
    arms.push(object);
  } else arms.push({ tsType: "{ [k: string]: unknown }" });
  if (ARRAY_SHAPE.some((k) => k in out)) {
    const array: JsonObject = { ...shared, type: "array" };
    for (const k of ARRAY_SHAPE) if (k in out) array[k] = out[k];
    if (Array.isArray(array.items)) tupleLengths(array, minItems);
    arms.push(array);
  } else arms.push({ tsType: "unknown[]" });
  arms.push({ tsType: "string" }, { tsType: "number" }, { tsType: "boolean" }, { tsType: "null" });
  outer.anyOf = arms;
  return outer;
}

/**
 * A tuple (`items: [A, B]`, or 2020-12's `prefixItems`) accepts arrays shorter than its list
 * unless `minItems` says otherwise: `[]`, `["a"]` and `["a", 1]` are all valid for `[string,
 * number]` without `minItems`. json-schema-to-typescript (with min/maxItems ignored, as onespec
 * runs it) would require every element, so the shorter lengths become a union of closed tuples:
 * `[] | [string] | [string, number, ...unknown[]]`.
 */
function tupleLengths(out: JsonObject, minItems: unknown): void {
  const items = out.items as unknown[];
  const min =
    typeof minItems === "number" && Number.isFinite(minItems)
      ? Math.max(0, Math.ceil(minItems))
      : 0;
  if (min >= items.length) return;
  if (out.type !== undefined && out.type !== "array") return; // a type list: keep json-schema-to-typescript's reading
  const shapes: JsonObject[] = [];
  for (let k = min; k <= items.length; k++)
    shapes.push({
      type: "array",
      items: items.slice(0, k),
      additionalItems: k === items.length ? (out.additionalItems ?? true) : false,
    });
  delete out.items;
  delete out.additionalItems;
  delete out.type;
  if (out.anyOf === undefined) out.anyOf = shapes;
  else out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { anyOf: shapes }];
}

function nodeAtPointer(json: unknown, pointer: string): unknown {
  if (pointer === "") return json;
  let cur: unknown = json;
  for (const raw of pointer.slice(1).split("/")) {
    const t = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isObject(cur)
      ? Object.prototype.hasOwnProperty.call(cur, t)
        ? cur[t]
        : undefined
      : Array.isArray(cur)
        ? cur[Number(t)]
        : undefined;
  }
  return cur;
}

function resolveLocal(ctx: TsViewContext, node: unknown, _p: string): JsonObject {
  if (!isObject(node)) return {};
  if (typeof node.$ref !== "string") {
    // A branch may pin its discriminator through a $ref'd property; resolve those too.
    if (isObject(node.properties)) {
      const props: JsonObject = {};
      for (const [k, v] of Object.entries(node.properties))
        setOwn(props, k, isObject(v) && typeof v.$ref === "string" ? constHolder(ctx, v) : v);
      return { ...node, properties: props };
    }
    return node;
  }
  return constHolder(ctx, node);
}

function constHolder(ctx: TsViewContext, node: JsonObject): JsonObject {
  // Without the pointer of a nested node we cannot consult the ref table; resolve by walking
  // the ref string within the same document only when it is a local fragment.
  const ref = node.$ref as string;
  if (ref.startsWith("#")) {
    const target = nodeAtPointer(ctx.doc.json, decodeURIComponent(ref.slice(1)));
    return isObject(target) ? target : {};
  }
  return node;
}
