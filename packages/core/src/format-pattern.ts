/// <reference path="./randexp.d.ts" />
/**
 * A `format` that contradicts its field's `pattern` (Airbyte's `"format": "date"` with
 * `"pattern": "^[0-9]{2}-[0-9]{2}-[0-9]{4}$"`, a dd-mm-yyyy date): no value satisfies both, so no
 * config could be valid. In the specs' home system the pattern is what is checked; here too:
 * the pattern wins and the format is left out of validation (the file keeps it as documentation).
 *
 * The evidence: an example or default that matches the pattern but not the format, or no value
 * among the examples, the format's usual shapes and strings drawn from the pattern that
 * satisfies both.
 */
import { createRequire } from "node:module";
import type RandExp from "randexp";
import type { fullFormats as FullFormats } from "ajv-formats/dist/formats.js";

// Both are CommonJS and required on first use: only a field with both a format and a pattern
// needs them, and importing core should not cost their load (randexp and its parser, ~6 ms).
const require = createRequire(import.meta.url);
let formats: typeof FullFormats | undefined;
let RandExpClass: typeof RandExp | undefined;

/** A value of each checked format's usual shape. */
const FORMAT_SHAPES: Record<string, string[]> = {
  date: ["2024-01-31"],
  "date-time": ["2024-01-31T12:00:00Z", "2024-01-31T12:00:00.000+02:00"],
  time: ["12:00:00Z", "12:00:00+02:00"],
  email: ["user@example.com"],
  hostname: ["example.com", "localhost"],
  ipv4: ["192.0.2.1"],
  ipv6: ["2001:db8::1"],
  uri: ["https://example.com/path"],
  url: ["https://example.com/path"],
  uuid: ["123e4567-e89b-12d3-a456-426614174000"],
};

type FormatCheck =
  RegExp | ((s: string) => boolean) | { validate: RegExp | ((s: string) => boolean) };

function formatAccepts(format: string, value: string): boolean | undefined {
  formats ??= (require("ajv-formats/dist/formats.js") as { fullFormats: typeof FullFormats })
    .fullFormats;
  const check = (formats as unknown as Record<string, FormatCheck | undefined>)[format];
  if (check === undefined || (check as unknown) === true) return undefined;
  const validate = typeof check === "object" && !(check instanceof RegExp) ? check.validate : check;
  return validate instanceof RegExp ? validate.test(value) : validate(value);
}

/** A string drawn from a pattern, deterministic for a seed (randexp with a seeded generator). */
function drawn(pattern: RegExp, count: number): string[] {
  const out: string[] = [];
  try {
    RandExpClass ??= require("randexp") as typeof RandExp;
    const r = new RandExpClass(pattern);
    r.max = 3;
    for (let seed = 1; seed <= count; seed++) {
      let h = seed * 2654435761;
      r.randInt = (from: number, to: number) => {
        h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
        return from + (h % (to - from + 1));
      };
      out.push(r.gen());
    }
  } catch {
    // randexp cannot read every pattern (lookbehind): no drawn values, the other evidence decides.
  }
  return out;
}

/**
 * Why `format` contradicts `pattern` on this schema (a value that shows it), or undefined when
 * they agree, the format is not one onespec checks, or the pattern does not compile.
 */
export function formatContradiction(
  format: string,
  pattern: string,
  examples: readonly unknown[],
): { witness?: string } | undefined {
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "u");
  } catch {
    return undefined;
  }
  if (formatAccepts(format, "") === undefined && !(format in FORMAT_SHAPES)) return undefined;
  const strings = examples.filter((e): e is string => typeof e === "string");
  const fitsPattern = strings.filter((s) => regex.test(s));
  const witness = fitsPattern.find((s) => formatAccepts(format, s) === false);
  if (witness !== undefined) return { witness };
  if (fitsPattern.some((s) => formatAccepts(format, s) === true)) return undefined;
  const candidates = [...(FORMAT_SHAPES[format] ?? []), ...drawn(regex, 20)];
  if (candidates.some((s) => regex.test(s) && formatAccepts(format, s) === true)) return undefined;
  const fromPattern = candidates.find((s) => regex.test(s));
  return { ...(fromPattern !== undefined ? { witness: fromPattern } : {}) };
}
