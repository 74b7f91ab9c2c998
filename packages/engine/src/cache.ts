import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import {
  reachableDocs,
  type Connector,
  type GenerateResult,
  type OutputFile,
  type SchemaModel,
} from "@onespec/core";

import { hashOf, knownHash } from "./emit.js";

/**
 * Content-addressed store of what generating a unit gave: its files and its diagnostics (a unit a
 * generator rejects is remembered too, so it is not generated again on every run, and warnings
 * are reported from the cache as they were the first time). A key is the hash of everything the
 * result is a function of, so an entry can never be stale: change an input and the key changes.
 */
export class GenerationCache {
  constructor(readonly dir: string) {}

  private made: Promise<unknown> | undefined;

  /**
   * Entries this process read or wrote, by file. A process that generates again (`--watch`)
   * takes an unchanged connector from here instead of reading and parsing it again; entries are
   * immutable (content-addressed), so a copy in memory cannot go stale.
   */
  private static memory = new Map<string, GenerateResult>();
  /** Past this many entries in memory, the oldest go (a long --watch session over a large tree). */
  static MEMORY_LIMIT = 4096;

  private remember(file: string, result: GenerateResult): void {
    const memory = GenerationCache.memory;
    memory.delete(file);
    memory.set(file, result);
    if (memory.size > GenerationCache.MEMORY_LIMIT) memory.delete(memory.keys().next().value!);
  }

  async get(key: string): Promise<GenerateResult | undefined> {
    const file = path.join(this.dir, `${key}.json`);
    const remembered = GenerationCache.memory.get(file);
    if (remembered) return remembered;
    try {
      // Synchronous: hundreds of small index files per run, each async read a thread-pool round trip.
      const entry = JSON.parse(readFileSync(file, "utf8")) as {
        files?: unknown;
        diagnostics?: unknown;
        hashes?: unknown;
      };
      if (!Array.isArray(entry.files) || !Array.isArray(entry.diagnostics)) return undefined;
      const diagnostics = entry.diagnostics as GenerateResult["diagnostics"];
      let files: OutputFile[];
      if (entry.files.length > 0 && entry.files.every(isMeasured)) {
        const textFile = textPath(file);
        // Present when the entry is: it is renamed into place first. A missing one is a miss.
        if (!existsSync(textFile)) return undefined;
        const lengths = entry.files.map((f) => f.length);
        files = lazyFiles(entry.files, () => textContents(textFile, lengths));
      } else if (entry.files.every(isIndexed)) {
        const contentsFile = contentsPath(file);
        // Present when the entry is: it is renamed into place first. A missing one is a miss.
        if (!existsSync(contentsFile)) return undefined;
        const count = entry.files.length;
        files = lazyFiles(entry.files, () => jsonContents(contentsFile, count));
      } else {
        // An entry from before the contents had a file of their own.
        if (!entry.files.every(isOutputFile)) return undefined;
        files = entry.files;
        const hashes = Array.isArray(entry.hashes) ? entry.hashes : [];
        files.forEach((f, i) => {
          if (typeof hashes[i] === "string") knownHash(f, hashes[i]);
        });
      }
      const result = { files, diagnostics };
      this.remember(file, result);
      return result;
    } catch {
      return undefined;
    }
  }

