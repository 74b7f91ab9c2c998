/**
 * The schema documents a past run found clean (see core's `LoadOptions.clean`), kept in the
 * cache folder between runs so that loading the tree after an edit checks and repairs only the
 * documents whose text changed. The file is named after the loader's code: other code, other set.
 */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { codeStamp } from "./run-state.js";

const require = createRequire(import.meta.url);

/** Past this many keys the set starts again (a long history of edits, mostly stale). */
const LIMIT = 50_000;

function fileOf(cacheDir: string): string {
  const core = codeStamp(path.dirname(require.resolve("@onespec/core/package.json")));
  return path.join(cacheDir, `clean-docs-${core.slice(0, 16)}.json`);
}

/** The set a run hands to loadTree, and how to keep what the run added. */
export function cleanDocs(cacheDir: string | undefined): {
  clean: Set<string> | undefined;
  save(): void;
} {
  if (!cacheDir) return { clean: undefined, save: () => undefined };
  const file = fileOf(cacheDir);
  let keys: unknown;
  try {
    keys = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    keys = [];
  }
  const clean = new Set(Array.isArray(keys) ? keys.filter((k) => typeof k === "string") : []);
  const before = clean.size;
  return {
    clean,
    save() {
      if (clean.size === before) return;
      const list = [...clean];
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(list.length > LIMIT ? list.slice(-LIMIT) : list));
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written only costs the next run the checks.
      }
    },
  };
}
