import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  reachableDocs,
  type Connector,
  type GenerateResult,
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
      const entry = JSON.parse(await readFile(file, "utf8")) as GenerateResult & {
        hashes?: unknown;
      };
      if (!Array.isArray(entry.files) || !Array.isArray(entry.diagnostics)) return undefined;
      const hashes = Array.isArray(entry.hashes) ? entry.hashes : [];
      entry.files.forEach((f, i) => {
        if (typeof hashes[i] === "string") knownHash(f, hashes[i]);
      });
      const result = { files: entry.files, diagnostics: entry.diagnostics };
      this.remember(file, result);
      return result;
    } catch {
      return undefined;
    }
  }

  async set(key: string, result: GenerateResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    const entry = { files: result.files, diagnostics: result.diagnostics };
    // Remembered only once on disk: memory holds what a later process would read, no more.
    await writeFile(tmp, JSON.stringify({ ...entry, hashes: result.files.map(hashOf) }))
      .then(() => rename(tmp, file))
      .then(
        () => this.remember(file, entry),
        () => undefined,
      );
  }
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

/** Key of one connector's output: its metadata, steps, every schema file it reaches, and the tree's shape. */
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
    ...docs.flatMap((d) => [d.rel, d.draft, d.source.text]),
  );
}

/** Key of the tree-level output: every connector's key. */
export function treeKey(keys: readonly string[], code: string, salt = ""): string {
  return sha(code, salt, "tree", ...keys);
}
