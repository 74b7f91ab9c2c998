import {
  DIALECT_KEYWORDS,
  STANDARD_KEYWORDS,
  followRef,
  isObject,
  joinPointer,
  refKey,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  ajvDiscriminatorTag,
  ANNOTATION_KEYWORDS,
  constOf,
  convertDraftKeywords,
  type Draft,
  isAjvKeywordName,
  type JsonObject,
  type SchemaDoc,
  type SchemaModel,
  uriSegment,
  withoutSecretValues,
  indexResources,
  walkSchema,
} from "@onespec/core";

/** Whether a document has a `$dynamicRef` or `$dynamicAnchor` (then its embedded resources must stay apart). */
function usesDynamicRef(json: unknown): boolean {
  let found = false;
  walkSchema(json, ({ node }) => {
    if (found) return false;
    if (typeof node.$dynamicRef === "string" || typeof node.$dynamicAnchor === "string")
      found = true;
  });
  return found;
}

/** The `$ref` a validator uses for a target: canonical URI + JSON pointer fragment. */
export function canonicalRef(model: SchemaModel, doc: string, pointer: string): string | undefined {
  const target = model.refs.get(refKey(doc, pointer));
  if (!target) return undefined;
  const targetDoc = model.docs.get(target.doc)!;
  const fragment =
    target.pointer === "" ? "" : "#" + target.pointer.split("/").map(uriSegment).join("/");
  return targetDoc.uri + fragment;
}

/**
 * The copy of a document that ajv compiles: references rewritten to canonical URIs (so nothing
 * is resolved twice), `$id`s replaced by the canonical one, and a `discriminator` added to every
 * oneOf that qualifies so errors name the chosen branch instead of every branch.
 */
export function validatorView(
  model: SchemaModel,
  doc: SchemaDoc,
  unknownKeywords: Set<string>,
  draft: Draft = doc.draft,
  formats: Set<string> = new Set(),
): JsonObject | boolean {
  // In a 2020-12 document, a `$dynamicRef` looks for `$dynamicAnchor`s resource by resource, so
  // its embedded resources stay resources (under canonical `$id`s, so nothing is resolved twice
  // and nothing clashes across documents) and keep their anchors. Every `$ref` is rewritten to a
  // canonical URI either way.
  const resourceRoots = new Set<string>();
  if (doc.draft === "2020-12" && usesDynamicRef(doc.json))
    for (const p of indexResources(doc.json, "file:///", doc.sourceDraft ?? doc.draft).roots.keys())
      if (p !== "") resourceRoots.add(p);
  function copy(node: unknown, pointer: string): unknown {
    if (!isObject(node)) return node;
    const out: JsonObject = {};
    let protoProperty: unknown;
    for (const [key, value] of Object.entries(node)) {
      // Not a keyword anyone can mean (and assigning it would set the copy's prototype).
      if (key === "__proto__") continue;
      if (key === "$ref") {
        out.$ref = canonicalRef(model, doc.path, pointer) ?? value;
      } else if (key === "$id" && resourceRoots.has(pointer)) {
        out.$id = `${doc.uri}/${pointer.slice(1)}`;
      } else if (key === "$anchor" && resourceRoots.size > 0) {
        out.$anchor = value;
      } else if (key === "$id" || key === "$schema" || key === "$anchor") {
        continue;
      } else if (key === "properties" && isObject(value)) {
        const entries = Object.entries(value).map(
          ([k, v]) =>
            [
              k,
              inlineConstRef(v, joinPointer(pointer, key, k)) ??
                copy(v, joinPointer(pointer, key, k)),
            ] as const,
        );
        out[key] = Object.fromEntries(entries.filter(([k]) => k !== "__proto__"));
        // ajv never applies properties.__proto__ (it skips the name); "^__proto__$" means the same.
        const proto = entries.find(([k]) => k === "__proto__");
        if (proto) protoProperty = proto[1];
      } else if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [k, copy(v, joinPointer(pointer, key, k))]),
        );
      } else if (key === "dependencies" && isObject(value)) {
        out[key] = Object.fromEntries(
          Object.entries(value).map(([k, v]) => [
            k,
            Array.isArray(v) ? v : copy(v, joinPointer(pointer, key, k)),
          ]),
        );
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
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
    // `enum: []` is valid JSON Schema (draft-06 on) that no value satisfies; ajv refuses to compile
    // it, so the view says the same with a schema ajv takes.
    if (Array.isArray(out.enum) && out.enum.length === 0) {
      delete out.enum;
      out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), false];
    }
    if (protoProperty !== undefined) {
      const patterns = isObject(out.patternProperties) ? out.patternProperties : {};
      out.patternProperties = { ...patterns, "^__proto__$": protoProperty };
    }
    if (Array.isArray(node.oneOf) && !("discriminator" in node)) {
      const tag = ajvDiscriminator(model, doc, node, pointer);
      if (tag) {
        out.discriminator = { propertyName: tag };
        if (out.type === undefined) out.type = "object";
      }
    }
    if (typeof node.format === "string") formats.add(node.format);
    // A secret's default or examples would be written into the module with the schema's text.
    return withoutSecretValues(convertDraftKeywords(out, doc.draft, draft));
  }
  /**
   * A property that is only a `$ref` to a constant (OpenMetadata's `"type": {"$ref": "#/definitions/mysqlType"}`)
   * is inlined: same meaning, and ajv's discriminator can then read the constant.
   */
  function inlineConstRef(node: unknown, pointer: string): JsonObject | undefined {
    if (!isObject(node) || typeof node.$ref !== "string") return undefined;
    if (!Object.keys(node).every((k) => k === "$ref" || ANNOTATION_KEYWORDS.has(k)))
      return undefined;
    const target = followRef(model, { doc, pointer, node }).node;
    if (!constOf(target) || typeof target.$ref === "string") return undefined;
    const { $id: _id, $schema: _schema, ...rest } = target;
    const { $ref: _ref, ...siblings } = node;
    return { ...rest, ...siblings };
  }
  const view = copy(doc.json, "");
  if (isObject(view)) return { $id: doc.uri, ...view };
  return view as boolean;
}

/** The tag name when a oneOf meets ajv's discriminator rules (resolving each branch's $ref once). */
function ajvDiscriminator(
  model: SchemaModel,
  doc: SchemaDoc,
  node: JsonObject,
  pointer: string,
): string | undefined {
  return ajvDiscriminatorTag(node, (b, i) => {
    if (!isObject(b)) return undefined;
    // ajv resolves a branch's $ref when its siblings are only annotations.
    if (
      typeof b.$ref === "string" &&
      !Object.keys(b).every((k) => k === "$ref" || ANNOTATION_KEYWORDS.has(k))
    )
      return undefined;
    const resolved = followRef(model, { doc, pointer: joinPointer(pointer, "oneOf", i), node: b });
    // Tags written as a $ref to a constant are inlined in the view (inlineConstRef), so read them resolved.
    if (!isObject(resolved.node.properties)) return resolved.node;
    const properties: JsonObject = {};
    for (const [k, v] of Object.entries(resolved.node.properties)) {
      const p = joinPointer(resolved.pointer, "properties", k);
      properties[k] =
        isObject(v) &&
        typeof v.$ref === "string" &&
        Object.keys(v).every((key) => key === "$ref" || ANNOTATION_KEYWORDS.has(key))
          ? followRef(model, { doc: resolved.doc, pointer: p, node: v }).node
          : v;
    }
    return { ...resolved.node, properties };
  });
}
