import path from "node:path";
import {
  commit,
  formatFiles,
  hasErrors,
  loadTree,
  plan,
  runGenerators,
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
  only?: string[];
  /** Compare with the disk instead of writing. */
  check?: boolean;
  cwd?: string;
}

export interface GenerateOutcome {
  diagnostics: Diagnostic[];
  model?: SchemaModel;
  plan?: Plan;
  connectors: number;
  ok: boolean;
}

/** load → generate → format → plan → (write | compare). Nothing is written unless every step succeeded. */
export async function generate(options: GenerateOptions): Promise<GenerateOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const schemas = path.resolve(cwd, options.schemas);
  const out = path.resolve(cwd, options.out);
  const model = await loadTree({ root: schemas, cwd });
  const diagnostics = [...model.diagnostics];
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
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
  if (hasErrors(diagnostics)) return { diagnostics, model, connectors: model.connectors.length, ok: false };
  const result = await runGenerators(model, GENERATORS, only);
  diagnostics.push(...result.diagnostics);
  if (hasErrors(diagnostics)) return { diagnostics, model, connectors: model.connectors.length, ok: false };
  const files = await formatFiles(result.files, out);
  const removable = only ? (p: string) => [...only].some((n) => p.startsWith(`connectors/${n}/`)) : () => true;
  const p = await plan(out, files, removable);
  if (options.check) {
    const stale = p.write.length + p.remove.length;
    return { diagnostics, model, plan: p, connectors: only ? only.size : model.connectors.length, ok: stale === 0 };
  }
  await commit(out, p);
  return { diagnostics, model, plan: p, connectors: only ? only.size : model.connectors.length, ok: true };
}
