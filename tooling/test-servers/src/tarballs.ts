/**
 * onespec as users get it: every publishable package packed with `npm pack` and installed from
 * those tarballs (plus the npm registry) into a throwaway project outside the monorepo.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));

/** The packages meant for users, in dependency order. */
export const PUBLISHED_PACKAGES = [
  "@onespec/runtime",
  "@onespec/core",
  "@onespec/gen-types",
  "@onespec/gen-validators",
  "@onespec/gen-forms",
  "@onespec/gen-fixtures",
  "@onespec/gen-docs",
  "@onespec/gen-registry",
  "@onespec/engine",
  "@onespec/lint",
  "@onespec/import",
  "@onespec/diff",
  "@onespec/cli",
  "@onespec/forms",
  "@onespec/sdk",
  "@onespec/sink-sqlite",
  "@onespec/sink-postgres",
  "@onespec/web",
  "@onespec/server",
] as const;

export interface Packed {
  name: string;
  file: string;
  /** Every path in the tarball. */
  files: string[];
}

function run(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0)
    throw new Error(
      `${command} ${args.join(" ")} failed (${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`,
    );
  return r;
}

/** Packs every published package (their dist/ must be built) into `dest`. */
export function packPublished(dest: string): Packed[] {
  mkdirSync(dest, { recursive: true });
  const args = [
    "pack",
    "--json",
    "--pack-destination",
    dest,
    ...PUBLISHED_PACKAGES.flatMap((p) => ["--workspace", p]),
  ];
  const out = JSON.parse(run("npm", args, REPO).stdout) as {
    name: string;
    filename: string;
    files: { path: string }[];
  }[];
  return out.map((p) => ({
    name: p.name,
    file: path.join(dest, p.filename),
    files: p.files.map((f) => f.path),
  }));
}

/**
 * A new npm project in `dir` (ESM, no workspaces) with these dependencies installed in one
 * `npm install`: name → version range, or `file:<tarball>` for a packed package.
 */
export function createProject(
  dir: string,
  dependencies: Record<string, string>,
  devDependencies: Record<string, string>,
): void {
  mkdirSync(dir, { recursive: true });
  // better-sqlite3 (under @onespec/server) builds from source; npm 11 runs only allowed install scripts.
  const pkg = {
    name: "throwaway-platform",
    version: "1.0.0",
    private: true,
    type: "module",
    dependencies,
    devDependencies,
    allowScripts: { "better-sqlite3": true, esbuild: true },
  };
  writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], dir, {
    npm_config_workspaces: "false",
  });
}

/** Runs a command in a project; never throws: the caller checks the status. */
export function inProject(
  dir: string,
  command: string,
  args: string[],
): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(command, args, {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
