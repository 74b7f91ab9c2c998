/**
 * One ajv per loaded model and draft, shared by every validator module compiled from that model.
 * A module's functions are written out from it (module-code.ts), so a shared definition is
 * compiled once per run, whichever connectors reach it; a fresh ajv per module compiled every
 * document it referenced again (each auth and SSL definition once per connector).
 */
import {
  createAjv,
  isAjvKeywordName,
  refTargets,
  type Diagnostic,
  type Draft,
  type SchemaModel,
} from "@onespec/core";
import { documentView } from "./views.js";

type Ajv = ReturnType<typeof createAjv>;

export interface ModelAjv {
  ajv: Ajv;
  /** The validator view added to `ajv`, by document path (the functions are compiled from these objects). */
  views: Map<string, unknown>;
  /** Documents ajv refused, with the diagnostic. */
  failed: Map<string, Diagnostic>;
  /** How many connectors' own documents (ownDocs) it compiled. */
  own: number;
}

/**
 * Connectors' own documents one instance compiles before the next connector gets a new one.
 * ajv keeps every function it compiled, with its code, to the end of the run, though a
 * connector's own are used only while its files are generated (removeSchema does not free them:
 * its scope still holds them). A new instance compiles the shared definitions again, once per
 * this many connectors; output does not change (functions are named per module, renumber.ts).
 */
const ROTATE_AFTER = 16;

const ownDocsByModel = new WeakMap<SchemaModel, Set<string>>();

/** Connectors' entry documents that no reference leads to: only their own connector uses them. */
function ownDocs(model: SchemaModel): Set<string> {
  let own = ownDocsByModel.get(model);
  if (!own) {
    const referenced = new Set(refTargets(model).map((t) => t.doc));
    own = new Set(model.connectors.map((c) => c.entry).filter((e) => !referenced.has(e)));
    ownDocsByModel.set(model, own);
  }
  return own;
}

const byModel = new WeakMap<SchemaModel, Map<string, ModelAjv>>();

/** Names every object inherits: a config "has" them whether or not they are its own. */
const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether a schema names an Object.prototype member as a property (in `properties` or `required`). */
export function namesPrototypeMembers(json: unknown): boolean {
  const stack: unknown[] = [json];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) stack.push(...node);
    else if (node !== null && typeof node === "object") {
      const { properties, required } = node as { properties?: unknown; required?: unknown };
      if (
        properties !== null &&
        typeof properties === "object" &&
        Object.keys(properties).some((k) => PROTOTYPE_NAMES.has(k))
      )
        return true;
      if (
        Array.isArray(required) &&
        required.some((k) => typeof k === "string" && PROTOTYPE_NAMES.has(k))
      )
        return true;
      stack.push(...Object.values(node));
    }
  }
  return false;
}

const prototypeNamed = new WeakMap<object, boolean>();

/**
 * Whether the validators of documents reaching `docs` need ajv's `ownProperties`: only when one
 * of them names a property `constructor`, `toString`, … (ajv would read the inherited member).
 * It costs a hasOwnProperty call per property read, so other documents are compiled without it.
 */
export function needsOwnProperties(model: SchemaModel, docs: Iterable<string>): boolean {
  for (const p of docs) {
    const doc = model.docs.get(p)!;
    let named = prototypeNamed.get(doc);
    if (named === undefined) prototypeNamed.set(doc, (named = namesPrototypeMembers(doc.json)));
    if (named) return true;
  }
  return false;
}

/**
 * The model's ajv for `draft` (and `ownProperties`, see needsOwnProperties), holding (at least)
 * the documents `docs`.
 */
export function modelAjv(
  model: SchemaModel,
  draft: Draft,
  docs: Iterable<string>,
  compileDiagnostic: (file: string, e: unknown) => Diagnostic,
  ownProperties = false,
): ModelAjv {
  let instances = byModel.get(model);
  if (!instances) byModel.set(model, (instances = new Map()));
  const key = `${draft}${ownProperties ? " own" : ""}`;
  const wanted = [...new Set(docs)];
  const mine = ownDocs(model);
  let state = instances.get(key);
  const isNew = (p: string, s: ModelAjv) => !s.views.has(p) && !s.failed.has(p);
  if (state && state.own >= ROTATE_AFTER && wanted.some((p) => mine.has(p) && isNew(p, state!)))
    state = undefined;
  if (!state) {
    state = {
      // inlineRefs: false makes every referenced schema a function of its own, so the functions of
      // other documents can be imported instead of written out. validateSchema: the loader checked.
      ajv: createAjv(
        {
          code: { source: true, esm: true, lines: false },
          allErrors: true,
          inlineRefs: false,
          validateSchema: false,
          ownProperties,
        },
        draft,
      ),
      views: new Map(),
      failed: new Map(),
      own: 0,
    };
    instances.set(key, state);
  }
  const { ajv, views, failed } = state;
  const fresh = wanted.filter((p) => isNew(p, state)).sort();
  if (fresh.length === 0) return state;
  state.own += fresh.filter((p) => mine.has(p)).length;
  const unknown = new Set<string>();
  const formats = new Set<string>();
  const added = fresh.map((p) => {
    const v = documentView(model, p, draft);
    for (const k of v.unknownKeywords) unknown.add(k);
    for (const f of v.formats) formats.add(f);
    return [p, v.view as object | boolean] as const;
  });
  for (const keyword of unknown)
    if (isAjvKeywordName(keyword) && !ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  // A format ajv-formats does not know is an annotation (as JSON Schema says); the loader reports it.
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  for (const [p, view] of added) {
    const doc = model.docs.get(p)!;
    try {
      ajv.addSchema(view, doc.uri);
      views.set(p, view);
    } catch (e) {
      failed.set(p, compileDiagnostic(doc.source.displayPath, e));
    }
  }
  return state;
}
