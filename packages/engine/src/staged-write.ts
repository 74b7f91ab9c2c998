/**
 * The one way onespec changes files on disk, all or nothing. Every new file is first written and
 * flushed into a staging folder inside the root (so each rename stays on one file system); then
 * the paths to remove are moved aside, the folders are created, and each new file is renamed into
 * place after the file it replaces has been moved aside. If any step fails, every step done so far
 * is undone in reverse and the error is thrown: the root is left exactly as it was.
 *
 * Until `commit()` the replaced and removed files wait in the staging folder, so a caller that
 * fails later (scaffold, when generating after it fails) can still `rollback()`.
 */
import { mkdir, mkdtemp, open, rename, rm } from "node:fs/promises";
import path from "node:path";

/** The prefix of the staging folder; nothing else in a root starts with it. */
export const STAGING_PREFIX = ".onespec-tmp-";

export interface StagedFile {
  /** Relative to the root, with forward slashes. */
  path: string;
  contents: string;
}

export interface StagedChanges {
  /**
   * Files to write: put in place many at a time, except the last, which goes in after all the
   * others (so a caller can keep a manifest for last).
   */
  write: readonly StagedFile[];
  /** Files or folders to remove, relative to the root; removed before anything is written. */
  remove?: readonly string[];
}

export interface PlacedChanges {
  /** Undoes every change: the root is as it was before. */
  rollback(): Promise<void>;
  /** Drops what was replaced or removed, kept aside until now. */
  commit(): Promise<void>;
}

const WRITE_CONCURRENCY = 32;

/** Runs `work` on every item, at most `limit` at a time; rejects with the first failure once all have settled. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i).catch((e: unknown) => errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (errors.length > 0) throw errors[0];
}

async function writeFlushed(file: string, contents: string): Promise<void> {
  const handle = await open(file, "w");
  try {
    await handle.writeFile(contents, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Applies `changes` under `root` and keeps what they replaced until `commit()` or `rollback()`.
 * Throws, with nothing changed, when any step fails.
 */
export async function placeStaged(root: string, changes: StagedChanges): Promise<PlacedChanges> {
  const removals = changes.remove ?? [];
  const madeRoot = await mkdir(root, { recursive: true });
  const staging = await mkdtemp(path.join(root, STAGING_PREFIX));
  // Each step that changed the root pushes its own undo, so undoing in reverse restores a folder
  // that was moved aside only after the folder created in its place is gone.
  const undo: (() => Promise<void>)[] = [];
  const rollback = async () => {
    for (const step of undo.reverse()) await step().catch(() => undefined);
    undo.length = 0;
    await rm(staging, { recursive: true, force: true });
    // A root this call created holds nothing of the caller's: it goes too.
    if (madeRoot) await rm(madeRoot, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    await mkdir(path.join(staging, "new"));
    await mkdir(path.join(staging, "old"));
    // Written and flushed many at a time: one file after another, the flushes left the process
    // idle for seconds on a large tree.
    await inBatches(changes.write, WRITE_CONCURRENCY, (f, i) =>
      writeFlushed(path.join(staging, "new", String(i)), f.contents),
    );
    let n = 0;
    const moveAside = async (dest: string) => {
      const backup = path.join(staging, "old", String(n++));
      try {
        await rename(dest, backup);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
        throw e;
      }
      undo.push(() => rename(backup, dest));
    };
    for (const r of removals) await moveAside(path.join(root, r));
    // Every folder before any file: most failures (a file where a folder should be) happen here.
    // Each folder once: a folder per file was a disk round trip per file (11,000 for 1,000 connectors).
    const destinations = changes.write.map((f) => path.join(root, f.path));
    for (const dir of [...new Set(destinations.map((d) => path.dirname(d)))].sort()) {
      const made = await mkdir(dir, { recursive: true });
      if (made) undo.push(() => rm(made, { recursive: true, force: true }));
    }
    // Many at a time too (one after another, a large tree waited seconds on round trips), the
    // last one after all the others. Each file's undo steps stay in its own order.
    const place = async (i: number) => {
      const dest = destinations[i];
      await moveAside(dest);
      await rename(path.join(staging, "new", String(i)), dest);
      undo.push(() => rm(dest, { force: true }));
    };
    const last = destinations.length - 1;
    await inBatches(destinations.slice(0, Math.max(0, last)), WRITE_CONCURRENCY, (_, i) =>
      place(i),
    );
    if (last >= 0) await place(last);
  } catch (error) {
    await rollback();
    throw error;
  }
  return {
    rollback,
    commit: async () => {
      undo.length = 0;
      await rm(staging, { recursive: true, force: true });
    },
  };
}

/** Applies `changes` under `root` all or nothing (placeStaged, then commit). */
export async function writeStaged(root: string, changes: StagedChanges): Promise<void> {
  await (await placeStaged(root, changes)).commit();
}
