import { createHash } from "node:crypto";
import { existsSync, lstatSync, readdirSync, readFileSync } from "node:fs";
import { rmdir } from "node:fs/promises";
import path from "node:path";
import type { OutputFile } from "@onespec/core";
import { writeStaged, type Staging } from "./staged-write.js";

export const MANIFEST_FILE = ".onespec-manifest.json";

export function contentHash(contents: string): string {
  return createHash("sha256").update(contents).digest("hex");
}

const hashes = new WeakMap<OutputFile, string>();

/**
 * A file's content hash, computed once per file object: an unchanged connector's files come from
 * the generation cache with their hashes (`knownHash`), so a run hashes only what it generated.
 */
export function hashOf(file: OutputFile): string {
  let hash = hashes.get(file);
  if (hash === undefined) {
    hash = contentHash(file.contents);
    hashes.set(file, hash);
  }
  return hash;
}

/** Records a file's hash computed earlier (the generation cache stores them beside the files). */
export function knownHash(file: OutputFile, hash: string): void {
  hashes.set(file, hash);
}

/**
 * What an earlier run left on disk, by path relative to the output folder: each file's status as
 * it was right after that run (size, mtime, ctime) and its content hash. A file whose status has
 * not changed since still holds that content, so `plan` need not read it.
 */
export type KnownOutputs = ReadonlyMap<
  string,
  { size: number; mtimeMs: number; ctimeMs: number; hash: string }
>;

/**
 * The cache folder: $ONESPEC_CACHE_DIR, else node_modules/.cache/onespec in the nearest folder
 * (from `from` upwards) that has node_modules.
 */
export function defaultCacheDir(from: string): string | undefined {
  if (process.env.ONESPEC_CACHE_DIR) return path.resolve(process.env.ONESPEC_CACHE_DIR);
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "node_modules")))
      return path.join(dir, "node_modules", ".cache", "onespec");
    if (path.dirname(dir) === dir) return undefined;
  }
}

function statusOf(file: string): FileStatus | undefined {
  try {
    const s = lstatSync(file);
    return s.isFile() ? { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs } : undefined;
  } catch {
    return undefined;
  }
}

interface Manifest {
  generator: "onespec";
  files: Record<string, string>;
}

async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    return JSON.parse(readFileSync(path.join(outDir, MANIFEST_FILE), "utf8")) as Manifest;
  } catch {
    return undefined;
  }
}

function manifestFor(files: readonly OutputFile[], kept: readonly OutputFile[] = []): OutputFile {
  const manifest: Manifest = { generator: "onespec", files: {} };
  const entries: [string, string][] = [
    ...files.map((f): [string, string] => [f.path, hashOf(f)]),
    ...kept.map((f): [string, string] => [f.path, f.contents]),
  ];
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [p, hash] of entries) manifest.files[p] = hash;
  return { path: MANIFEST_FILE, contents: JSON.stringify(manifest, null, 2) + "\n" };
}

export interface Plan {
  write: OutputFile[];
  unchanged: string[];
  remove: string[];
  /** Files to write that exist already but that onespec did not write (not in the manifest). */
  foreign: string[];
  /** Every file the folder holds once the plan is applied, the manifest included. */
  files?: readonly OutputFile[];
  /** The status of the unchanged files as the plan found it (so a run record need not stat them again). */
  status?: ReadonlyMap<string, FileStatus>;
}

export interface FileStatus {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
}

/**
 * Compares what should be on disk with what is. A file listed in `known` whose status is as
 * recorded is compared by hash instead of being read (on the Airbyte corpus, reading 2,700
 * output files was most of the time a one-spec edit took).
 */
