/**
 * Which generators a run uses: the built-in ones by name, the user's own by module path or
 * package name, or generator objects handed over directly by a program. Each is loaded once
 * and given a code hash, so the cache never serves output that other code produced.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DiagnosticError, type Diagnostic, type Generator } from "@onespec/core";
import { codeStamp } from "./run-state.js";

/** The built-in generators, by the name a config uses, in the order their output is listed. */
export const BUILTIN_GENERATORS = {
  types: "@onespec/gen-types",
  validators: "@onespec/gen-validators",
  forms: "@onespec/gen-forms",
  fixtures: "@onespec/gen-fixtures",
  docs: "@onespec/gen-docs",
  registry: "@onespec/gen-registry",
} as const;

// The built-in generators are peer dependencies, each loaded on first use: a project installs
// the ones it runs (the CLI brings all six).
const importBuiltin = (name: BuiltinGeneratorName): Promise<unknown> =>
  import(BUILTIN_GENERATORS[name]);

export type BuiltinGeneratorName = keyof typeof BUILTIN_GENERATORS;

/** What runs when a config names no generators: all six built-in ones. */
export const DEFAULT_GENERATORS: readonly BuiltinGeneratorName[] = [
  "types",
  "validators",
  "forms",
  "fixtures",
  "docs",
  "registry",
];

/**
 * One entry of a config's `generators`: a built-in name ("types"), a module path relative to
 * the config ("./gen/zod.mjs"), a package name, any of those with options (`["./gen.mjs", {…}]`),
 * or a generator object.
 */
export type GeneratorSpec = string | readonly [string, unknown] | Generator;

/** A generator ready to run, with what the cache and the worker threads need to know of it. */
export interface LoadedGenerator {
  /** Its name (unique in a run). */
  name: string;
  /**
   * The generator itself. A built-in one is imported on the first call only, so a run whose
   * output all comes from the cache never loads it.
   */
  load(): Promise<Generator>;
  /**
   * How a worker thread loads it again: a built-in name or an absolute module path, with the
   * options. Absent for a generator object handed over directly (such runs use no workers).
   */
  spec?: readonly [string, unknown];
  /** Hash of its code: its package's files, or its module file; changes whenever the code does. */
  readonly codeHash: string;
  /** A cheaper identity of its code for the no-op fast path: its files' status (built-ins) or codeHash. */
  readonly codeStamp: string;
}

const require = createRequire(import.meta.url);

/** A module's default export, called with the options when it is a function. */
function instantiate(mod: unknown, options: unknown): unknown {
  const exported = (mod as { default?: unknown }).default;
  return typeof exported === "function" ? (exported as (o: unknown) => unknown)(options) : exported;
}

function isGenerator(value: unknown): value is Generator {
  if (value === null || typeof value !== "object") return false;
  const g = value as Record<string, unknown>;
  return (
    typeof g.name === "string" &&
    (typeof g.connector === "function" || typeof g.tree === "function")
  );
}

const hashes = new Map<string, string>();

/** Hash of the files of an onespec package (src, dist, templates, package.json); cached per process. */
export function packageCodeHash(dir: string): string {
  let hash = hashes.get(dir);
  if (hash) return hash;
  const h = createHash("sha256");
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && !entry.name.endsWith(".map"))
        h.update(path.relative(dir, p)).update("\0").update(readFileSync(p)).update("\0");
    }
  };
  for (const part of ["src", "dist", "templates"]) walk(path.join(dir, part));
  h.update(readFileSync(path.join(dir, "package.json")));
  hash = h.digest("hex");
  hashes.set(dir, hash);
  return hash;
}

