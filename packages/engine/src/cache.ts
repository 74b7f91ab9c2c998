import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  reachableDocs,
  type Connector,
  type GenerateResult,
  type SchemaModel,
} from "@onespec/core";

/**
 * Content-addressed store of what generating a unit gave: its files and its diagnostics (a unit a
 * generator rejects is remembered too, so it is not generated again on every run, and warnings
 * are reported from the cache as they were the first time). A key is the hash of everything the
 * result is a function of, so an entry can never be stale: change an input and the key changes.
 */
export class GenerationCache {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<GenerateResult | undefined> {
    try {
      const entry = JSON.parse(
        await readFile(path.join(this.dir, `${key}.json`), "utf8"),
      ) as GenerateResult;
      return Array.isArray(entry.files) && Array.isArray(entry.diagnostics) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, result: GenerateResult): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(
      tmp,
      JSON.stringify({ files: result.files, diagnostics: result.diagnostics }),
    ).then(
      () => rename(tmp, file),
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
