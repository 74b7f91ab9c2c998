import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

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
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A throwaway copy of the repo's schemas plus an output folder, inside the repo. */
export function workspace(): { dir: string; schemas: string; out: string; cleanup(): void } {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "ws-"));
  const schemas = path.join(dir, "schemas");
  cpSync(path.join(REPO, "schemas"), schemas, { recursive: true });
  return { dir, schemas, out: path.join(dir, "generated"), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
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
