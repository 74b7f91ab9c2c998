/**
 * What `onespec serve` serves, built from a schema tree when it starts: per connector its
 * metadata and steps, the form config (bundled schema and uiSchema), a validator compiled in
 * this process, and the precompiled form validator as a module the browser imports from the
 * server. Nothing comes from a build of the app, so a connector added to the tree renders as soon
 * as `serve` starts on it.
 */
import path from "node:path";
import {
  DiagnosticError,
  hasErrors,
  loadTree,
  secretPaths as secretPathsOf,
  validatorExportName,
  bundle,
  type ConnectorMetadata,
  type Diagnostic,
  type SchemaModel,
  type TestConnectionStep,
} from "@onespec/core";
import { compileFormValidatorModule, formSchema, buildUiSchema } from "@onespec/gen-forms";
import { connectorStandaloneCode, draftOfConnector, validatorsAjv } from "@onespec/gen-validators";
import { createValidator, type CompiledValidator, type ConfigValidator } from "@onespec/runtime";

export interface ServedConnector {
  name: string;
  metadata: ConnectorMetadata;
  testConnectionSteps: readonly TestConnectionStep[];
  form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
  validator: ConfigValidator<unknown>;
  /** The precompiled form validator, an ES module importing nothing (compileFormValidatorModule). */
  formValidatorModule(): string;
}

/** The connectors `serve` knows, by name. */
export type Catalog = ReadonlyMap<string, ServedConnector>;

/** A catalog from a loaded model; throws DiagnosticError when a connector's validator cannot be compiled. */
export function catalogFromModel(model: SchemaModel): Catalog {
  const catalog = new Map<string, ServedConnector>();
  const compiled = new Map<string, ReturnType<typeof validatorsAjv>>();
  const problems: Diagnostic[] = [];
  for (const c of model.connectors) {
    const draft = draftOfConnector(model, c);
    let forDraft = compiled.get(draft);
    if (!forDraft) compiled.set(draft, (forDraft = validatorsAjv(model, draft)));
    const uri = forDraft.mapping[validatorExportName(c.name)];
    if (!uri) continue; // its compile error is in forDraft.diagnostics
    const schema = formSchema(model, c);
    const uiSchema = buildUiSchema(schema);
    const secrets = secretPathsOf(bundle(model, { doc: c.entry, pointer: "" }));
    let module: string | undefined;
    catalog.set(c.name, {
      name: c.name,
      metadata: c.metadata,
      testConnectionSteps: c.steps,
      form: { schema, uiSchema },
      validator: createValidator(
        c.name,
        forDraft.ajv.getSchema(uri) as unknown as CompiledValidator,
        secrets,
      ),
      // Compiled on first request: most sessions open one or two forms. The form runs this
      // server's own function for the whole config (the same errors), and RJSF's compiles of
      // the sub-schemas it picks options with.
      formValidatorModule: () =>
        (module ??= compileFormValidatorModule(
          schema,
          draft,
          connectorStandaloneCode(forDraft.ajv, uri),
        )),
    });
  }
  for (const { diagnostics } of compiled.values()) problems.push(...diagnostics);
  if (hasErrors(problems)) throw new DiagnosticError(problems);
  return catalog;
}

/** Loads the schema tree and builds its catalog; throws DiagnosticError (with locations) on a broken tree. */
export async function catalogFromSchemas(options: {
  schemas: string;
  entries?: string[];
  cwd?: string;
}): Promise<Catalog> {
  const cwd = options.cwd ?? process.cwd();
  const model = await loadTree({
    root: path.resolve(cwd, options.schemas),
    entries: options.entries,
    cwd,
  });
  if (hasErrors(model.diagnostics))
    throw new DiagnosticError(model.diagnostics.filter((d) => d.severity === "error"));
  return catalogFromModel(model);
}
