import { createHash, randomBytes } from "node:crypto";
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import {
  reachableDocs,
  type Connector,
  type Diagnostic,
  type GenerateResult,
  type OutputFile,
  type SchemaModel,
} from "@onespec/core";

import { contentHash, hashOf, knownHash } from "./emit.js";

/**
 * Where one entry is: its files' paths and hashes, where their texts are in which pack (UTF-8,
 * one after another from `at`, `bytes` each), or the texts themselves (`contents`) when UTF-8
 * cannot carry them as they are (a lone surrogate); and the diagnostics.
 */
interface StoredEntry {
  pack?: string;
  at?: number;
  files: [path: string, hash: string, bytes?: number][];
  contents?: string[];
  diagnostics: Diagnostic[];
}

/** An index file: the entries of one pack, or of several once merged. */
interface IndexFile {
  onespecCache: 1;
  entries: Record<string, StoredEntry>;
}

const INDEX = ".index";
const PACK = ".pack";

/**
 * Past this many index files, the run that writes one more merges them all into one (each run
 * that generates anything writes one; a run reads all of them before its first lookup).
 */
const MAX_INDEXES = 8;
/**
 * A merge keeps the newest entries up to this many (a cache that served every code change of a
 * generator under development would grow without end), and deletes the packs no entry it keeps
 * is in. Several times the largest tree we know of, with room for a few versions of each.
 */
const MAX_ENTRIES = 20_000;

/**
 * Content-addressed store of what generating a unit gave: its files and its diagnostics (a unit a
 * generator rejects is remembered too, so it is not generated again on every run, and warnings
 * are reported from the cache as they were the first time). A key is the hash of everything the
 * result is a function of, so an entry can never be stale: change an input and the key changes.
 *
 * Stored as packs, so that a cold run creates two files in the cache, not two per unit (on a
 * file system where creating a file costs half a millisecond, the per-entry files of 1,000
 * connectors were a tenth of a cold run): each GenerationCache appends the texts of the entries
 * it stores to a pack of its own (`<id>.pack`), as they are made, and `close()` then writes the
 * pack's index (`<id>.index`: per key, each file's path, hash and size, where the texts start,
 * the diagnostics). A lookup reads every index once; a file's text is read from its pack only
 * when it must be written (the plan compares hashes), and checked against its hash then. An
 * entry is in the cache once its index is on disk: a pack whose writer died before is never
 * read. Past MAX_INDEXES index files, close() merges them.
 */
export class GenerationCache {
  constructor(readonly dir: string) {}

  /**
   * Entries this process read or wrote, by folder and key. A process that generates again
   * (`--watch`) takes an unchanged connector from here instead of reading it again; entries are
   * immutable (content-addressed), so a copy in memory cannot go stale.
   */
  private static memory = new Map<string, GenerateResult>();
  /** Past this many entries in memory, the oldest go (a long --watch session over a large tree). */
  static MEMORY_LIMIT = 4096;

  /** Every entry of the indexes on disk, read on the first lookup. */
  private catalog: Map<string, StoredEntry> | undefined;
  /** Whether each pack an entry is in exists, by name (checked once per pack). */
  private readonly packs = new Map<string, boolean>();
  private writer: PackWriter | undefined;
  /** A write failed: this cache stores nothing more (an entry missing is only a miss later). */
  private broken = false;

