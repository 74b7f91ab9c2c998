import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
export const BIN = path.join(REPO, "packages/cli/bin/onespec.js");
/** Scratch space inside the repository, so generated code resolves the repo's node_modules. */
export const SCRATCH = path.join(REPO, "packages/cli/.tmp");

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function onespec(args: string[], cwd = REPO): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The CLI in a child process, asynchronously (for tests whose servers answer from this
 * process), with `env` added to this process's environment: e.g. the queue database, which
 * never goes on the command line (ps shows it).
 */
export function onespecAsync(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? REPO,
      env: { ...process.env, NO_COLOR: "1", ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A throwaway copy of the repo's schemas plus an output folder, inside the repo. */
export function workspace(): { dir: string; schemas: string; out: string; cleanup(): void } {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "ws-"));
  const schemas = path.join(dir, "schemas");
  cpSync(path.join(REPO, "schemas"), schemas, { recursive: true });
  return {
    dir,
    schemas,
    out: path.join(dir, "generated"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** path → sha256 of every file under a folder. */
export function snapshotTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** True when text looks like a JavaScript stack trace. */
export function hasStackTrace(text: string): boolean {
  return /\n\s+at .+\(.+:\d+:\d+\)/.test(text) || /node:internal/.test(text);
}

/** The tsconfig of a strict NodeNext project, the kind that compiles generated output in users' repos. */
export const USER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    lib: ["ES2023", "DOM"],
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    isolatedModules: true,
    verbatimModuleSyntax: true,
    types: [],
  },
};

/**
 * Runs tsc --noEmit over generated folders with USER_TSCONFIG (written to `dir`, including
 * `include`, default: every .ts file under it).
 */
export function typecheck(
  dir: string,
  include = ["**/*.ts"],
  compilerOptions: Record<string, unknown> = {},
): { code: number; output: string } {
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify(
      { compilerOptions: { ...USER_TSCONFIG.compilerOptions, ...compilerOptions }, include },
      null,
      2,
    ),
  );
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", dir],
    { encoding: "utf8" },
  );
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

export interface RoundTripResult {
  connectors: number;
  valid: number;
  invalid: number;
  /** "<connector>: <fixture>: <what went wrong>" for every disagreement. */
  failures: string[];
}

/**
 * Every fixture of every connector in a generated folder against the generated validator and
 * the form's precompiled RJSF validator: valid ones pass both; invalid ones fail with exactly the
 * recorded pointer+keyword pairs.
 */
export async function roundTrip(dir: string): Promise<RoundTripResult> {
  const result: RoundTripResult = { connectors: 0, valid: 0, invalid: 0, failures: [] };
  const root = path.join(dir, "connectors");
  for (const name of readdirSync(root).sort()) {
    const at = path.join(root, name);
    const fixtures = JSON.parse(readFileSync(path.join(at, "fixtures.json"), "utf8")) as {
      valid: { name: string; config: unknown }[];
      invalid: { name: string; config: unknown; errors: { pointer: string; keyword: string }[] }[];
    };
    const v = (await import(pathToFileURL(path.join(at, "validator.ts")).href)) as {
      problems(x: unknown): { pointer: string; keyword: string }[];
    };
    const form = (await import(pathToFileURL(path.join(at, "form.ts")).href)) as {
      schema: object;
      createFormValidator(): { validateFormData(d: unknown, s: object): { errors: unknown[] } };
    };
    const formValidator = form.createFormValidator();
    result.connectors++;
    if (fixtures.valid.length === 0) result.failures.push(`${name}: no valid fixture`);
    for (const f of fixtures.valid) {
      result.valid++;
      const problems = v.problems(f.config);
      if (problems.length)
        result.failures.push(
          `${name}: ${f.name}: rejected: ${JSON.stringify(problems).slice(0, 200)}`,
        );
      const formErrors = formValidator.validateFormData(f.config, form.schema).errors;
      if (formErrors.length)
        result.failures.push(
          `${name}: ${f.name}: rejected by the form: ${JSON.stringify(formErrors).slice(0, 200)}`,
        );
    }
    for (const f of fixtures.invalid) {
      result.invalid++;
      const got = v
        .problems(f.config)
        .map((p) => `${p.pointer} ${p.keyword}`)
        .sort();
      const want = f.errors.map((e) => `${e.pointer} ${e.keyword}`).sort();
      if (JSON.stringify(got) !== JSON.stringify(want))
        result.failures.push(
          `${name}: ${f.name}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`,
        );
    }
  }
  return result;
}

// Resolving the named packages fails as it does when they are not installed.
const MISSING = `
export async function resolve(specifier, context, next) {
  if (process.env.ONESPEC_MISSING.split(",").includes(specifier))
    throw Object.assign(new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL), { code: "ERR_MODULE_NOT_FOUND" });
  return next(specifier, context);
}`;
const REGISTER_MISSING = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(MISSING)}`)});`;

/** Runs the CLI in a process where `packages` cannot be resolved, as if they were not installed. */
export function withMissing(packages: string[], args: string[]) {
  return spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(REGISTER_MISSING)}`, BIN, ...args],
    {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, ONESPEC_MISSING: packages.join(","), NO_COLOR: "1" },
    },
  );
}
