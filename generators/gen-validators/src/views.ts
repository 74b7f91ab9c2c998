/**
 * The validator view of each document (validator-view.ts), made once per model and draft and
 * shared by the own compiler and model-ajv.ts, with the vendor keywords and formats it uses
 * (ajv must be told about those before it compiles the view).
 */
import type { Draft, SchemaModel } from "@onespec/core";
import { validatorView } from "./validator-view.js";

export interface DocumentView {
  view: unknown;
  /** Keywords ajv does not know (registered as annotations before compiling). */
  unknownKeywords: Set<string>;
  formats: Set<string>;
}

const byModel = new WeakMap<SchemaModel, Map<string, DocumentView>>();

export function documentView(model: SchemaModel, docPath: string, draft: Draft): DocumentView {
  let views = byModel.get(model);
  if (!views) byModel.set(model, (views = new Map()));
  const key = `${draft}\u0000${docPath}`;
  let v = views.get(key);
  if (!v) {
    const unknownKeywords = new Set<string>();
    const formats = new Set<string>();
    const view = validatorView(model, model.docs.get(docPath)!, unknownKeywords, draft, formats);
    v = { view, unknownKeywords, formats };
    views.set(key, v);
  }
  return v;
}
