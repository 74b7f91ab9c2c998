/**
 * What the per-document checks and repairs of a past run gave (see core's
 * `LoadOptions.checked`), kept in the cache folder between runs so that loading the tree after
 * an edit checks and repairs only the documents whose text changed. The file is named after the
 * loader's code: other code, other map.
 */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DocChecks } from "@onespec/core";
import { codeStamp } from "./run-state.js";

const require = createRequire(import.meta.url);

/** Past this many documents the map starts again (a long history of edits, mostly stale). */
const LIMIT = 50_000;

function fileOf(cacheDir: string): string {
  const core = codeStamp(path.dirname(require.resolve("@onespec/core/package.json")));
  return path.join(cacheDir, `checked-docs-${core.slice(0, 16)}.json`);
}

/** The map a run hands to loadTree, and how to keep what the run added. */
export function checkedDocs(cacheDir: string | undefined): {
  checked: Map<string, DocChecks> | undefined;
  save(): void;
} {
  if (!cacheDir) return { checked: undefined, save: () => undefined };
  const file = fileOf(cacheDir);
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    entries = [];
  }
  const checked = new Map<string, DocChecks>(
    Array.isArray(entries)
      ? entries.filter(
          (e): e is [string, DocChecks] =>
            Array.isArray(e) &&
            e.length === 2 &&
            typeof e[0] === "string" &&
            typeof e[1] === "object" &&
            e[1] !== null,
        )
      : [],
  );
  const before = checked.size;
  return {
    checked,
    save() {
      if (checked.size === before) return;
      const list = [...checked];
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
