/// <reference path="./picomatch.d.ts" />
import path from "node:path";
import picomatch from "picomatch/posix.js";

/** `--entry` globs, compiled to match paths relative to the schema root ("/"-separated). */
export interface EntryGlobs {
  matches(rel: string): boolean;
  /** Whether some glob spells a leading dot, so the walk must list dot folders. */
  dotFolders: boolean;
  /** Whether a folder (relative to the root) could hold a match: its unreadability then matters. */
  reaches(relDir: string): boolean;
  /** Positive globs, as written, that lead outside the root: none of their matches is read. */
  outside: string[];
}

/**
 * Compiles entry globs with fast-glob's meaning (which the CLI documented and tests pinned):
 * a leading "!" excludes (and there matches dot files too), `*` and `**` skip names starting
 * with "." unless the glob spells the dot, braces and extglobs work, repeated slashes collapse.
 * Globs with "." or ".." segments, and absolute ones, are resolved against the root first: one
 * that stays inside is kept as the relative glob it means, one that leaves the root is reported,
 * never walked (fast-glob listed the folder outside and every file in it).
 */
export function compileEntryGlobs(root: string, globs: string[]): EntryGlobs {
  const rootSegments = root.split(path.sep).join("/").split("/").filter(Boolean);
  const positive: string[] = [];
  const negative: string[] = [];
  const outside: string[] = [];
  for (const glob of globs) {
    const negated = glob.startsWith("!") && glob[1] !== "(";
    const written = (negated ? glob.slice(1) : glob).replace(/(?!^)\/{2,}/g, "/");
    const rel = relativeGlob(rootSegments, written);
    if (rel === "outside") {
      if (!negated) outside.push(glob);
    } else if (rel !== undefined) (negated ? negative : positive).push(rel);
  }
  // fast-glob's options: `posix` makes "[!a]" a negated class and "[[:digit:]]" a POSIX class.
  const options = { posix: true, strictSlashes: false };
  const matchesPositive =
    positive.length > 0 ? picomatch(positive, { ...options, dot: false }) : () => false;
  const matchesNegative =
    negative.length > 0 ? picomatch(negative, { ...options, dot: true }) : () => false;
  const reach = positive.map(reachOf);
  return {
    matches: (rel) => matchesPositive(rel) && !matchesNegative(rel),
    dotFolders: positive.some((g) => /(^|[/{,(|])\.[^/]/.test(g)),
    reaches: (relDir) => reach.some((r) => r(relDir)),
    outside,
  };
}

/**
 * The glob relative to the root; "outside" when it leaves it; undefined when it can match
 * nothing (empty, or ".." after a wildcard, which no listed path contains).
 */
function relativeGlob(rootSegments: string[], glob: string): string | undefined | "outside" {
  const segments = glob.split("/");
  const absolute = glob.startsWith("/");
  if (!absolute && !segments.some((s) => s === "." || s === "..")) return glob || undefined;
  const stack = absolute ? [] : [...rootSegments];
  const trailingSlash = glob.endsWith("/") ? "/" : "";
  for (const segment of segments) {
    if (segment === "" || segment === ".") continue;
    if (segment !== "..") stack.push(segment);
    else if (stack.length > 0 && picomatch.scan(stack[stack.length - 1]).isGlob) return undefined;
    else stack.pop();
  }
  const inside = stack.length > rootSegments.length && rootSegments.every((s, i) => stack[i] === s);
  if (!inside) return "outside";
  return stack.slice(rootSegments.length).join("/") + trailingSlash;
}

/** Whether a folder could hold a match of the glob: it lies on or under the glob's fixed part. */
function reachOf(glob: string): (relDir: string) => boolean {
  const segments = glob.split("/");
  const fixed: string[] = [];
  for (const s of segments) {
    if (picomatch.scan(s).isGlob) break;
    fixed.push(s);
  }
  const deep = glob.includes("**");
  return (relDir) => {
    const dir = relDir === "" ? [] : relDir.split("/");
    const shared = Math.min(dir.length, fixed.length);
    for (let i = 0; i < shared; i++) if (dir[i] !== fixed[i]) return false;
    return dir.length <= fixed.length || deep || dir.length < segments.length;
  };
}
