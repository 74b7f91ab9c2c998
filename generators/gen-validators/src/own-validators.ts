/**
 * The own compiler (codegen/) applied to a model's documents: the views of the documents a
 * document reaches, and which of their functions are taken from elsewhere. ajv is the fallback
 * wherever this answers `unsupported`.
 */
import { reachableDocs, type Draft, type SchemaModel } from "@onespec/core";
import { jsonEqual } from "@onespec/runtime/equal";
import { createRequire } from "node:module";
import {
  compileOwn,
  type ExternalExport,
  type OwnCompiled,
  type RuntimeHelpers,
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
let helpers: RuntimeHelpers | undefined;

/** The helpers generated modules import, for code evaluated in this process. */
export function runtimeHelpers(): RuntimeHelpers {
  helpers ??= {
    equal: jsonEqual,
    ucs2length: (require("ajv/dist/runtime/ucs2length") as { default: (s: string) => number })
      .default,
    formats: knownFormats(),
  };
  return helpers;
}
