import type { Draft } from "./ajv.js";
import { escapeToken, joinPointer } from "./pointer.js";
import { schemaPointer } from "./source.js";
import {
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  isObject,
  setOwn,
  walkSchema,
  type JsonObject,
} from "./walk.js";

/**
 * Rewrites the draft-specific keywords of one schema node (its children already converted) so a
 * document written for one draft can be compiled together with documents of another: tuples
 * (`items: [...]`/`additionalItems` ↔ `prefixItems`/`items`) and `dependencies` ↔
 * `dependentRequired`/`dependentSchemas`. Everything else means the same in both.
 */
export function convertDraftKeywords(node: JsonObject, from: Draft, to: Draft): JsonObject {
  if (from === to) return node;
  const out: JsonObject = { ...node };
  if (from === "draft-07" && to === "2020-12") {
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      delete out.items;
      if (out.additionalItems !== undefined) out.items = out.additionalItems;
      delete out.additionalItems;
    } else if (out.additionalItems !== undefined) {
      delete out.additionalItems; // ignored without a tuple
    }
    if (isObject(out.dependencies)) {
      for (const [key, value] of Object.entries(out.dependencies)) {
        const target = Array.isArray(value) ? "dependentRequired" : "dependentSchemas";
        out[target] = { ...(isObject(out[target]) ? out[target] : {}), [key]: value };
      }
      delete out.dependencies;
    }
  } else if (from === "2020-12" && to === "draft-07") {
    if (Array.isArray(out.prefixItems)) {
      const rest = out.items;
      out.items = out.prefixItems;
      delete out.prefixItems;
      if (rest !== undefined) out.additionalItems = rest;
    }
    const deps: JsonObject = {};
    for (const key of ["dependentRequired", "dependentSchemas"] as const) {
      if (isObject(out[key])) Object.assign(deps, out[key]);
      delete out[key];
    }
    if (Object.keys(deps).length)
      out.dependencies = { ...(isObject(out.dependencies) ? out.dependencies : {}), ...deps };
  }
  return out;
}

/** The `$dynamicAnchor` a 2019-09 `"$recursiveAnchor": true` becomes. */
export const RECURSIVE_ANCHOR = "onespec-recursive";

/** The JSON Schema drafts a document may declare with `$schema`. */
export type SourceDraft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";

/** The `$schema` URI of each draft, as its meta-schema spells it. */
export const DRAFT_URIS: Record<SourceDraft, string> = {
  "draft-04": "http://json-schema.org/draft-04/schema#",
  "draft-06": "http://json-schema.org/draft-06/schema#",
  "draft-07": "http://json-schema.org/draft-07/schema#",
  "2019-09": "https://json-schema.org/draft/2019-09/schema",
  "2020-12": "https://json-schema.org/draft/2020-12/schema",
};

/** The draft a `$schema` value names (http or https, with or without the empty fragment), if any. */
export function draftOfUri(uri: string): SourceDraft | undefined {
  const m =
    /^https?:\/\/json-schema\.org\/(?:(draft-0[467])\/schema|draft\/(2019-09|2020-12)\/schema)#?$/.exec(
      uri,
    );
  return m ? ((m[1] ?? m[2]) as SourceDraft) : undefined;
}

/** The draft the generators work in for a document of a declared draft: draft-07 or 2020-12. */
export function generatorDraft(draft: SourceDraft): Draft {
  return draft === "2019-09" || draft === "2020-12" ? "2020-12" : "draft-07";
}

/** Something conversion wants said about a document, at a pointer as written in it. */
export interface ConversionNote {
  severity: "warning" | "info";
  code: string;
  pointer: string;
  message: string;
  hint: string;
}

export interface ConvertedDocument {
  json: unknown;
  /** `<original pointer of a schema>/<new keyword>` → the keyword as written (see `SourceFile.renames`). */
  renames: Map<string, string>;
  notes: ConversionNote[];
}

/**
 * A document of any supported draft in the draft its generators use, so that every keyword means
 * what its own draft says:
 *
 * - draft-04 → draft-07: `id` is `$id`; a boolean `exclusiveMinimum`/`exclusiveMaximum` qualifies
 *   `minimum`/`maximum` (`minimum: 5, exclusiveMinimum: true` is `exclusiveMinimum: 5`, and
 *   `false` says nothing).
 * - draft-06 → draft-07: the same keywords with the same meaning.
 * - 2019-09 → 2020-12: tuples (`items: [...]` + `additionalItems` → `prefixItems` + `items`);
 *   in a document with a `"$recursiveAnchor": true`, that is a `$dynamicAnchor` and
 *   `"$recursiveRef": "#"` a `$dynamicRef` to it; elsewhere `$recursiveRef` is read as `$ref`.
 *
 * The root's `$schema` names the converted draft. draft-07 and 2020-12 documents are returned as
 * they are (the same object). The input is never modified.
 */
