/**
 * A connector's own validator, run in this process: the functions the validators generator
 * writes into its modules, from onespec's own compiler (each document compiled once per model,
 * own-validators.ts) or, for what it does not support, from the model's ajv (model-ajv.ts).
 * Other generators (fixtures, docs) use it to keep only what the generated validator accepts.
 */
import { reachableDocs, type Connector, type SchemaModel } from "@onespec/core";
import { problemsOf, type CompiledValidator, type Problem } from "@onespec/runtime";
import { compileDiagnostic } from "./document-modules.js";
import { withJsonEqual } from "./json-equal.js";
import { modelAjv, needsOwnProperties } from "./model-ajv.js";
import { ownInProcess } from "./own-validators.js";

export interface Validation {
  valid: boolean;
  /** What the generated validator's `problems()` reports (pointer, keyword, message), in its order. */
  errors: Problem[];
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
    (ownInProcess(model, connector.entry, doc.draft, ownProperties) as
      CompiledValidator | undefined) ?? ajvValidator();
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
      return { valid: false, errors: problemsOf(fn.errors, data, []) };
    } catch {
      return { valid: false, errors: [] };
    }
  };
}