  private remember(key: string, result: GenerateResult): void {
    const memory = GenerationCache.memory;
    const id = `${this.dir}\u0000${key}`;
    memory.delete(id);
    memory.set(id, result);
    if (memory.size > GenerationCache.MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  }

  async get(key: string): Promise<GenerateResult | undefined> {
    const remembered = GenerationCache.memory.get(`${this.dir}\u0000${key}`);
    if (remembered) return remembered;
    this.catalog ??= readCatalog(this.dir);
    const stored = this.catalog.get(key);
    if (!stored) return undefined;
    const result = this.entryOf(stored);
    if (result) this.remember(key, result);
    return result;
  }

  /** The entry's files (texts read on first use) and diagnostics; undefined when the index entry is not well-formed. */
  private entryOf(stored: StoredEntry): GenerateResult | undefined {
    const { files, diagnostics, contents } = stored;
    if (!Array.isArray(files) || !Array.isArray(diagnostics) || !files.every(isStoredFile))
      return undefined;
    if (contents !== undefined) {
      if (
        !Array.isArray(contents) ||
        contents.length !== files.length ||
        !contents.every((c) => typeof c === "string")
      )
        return undefined;
      return {
        files: files.map(([p, hash], i) => known({ path: p, contents: contents[i] }, hash)),
        diagnostics,
      };
    }
    const { pack, at } = stored;
    const sizes = files.map((f) => f[2]);
    if (!isCount(at) || !sizes.every(isCount)) return undefined;
    if (sizes.every((n) => n === 0))
      return {
        files: files.map(([p, hash]) => known({ path: p, contents: "" }, hash)),
        diagnostics,
      };
    if (typeof pack !== "string" || !isPackName(pack)) return undefined;
    if (!this.packExists(pack)) return undefined;
    const packFile = path.join(this.dir, pack);
    return {
      files: lazyFiles(files, () => readTexts(packFile, at, sizes, files)),
      diagnostics,
    };
  }

  private packExists(pack: string): boolean {
    let exists = this.packs.get(pack);
    if (exists === undefined)
      this.packs.set(pack, (exists = existsSync(path.join(this.dir, pack))));
    return exists;
  }

  /**
   * Appends the entry's texts to this cache's pack (synchronously: into the page cache, no disk
   * wait). A write that fails leaves the entry missing, not an error. Remembered only once
   * written: memory holds what a later process would read, no more.
   */
  async set(key: string, result: GenerateResult): Promise<void> {
    if (this.broken) return;
    const files = result.files;
    const entry: GenerateResult = { files, diagnostics: result.diagnostics };
    try {
      this.writer ??= new PackWriter(this.dir);
      if (files.every((f) => wellFormed(f.contents))) {
        const at = this.writer.size;
        // Each text as it is (its size in UTF-8 is what the write says): joined and encoded
        // first, they were copied twice more.
        const sizes = files.map((f) => this.writer!.append(f.contents));
        this.writer.entries[key] = {
          // No pack for no text (a unit a generator rejected has no files).
          ...(sizes.some((n) => n > 0) ? { pack: this.writer.pack } : {}),
          at,
          files: files.map((f, i) => [f.path, hashOf(f), sizes[i]]),
          diagnostics: result.diagnostics,
        };
      } else {
        this.writer.entries[key] = {
          files: files.map((f) => [f.path, hashOf(f)]),
          contents: files.map((f) => f.contents),
          diagnostics: result.diagnostics,
        };
      }
    } catch {
      this.broken = true;
      return;
    }
    this.remember(key, entry);
  }

  /**
   * Writes the index of what this cache stored (from then on, other processes find it) and, past
   * MAX_INDEXES index files, merges them. Nothing here is an error: what could not be written is
   * only missing from the cache.
   */
  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (!writer) return;
    try {
      writer.finish(this.broken);
      if (!this.broken) mergeIndexes(this.dir);
    } catch {
      // The entries of this run are not in the cache; the next run makes them again.
    }
  }
}

/** The pack a GenerationCache appends to, and the entries its index will list. */
class PackWriter {
  readonly pack: string;
  readonly entries: Record<string, StoredEntry> = {};
  private fd: number | undefined;
  /** Bytes written so far: where the next text starts. */
  size = 0;

  constructor(readonly dir: string) {
    this.pack = `${Date.now().toString(36)}-${randomBytes(6).toString("hex")}${PACK}`;
  }

  /**
   * Appends `text` as UTF-8; returns its size in bytes. A write cut short (a full disk) leaves the
   * texts after it where the sizes say; the text cut is caught by its hash when read.
   */
  append(text: string): number {
    if (text === "") return 0;
    if (this.fd === undefined) {
      mkdirSync(this.dir, { recursive: true });
      this.fd = openSync(path.join(this.dir, this.pack), "wx");
    }
    const written = writeSync(this.fd, text, null, "utf8");
    this.size += written;
    return written;
  }

