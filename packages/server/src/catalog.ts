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
  connectorsWithErrors,
  hasErrors,
  loadTree,
  secretPaths as secretPathsOf,
  validatorExportName,
  bundle,
  defaultsSchema,
  withoutConnectors,
  type ConnectorMetadata,
  type Diagnostic,
  type SchemaModel,
  type TestConnectionStep,
} from "@onespec/core";
import { compileFormValidatorModule, formSchema, buildUiSchema } from "@onespec/gen-forms";
import { connectorStandaloneCode, draftOfConnector, validatorsAjv } from "@onespec/gen-validators";
import {
  createValidator,
  type CompiledValidator,
  type ConfigValidator,
  type Migration,
} from "@onespec/runtime";
import { loadMigrations } from "@onespec/migrate";

export interface ServedConnector {
  name: string;
  metadata: ConnectorMetadata;
  testConnectionSteps: readonly TestConnectionStep[];
  form: { schema: Record<string, unknown>; uiSchema: Record<string, unknown> };
  validator: ConfigValidator<unknown>;
  /** The precompiled form validator, an ES module importing nothing (compileFormValidatorModule). */
  formValidatorModule(): string;
  /** The connector's declared migrations: saved connections of older versions are upgraded on read. */
  migrations?: readonly Migration[];
}

/** The connectors `serve` knows, by name. */
export type Catalog = ReadonlyMap<string, ServedConnector>;

export interface CatalogOptions {
  /**
   * Leave out the connectors with an error (in their schema files or their validator's compile)
   * instead of refusing the whole tree, as `generate --keep-going` does; the catalog then holds
   * the others. Still throws when no connector is left.
   */
  keepGoing?: boolean;
}

/** A catalog from a loaded model; throws DiagnosticError when a connector's validator cannot be compiled (unless keepGoing). */
export function catalogFromModel(model: SchemaModel, options: CatalogOptions = {}): Catalog {
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
    const bundled = bundle(model, { doc: c.entry, pointer: "" });
    const secrets = secretPathsOf(bundled);
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
        // parse fills in defaults as the generated one does (the config a test would run with).
        defaultsSchema(bundled),
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
  if (hasErrors(problems) && !(options.keepGoing && catalog.size > 0))
    throw new DiagnosticError(problems);
  return catalog;
}

/** Loads the schema tree and builds its catalog; throws DiagnosticError (with locations) on a broken tree. */
export async function catalogFromSchemas(
  options: {
    schemas: string;
    entries?: string[];
    cwd?: string;
  } & CatalogOptions,
): Promise<Catalog> {
  const cwd = options.cwd ?? process.cwd();
  let model = await loadTree({
    root: path.resolve(cwd, options.schemas),
    entries: options.entries,
    cwd,
  });
  if (hasErrors(model.diagnostics)) {
    const broken = options.keepGoing ? connectorsWithErrors(model, model.diagnostics) : undefined;
    if (!broken || broken.size === model.connectors.length)
      throw new DiagnosticError(model.diagnostics.filter((d) => d.severity === "error"));
    model = withoutConnectors(model, broken);
  }
  const catalog = catalogFromModel(model, options);
  // Migrations are read once here (a TypeScript one is imported), so each read is pure.
  const withMigrations = new Map(catalog);
  const problems: Diagnostic[] = [];
  for (const c of model.connectors) {
    const served = catalog.get(c.name);
    if (!served || !c.migrations) continue;
    const { migrations, diagnostics } = await loadMigrations(c);
    problems.push(...diagnostics);
    withMigrations.set(c.name, { ...served, migrations });
  }
  if (hasErrors(problems))
    throw new DiagnosticError(problems.filter((d) => d.severity === "error"));
  return withMigrations;
}
