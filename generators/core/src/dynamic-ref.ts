import type { ConversionNote } from "./draft-convert.js";
import { escapeToken, getAtPointer, joinPointer } from "./pointer.js";
import { isObject, walkSchema, type JsonObject } from "./walk.js";

/**
 * A 2020-12 `$dynamicRef` with a URI before its `#` (`"extended#meta"`) read as a `$ref` to
 * where it points when the schema is read on its own (beside an existing `$ref`, in an `allOf`).
 * ajv evaluates only `"#name"` dynamically; such a reference made it refuse the whole schema.
 * What is lost: a schema that extends this one through its `$dynamicAnchor` from the dynamic
 * scope does not change what the reference means (a `schema/dynamic-ref-static` warning, at it).
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
    if (typeof node.$dynamicRef === "string" && !node.$dynamicRef.startsWith("#"))
      found.push(pointer);
  });
  if (found.length === 0) return { json, renames, notes };
  const copy = structuredClone(json);
  for (const pointer of found) {
    const node = getAtPointer(copy, pointer) as JsonObject;
    const ref = node.$dynamicRef as string;
    delete node.$dynamicRef;
    if (node.$ref === undefined) {
      node.$ref = ref;
      renames.set(`${pointer}/${escapeToken("$ref")}`, "$dynamicRef");
    } else node.allOf = [...(Array.isArray(node.allOf) ? node.allOf : []), { $ref: ref }];
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
