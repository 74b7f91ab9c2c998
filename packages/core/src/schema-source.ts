import { existsSync } from "node:fs";
import path from "node:path";
import { readFileInside, type ReadOutcome } from "./read-file.js";

/**
 * Where the loader reads schema files from. The disk is the default; memory serves a tree that
 * exists only as text (the importer's final check of what it built), so the same loader, with
 * the same checks and diagnostics, judges both.
 */
export interface SchemaSource {
  /** Reads one file (an absolute path); never throws. */
  read(file: string): Promise<ReadOutcome>;
  /** Whether something exists at the path (a folder too: reading it then says why it is refused). */
  exists(file: string): boolean;
}

/**
 * The disk, read as a tree that may be hostile (read-file.ts): only regular files inside the root
 * (`rootReal`, after symlinks), at most `maxBytes` each.
 */
export function diskSource(rootReal: string, maxBytes: number): SchemaSource {
  return {
    read: (file) => readFileInside(file, rootReal, maxBytes),
    exists: (file) => existsSync(file),
  };
}

/**
 * Files held in memory, by their path relative to `root` (forward slashes): nothing on disk is
 * read or listed. A file over `maxBytes` is refused as one on disk would be.
 */
export function memorySource(
  root: string,
  files: Readonly<Record<string, string>>,
  maxBytes: number,
): SchemaSource {
  const byPath = new Map(
    Object.entries(files).map(([rel, text]) => [path.resolve(root, ...rel.split("/")), text]),
  );
  return {
    read: async (file) => {
      const text = byPath.get(path.resolve(file));
      if (text === undefined) return { ok: false, problem: "missing" };
      const bytes = Buffer.from(text, "utf8");
      if (bytes.length > maxBytes) return { ok: false, problem: "too-large", size: bytes.length };
      return { ok: true, bytes, real: path.resolve(file) };
    },
    exists: (file) => byPath.has(path.resolve(file)),
  };
}