  /**
   * Writes an entry as two files: the contents, then the index (`<key>.json`: each file's path,
   * hash and length, the diagnostics). A run whose unit comes from the cache reads only the
   * index: the plan compares hashes, and a file's contents are read only when it must be written
   * (on the Airbyte corpus, 14 MB read and parsed on every edit before). The contents are the
   * files' texts one after another (`<key>.contents.txt`), cut by the lengths: as a JSON array of
   * strings, escaping them was a tenth of a cold run's time on this thread. Texts that UTF-8
   * cannot carry as they are (a lone surrogate) go in a JSON array (`<key>.contents.json`).
   */
  async set(key: string, result: GenerateResult): Promise<void> {
    // Once per cache: per entry, creating the folder was a third of what writing entries cost.
    await (this.made ??= mkdir(this.dir, { recursive: true }));
    const file = path.join(this.dir, `${key}.json`);
    const entry = { files: result.files, diagnostics: result.diagnostics };
    const asText = result.files.length > 0 && result.files.every((f) => wellFormed(f.contents));
    const index = {
      files: result.files.map((f) =>
        asText
          ? { path: f.path, hash: hashOf(f), length: f.contents.length }
          : { path: f.path, hash: hashOf(f) },
      ),
      diagnostics: result.diagnostics,
    };
    // Synchronous: into the page cache, no disk wait; through the thread pool, the promises of
    // two files per entry cost this thread more than the writes themselves.
    const written = (target: string, text: string) => {
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, text);
      renameSync(tmp, target);
    };
    // A write that fails leaves the entry missing, not an error. Remembered only once on disk:
    // memory holds what a later process would read, no more.
    try {
      if (asText) written(textPath(file), result.files.map((f) => f.contents).join(""));
      else written(contentsPath(file), JSON.stringify(result.files.map((f) => f.contents)));
      written(file, JSON.stringify(index));
    } catch {
      return;
    }
    this.remember(file, entry);
  }
}

function contentsPath(indexFile: string): string {
  return indexFile.replace(/\.json$/, ".contents.json");
}

/** Whether UTF-8 carries `text` as it is: no lone surrogate (String#isWellFormed, Node 20+; not in ES2023's lib). */
const wellFormed = (text: string): boolean =>
  (text as unknown as { isWellFormed(): boolean }).isWellFormed();

function textPath(indexFile: string): string {
  return indexFile.replace(/\.json$/, ".contents.txt");
}

function isMeasured(f: unknown): f is { path: string; hash: string; length: number } {
  return (
    isIndexed(f) &&
    Number.isSafeInteger((f as unknown as { length?: unknown }).length) &&
    (f as unknown as { length: number }).length >= 0
  );
}

function isIndexed(f: unknown): f is { path: string; hash: string } {
  return (
    typeof f === "object" &&
    f !== null &&
    typeof (f as { path?: unknown }).path === "string" &&
    typeof (f as { hash?: unknown }).hash === "string" &&
    !("contents" in f)
  );
}

function isOutputFile(f: unknown): f is OutputFile {
  return (
    typeof f === "object" &&
    f !== null &&
    typeof (f as { path?: unknown }).path === "string" &&
    typeof (f as { contents?: unknown }).contents === "string"
  );
}

/** The texts of a JSON contents file (`<key>.contents.json`), one per file of the index. */
function jsonContents(contentsFile: string, count: number): string[] {
  const parsed = JSON.parse(readFileSync(contentsFile, "utf8")) as unknown;
  if (
    !Array.isArray(parsed) ||
    parsed.length !== count ||
    !parsed.every((c) => typeof c === "string")
  )
    throw new Error(`the generation cache entry ${contentsFile} is damaged; delete it`);
  return parsed;
}

/** The texts of a text contents file (`<key>.contents.txt`), cut by the index's lengths. */
function textContents(textFile: string, lengths: readonly number[]): string[] {
  const text = readFileSync(textFile, "utf8");
  if (text.length !== lengths.reduce((n, l) => n + l, 0))
    throw new Error(`the generation cache entry ${textFile} is damaged; delete it`);
  let at = 0;
  return lengths.map((l) => text.slice(at, (at += l)));
}

/**
 * Output files whose contents are read on first use (all of the entry's at once, by `read`),
 * with their hashes known from the index.
 */
function lazyFiles(index: { path: string; hash: string }[], read: () => string[]): OutputFile[] {
  let loaded: string[] | undefined;
  const load = (): string[] => (loaded ??= read());
  return index.map(({ path: p, hash }, i) => {
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
