import {
  DIALECT_KEYWORDS,
  STANDARD_KEYWORDS,
  followRef,
  isObject,
  joinPointer,
  nodeAt,
  refKey,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  ajvDiscriminatorTag,
  isAjvKeywordName,
  type JsonObject,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";

/** The `$ref` a validator uses for a target: canonical URI + JSON pointer fragment. */
export function canonicalRef(model: SchemaModel, doc: string, pointer: string): string | undefined {
  const target = model.refs.get(refKey(doc, pointer));
  if (!target) return undefined;
  const targetDoc = model.docs.get(target.doc)!;
  const fragment = target.pointer === "" ? "" : "#" + target.pointer.split("/").map(encodeURIComponent).join("/");
  return targetDoc.uri + fragment;
}

/**
 * The copy of a document that ajv compiles: references rewritten to canonical URIs (so nothing
 * is resolved twice), `$id`s replaced by the canonical one, and a `discriminator` added to every
 * oneOf that qualifies so errors name the chosen branch instead of every branch.
 */
export function validatorView(model: SchemaModel, doc: SchemaDoc, unknownKeywords: Set<string>): JsonObject | boolean {
  function copy(node: unknown, pointer: string): unknown {
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref") {
        out.$ref = canonicalRef(model, doc.path, pointer) ?? value;
      } else if (key === "$id" || key === "$schema" || key === "$anchor") {
        continue;
      } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v, joinPointer(pointer, key, k))]));
      } else if (key === "dependencies" && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, Array.isArray(v) ? v : copy(v, joinPointer(pointer, key, k))]),
        );
      } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
        out[key] = value.map((v, i) => copy(v, joinPointer(pointer, key, i)));
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        out[key] = copy(value, joinPointer(pointer, key));
      } else {
        if (!STANDARD_KEYWORDS.has(key) && !(key in DIALECT_KEYWORDS)) {
          // An annotation ajv cannot even register (the loader reported it): leave it out.
          if (!isAjvKeywordName(key)) continue;
          unknownKeywords.add(key);
        }
        out[key] = value;
      }
    }
    if (Array.isArray(node.oneOf) && !("discriminator" in node)) {
      const tag = ajvDiscriminator(model, doc, node, pointer);
      if (tag) {
        out.discriminator = { propertyName: tag };
        if (out.type === undefined) out.type = "object";
      }
    }
    return out;
  }
  const view = copy(doc.json, "");
  if (isObject(view)) return { $id: doc.uri, ...view };
  return view as boolean;
}

/** The tag name when a oneOf meets ajv's discriminator rules (resolving each branch's $ref once). */
function ajvDiscriminator(model: SchemaModel, doc: SchemaDoc, node: JsonObject, pointer: string): string | undefined {
  return ajvDiscriminatorTag(node, (b, i) => {
    if (!isObject(b)) return undefined;
    // ajv resolves one level of $ref in a branch and ignores siblings there.
    if (typeof b.$ref === "string" && Object.keys(b).length > 1) return undefined;
    return followRef(model, { doc, pointer: joinPointer(pointer, "oneOf", i), node: b }).node;
  });
}

export { nodeAt };
