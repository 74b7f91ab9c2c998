/**
 * A connector's own validator, run in this process: the functions the validators generator
 * writes into its modules, from onespec's own compiler (each document compiled once per model,
 * own-validators.ts) or, for what it does not support, from the model's ajv (model-ajv.ts).
 * Other generators (fixtures, docs) use it to keep only what the generated validator accepts.
 */
import { reachableDocs, type Connector, type Draft, type SchemaModel } from "@onespec/core";
import { problemKeysOf, type CompiledValidator } from "@onespec/runtime";
import {
  compileDiagnostic,
  connectorModulePath,
  documentModulePath,
  exportedPointers,
  exportNameFor,
  ownCompiledModule,
} from "./document-modules.js";
import { withJsonEqual } from "./json-equal.js";
import { modelAjv, needsOwnProperties } from "./model-ajv.js";
import { refTarget, runtimeHelpers } from "./own-validators.js";
import { instantiate, type ValidateFunction } from "./codegen/compile-own.js";

export interface Validation {
  valid: boolean;
  /**
   * The pointer and keyword of each problem the generated validator's `problems()` reports, in
   * its order (problemKeysOf: its messages are not built, the fixtures check thousands of configs).
   */
  errors: { pointer: string; keyword: string }[];
}

/**
 * The validation function of `connector`'s config, compiled once per model (by the own compiler,
 * or ajv), or undefined when its schema cannot be compiled (the validators generator reports why). A
 * value that makes the function throw is reported invalid with no errors.
 */
export function connectorValidator(
  model: SchemaModel,
  connector: Connector,
): ((data: unknown) => Validation) | undefined {
  const doc = model.docs.get(connector.entry);
  if (!doc) return undefined;
  const reach = [...reachableDocs(model, { entry: connector.entry })].sort();
  const ownProperties = needsOwnProperties(model, reach);
  const fn =
    (ownValidator(model, connector, doc.draft, ownProperties) as CompiledValidator | undefined) ??
    ajvValidator();
  if (!fn) return undefined;
  // ajv's function for what the own compiler does not support (the model's ajv, as the module).
  function ajvValidator(): CompiledValidator | undefined {
    const { ajv, failed } = modelAjv(model, doc!.draft, reach, compileDiagnostic, ownProperties);
    if (reach.some((p) => failed.has(p))) return undefined;
    try {
      return withJsonEqual(() => ajv.getSchema(doc!.uri)) as CompiledValidator | undefined;
    } catch {
      return undefined;
    }
  }
  return (data) => {
    try {
      if (fn(data)) return { valid: true, errors: [] };
      return { valid: false, errors: problemKeysOf(fn.errors) };
    } catch {
      return { valid: false, errors: [] };
    }
  };
}

interface Instance {
  exports: Record<string, ValidateFunction>;
  link(externals: Record<string, ValidateFunction>): void;
  linked: boolean;
  /** What the module imports: local name, the document whose module exports it, and its name there. */
  imports: Array<{ local: string; doc: string; exportName: string }>;
}

/** Per model: each shared document module's functions evaluated here (null: the own compiler does not support it). */
const instancesByModel = new WeakMap<SchemaModel, Map<string, Instance | null>>();

/**
 * The connector's validator from the own compiler: the functions of its module, and those of
 * the shared documents' modules it imports (each evaluated once per model), linked as the
 * modules' imports link them. Undefined when the own compiler does not support one of them.
 */
export function ownValidator(
  model: SchemaModel,
  connector: Connector,
  draft: Draft,
  ownProperties: boolean,
): ValidateFunction | undefined {
  let kept = instancesByModel.get(model);
  if (!kept) instancesByModel.set(model, (kept = new Map()));
  const shared = kept;
  // The shared documents' functions are kept for the model; the connector's own only as long as
  // the caller keeps its validator.
  const cache = new Map<string, Instance | null>();
  const instanceOf = (docPath: string, isEntry: boolean) => {
    const key = [draft, ownProperties, docPath].join("\u0000");
    const known = isEntry ? undefined : shared.get(key);
    if (known !== undefined) return known;
    if (!cache.has(key)) {
      const compiled = isEntry
        ? ownCompiledModule(
            model,
            docPath,
            draft,
            connectorModulePath(connector.name),
            [""],
            ownProperties,
            "in-process",
          )
        : ownCompiledModule(
            model,
            docPath,
            draft,
            documentModulePath(model, docPath, draft),
            exportedPointers(model, docPath),
            ownProperties,
            "in-process",
          );
      if ("unsupported" in compiled) cache.set(key, null);
      else {
        const { exports, link } = instantiate(compiled, runtimeHelpers());
        const imports = compiled.externals.map((x) => ({
          local: x.local,
          doc: refTarget(model, x.ref)!.doc,
          exportName: x.exportName,
        }));
        cache.set(key, { exports, link, linked: false, imports });
      }
      if (!isEntry) shared.set(key, cache.get(key)!);
    }
    return cache.get(key)!;
  };
  // The entry's module and every module it imports, transitively.
  const entry = instanceOf(connector.entry, true);
  if (!entry) return undefined;
  const seen = new Set<Instance>([entry]);
  const stack = [entry];
  while (stack.length > 0) {
    const inst = stack.pop()!;
    const externals: Record<string, ValidateFunction> = {};
    for (const t of inst.imports) {
      const target = instanceOf(t.doc, false);
      if (!target) return undefined;
      externals[t.local] = target.exports[t.exportName];
      if (!seen.has(target)) {
        seen.add(target);
        stack.push(target);
      }
    }
    if (!inst.linked) {
      inst.link(externals);
      inst.linked = true;
    }
  }
  return entry.exports[exportNameFor("")];
}
