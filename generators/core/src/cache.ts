import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { OutputFile } from "./generator.js";
import { reachableDocs, type Connector, type SchemaModel } from "./model.js";

/**
 * Content-addressed store of generated files. A key is the hash of everything the files are a
 * function of, so an entry can never be stale: change an input and the key changes.
 */
export class GenerationCache {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<OutputFile[] | undefined> {
    try {
      return JSON.parse(await readFile(path.join(this.dir, `${key}.json`), "utf8")) as OutputFile[];
    } catch {
      return undefined;
    }
  }

  async set(key: string, files: readonly OutputFile[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(files)).then(
      () => rename(tmp, file),
      () => undefined,
    );
  }
}

function sha(...parts: string[]): string {
  const h = createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex");
}

let codeHash: Promise<string> | undefined;

/**
 * Hash of the generators' own code and templates: output produced by other code is never
 * served from the cache.
 */
export function generatorCodeHash(): Promise<string> {
  codeHash ??= (async () => {
    const root = fileURLToPath(new URL("../../", import.meta.url)); // generators/
    const h = createHash("sha256");
    const walk = async (dir: string): Promise<void> => {
      if (!existsSync(dir)) return;
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) await walk(p);
        else h.update(path.relative(root, p)).update("\0").update(await readFile(p)).update("\0");
      }
    };
    for (const pkg of (await readdir(root)).sort()) {
      await walk(path.join(root, pkg, "src"));
      await walk(path.join(root, pkg, "templates"));
      if (existsSync(path.join(root, pkg, "package.json"))) h.update(await readFile(path.join(root, pkg, "package.json")));
    }
    return h.digest("hex");
  })();
  return codeHash;
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
export function connectorKey(model: SchemaModel, connector: Connector, code: string, salt = ""): string {
  const docs = [...reachableDocs(model, connector)].map((p) => model.docs.get(p)!).sort((a, b) => a.rel.localeCompare(b.rel));
  return sha(code, salt, shapeKey(model), connector.name, JSON.stringify(connector.metadata), JSON.stringify(connector.steps), ...docs.flatMap((d) => [d.rel, d.draft, d.source.text]));
}

/** Key of the tree-level output: every connector's key. */
export function treeKey(keys: readonly string[], code: string, salt = ""): string {
  return sha(code, salt, "tree", ...keys);
}