export async function plan(
  outDir: string,
  generated: readonly OutputFile[],
  removeStale: (path: string) => boolean = () => true,
  known?: KnownOutputs,
): Promise<Plan> {
  const previous = await readManifest(outDir);
  // Files this run does not regenerate (other connectors under --only) stay in the manifest.
  const kept: OutputFile[] = [];
  const produced = new Set(generated.map((f) => f.path));
  for (const [p, hash] of Object.entries(previous?.files ?? {}))
    if (!produced.has(p) && !removeStale(p)) kept.push({ path: p, contents: hash });
  const files = [...generated, manifestFor(generated, kept)];
  const status = new Map<string, FileStatus>();
  const result: Plan = { write: [], unchanged: [], remove: [], foreign: [], files, status };
  const owned = new Set(Object.keys(previous?.files ?? {}));
  const exists = folderListings(outDir);
  // One file after another, synchronously: thousands of stat calls, each cheaper than a promise.
  for (const f of files) {
    const recorded = known?.get(f.path);
    if (recorded) {
      const now = statusOf(path.join(outDir, f.path));
      if (
        now &&
        now.size === recorded.size &&
        now.mtimeMs === recorded.mtimeMs &&
        now.ctimeMs === recorded.ctimeMs
      ) {
        if (recorded.hash === hashOf(f)) {
          result.unchanged.push(f.path);
          status.set(f.path, now);
        } else result.write.push(f); // owned: it is in the run state, so it was onespec's
        continue;
      }
    }
    let current: string | undefined;
    // A file its folder does not list is not read: on a first run, a failed read per file
    // (thousands of thrown errors) was most of what planning cost.
    if (exists(f.path))
      try {
        current = readFileSync(path.join(outDir, f.path), "utf8");
      } catch {
        current = undefined;
      }
    if (current === f.contents) result.unchanged.push(f.path);
    else {
      result.write.push(f);
      if (current !== undefined && !owned.has(f.path) && f.path !== MANIFEST_FILE)
        result.foreign.push(f.path);
    }
  }
  const wanted = new Set(files.map((f) => f.path));
  for (const p of Object.keys(previous?.files ?? {}))
    if (!wanted.has(p) && removeStale(p)) result.remove.push(p);
  result.write.sort((a, b) => a.path.localeCompare(b.path));
  result.unchanged.sort();
  result.remove.sort();
  result.foreign.sort();
  return result;
}

/**
 * Whether a path relative to `outDir` may name an entry of its folder, each folder listed once
 * (a folder that cannot be listed holds nothing). Names are compared without case: on a
 * case-insensitive disk, `Foo.ts` is the `foo.ts` there, and must be read to be compared.
 */
function folderListings(outDir: string): (rel: string) => boolean {
  const listed = new Map<string, Set<string>>();
  return (rel) => {
    const dir = path.posix.dirname(rel);
    let names = listed.get(dir);
    if (!names) {
      try {
        names = new Set(readdirSync(path.join(outDir, dir)).map((n) => n.toLowerCase()));
      } catch {
        names = new Set();
      }
      listed.set(dir, names);
    }
    return names.has(path.posix.basename(rel).toLowerCase());
  };
}

/**
 * Applies a plan all or nothing (staged-write.ts): a failure leaves the output directory exactly
 * as it was. The manifest goes last so that an interrupted run is detected as stale by --check.
 */
export async function commit(outDir: string, p: Plan, staged?: Staging): Promise<void> {
  if (p.write.length === 0 && p.remove.length === 0) return;
  const write = [...p.write].sort(
    (a, b) => Number(a.path === MANIFEST_FILE) - Number(b.path === MANIFEST_FILE),
  );
  // Not flushed file by file: output can be made again, and on 1,000 connectors the flushes kept
  // the disk busy for seconds (staged-write.ts, `flush`).
  await writeStaged(outDir, { write, remove: p.remove, flush: false }, staged);
  // Folders emptied by removals (a deleted connector's) go too, up to the output folder.
  for (const r of p.remove) {
    for (
      let dir = path.dirname(path.join(outDir, r));
      dir.startsWith(outDir + path.sep);
      dir = path.dirname(dir)
    ) {
      try {
        await rmdir(dir);
      } catch {
        break; // not empty (or already gone): its parents are not empty either
      }
    }
  }
}
