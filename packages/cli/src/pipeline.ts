import path from "node:path";
import {
  commit,
  connectorsWithErrors,
  formatFiles,
  hasErrors,
  loadTree,
  plan,
  runGenerators,
  withoutConnectors,
  type Diagnostic,
  type Generator,
  type Plan,
  type SchemaModel,
} from "@onespec/core";
import { typesGenerator } from "@onespec/gen-types";
import { validatorsGenerator } from "@onespec/gen-validators";
import { formsGenerator } from "@onespec/gen-forms";
import { fixturesGenerator } from "@onespec/gen-fixtures";
import { docsGenerator } from "@onespec/gen-docs";
import { registryGenerator } from "@onespec/gen-registry";

/** Every generator, in the order their output is listed. */
export const GENERATORS: readonly Generator[] = [
  typesGenerator,
  validatorsGenerator,
  formsGenerator,
  fixturesGenerator,
  docsGenerator,
  registryGenerator,
];

export interface GenerateOptions {
  schemas: string;
  out: string;
  /** Entry-schema globs relative to `schemas`; default: onespec's connectors/<name>/connection.json layout. */
  entries?: string[];
  only?: string[];
  /** Compare with the disk instead of writing. */
  check?: boolean;
  /** Generate every connector that has no error instead of stopping at the first error. */
  keepGoing?: boolean;
  /** Run prettier on the output (default true). */
  format?: boolean;
  cwd?: string;
}

export interface GenerateOutcome {
  diagnostics: Diagnostic[];
  model?: SchemaModel;
  plan?: Plan;
  connectors: number;
  /** Connectors left out because of errors (with keepGoing). */
  skipped: string[];
  ok: boolean;
}

/**
 * load → generate → format → plan → (write | compare). Without keepGoing nothing is written
 * unless every step succeeded; with it, connectors with errors are left out and the rest is
 * written (the outcome is still not ok).
 */
export async function generate(options: GenerateOptions): Promise<GenerateOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const schemas = path.resolve(cwd, options.schemas);
  const out = path.resolve(cwd, options.out);
  let model = await loadTree({ root: schemas, cwd, entries: options.entries });
  const diagnostics = [...model.diagnostics];
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const fail = (): GenerateOutcome => ({ diagnostics, model, connectors: model.connectors.length, skipped: [], ok: false });
  if (only) {
    const known = new Set(model.connectors.map((c) => c.name));
    for (const name of only)
      if (!known.has(name))
        diagnostics.push({
          severity: "error",
          code: "cli/unknown-connector",
          message: `There is no connector named "${name}".`,
          hint: `Known connectors: ${[...known].join(", ") || "none"}.`,
        });
  }
  const skipped = new Set<string>();
  /** With keepGoing, leaves out the connectors errors point at; false when nothing can go on. */
  const dropBroken = (found: readonly Diagnostic[]): boolean => {
    if (!options.keepGoing) return false;
    if (found.some((d) => d.severity === "error" && d.file === undefined && d.connector === undefined)) return false;
    const broken = connectorsWithErrors(model, found);
    if (broken.size === model.connectors.length && broken.size > 0) return false;
    for (const b of broken) skipped.add(b);
    if (broken.size > 0) model = withoutConnectors(model, broken);
    return true;
  };
  if (hasErrors(diagnostics) && !dropBroken(diagnostics)) return fail();

  let result = await runGenerators(model, GENERATORS, only);
  // A generator may reject a connector the loader accepted; with keepGoing, leave it out and retry.
  for (let pass = 0; hasErrors(result.diagnostics) && pass < 3; pass++) {
    diagnostics.push(...result.diagnostics);
    if (!dropBroken(result.diagnostics)) return fail();
    result = await runGenerators(model, GENERATORS, only);
  }
  if (hasErrors(result.diagnostics)) {
    diagnostics.push(...result.diagnostics);
    return fail();
  }
  diagnostics.push(...result.diagnostics);
  const files = options.format === false ? result.files : await formatFiles(result.files, out);
  // Under --only, or when connectors were left out for errors, only the files of connectors
  // generated in this run (and tree-level files) may be removed; the others' output stays.
  const generated = only ? [...only] : model.connectors.map((c) => c.name);
  const partial = only !== undefined || hasErrors(diagnostics);
  const removable = (p: string) => !partial || !p.startsWith("connectors/") || generated.some((n) => p.startsWith(`connectors/${n}/`));
  const p = await plan(out, files, removable);
  const counted = only ? only.size : model.connectors.length;
  const clean = !hasErrors(diagnostics);
  if (options.check) {
    const stale = p.write.length + p.remove.length;
    return { diagnostics, model, plan: p, connectors: counted, skipped: [...skipped].sort(), ok: clean && stale === 0 };
  }
  await commit(out, p);
  return { diagnostics, model, plan: p, connectors: counted, skipped: [...skipped].sort(), ok: clean };
}
