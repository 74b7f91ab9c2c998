import RandExp from "randexp";
import type { JsonObject } from "@onespec/core";

const compile = (pattern: string): RegExp | undefined => {
  try {
    return new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
};

/** A deterministic random source, so the same pair of patterns always gives the same verdict. */
function seeded(seed: number): (from: number, to: number) => number {
  let state = seed >>> 0 || 1;
  return (from, to) => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return from + ((state >>> 0) % (to - from + 1));
  };
}

const ATTEMPTS = 60;

/**
 * A string the old pattern (and the old node's length bounds) accepts and the new pattern does
 * not: proof that the change is breaking. Undefined when none was found, which proves nothing:
 * whether one regular expression accepts all another does is not decided here.
 */
export function patternCounterexample(
  before: string,
  after: string,
  node: JsonObject,
): string | undefined {
  const old = compile(before);
  const now = compile(after);
  if (!old || !now) return undefined;
  const min = typeof node.minLength === "number" ? node.minLength : 0;
  const max = typeof node.maxLength === "number" ? node.maxLength : Infinity;
  const fits = (s: string) => old.test(s) && [...s].length >= min && [...s].length <= max;
  let generator: RandExp;
  try {
    generator = new RandExp(old);
  } catch {
    return undefined;
  }
  generator.max = 4;
  for (let i = 0; i < ATTEMPTS; i++) {
    generator.randInt = seeded(i + 1);
    let candidate: string;
    try {
      candidate = generator.gen();
    } catch {
      return undefined;
    }
    if (fits(candidate) && !now.test(candidate)) return candidate;
  }
  return undefined;
}

/** Strings the pattern matches, generated deterministically (a few, short): names to try. */
export function patternSamples(pattern: string, count = ATTEMPTS): string[] {
  const re = compile(pattern);
  if (!re) return [];
  let generator: RandExp;
  try {
    generator = new RandExp(re);
  } catch {
    return [];
  }
  generator.max = 4;
  const out = new Set<string>();
  for (let i = 0; i < count; i++) {
    generator.randInt = seeded(i + 1);
    try {
      const s = generator.gen();
      if (re.test(s)) out.add(s);
    } catch {
      return [...out];
    }
  }
  return [...out];
}

/** The top-level alternatives of a pattern (`a|b(c|d)` is `a`, `b(c|d)`). */
function alternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "|" && depth === 0) {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

const LITERAL_PREFIX = /^\^((?:[A-Za-z0-9_-]|\\[.\-_/])*)$/;

/**
 * Whether every string `before` matches, `after` matches too, shown by its form alone: the same
 * pattern as one of `after`'s top-level alternatives, a pattern that matches anything (`""`,
 * `.*`, `^.*`), or anchored literal prefixes where the new one is a prefix of the old (`^x_` →
 * `^x`). False proves nothing.
 */
export function patternCovers(before: string, after: string): boolean {
  if (["", ".*", "^.*", "^.*$", "[\\s\\S]*", "^"].includes(after)) return true;
  const alts = alternatives(after);
  if (alts.length > 1 && alternatives(before).every((b) => alts.includes(b))) return true;
  const unescape = (s: string) => s.replace(/\\(.)/g, "$1");
  const b = LITERAL_PREFIX.exec(before);
  const a = LITERAL_PREFIX.exec(after);
  return b !== null && a !== null && unescape(b[1]).startsWith(unescape(a[1]));
}
