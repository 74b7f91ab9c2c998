/**
 * The own compiler (codegen/) applied to a model's documents: which documents a document's
 * functions reach, where the functions of the other documents live, and the linked functions
 * of a connector run in this process. ajv is the fallback wherever this answers `unsupported`.
 */
import { reachableDocs, type Draft, type SchemaModel } from "@onespec/core";
import { jsonEqual } from "@onespec/runtime/equal";
import { createRequire } from "node:module";
import {
  compileOwn,
  instantiate,
  type ExternalExport,
  type OwnCompiled,
  type ValidateFunction,
} from "./codegen/compile-own.js";
import { knownFormats } from "./codegen/formats.js";
import { documentView } from "./views.js";

/** Canonical URI → document path, per model. */
const uriIndex = new WeakMap<SchemaModel, Map<string, string>>();

function docOfUri(model: SchemaModel, uri: string): string | undefined {
  let index = uriIndex.get(model);
  if (!index) {
    index = new Map([...model.docs].map(([p, d]) => [d.uri, p]));
    uriIndex.set(model, index);
  }
  return index.get(uri);
}

/** A canonical reference split into its document and (decoded) JSON pointer. */
export function refTarget(
  model: SchemaModel,
  ref: string,
): { doc: string; pointer: string } | undefined {
  const hash = ref.indexOf("#");
  const doc = docOfUri(model, hash < 0 ? ref : ref.slice(0, hash));
  if (doc === undefined) return undefined;
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  try {
    return { doc, pointer: fragment.split("/").map(decodeURIComponent).join("/") };
  } catch {
    return undefined;
  }
}

/**
 * Compiles document `docPath` (its reach's views), exporting `exports` (name → canonical ref);
 * `external` says where another document's function is taken from instead of compiled in.
 */
export function compileOwnDocument(
  model: SchemaModel,
  docPath: string,
  draft: Draft,
  exports: Record<string, string>,
  ownProperties: boolean,
  external: (target: { doc: string; pointer: string }) => ExternalExport | undefined,
): OwnCompiled | { unsupported: string } {
  if (draft !== "draft-07") return { unsupported: `draft ${draft}` };
  const views = new Map<string, unknown>();
  for (const p of reachableDocs(model, { entry: docPath }))
    views.set(model.docs.get(p)!.uri, documentView(model, p, draft).view);
  return compileOwn({
    views,
    exports,
    ownProperties,
    external: (ref) => {
      const target = refTarget(model, ref);
      if (!target || target.doc === docPath) return undefined;
      return external(target);
    },
  });
}

const require = createRequire(import.meta.url);
let helpers: Parameters<typeof instantiate>[1] | undefined;

function runtimeHelpers(): Parameters<typeof instantiate>[1] {
  helpers ??= {
    equal: jsonEqual,
    ucs2length: (require("ajv/dist/runtime/ucs2length") as { default: (s: string) => number })
      .default,
    formats: knownFormats(),
  };
  return helpers;
}

interface InProcessDocument {
  compiled: OwnCompiled;
  exports: Record<string, ValidateFunction>;
  link: (externals: Record<string, ValidateFunction>) => void;
  linked: boolean;
}

/** Per model: each document's in-process functions (null: the own compiler does not support it). */
const inProcessByModel = new WeakMap<SchemaModel, Map<string, InProcessDocument | null>>();

const pointersByModel = new WeakMap<SchemaModel, Map<string, Set<string>>>();

/** Every pointer of a document that a `$ref` targets, and the root. */
export function referencedPointers(model: SchemaModel, docPath: string): Set<string> {
  let byDoc = pointersByModel.get(model);
  if (!byDoc) {
    byDoc = new Map();
    for (const t of model.refs.values()) {
      if (!byDoc.has(t.doc)) byDoc.set(t.doc, new Set([""]));
      byDoc.get(t.doc)!.add(t.pointer);
    }
    pointersByModel.set(model, byDoc);
  }
  return byDoc.get(docPath) ?? new Set([""]);
}

/** A canonical reference to a pointer of a document. */
export function canonicalPointerRef(uri: string, pointer: string): string {
  return pointer === "" ? uri : `${uri}#${pointer.split("/").map(encodeURIComponent).join("/")}`;
}

/** The name a pointer's function is exported under by the in-process functions of a document. */
const inProcessName = (pointer: string) => `p${pointer}`;

/**
 * The function validating document `entry` (its root) in this process, when the own compiler
 * supports every document it reaches; each document is compiled once per model (and
 * ownProperties), its references to other documents linked to their functions.
 */
export function ownInProcess(
  model: SchemaModel,
  entry: string,
  draft: Draft,
  ownProperties: boolean,
): ValidateFunction | undefined {
  let docs = inProcessByModel.get(model);
  if (!docs) inProcessByModel.set(model, (docs = new Map()));
  const key = (p: string) => `${draft}\u0000${ownProperties}\u0000${p}`;
  const reach = [...reachableDocs(model, { entry })].sort();
  for (const p of reach) {
    if (!docs.has(key(p))) docs.set(key(p), compileInProcess(model, p, draft, ownProperties));
    if (docs.get(key(p)) === null) return undefined;
  }
  // Every document of the reach is supported, and a reference leads only into the reach.
  for (const p of reach) {
    const doc = docs.get(key(p))!;
    if (doc.linked) continue;
    const externals: Record<string, ValidateFunction> = {};
    for (const x of doc.compiled.externals)
      externals[x.local] = docs.get(key(x.module))!.exports[x.exportName];
    doc.link(externals);
    doc.linked = true;
  }
  return docs.get(key(entry))!.exports[inProcessName("")];
}

function compileInProcess(
  model: SchemaModel,
  docPath: string,
  draft: Draft,
  ownProperties: boolean,
): InProcessDocument | null {
  const uri = model.docs.get(docPath)!.uri;
  const exports: Record<string, string> = {};
  for (const pointer of referencedPointers(model, docPath))
    exports[inProcessName(pointer)] = canonicalPointerRef(uri, pointer);
  const compiled = compileOwnDocument(model, docPath, draft, exports, ownProperties, (t) =>
    referencedPointers(model, t.doc).has(t.pointer)
      ? { module: t.doc, exportName: inProcessName(t.pointer) }
      : undefined,
  );
  if ("unsupported" in compiled) return null;
  const instance = instantiate(compiled, runtimeHelpers());
  return { compiled, exports: instance.exports, link: instance.link, linked: false };
}