  /** Closes the pack and writes its index (none when `failed`: the pack goes). */
  finish(failed: boolean): void {
    if (this.fd !== undefined) closeSync(this.fd);
    const packFile = path.join(this.dir, this.pack);
    if (failed || Object.keys(this.entries).length === 0) {
      if (this.fd !== undefined) unlinkSync(packFile);
      return;
    }
    mkdirSync(this.dir, { recursive: true });
    writeIndex(path.join(this.dir, this.pack.slice(0, -PACK.length) + INDEX), this.entries);
  }
}

function writeIndex(file: string, entries: Record<string, StoredEntry>): void {
  const index: IndexFile = { onespecCache: 1, entries };
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(index));
  renameSync(tmp, file);
}

/** The index files of `dir`, newest first (by modification time, then name). */
function indexFiles(dir: string): { file: string; mtimeMs: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    if (!name.endsWith(INDEX)) continue;
    const file = path.join(dir, name);
    try {
      found.push({ file, mtimeMs: statSync(file).mtimeMs });
    } catch {
      // Gone meanwhile (merged by another process).
    }
  }
  return found.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.file < b.file ? 1 : -1));
}

/** The entries of one index file; none when it is unreadable or not an index. */
function readIndex(file: string): Record<string, StoredEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<IndexFile> | null;
    if (parsed?.onespecCache !== 1 || typeof parsed.entries !== "object" || !parsed.entries)
      return {};
    return parsed.entries;
  } catch {
    return {};
  }
}

/**
 * Every entry of `indexes` (default: those in `dir`, newest first), newest first; where two list
 * a key, the newer one's.
 */
function readCatalog(
  dir: string,
  indexes: readonly { file: string }[] = indexFiles(dir),
): Map<string, StoredEntry> {
  const catalog = new Map<string, StoredEntry>();
  for (const { file } of indexes)
    for (const [key, entry] of Object.entries(readIndex(file)))
      if (!catalog.has(key) && typeof entry === "object" && entry !== null) catalog.set(key, entry);
  return catalog;
}

/**
 * Past MAX_INDEXES index files, one index of the newest MAX_ENTRIES entries replaces them, and
 * the packs none of those entries is in are deleted (a process still reading one holds it open).
 */
function mergeIndexes(dir: string): void {
  const indexes = indexFiles(dir);
  if (indexes.length <= MAX_INDEXES) return;
  const kept = Object.fromEntries([...readCatalog(dir, indexes)].slice(0, MAX_ENTRIES));
  const merged = path.join(
    dir,
    `${Date.now().toString(36)}-${randomBytes(6).toString("hex")}-merged${INDEX}`,
  );
  writeIndex(merged, kept);
  for (const { file } of indexes) rmQuietly(file);
  // A pack none of the kept entries is in goes once it is a day old: a process that read an
  // entry from it (a --watch session keeps entries in memory) reads the texts when it needs them.
  // So does what a process that died left half written. The entries of onespec before packs
  // (`<key>.json` and its contents file) are read by nobody: they go at once.
  const used = new Set(Object.values(kept).map((e) => e.pack));
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (LEGACY_ENTRY.test(name)) rmQuietly(file);
    else if ((name.endsWith(PACK) && !used.has(name)) || name.endsWith(".tmp")) {
      try {
        if (statSync(file).mtimeMs < dayAgo) rmQuietly(file);
      } catch {
        // Gone already.
      }
    }
  }
}

/** A cache entry as onespec stored them before packs: `<key>.json`, `<key>.contents.txt` or `.contents.json`. */
const LEGACY_ENTRY = /^[0-9a-f]{64}\.(?:json|contents\.txt|contents\.json)$/;

function rmQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Another process got there first, or holds it (Windows): left for a later merge.
  }
}

/**
 * An entry's texts from its pack: `sizes[i]` bytes each from `at`, each checked against its
 * hash (a pack cut short or overwritten says so, instead of writing wrong output).
 */
