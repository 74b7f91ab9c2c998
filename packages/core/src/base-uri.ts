import type { SourceDraft } from "./draft-convert.js";
import { isObject, walkSchema } from "./walk.js";

/**
 * RFC 3986 reference resolution: `ref` against `base`, the result without an empty fragment
 * (`x#` and `x` name the same resource). WHATWG URL does the resolution (it also normalises: a
 * lower-case host, `http://g` → `http://g/`); a URN base takes only a fragment. `undefined` when
 * the reference cannot be resolved.
 */
export function resolveUri(ref: string, base: string): string | undefined {
  try {
    return new URL(ref, base).href.replace(/#$/, "");
  } catch {
    return undefined;
  }
}

/** A URI's resource (without fragment) and its fragment, %-decoded (`undefined` when there is none). */
export function splitUri(uri: string): { resource: string; fragment: string | undefined } {
  const hash = uri.indexOf("#");
  if (hash < 0) return { resource: uri, fragment: undefined };
  const raw = uri.slice(hash + 1);
  let fragment = raw;
  try {
    fragment = decodeURIComponent(raw);
  } catch {
    // left as written; the loader reports malformed escapes before it gets here
  }
  return { resource: uri.slice(0, hash), fragment };
}

/** Whether a reference names its scheme (`http:`, `urn:`, `file:`), i.e. is not relative. */
export function isAbsoluteUri(ref: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(ref);
}

/** Where one document's schemas are named: its resources (`$id`) and anchors, and each `$ref`'s base. */
export interface ResourceIndex {
  /** Resource URI (no fragment) → pointer of its root in the document. The document's own root is there under its retrieval URI too. */
  resources: Map<string, string>;
  /** `resource#name` → pointer of the schema carrying `$anchor`/`$dynamicAnchor` `name` (draft-04…07: `$id: "#name"`). */
  anchors: Map<string, string>;
  /** Pointer of a schema holding `$ref` (or `$dynamicRef`) → the base URI it resolves against. */
  refBases: Map<string, string>;
  /** Pointer of each resource's root (the document's root included) → its base URI, which its anchors are named after. */
  roots: Map<string, string>;
}

/**
 * Walks a document (in the draft the generators use, its draft-04 `id`s already `$id`s) and names
 * every resource and anchor in it, following the base URI as `$id`s change it (RFC 3986 against the
 * enclosing base, not the document's). `draft` is the draft the document was written in: before
 * 2019-09 a `$id` beside `$ref` is ignored (every sibling of `$ref` is) and a `$id` that is only a
 * fragment is an anchor; from 2019-09 a schema's own `$id` is the base of its own `$ref`.
 */
export function indexResources(
  json: unknown,
  retrievalUri: string,
  draft: SourceDraft,
): ResourceIndex {
  const resources = new Map<string, string>();
  const anchors = new Map<string, string>();
  const refBases = new Map<string, string>();
  const roots = new Map<string, string>();
  const root = resolveUri(retrievalUri, retrievalUri) ?? retrievalUri;
  resources.set(root, "");
  roots.set("", root);
  if (!isObject(json)) return { resources, anchors, refBases, roots };
  const legacy = draft === "draft-04" || draft === "draft-06" || draft === "draft-07";
  const baseAt = new Map<string, string>();
  const addAnchor = (base: string, name: string, pointer: string) => {
    const key = `${base}#${name}`;
    if (!anchors.has(key)) anchors.set(key, pointer);
  };
  walkSchema(json, ({ node, pointer, via }) => {
    const parent = pointer === "" ? undefined : parentPointer(pointer, via.length);
    let base = parent === undefined ? root : (baseAt.get(parent) ?? root);
    const ignoresId = legacy && typeof node.$ref === "string";
    if (typeof node.$id === "string" && !ignoresId) {
      const id = node.$id;
      if (legacy && id.startsWith("#")) {
        if (id.length > 1) addAnchor(base, safeDecode(id.slice(1)), pointer);
      } else {
        const resolved = resolveUri(id, base);
        if (resolved !== undefined) {
          const { resource, fragment } = splitUri(resolved);
          base = resource;
          if (!resources.has(resource)) resources.set(resource, pointer);
          roots.set(pointer, resource);
          if (legacy && fragment) addAnchor(resource, fragment, pointer);
        }
      }
    }
    if (!legacy) {
      for (const key of ["$anchor", "$dynamicAnchor"] as const)
        if (typeof node[key] === "string" && node[key] !== "") addAnchor(base, node[key], pointer);
    }
    baseAt.set(pointer, base);
    if (typeof node.$ref === "string" || typeof node.$dynamicRef === "string")
      refBases.set(pointer, base);
  });
  return { resources, anchors, refBases, roots };
}

/** The pointer `tokens` levels up (a child's `via` is one or two tokens). */
function parentPointer(pointer: string, tokens: number): string {
  let out = pointer;
  for (let i = 0; i < tokens; i++) out = out.slice(0, out.lastIndexOf("/"));
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
