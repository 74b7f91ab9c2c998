/**
 * Finds a tree of connection schemas already in a repository, for `onespec init`: onespec's own
 * layout (`connectors/<name>/connection.json`), OpenMetadata's (`…/*Connection.json`) or
 * Airbyte specs (`spec.json`, or a file with `connectionSpecification`). Bounded: it skips
 * node_modules, build output and hidden folders, looks at most MAX_FILES files and reads only
 * small JSON files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const SKIP = new Set([
  "node_modules",
  "dist",
  "build",
  "out",
  "coverage",
  "generated",
  "target",
  "vendor",
]);
const MAX_FILES = 20_000;
const MAX_DEPTH = 12;
const MAX_BYTES = 1_000_000;

export interface FoundTree {
  /** Root of the tree, relative to the repository ("." for the repository itself). */
  schemas: string;
  /** Entry globs under it; undefined for onespec's own layout. */
  entry?: string[];
  /** How many connection schemas matched. */
  count: number;
}

interface Layout {
  /** Which files are entries. */
  test(file: string, name: string): boolean;
  /** The glob for them, relative to the root. */
  glob?: string;
}

const LAYOUTS: Layout[] = [
  {
    test: (file, name) =>
      name === "connection.json" &&
      path.basename(path.dirname(path.dirname(file))) === "connectors",
  },
  {
    test: (_file, name) => /^[A-Za-z0-9]+Connection\.json$/.test(name),
    glob: "**/*Connection.json",
  },
  { test: (_file, name) => name === "spec.json", glob: "**/spec.json" },
];

function jsonFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith(".") || SKIP.has(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p, depth + 1);
      else if (e.isFile() && e.name.endsWith(".json") && out.length < MAX_FILES) out.push(p);
    }
  };
  walk(root, 0);
  return out;
}

function readSchema(file: string): Record<string, unknown> | undefined {
  try {
    if (statSync(file).size > MAX_BYTES) return undefined;
    const value: unknown = JSON.parse(readFileSync(file, "utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Relative file $refs in a schema, resolved to absolute paths. */
function refTargets(file: string, schema: unknown, out: Set<string>): void {
  if (Array.isArray(schema)) for (const s of schema) refTargets(file, s, out);
  else if (schema !== null && typeof schema === "object")
    for (const [k, v] of Object.entries(schema)) {
      if (
        k === "$ref" &&
        typeof v === "string" &&
        !v.startsWith("#") &&
        !/^[a-z][a-z0-9+.-]*:/i.test(v)
      )
        out.add(path.resolve(path.dirname(file), v.split("#")[0]));
      else refTargets(file, v, out);
    }
}

function commonDir(files: Iterable<string>): string {
  let common: string[] | undefined;
  for (const f of files) {
    const parts = path.dirname(f).split(path.sep);
    if (!common) common = parts;
    else {
      let i = 0;
      while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
      common = common.slice(0, i);
    }
  }
  return (common ?? []).join(path.sep) || path.sep;
}

/** The schema tree in `root`, or undefined when there is none. */
export function findSchemaTree(root: string): FoundTree | undefined {
  const files = jsonFiles(root);
  let best: { layout: Layout; matches: string[] } | undefined;
  for (const layout of LAYOUTS) {
    const matches = files
      .filter((f) => layout.test(f, path.basename(f)))
      .filter((f) => {
        const s = readSchema(f);
        return (
          s !== undefined &&
          (s.type === "object" ||
            "properties" in s ||
            "connectionSpecification" in s ||
            "oneOf" in s)
        );
      });
    if (matches.length > 0 && (!best || matches.length > best.matches.length))
      best = { layout, matches };
  }
  if (!best) return undefined;
  // The root must hold every file the entries reach through relative $refs.
  const reach = new Set(best.matches);
  for (const f of best.matches) refTargets(f, readSchema(f), reach);
  // onespec's layout is rooted at the folder holding connectors/ (a file there stands for it).
  if (!best.layout.glob)
    reach.add(path.join(path.dirname(path.dirname(path.dirname(best.matches[0]))), "root.json"));
  let dir = commonDir(reach);
  if (path.relative(root, dir).startsWith("..")) dir = root;
  return {
    schemas: path.relative(root, dir) || ".",
    ...(best.layout.glob ? { entry: [best.layout.glob] } : {}),
    count: best.matches.length,
  };
}
