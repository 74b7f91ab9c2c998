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
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
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
  /**
   * Whether each file is flushed to the disk before it is placed (default true). Without, a
   * placement is still all or nothing for every reader and if the process dies; only a power
   * loss may leave a placed file short, which suits output that can be made again (generate's:
   * the manifest records each file's size, so the next run sees it and writes it again).
   */
  flush?: boolean;
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

/**
 * Writes a staged file. Flushed: through the thread pool, many at a time. Not flushed: at once,
 * synchronously (into the page cache, no disk wait): on 1,000 connectors the promise-based
 * writes cost this thread three times the CPU of the plain system calls.
 */
async function writeStagedFile(file: string, contents: string, flush = true): Promise<void> {
  if (!flush) return writeFileSync(file, contents, "utf8");
  const handle = await open(file, "w");
  try {
    await handle.writeFile(contents, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Runs at most `limit` tasks at a time, in the order they were asked for. */
function limiter(limit: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (task) => {
    if (running >= limit) await new Promise<void>((go) => waiting.push(go));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

interface StagingFolder {
  dir: string;
  /** The root, when this staging created it (it holds nothing of the caller's). */
  madeRoot: string | undefined;
}

function openStaging(root: string): StagingFolder {
  const madeRoot = mkdirSync(root, { recursive: true });
  const dir = mkdtempSync(path.join(root, STAGING_PREFIX));
  mkdirSync(path.join(dir, "new"));
  mkdirSync(path.join(dir, "old"));
  return { dir, madeRoot };
}

/**
 * Files written into the staging folder before the caller knows everything it will place: a run
 * that generates hundreds of connectors stages each one's files as soon as they are made, so the
 * disk works while the rest generates instead of after it (on 1,000 connectors, over a second of
 * waiting on the disk at the end). placeStaged() then moves a staged copy into place instead of
 * writing the file again, when the contents are the same; a file staged in vain is dropped with
 * the staging folder. Nothing outside the staging folder changes until placeStaged().
 */
export class Staging {
  private folder: StagingFolder | undefined;
  /** The staging folder could not be made: nothing is staged (placeStaged reports why). */
  private unusable = false;
  private readonly staged = new Map<
    string,
    { contents: string; written: Promise<string | undefined> }
  >();
  private readonly limit = limiter(WRITE_CONCURRENCY);
  private count = 0;
  private handedOver = false;

  /** `flush`: as StagedChanges' (placeStaged writes what was not staged the same way). */
  constructor(
    readonly root: string,
    readonly options: { flush?: boolean } = {},
  ) {}

  /** Writes `file` into the staging folder, or starts to (a failure only means placeStaged writes it). */
  stage(file: StagedFile): void {
    if (this.handedOver || this.unusable) return;
    try {
      this.folder ??= openStaging(this.root);
    } catch {
      this.unusable = true;
      return;
    }
    // Named apart from placeStaged's own (numbers): "s" and a number.
    const target = path.join(this.folder.dir, "new", `s${this.count++}`);
    const write = () => writeStagedFile(target, file.contents, this.options.flush);
    // Unflushed, written at once (writeStagedFile is synchronous then); flushed, a few at a time.
    const written = (this.options.flush === false ? write() : this.limit(write)).then(
      () => target,
      () => undefined,
    );
    this.staged.set(file.path, { contents: file.contents, written });
  }

  /** The staged copy of `file`, if one with the same contents was written. */
  async copyOf(file: StagedFile): Promise<string | undefined> {
    const s = this.staged.get(file.path);
    if (!s || s.contents !== file.contents) return undefined;
    return s.written;
  }

  /** The staging folder, every write into it settled; from here placeStaged owns it. */
  async handOver(): Promise<StagingFolder | undefined> {
    this.handedOver = true;
    await Promise.all([...this.staged.values()].map((s) => s.written));
    return this.folder;
  }

  /** Drops what was staged (the run stopped before placing it); a no-op once handed over. */
  async discard(): Promise<void> {
    if (this.handedOver) return;
    const folder = await this.handOver();
    if (!folder) return;
    await rm(folder.dir, { recursive: true, force: true });
    if (folder.madeRoot)
      await rm(folder.madeRoot, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * Applies `changes` under `root` and keeps what they replaced until `commit()` or `rollback()`.
 * Throws, with nothing changed, when any step fails. With `staged` (a Staging of the same root),
 * files already staged with the same contents are moved into place instead of written again.
 */
export async function placeStaged(
  root: string,
  changes: StagedChanges,
  staged?: Staging,
): Promise<PlacedChanges> {
  const removals = changes.remove ?? [];
  const opened = (await staged?.handOver()) ?? openStaging(root);
  const { madeRoot } = opened;
  const staging = opened.dir;
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
    // Written and flushed many at a time: one file after another, the flushes left the process
    // idle for seconds on a large tree.
    const sources: string[] = [];
    await inBatches(changes.write, WRITE_CONCURRENCY, async (f, i) => {
      const copy = await staged?.copyOf(f);
      if (copy) sources[i] = copy;
      else
        await writeStagedFile(
          (sources[i] = path.join(staging, "new", String(i))),
          f.contents,
          changes.flush,
        );
    });
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
    // A folder this call created holds nothing to move aside: on a first run, trying anyway
    // was a failed rename per file.
    const created = new Set<string>();
    for (const dir of [...new Set(destinations.map((d) => path.dirname(d)))].sort()) {
      const made = await mkdir(dir, { recursive: true });
      if (made) {
        created.add(dir);
        undo.push(() => rm(made, { recursive: true, force: true }));
      }
    }
    // Many at a time too (one after another, a large tree waited seconds on round trips), the
    // last one after all the others. Each file's undo steps stay in its own order.
    const place = async (i: number) => {
      const dest = destinations[i];
      if (!created.has(path.dirname(dest))) await moveAside(dest);
      await rename(sources[i], dest);
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
export async function writeStaged(
  root: string,
  changes: StagedChanges,
  staged?: Staging,
): Promise<void> {
  await (await placeStaged(root, changes, staged)).commit();
}