function readTexts(
  packFile: string,
  at: number,
  sizes: readonly number[],
  files: readonly StoredEntry["files"][number][],
): string[] {
  const total = sizes.reduce((n, s) => n + s, 0);
  const buffer = Buffer.allocUnsafe(total);
  const damaged = () =>
    new Error(
      `The generation cache pack ${packFile} is damaged or was removed while onespec read it; run again (delete the folder if this repeats).`,
    );
  let done = 0;
  let fd: number;
  try {
    fd = openSync(packFile, "r");
  } catch {
    throw damaged();
  }
  try {
    while (done < total) {
      const n = readSync(fd, buffer, done, total - done, at + done);
      if (n === 0) break;
      done += n;
    }
  } finally {
    closeSync(fd);
  }
  if (done !== total) throw damaged();
  let start = 0;
  return sizes.map((size, i) => {
    const text = buffer.toString("utf8", start, (start += size));
    if (contentHash(text) !== files[i][1]) throw damaged();
    return text;
  });
}

/** Whether UTF-8 carries `text` as it is: no lone surrogate (String#isWellFormed, Node 20+; not in ES2023's lib). */
const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;

/** A pack's own name, not a path: an index cannot point outside the cache folder. */
const isPackName = (name: string): boolean => /^[\w.-]+\.pack$/.test(name) && !name.startsWith(".");

function isStoredFile(f: unknown): f is StoredEntry["files"][number] {
  return (
    Array.isArray(f) &&
    (f.length === 2 || f.length === 3) &&
    typeof f[0] === "string" &&
    typeof f[1] === "string" &&
    (f.length === 2 || isCount(f[2]))
  );
}

function known(file: OutputFile, hash: string): OutputFile {
  knownHash(file, hash);
  return file;
}

/**
 * Output files whose contents are read on first use (all of the entry's at once, by `read`),
 * with their hashes known from the index.
 */
function lazyFiles(
  stored: readonly StoredEntry["files"][number][],
  read: () => string[],
): OutputFile[] {
  let loaded: string[] | undefined;
  const load = (): string[] => (loaded ??= read());
  return stored.map(([p, hash], i) => {
    const file = {} as OutputFile;
    Object.defineProperty(file, "path", { value: p, enumerable: true });
    Object.defineProperty(file, "contents", { get: () => load()[i], enumerable: true });
    knownHash(file, hash);
    return file;
  });
}

export function sha(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}

const shapes = new WeakMap<SchemaModel, string>();

/**
 * Hash of the tree's shape: connector names and entries, document paths and every $ref target.
 * Names shared across modules (types of referenced definitions) are a function of it; contents
 * (descriptions, constraints) are not part of it.
 */
export function shapeKey(model: SchemaModel): string {
  let key = shapes.get(model);
  if (!key) {
    const rel = (p: string) => model.docs.get(p)?.rel ?? p;
    key = sha(
      ...model.connectors.map((c) => `${c.name}=${rel(c.entry)}`),
      ...[...model.docs.values()].map((d) => d.rel).sort(),
      ...[...new Set([...model.refs.values()].map((t) => `${rel(t.doc)}#${t.pointer}`))].sort(),
    );
    shapes.set(model, key);
  }
  return key;
}

/** Key of one connector's output: its metadata, steps, migrations and earlier schemas, every schema file it reaches, and the tree's shape. */
export function connectorKey(
  model: SchemaModel,
  connector: Connector,
  code: string,
  salt = "",
): string {
  const docs = [...reachableDocs(model, connector)]
    .map((p) => model.docs.get(p)!)
    .sort((a, b) => a.rel.localeCompare(b.rel));
  return sha(
    code,
    salt,
    shapeKey(model),
    connector.name,
    JSON.stringify(connector.metadata),
    JSON.stringify(connector.steps),
    JSON.stringify((connector.migrations ?? []).map((m) => [m.displayPath, m.text])),
    JSON.stringify((connector.bases ?? []).map((b) => [b.displayPath, b.text])),
    ...docs.flatMap((d) => [d.rel, d.draft, d.source.text]),
  );
}

/** Key of the tree-level output: every connector's key. */
export function treeKey(keys: readonly string[], code: string, salt = ""): string {
  return sha(code, salt, "tree", ...keys);
}
