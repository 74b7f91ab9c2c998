import type { Connector, SchemaModel } from "./model.js";
import { DiagnosticError, type Diagnostic } from "./diagnostics.js";

/** A file a generator wants under the output directory. Paths are relative, with forward slashes. */
export interface OutputFile {
  path: string;
  contents: string;
}

/** What a generator may know of the run besides the model. */
export interface RunInfo {
  /** The names of every generator in this run, in order (e.g. the registry links forms only when "forms" runs). */
  generators: readonly string[];
}

/**
 * The one extension point: a generator is a pure function of the model. `connector` produces the
 * files of one connector; `tree` produces files that belong to the whole tree (shared
 * definitions, indexes). Neither may read files, resolve `$ref`s or look at the clock.
 */
export interface Generator {
  /** Names the generator in diagnostics and in the cache; unique within a run. */
  name: string;
  /** Bump it to invalidate cached output when the code changed in a way its hash cannot see. */
  version?: string;
  connector?(
    model: SchemaModel,
    connector: Connector,
    run: RunInfo,
  ): GeneratorOutput | Promise<GeneratorOutput>;
  tree?(model: SchemaModel, run: RunInfo): GeneratorOutput | Promise<GeneratorOutput>;
}

/**
 * What a generator returns: its files, or its files with diagnostics that do not stop it (an
 * info saying what it left out, a warning). An error stops it: throw a DiagnosticError.
 */
export type GeneratorOutput = OutputFile[] | { files: OutputFile[]; diagnostics: Diagnostic[] };

function addOutput(
  output: GeneratorOutput,
  files: OutputFile[],
  diagnostics: Diagnostic[],
  connector?: string,
): void {
  const produced = Array.isArray(output) ? output : output.files;
  // A file's contents are kept to the end of the run; built by concatenation, they are a tree
  // of pieces until V8 flattens them, which reading a character does, in place.
  for (const f of produced) if (typeof f.contents === "string") f.contents.charCodeAt(0);
  files.push(...produced);
  if (Array.isArray(output)) return;
  diagnostics.push(
    ...output.diagnostics.map((d) => (connector && !d.connector ? { ...d, connector } : d)),
  );
}

/** Declares a generator; the identity function, there for the types. */
export function defineGenerator<G extends Generator>(generator: G): G {
  return generator;
}

function runInfo(generators: readonly Generator[]): RunInfo {
  return { generators: generators.map((g) => g.name) };
}

export interface GenerateResult {
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

function asDiagnostics(error: unknown, generator: string, connector?: string): Diagnostic[] {
  if (error instanceof DiagnosticError)
    return error.diagnostics.map((d) => (connector && !d.connector ? { ...d, connector } : d));
  const message = error instanceof Error ? error.message : String(error);
  return [
    {
      severity: "error",
      code: `generate/${generator}-failed`,
      message: `The ${generator} generator failed${connector ? ` for connector "${connector}"` : ""}: ${message.split("\n")[0]}`,
      ...(connector ? { connector } : {}),
      hint: "The schema may use a construct this generator cannot handle; if it is valid JSON Schema, please report it with the schema.",
    },
  ];
}

/** The connector-level output of every generator for one connector. */
export async function runConnectorGenerators(
  model: SchemaModel,
  generators: readonly Generator[],
  c: Connector,
  run = runInfo(generators),
): Promise<GenerateResult> {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const g of generators) {
    if (!g.connector) continue;
    try {
      addOutput(await g.connector(model, c, run), files, diagnostics, c.name);
    } catch (e) {
      diagnostics.push(...asDiagnostics(e, g.name, c.name));
    }
  }
  return { files, diagnostics };
}

/** The tree-level output of every generator. */
export async function runTreeGenerators(
  model: SchemaModel,
  generators: readonly Generator[],
  run = runInfo(generators),
): Promise<GenerateResult> {
  const files: OutputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const g of generators) {
    if (!g.tree) continue;
    try {
      addOutput(await g.tree(model, run), files, diagnostics);
    } catch (e) {
      diagnostics.push(...asDiagnostics(e, g.name));
    }
  }
  return { files, diagnostics };
}

/** Duplicate output paths are an error; files come back sorted by path. */
export function collectOutput(results: readonly GenerateResult[]): GenerateResult {
  const files = results.flatMap((r) => r.files);
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const seen = new Map<string, number>();
  for (const f of files) seen.set(f.path, (seen.get(f.path) ?? 0) + 1);
  for (const [p, n] of seen)
    if (n > 1)
      diagnostics.push({
        severity: "error",
        code: "generate/duplicate-output",
        message: `${n} generators want to write ${p}.`,
        hint: "Rename a connector or definition so the names differ.",
      });
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, diagnostics };
}

/** Runs every generator over the model (tree, then each connector). Duplicate output paths are an error. */
export async function runGenerators(
  model: SchemaModel,
  generators: readonly Generator[],
  only?: ReadonlySet<string>,
  run = runInfo(generators),
): Promise<GenerateResult> {
  const results = [await runTreeGenerators(model, generators, run)];
  for (const c of model.connectors)
    if (!only || only.has(c.name))
      results.push(await runConnectorGenerators(model, generators, c, run));
  return collectOutput(results);
}
