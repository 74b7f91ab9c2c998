/**
 * The no-op fast path. After a run whose output matches the disk, the engine records what that
 * run depended on by file status only (size, mtime, ctime): every file under the schema root,
 * every output file, the code of the engine, core and each generator, and the options. The next
 * run stats those files; when nothing changed it replays the recorded outcome without loading
 * the tree or any generator. Any difference, or any doubt, falls back to the full run, which is
 * itself correct (the content-addressed cache then makes it cheap).
 */
import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Diagnostic } from "@onespec/core";
import type { FileStatus, KnownOutputs } from "./emit.js";

/** A file's identity for the fast path: [path, size, mtimeMs, ctimeMs]; size -1 when it is missing. */
export type Stamp = [string, number, number, number];

export interface RunState {
  version: 2;
  key: string;
  inputs: Stamp[];
  outputs: Stamp[];
  /** Content hash of each output file, by path relative to the output folder (as `result.files`). */
  hashes: Record<string, string>;
  result: { diagnostics: Diagnostic[]; connectors: number; skipped: string[]; files: string[] };
}

/** Past this many schema-tree files the fast path is not used (stat-ing them would cost too much). */
const MAX_INPUTS = 20_000;

function stamp(file: string): Stamp {
  try {
    const s = lstatSync(file);
    return [file, s.size, s.mtimeMs, s.ctimeMs];
  } catch {
    return [file, -1, 0, 0];
  }
}

/** Every file under a folder (not following symlinks; node_modules and dot folders left out), or undefined past the limit. */
export function treeFiles(root: string, limit = MAX_INPUTS): string[] | undefined {
  const files: string[] = [];
  const walk = (dir: string): boolean => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return true;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === "node_modules" || e.name.startsWith(".")) continue;
        if (!walk(p)) return false;
      } else {
        files.push(p);
        if (files.length > limit) return false;
      }
    }
    return true;
  };
  return walk(root) ? files.sort() : undefined;
}

/** A stamp of a package's code: the status of its src, dist and templates files and package.json. */
export function codeStamp(dir: string): string {
  const h = createHash("sha256");
  for (const part of ["src", "dist", "templates"])
    for (const f of treeFiles(path.join(dir, part)) ?? []) h.update(JSON.stringify(stamp(f)));
  h.update(JSON.stringify(stamp(path.join(dir, "package.json"))));
  return h.digest("hex");
}

function stateFile(cacheDir: string, out: string): string {
  return path.join(
    cacheDir,
    "state",
    `${createHash("sha256").update(out).digest("hex").slice(0, 32)}.json`,
  );
}

function sameStamps(recorded: readonly Stamp[], now: readonly Stamp[]): boolean {
  return (
    recorded.length === now.length &&
    recorded.every(
      (r, i) =>
        r[0] === now[i][0] && r[1] === now[i][1] && r[2] === now[i][2] && r[3] === now[i][3],
    )
  );
}

/** What the last recorded run into `out` left, if any. */
export async function readRunState(cacheDir: string, out: string): Promise<RunState | undefined> {
  try {
    const state = JSON.parse(readFileSync(stateFile(cacheDir, out), "utf8")) as RunState;
    return state.version === 2 ? state : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The output files the last recorded run left, each with its status then and its hash: what
 * `plan` may compare by hash instead of reading (whatever the options or code were then; a file
 * whose status changed since is read).
 */
export function knownOutputs(state: RunState | undefined, out: string): KnownOutputs | undefined {
  if (!state) return undefined;
  const known = new Map<string, { size: number; mtimeMs: number; ctimeMs: number; hash: string }>();
  for (const [file, size, mtimeMs, ctimeMs] of state.outputs) {
    const rel = path.relative(out, file);
    const hash = state.hashes[rel];
    if (size >= 0 && hash !== undefined) known.set(rel, { size, mtimeMs, ctimeMs, hash });
  }
  return known;
}

/**
 * The recorded outcome when nothing the last run depended on changed: same key (options and
 * code), the same files under the schema root with the same status (`inputs`, from stampTree),
 * the same output files untouched.
 */
export function unchangedRun(
  state: RunState | undefined,
  inputs: readonly Stamp[] | undefined,
  key: string,
): RunState["result"] | undefined {
  if (!inputs || !state) return undefined;
  if (state.key !== key) return undefined;
  if (!sameStamps(state.inputs, inputs)) return undefined;
  if (
    !sameStamps(
      state.outputs,
      state.outputs.map(([p]) => stamp(p)),
    )
  )
    return undefined;
  return state.result;
}

/** The schema-tree files with their status, taken before a run reads them; undefined past the limit. */
export function stampTree(schemas: string): Stamp[] | undefined {
  return treeFiles(schemas)?.map(stamp);
}

/**
 * Records a run whose output on disk is exactly what it produced (written, or found up to date).
 * `inputs` were stamped before the run read them: a file changed while it ran has another
 * status now, so the next run will not take the fast path.
 */
export async function recordRun(
  cacheDir: string,
  out: string,
  inputs: readonly Stamp[],
  key: string,
  result: RunState["result"],
  hashes: Record<string, string>,
  known: ReadonlyMap<string, FileStatus> = new Map(),
): Promise<void> {
  // Files the plan found unchanged keep the status it saw; the others are stat-ed now.
  const outputs = result.files.map((f): Stamp => {
    const file = path.join(out, f);
    const s = known.get(f);
    return s ? [file, s.size, s.mtimeMs, s.ctimeMs] : stamp(file);
  });
  const state: RunState = {
    version: 2,
    key,
    inputs: [...inputs],
    outputs,
    hashes,
    result,
  };
  const file = stateFile(cacheDir, out);
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(state));
    await rename(tmp, file);
  } catch {
    // The fast path is an optimisation: without a state file the next run is a full one.
  }
}
