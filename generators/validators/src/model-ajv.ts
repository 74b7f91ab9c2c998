/**
 * One ajv per loaded model and draft, shared by every validator module compiled from that model.
 * A module's functions are written out from it (module-code.ts), so a shared definition is
 * compiled once per run, whichever connectors reach it; a fresh ajv per module compiled every
 * document it referenced again (each auth and SSL definition once per connector).
 */
import { createAjv, isAjvKeywordName, type Diagnostic, type Draft, type SchemaModel } from "@onespec/core";
import { validatorView } from "./validator-view.js";

type Ajv = ReturnType<typeof createAjv>;

export interface ModelAjv {
  ajv: Ajv;
  /** The validator view added to `ajv`, by document path (the functions are compiled from these objects). */
  views: Map<string, unknown>;
  /** Documents ajv refused, with the diagnostic. */
  failed: Map<string, Diagnostic>;
}

const byModel = new WeakMap<SchemaModel, Map<Draft, ModelAjv>>();

/** The model's ajv for `draft`, holding (at least) the documents `docs`. */
export function modelAjv(
  model: SchemaModel,
  draft: Draft,
  docs: Iterable<string>,
  compileDiagnostic: (file: string, e: unknown) => Diagnostic,
): ModelAjv {
  let drafts = byModel.get(model);
  if (!drafts) byModel.set(model, (drafts = new Map()));
  let state = drafts.get(draft);
  if (!state) {
    state = {
      // inlineRefs: false makes every referenced schema a function of its own, so the functions of
      // other documents can be imported instead of written out. validateSchema: the loader checked.
      ajv: createAjv({ code: { source: true, esm: true, lines: false }, allErrors: true, inlineRefs: false, validateSchema: false }, draft),
      views: new Map(),
      failed: new Map(),
    };
    drafts.set(draft, state);
  }
  const { ajv, views, failed } = state;
  const fresh = [...new Set(docs)].filter((p) => !views.has(p) && !failed.has(p)).sort();
  if (fresh.length === 0) return state;
  const unknown = new Set<string>();
  const formats = new Set<string>();
  const added = fresh.map((p) => [p, validatorView(model, model.docs.get(p)!, unknown, draft, formats)] as const);
  for (const keyword of unknown) if (isAjvKeywordName(keyword) && !ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  // A format ajv-formats does not know is an annotation (as JSON Schema says); the loader reports it.
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  for (const [p, view] of added) {
    const doc = model.docs.get(p)!;
    try {
      ajv.addSchema(view as object, doc.uri);
      views.set(p, view);
    } catch (e) {
      failed.set(p, compileDiagnostic(doc.source.displayPath, e));
    }
  }
  return state;
}
