/**
 * A connector's own validator, run in this process: the function the validators generator
 * compiles into `compiled-validator.ts`, taken from the same model ajv (model-ajv.ts), so a
 * connector compiled once for its module is not compiled again to check a value against it.
 * Other generators (fixtures, docs) use it to keep only what the generated validator accepts.
 */
import { reachableDocs, type Connector, type SchemaModel } from "@onespec/core";
import { problemsOf, type CompiledValidator, type Problem } from "@onespec/runtime";
import { compileDiagnostic } from "./document-modules.js";
import { withJsonEqual } from "./json-equal.js";
import { modelAjv, needsOwnProperties } from "./model-ajv.js";

export interface Validation {
  valid: boolean;
  /** What the generated validator's `problems()` reports (pointer, keyword, message), in its order. */
  errors: Problem[];
}

/**
 * The validation function of `connector`'s config, compiled (once per model) in the model's ajv,
 * or undefined when its schema cannot be compiled (the validators generator reports why). A
 * value that makes the function throw is reported invalid with no errors.
 */
export function connectorValidator(
  model: SchemaModel,
  connector: Connector,
): ((data: unknown) => Validation) | undefined {
  const doc = model.docs.get(connector.entry);
  if (!doc) return undefined;
  const reach = [...reachableDocs(model, { entry: connector.entry })].sort();
  const { ajv, failed } = modelAjv(
    model,
    doc.draft,
    reach,
    compileDiagnostic,
    needsOwnProperties(model, reach),
  );
  if (reach.some((p) => failed.has(p))) return undefined;
  let compiled: CompiledValidator | undefined;
  try {
    compiled = withJsonEqual(() => ajv.getSchema(doc.uri)) as CompiledValidator | undefined;
  } catch {
    return undefined;
  }
  if (!compiled) return undefined;
  const fn = compiled;
  return (data) => {
    try {
      if (fn(data)) return { valid: true, errors: [] };
      return { valid: false, errors: problemsOf(fn.errors, data, []) };
    } catch {
      return { valid: false, errors: [] };
    }
  };
}
