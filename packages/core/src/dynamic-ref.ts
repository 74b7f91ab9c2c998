import type { ConversionNote } from "./draft-convert.js";
import { escapeToken, getAtPointer, joinPointer } from "./pointer.js";
import { cloneJson, isObject, walkSchema, type JsonObject } from "./walk.js";

/**
 * A 2020-12 `$dynamicRef` that is not a bare `"#name"` read as a `$ref` (beside an existing
 * `$ref`, in an `allOf`). To a JSON pointer (`"#/$defs/x"`) or a whole resource that is exactly
 * what it means (ajv read `"#/…"` as a call to the document's root). With a URI before a name
 * (`"extended#meta"`, which ajv refuses) it is where the reference points when the schema is
 * read on its own; what is lost: a schema that extends this one through its `$dynamicAnchor`
 * does not change what the reference means (a `schema/dynamic-ref-static` warning, at it).
 * The input is never modified; it is returned as it is when it has no such reference.
 */
export function staticDynamicRefs(json: unknown): {
  json: unknown;
  renames: Map<string, string>;
  notes: ConversionNote[];
} {
  const renames = new Map<string, string>();
  const notes: ConversionNote[] = [];
  const found: string[] = [];
  walkSchema(json, ({ node, pointer }) => {
    if (typeof node.$dynamicRef === "string" && !isBareAnchor(node.$dynamicRef))
      found.push(pointer);
  });
  if (found.length === 0) return { json, renames, notes };
  const copy = cloneJson(json);
  for (const pointer of found) {
    const node = getAtPointer(copy, pointer) as JsonObject;
    const ref = node.$dynamicRef as string;
    delete node.$dynamicRef;
    if (node.$ref === undefined) {
      node.$ref = ref;
      renames.set(`${pointer}/${escapeToken("$ref")}`, "$dynamicRef");
    } else node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), { $ref: ref }];
    // Only a plain-name fragment can be dynamic: to a JSON pointer (or a whole resource) a
    // $dynamicRef is a $ref, exactly, and there is nothing to say.
    if (!hasAnchorFragment(ref)) continue;
    notes.push({
      severity: "warning",
      code: "schema/dynamic-ref-static",
      pointer: joinPointer(pointer, "$dynamicRef"),
      message: `"$dynamicRef": ${JSON.stringify(ref)} is read as a "$ref": it means the schema it names in this document, and a schema that extends this one through a "$dynamicAnchor" does not change that (only a "$dynamicRef" that is a bare "#name" follows the dynamic scope).`,
      hint: 'Write "$dynamicRef": "#name" with the "$dynamicAnchor" in the same schema resource, or a "$ref" if the reference is not meant to be extended.',
    });
  }
  return { json: isObject(copy) ? copy : json, renames, notes };
}

/** `"#name"`: the only `$dynamicRef` ajv evaluates dynamically. */
function isBareAnchor(ref: string): boolean {
  return ref.startsWith("#") && hasAnchorFragment(ref);
}

/** Whether the fragment is a plain name (`#meta`), not a JSON pointer (`#/$defs/x`) or empty. */
function hasAnchorFragment(ref: string): boolean {
  const hash = ref.indexOf("#");
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  return fragment !== "" && !fragment.startsWith("/");
}
