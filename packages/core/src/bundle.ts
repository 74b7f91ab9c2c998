import { withoutSecretValues } from "./vocabulary.js";
import { refKey, nodeAt, type RefTarget, type SchemaModel } from "./model.js";
import {
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  cloneJson,
  isObject,
  setOwn,
  type JsonObject,
} from "./walk.js";
import { joinPointer } from "./pointer.js";
import { pascalCase } from "./naming.js";
import { convertDraftKeywords } from "./draft-convert.js";

/** Keywords that only describe a value; when they sit next to `$ref` they override the target's. */
export const ANNOTATION_KEYWORDS = new Set([
  "title",
  "description",
  "default",
  "examples",
  "$comment",
  "deprecated",
  "readOnly",
  "writeOnly",
  "secret",
  "order",
  "group",
  "always_show",
  "hidden",
  "multiline",
  "pattern_descriptor",
  "airbyte_secret",
  "airbyte_hidden",
  "mask",
  "display_type",
]);

const DROP_WHEN_BUNDLED = new Set([
  "$id",
  "$schema",
  "definitions",
  "$defs",
  "$anchor",
  "$dynamicAnchor",
]);

/**
 * A self-contained copy of the schema at `start`: every `$ref` is inlined, siblings of a `$ref`
 * are honoured (annotations override, other keywords are combined with allOf), and recursive
 * definitions are hoisted into `definitions` and referenced locally.
 */
export function bundle(model: SchemaModel, start: RefTarget): JsonObject {
  // Every document pulled in is converted to the draft of the one the bundle starts from.
  const bundleDraft = model.docs.get(start.doc)?.draft ?? "draft-07";
  const hoisted = new Map<string, string>();
  const hoistedNames = new Set<string>();
  const definitions: JsonObject = {};

  function hoistName(target: RefTarget): string {
    const key = refKey(target.doc, target.pointer);
    let name = hoisted.get(key);
    if (name) return name;
    const base = pascalCase(
      target.pointer.split("/").pop() ||
        model.docs
          .get(target.doc)!
          .rel.replace(/\.json$/, "")
          .split("/")
          .pop()!,
    );
    name = base;
    for (let i = 2; hoistedNames.has(name); i++) name = `${base}${i}`;
    hoisted.set(key, name);
    hoistedNames.add(name);
    return name;
  }

  function copySchema(node: unknown, doc: string, pointer: string, stack: Set<string>): unknown {
    if (!isObject(node)) return node;
    // A `$dynamicRef` is followed to where it points when nothing extends the schema: a bundle is
    // read by types and forms, which cannot follow a dynamic scope (validators do, not from here).
    const dynamic =
      typeof node.$ref !== "string" && typeof node.$dynamicRef === "string"
        ? model.dynamicRefs?.get(refKey(doc, pointer))
        : undefined;
    if (typeof node.$ref === "string" || dynamic) {
      const target = dynamic ?? model.refs.get(refKey(doc, pointer));
      const siblings: JsonObject = {};
      for (const [k, v] of Object.entries(node))
        if (k !== "$ref" && k !== "$dynamicRef" && !DROP_WHEN_BUNDLED.has(k))
          setOwn(siblings, k, v);
      const copiedSiblings = copyKeywords(siblings, doc, pointer, stack);
      if (!target) return copiedSiblings; // the loader reported it
      const targetKey = refKey(target.doc, target.pointer);
      let resolved: JsonObject;
      // A meta-schema (json-schema-meta/) is referenced from most of its own properties through
      // other documents of its draft; inlined, 2019-09's grew past what a string can hold. Its
      // schemas are hoisted like recursive ones, each once.
      if (stack.has(targetKey) || model.docs.get(target.doc)?.builtIn) {
        resolved = { $ref: `#/definitions/${hoistName(target)}` };
      } else {
        const at = nodeAt(model, target);
        const next = new Set(stack).add(targetKey);
        resolved = copySchema(at.node, target.doc, target.pointer, next) as JsonObject;
      }
      const onlyAnnotations = Object.keys(copiedSiblings).every((k) => ANNOTATION_KEYWORDS.has(k));
      if (onlyAnnotations && !("$ref" in resolved)) return { ...resolved, ...copiedSiblings };
      if (Object.keys(copiedSiblings).length === 0) return resolved;
      return onlyAnnotations
        ? { ...copiedSiblings, allOf: [resolved] }
        : { allOf: [resolved], ...copiedSiblings };
    }
    const out = convertDraftKeywords(
      copyKeywords(node, doc, pointer, stack),
      model.docs.get(doc)?.draft ?? "draft-07",
      bundleDraft,
    );
    for (const k of DROP_WHEN_BUNDLED) delete out[k];
    // A secret's default or examples never reach what is generated from the bundle.
    return withoutSecretValues(out);
  }

  function copyKeywords(
    node: JsonObject,
    doc: string,
    pointer: string,
    stack: Set<string>,
  ): JsonObject {
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) {
      if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        if (key === "definitions" || key === "$defs") continue;
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value))
          setOwn(map, name, copySchema(sub, doc, joinPointer(pointer, key, name), stack));
        setOwn(out, key, map);
      } else if (key === "dependencies" && isObject(value)) {
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value))
          setOwn(
            map,
            name,
            Array.isArray(sub)
              ? [...sub]
              : copySchema(sub, doc, joinPointer(pointer, key, name), stack),
          );
        setOwn(out, key, map);
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
        setOwn(
          out,
          key,
          value.map((sub, i) => copySchema(sub, doc, joinPointer(pointer, key, i), stack)),
        );
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        setOwn(out, key, copySchema(value, doc, joinPointer(pointer, key), stack));
      } else {
        setOwn(out, key, cloneJson(value));
      }
    }
    return out;
  }

  const startKey = refKey(start.doc, start.pointer);
  const root = copySchema(
    nodeAt(model, start).node,
    start.doc,
    start.pointer,
    new Set([startKey]),
  ) as JsonObject;
  // Hoisted definitions may themselves hoist more; copy until nothing new appears.
  const done = new Set<string>();
  for (let changed = true; changed;) {
    changed = false;
    for (const [key, name] of [...hoisted]) {
      if (done.has(key)) continue;
      done.add(key);
      changed = true;
      const [doc, pointer] = [key.slice(0, key.indexOf("#")), key.slice(key.indexOf("#") + 1)];
      if (key === startKey) {
        definitions[name] = cloneJson(root);
      } else {
        definitions[name] = copySchema(
          nodeAt(model, { doc, pointer }).node,
          doc,
          pointer,
          new Set([key]),
        );
      }
    }
  }
  const result: JsonObject = {
    $schema:
      bundleDraft === "2020-12"
        ? "https://json-schema.org/draft/2020-12/schema"
        : "http://json-schema.org/draft-07/schema#",
    ...root,
  };
  if (Object.keys(definitions).length > 0) result.definitions = definitions;
  return result;
}

/** Sets an own property, even one named `__proto__` (a property name real schemas may use). */
/** Resolves a local `#/definitions/x` reference inside a bundled schema. */
export function derefBundled(root: JsonObject, node: unknown): JsonObject {
  let current = node;
  for (
    let i = 0;
    i < 32 &&
    isObject(current) &&
    typeof current.$ref === "string" &&
    current.$ref.startsWith("#/definitions/");
    i++
  ) {
    const name = current.$ref.slice("#/definitions/".length);
    const { $ref: _ref, ...siblings } = current;
    const defs = root.definitions as JsonObject | undefined;
    current = { ...(defs?.[name] as JsonObject), ...siblings };
  }
  return isObject(current) ? current : {};
}
