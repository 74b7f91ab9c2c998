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
