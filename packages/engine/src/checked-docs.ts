/**
 * What a past run worked out per schema document, kept in the cache folder between runs so that
 * a run after an edit works it out again only for the documents whose text changed: what the
 * loader's checks and repairs gave (core's `LoadOptions.checked`), and the secret-value warnings
 * (secret-values.ts). Each file is named after the code that computed it: other code, other map.
 */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic, DocChecks } from "@onespec/core";
import { codeStamp } from "./run-state.js";

const require = createRequire(import.meta.url);
const CORE = path.dirname(require.resolve("@onespec/core/package.json"));
const ENGINE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Past this many documents a map starts again (a long history of edits, mostly stale). */
const LIMIT = 50_000;

export interface PersistedMap<V> {
  map: Map<string, V> | undefined;
  /** Writes the map when the run added to it. */
  save(): void;
}

function persistedMap<V extends object>(
  cacheDir: string | undefined,
  name: string,
  code: readonly string[],
): PersistedMap<V> {
  if (!cacheDir) return { map: undefined, save: () => undefined };
  const stamp = code.map((dir) => codeStamp(dir).slice(0, 16)).join("-");
  const file = path.join(cacheDir, `${name}-${stamp}.json`);
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch {
    entries = [];
  }
  const map = new Map<string, V>(
    Array.isArray(entries)
      ? entries.filter(
          (e): e is [string, V] =>
            Array.isArray(e) &&
            e.length === 2 &&
            typeof e[0] === "string" &&
            typeof e[1] === "object" &&
            e[1] !== null,
        )
      : [],
  );
  const before = map.size;
  return {
    map,
    save() {
      if (map.size === before) return;
      const list = [...map];
      try {
        mkdirSync(cacheDir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, JSON.stringify(list.length > LIMIT ? list.slice(-LIMIT) : list));
        renameSync(tmp, file);
      } catch {
        // A cache that cannot be written only costs the next run the work.
      }
    },
  };
}

/** The map a run hands to loadTree (`checked`). */
export function checkedDocs(cacheDir: string | undefined): PersistedMap<DocChecks> {
  return persistedMap<DocChecks>(cacheDir, "checked-docs", [CORE]);
}

/** The secret-value warnings of each document (secret-values.ts): core's walk, this package's words. */
export function secretValueWarnings(cacheDir: string | undefined): PersistedMap<Diagnostic[]> {
  return persistedMap<Diagnostic[]>(cacheDir, "secret-values", [CORE, ENGINE]);
}