export function toGeneratorDialect(json: unknown, from: SourceDraft): ConvertedDocument {
  const renames = new Map<string, string>();
  const notes: ConversionNote[] = [];
  if (from === "draft-07" || from === "2020-12" || !isObject(json)) return { json, renames, notes };
  const rename = (out: JsonObject, pointer: string, from: string, to: string) => {
    setOwn(out, to, out[from]);
    delete out[from];
    renames.set(`${pointer}/${escapeToken(to)}`, from);
  };
  // 2019-09's recursion is 2020-12's with one anchor name: "$recursiveAnchor": true is a
  // "$dynamicAnchor", "$recursiveRef": "#" a "$dynamicRef" to it (as ajv itself reads them).
  // Without any "$recursiveAnchor": true a "$recursiveRef" is a "$ref", and stays one for the
  // generators that follow $ref (types, forms).
  let recursive = false;
  if (from === "2019-09")
    walkSchema(json, ({ node }) => {
      if (node.$recursiveAnchor === true) recursive = true;
      return !recursive;
    });
  const convertNode = (node: JsonObject, pointer: string): JsonObject => {
    const out = copyChildren(node, pointer, convert);
    if (from === "draft-04") {
      if (typeof out.id === "string" && !("$id" in out)) rename(out, pointer, "id", "$id");
      for (const [exclusive, limit] of [
        ["exclusiveMinimum", "minimum"],
        ["exclusiveMaximum", "maximum"],
      ] as const) {
        if (typeof out[exclusive] !== "boolean") continue;
        if (out[exclusive] === true && typeof out[limit] === "number") {
          out[exclusive] = out[limit];
          delete out[limit];
        } else delete out[exclusive];
      }
    } else if (from === "2019-09") {
      if (Array.isArray(out.items)) {
        const rest = out.additionalItems;
        rename(out, pointer, "items", "prefixItems");
        if (rest !== undefined) rename(out, pointer, "additionalItems", "items");
      } else delete out.additionalItems; // ignored without a tuple
      if (
        typeof out.$recursiveRef === "string" &&
        recursive &&
        out.$recursiveRef === "#" &&
        out.$dynamicRef === undefined
      ) {
        rename(out, pointer, "$recursiveRef", "$dynamicRef");
        out.$dynamicRef = `#${RECURSIVE_ANCHOR}`;
      } else if (typeof out.$recursiveRef === "string") {
        if (out.$ref === undefined) rename(out, pointer, "$recursiveRef", "$ref");
        else {
          out.allOf = [...(Array.isArray(out.allOf) ? out.allOf : []), { $ref: out.$recursiveRef }];
          delete out.$recursiveRef;
        }
      }
      if (out.$recursiveAnchor === true && recursive && out.$dynamicAnchor === undefined) {
        rename(out, pointer, "$recursiveAnchor", "$dynamicAnchor");
        out.$dynamicAnchor = RECURSIVE_ANCHOR;
        notes.push({
          severity: "info",
          code: "schema/recursive-anchor",
          pointer: joinPointer(pointer, "$recursiveAnchor"),
          message:
            '"$recursiveAnchor": true is read as 2020-12\'s "$dynamicAnchor", and each "$recursiveRef" as a "$dynamicRef" to it: the validator follows the recursion into a schema that extends this one; the types and the form follow it to this schema only.',
          hint: "Nothing to do unless another schema extends this one: then its types and form are this schema's, and its validator is exact.",
        });
      } else if ("$recursiveAnchor" in out) {
        if (out.$recursiveAnchor === true)
          notes.push({
            severity: "info",
            code: "schema/recursive-anchor",
            pointer: joinPointer(pointer, "$recursiveAnchor"),
            message:
              '"$recursiveAnchor": true is not followed: every "$recursiveRef" is read as a "$ref" to its own document, so a schema that extends this one from another file does not change what it means.',
            hint: "Nothing to do unless another schema extends this one through $recursiveAnchor; then write the extension out, or use 2020-12's $dynamicRef.",
          });
        delete out.$recursiveAnchor;
      }
    }
    return out;
  };
  function convert(node: unknown, pointer: string): unknown {
    return isObject(node) ? convertNode(node, pointer) : node;
  }
  const out = convertNode(json, "");
  if ("$schema" in out) out.$schema = DRAFT_URIS[generatorDraft(from)];
  // A reference into this document written through a renamed keyword (#/items/0 of a 2019-09
  // tuple) follows it to its new name (#/prefixItems/0). Every node here is a fresh copy.
  if (renames.size > 0)
    walkSchema(out, ({ node }) => {
      if (typeof node.$ref !== "string" || !node.$ref.startsWith("#/")) return;
      const tokens = node.$ref.slice(1).split("/");
      let decoded: string;
      try {
        decoded = tokens.map((t) => decodeURIComponent(t)).join("/");
      } catch {
        return; // a malformed escape: the loader reports it
      }
      const mapped = schemaPointer({ renames }, decoded).split("/");
      if (mapped.length !== tokens.length) return;
      node.$ref =
        "#" + tokens.map((t, i) => (mapped[i] === decodeURIComponent(t) ? t : mapped[i])).join("/");
    });
  return { json: out, renames, notes };
}

/** A shallow copy of a schema node with every subschema passed through `convert`. */
function copyChildren(
  node: JsonObject,
  pointer: string,
  convert: (sub: unknown, pointer: string) => unknown,
): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    let copied: unknown = value;
    if (
      ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) || key === "dependencies") &&
      isObject(value)
    ) {
      const map: JsonObject = {};
      for (const [name, sub] of Object.entries(value))
        setOwn(map, name, Array.isArray(sub) ? sub : convert(sub, joinPointer(pointer, key, name)));
      copied = map;
    } else if ((SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) && Array.isArray(value)) {
      copied = value.map((sub, i) => convert(sub, joinPointer(pointer, key, i)));
    } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
      copied = convert(value, joinPointer(pointer, key));
    }
    setOwn(out, key, copied);
  }
  return out;
}