/** The folder of the package a file belongs to (the nearest package.json above it). */
export function packageDirOf(file: string): string {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${file}`);
  }
}

function fileHash(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** Imports a module file; TypeScript (.ts, .mts, .cts) through tsx, loaded only then. */
export async function importModule(file: string): Promise<unknown> {
  const url = pathToFileURL(file).href;
  if (/\.[mc]?ts$/.test(file)) return (await import("tsx/esm/api")).tsImport(url, import.meta.url);
  return import(url);
}

/** Where a generator module is: a path (relative to `base`) or a package name resolved from `base`. */
function resolveModule(spec: string, base: string): string {
  if (spec.startsWith(".") || path.isAbsolute(spec)) {
    const file = path.resolve(base, spec);
    if (!existsSync(file) || !statSync(file).isFile()) throw new Error(`${file} does not exist`);
    return file;
  }
  return createRequire(path.join(base, "noop.js")).resolve(spec);
}

function problem(message: string, hint: string, file?: string): Diagnostic {
  return { severity: "error", code: "config/generator", message, hint, ...(file ? { file } : {}) };
}

/**
 * Loads the generators a run uses. `base` is the folder relative module paths are resolved
 * from (the config file's). Every problem (an unknown name, a module that does not load or does
 * not export a generator, two generators with one name) is a diagnostic; all are reported at once.
 */
export async function loadGenerators(
  specs: readonly GeneratorSpec[] = DEFAULT_GENERATORS,
  base = process.cwd(),
  configFile?: string,
): Promise<LoadedGenerator[]> {
  const loaded: LoadedGenerator[] = [];
  const problems: Diagnostic[] = [];
  for (const spec of specs) {
    if (isGenerator(spec)) {
      const codeHash = createHash("sha256")
        .update(
          `${spec.name}\0${spec.version ?? ""}\0${String(spec.connector)}\0${String(spec.tree)}`,
        )
        .digest("hex");
      loaded.push({ name: spec.name, load: async () => spec, codeHash, codeStamp: codeHash });
      continue;
    }
    const [name, options] = typeof spec === "string" ? [spec, undefined] : spec;
    if (typeof name !== "string") {
      problems.push(
        problem(
          "A generator entry must be a name, a module path, [name or path, options], or a generator object.",
          'For example: "generators": ["types", "validators", "./generators/zod.mjs"].',
          configFile,
        ),
      );
      continue;
    }
    const builtin = Object.hasOwn(BUILTIN_GENERATORS, name)
      ? (name as BuiltinGeneratorName)
      : undefined;
    let file: string | undefined;
    try {
      if (builtin) require.resolve(`${BUILTIN_GENERATORS[builtin]}/package.json`);
      else file = resolveModule(name, base);
    } catch {
      problems.push(
        builtin
          ? problem(
              `The built-in generator "${name}" needs the package ${BUILTIN_GENERATORS[builtin]}, which is not installed.`,
              `Run \`npm install --save-dev ${BUILTIN_GENERATORS[builtin]}\`.`,
              configFile,
            )
          : problem(
              `Generator "${name}" was not found.`,
              `Built-in generators: ${Object.keys(BUILTIN_GENERATORS).join(", ")}. A generator of your own is a module path relative to the config ("./generators/zod.mjs") or an installed package name.`,
              configFile,
            ),
      );
      continue;
    }
    if (builtin) {
      let loading: Promise<Generator> | undefined;
      const load = () =>
        (loading ??= importBuiltin(builtin).then((mod) => {
          const g = instantiate(mod, options);
          if (!isGenerator(g) || g.name !== builtin)
            throw new DiagnosticError([
              problem(
                `${BUILTIN_GENERATORS[builtin]} does not export the "${builtin}" generator.`,
                `Reinstall it: npm install --save-dev ${BUILTIN_GENERATORS[builtin]}.`,
                configFile,
              ),
            ]);
          return g;
        }));
      const dir = path.dirname(require.resolve(`${BUILTIN_GENERATORS[builtin]}/package.json`));
      // Read (and hashed) only when a cache key needs it: a no-op run only stats the files.
      loaded.push({
        name: builtin,
        load,
        spec: [builtin, options],
        get codeHash() {
          return packageCodeHash(dir);
        },
        get codeStamp() {
          return codeStamp(dir);
        },
      });
      continue;
    }
    let exported: unknown;
    try {
      exported = instantiate(await importModule(file!), options);
    } catch (e) {
      problems.push(
        problem(
          `Generator "${name}" failed to load: ${(e as Error).message.split("\n")[0]}`,
          "Fix the module so that it imports cleanly; run it with node to see the whole error.",
          configFile,
        ),
      );
      continue;
    }
    if (!isGenerator(exported)) {
      problems.push(
        problem(
          `${name} does not export a generator.`,
          "Make the module's default export a generator, `export default defineGenerator({ name, connector(model, connector) { return files; } })`, or a function of the options that returns one.",
          configFile,
        ),
      );
      continue;
    }
    const generator = exported;
    // Its file (or installed package), and its `version`, which covers code the hash cannot see.
    const code = file!.includes(`${path.sep}node_modules${path.sep}`)
      ? packageCodeHash(packageDirOf(file!))
      : fileHash(file!);
    const codeHash = createHash("sha256")
      .update(`${code}\0${generator.version ?? ""}`)
      .digest("hex");
    loaded.push({
      name: generator.name,
      load: async () => generator,
      spec: [file!, options],
      codeHash,
      codeStamp: codeHash,
    });
  }
  const names = new Map<string, number>();
  for (const g of loaded) names.set(g.name, (names.get(g.name) ?? 0) + 1);
  for (const [name, n] of names)
    if (n > 1)
      problems.push(
        problem(
          `${n} generators are called "${name}".`,
          "Each generator needs its own name: it names the generator in diagnostics and in the cache.",
          configFile,
        ),
      );
  if (problems.length > 0) throw new DiagnosticError(problems);
  return loaded;
}

/** Hash of all the code a run's output depends on: the loader and model, the engine, and every generator. */
export function runCodeHash(generators: readonly LoadedGenerator[]): string {
  const h = createHash("sha256");
  h.update(packageCodeHash(path.dirname(require.resolve("@onespec/core/package.json"))));
  h.update(packageCodeHash(packageDirOf(fileURLToPath(import.meta.url))));
  for (const g of generators)
    h.update(g.name)
      .update("\0")
      .update(g.codeHash)
      .update("\0")
      .update(JSON.stringify(g.spec?.[1] ?? null));
  return h.digest("hex");
}

/** The no-op fast path's key: everything besides the files that decides a run's output. */
export function runStampKey(generators: readonly LoadedGenerator[], options: unknown): string {
  const h = createHash("sha256");
  h.update(codeStamp(path.dirname(require.resolve("@onespec/core/package.json"))));
  h.update(codeStamp(packageDirOf(fileURLToPath(import.meta.url))));
  for (const g of generators)
    h.update(g.name)
      .update("\0")
      .update(g.codeStamp)
      .update("\0")
      .update(JSON.stringify(g.spec?.[1] ?? null));
  h.update(JSON.stringify(options));
  return h.digest("hex");
}
