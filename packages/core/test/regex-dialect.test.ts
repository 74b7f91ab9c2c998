import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readPattern } from "../src/regex-dialect.js";
import { walkSchema } from "../src/index.js";
import { effectivePattern, type PatternReading } from "../src/regex-dialect.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures");

/** Whether two regexes agree on every sample (the first disagreement otherwise). */
function disagreement(a: RegExp, b: RegExp, samples: Iterable<string>): string | undefined {
  for (const s of samples) if (a.test(s) !== b.test(s)) return s;
  return undefined;
}

/** Strings around a pattern: its own characters in both cases, line breaks, a few common values. */
function samplesFor(pattern: string, extra: string[] = []): string[] {
  const chars = [
    ...new Set(
      [...pattern.replace(/\\[a-zA-Z]/g, "")].filter((c) => !"\\()[]{}|*+?^$".includes(c)),
    ),
  ];
  const base = [
    "",
    "a",
    "A",
    "abc",
    "ABC",
    "aBc",
    "x",
    "X",
    "-",
    "_",
    " ",
    "\n",
    "abc\n",
    "\nabc",
    "a-b",
    "a\\-b",
    "2021-01-01",
    "2021-13-01",
    "k",
    "K",
    "s",
    "S",
    "\u212a",
    "\u017f",
    "é",
    "É",
    "٣",
    "ab1_2",
    "ab cd",
    "ab\u00a0cd",
    ...extra,
  ];
  const out = new Set(base);
  for (const s of [...base, chars.join(""), chars.slice().reverse().join("")]) {
    out.add(s.toUpperCase());
    out.add(s.toLowerCase());
    out.add([...s].map((c, i) => (i % 2 ? c.toUpperCase() : c.toLowerCase())).join(""));
  }
  for (let i = 0; i < chars.length; i++)
    for (let j = 0; j < chars.length; j += 3) out.add(chars[i] + chars[j]);
  return [...out];
}

type Want = { kind: PatternReading["kind"]; pattern?: string; says?: RegExp };

const CASES: [string, string, Want][] = [
  // 1. ECMA-262 with the unicode flag: as written.
  ["plain ECMA-262", String.raw`^[a-z0-9_-]+$`, { kind: "ecma" }],
  ["a lookbehind", String.raw`(?<=x)y`, { kind: "ecma" }],
  ["a Unicode property", String.raw`^\p{L}+$`, { kind: "ecma" }],
  // 2. ECMA-262 without the unicode flag, same meaning with it.
  [
    "\\- outside a class",
    String.raw`^a\-b$`,
    { kind: "non-unicode", pattern: "^a-b$", says: /"\\-" is the character "-"/ },
  ],
  [
    "identity escapes of _ : and a space",
    String.raw`^a\_b\:c\ d$`,
    { kind: "non-unicode", pattern: "^a_b:c d$" },
  ],
  [
    "\\- in real Airbyte date patterns",
    String.raw`^\d{4}\-(0[1-9]|1[012])\-(0[1-9]|[12][0-9]|3[01])$`,
    { kind: "non-unicode", pattern: String.raw`^\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$` },
  ],
  [
    "- next to \\w in a class",
    String.raw`^[\w-.]+$`,
    { kind: "non-unicode", pattern: String.raw`^[\w\-.]+$`, says: /next to a class escape/ },
  ],
  ["a lone {", "^x{$", { kind: "non-unicode", pattern: "^x\\{$" }],
  ["a lone ]", "^a]$", { kind: "non-unicode", pattern: "^a\\]$" }],
  // 3. Java and Python inline flags and anchors.
  [
    "(?i)",
    "(?i)abc",
    {
      kind: "translated",
      pattern: "[aA][bB][cC]",
      says: /inline flag "\(\?i\)" \(case-insensitive/,
    },
  ],
  ["(?i) on a class", "(?i)^[a-f0-9]{8}$", { kind: "translated", pattern: "^[a-f0-9A-F]{8}$" }],
  ["(?i) on a negated class", "(?i)^[^a-c]+$", { kind: "translated", pattern: "^[^a-cA-C]+$" }],
  ["(?i) after ^", "^(?i)abc$", { kind: "translated", pattern: "^[aA][bB][cC]$" }],
  ["(?i) over alternatives", "(?i)ab|cd", { kind: "translated", pattern: "[aA][bB]|[cC][dD]" }],
  ["(?i:…) scoped", "a(?i:b)c", { kind: "translated", pattern: "a(?:[bB])c" }],
  ["(?-i:…) inside (?i)", "(?i)a(?-i:b)", { kind: "translated", pattern: "[aA](?:b)" }],
  [
    "(?iu): Unicode case folding of k and s",
    "(?iu)ks",
    { kind: "translated", pattern: "[kK\\u212a][sS\\u017f]" },
  ],
  [
    "(?U): Java's Unicode \\w",
    String.raw`(?U)\w+`,
    {
      kind: "translated",
      pattern: String.raw`[A-Za-z0-9_\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}]+`,
      says: /Java's Unicode classes/,
    },
  ],
  [
    "(?U): \\d and \\s",
    String.raw`(?U)^\d\s\D\S$`,
    {
      kind: "translated",
      pattern: String.raw`^[0-9\p{Nd}][\t-\r \p{White_Space}]\P{Nd}\P{White_Space}$`,
    },
  ],
  [
    "(?U): \\w in a class",
    String.raw`(?U)^[\w.-]+$`,
    {
      kind: "translated",
      pattern: String.raw`^[A-Za-z0-9_\p{Alphabetic}\p{M}\p{Nd}\p{Pc}\p{Join_Control}.\-]+$`,
    },
  ],
  ["(?s)", "(?s)a.b", { kind: "translated", pattern: String.raw`a[\s\S]b` }],
  ["(?m) with no ^ or $", "(?m)abc", { kind: "translated", pattern: "abc" }],
  [
    "(?a) (Python's ASCII classes)",
    String.raw`(?a)\w+`,
    { kind: "translated", pattern: String.raw`\w+` },
  ],
  [
    "\\A and \\z",
    String.raw`\Aabc\z`,
    { kind: "translated", pattern: "^abc$", says: /"\\A" \(the start of the input/ },
  ],
  [
    "Python's \\Z",
    String.raw`^abc\Z`,
    {
      kind: "translated",
      pattern: "^abc$",
      says: /as in Python.*Java's \\Z would also accept one final line break/,
    },
  ],
  [
    "Python's named group and backreference",
    String.raw`(a)(?P<y>\d+)-(?P=y)`,
    {
      kind: "translated",
      pattern: String.raw`(a)(\d+)-\2`,
      says: /named group "\(\?P<y>…\)" \(written as a plain group\); Python's backreference "\(\?P=y\)" \(written as "\\2"\)/,
    },
  ],
  ["Python's comment", "(?#year)\\d{4}", { kind: "translated", pattern: "\\d{4}" }],
  ["Java's \\x{…}", String.raw`^\x{41}$`, { kind: "translated", pattern: "^A$" }],
  ["Java's \\pL", String.raw`^\pL+$`, { kind: "translated", pattern: String.raw`^\p{L}+$` }],
  [
    "a translation and a repair",
    String.raw`(?i)^a\-b$`,
    { kind: "translated", pattern: "^[aA]-[bB]$", says: /inline flag.*; "\\-" is the character/ },
  ],
  // 4. No faithful ECMA-262 equivalent: documentation.
  [
    "a possessive quantifier",
    "^[a-z]{2,}+x",
    { kind: "documentation", says: /^the possessive quantifier in "\[a-z\]\{2,\}\+"/ },
  ],
  ["an atomic group", "(?>a+)b", { kind: "documentation", says: /atomic group/ }],
  [
    "flags after the start",
    "a(?i)b",
    {
      kind: "documentation",
      says: /after the start of the pattern: Java applies them from there on, Python to the whole pattern/,
    },
  ],
  ["(?x)", "(?x) a b", { kind: "documentation", says: /comments and free spacing/ }],
  ["(?m) with ^", "(?m)^abc", { kind: "documentation", says: /end lines at different characters/ }],
  [
    "(?u) with \\w",
    String.raw`(?u)\w+`,
    {
      kind: "documentation",
      says: /Java reads \(\?u\) as Unicode case folding only, Python as Unicode classes/,
    },
  ],
  ["(?i) on a non-ASCII letter", "(?i)é", { kind: "documentation", says: /non-ASCII letter "é"/ }],
  [
    "(?i) with a backreference",
    String.raw`(?i)(a)\1`,
    { kind: "documentation", says: /backreference "\\1" under \(\?i\)/ },
  ],
  [
    "Java's class intersection",
    "[a-z&&[^aeiou]]",
    { kind: "documentation", says: /"&&" inside a character class: Java reads an intersection/ },
  ],
  [
    "Python's {,n}",
    "a{,3}",
    { kind: "documentation", says: /Python reads it as a repetition from 0/ },
  ],
  [
    "] first in a class",
    "[]a]",
    { kind: "documentation", says: /Java and Python read a "\]" right after "\[" as a character/ },
  ],
  [
    "Java's \\G",
    String.raw`\Ga`,
    { kind: "documentation", says: /"\\G", the end of the previous match/ },
  ],
  [
    "a letter that is no escape",
    String.raw`a\yb`,
    { kind: "documentation", says: /"\\y", which is not an escape .* reads it as "y"/ },
  ],
  [
    "a backreference to no group",
    String.raw`a\8`,
    { kind: "documentation", says: /"\\8" refers to no group/ },
  ],
  [
    "a Java POSIX class",
    String.raw`\p{javaLowerCase}+`,
    { kind: "documentation", says: /no ECMA-262 property of that name/ },
  ],
  // Not a regular expression anywhere.
  [
    "an unbalanced group",
    "([a-z]",
    { kind: "invalid", says: /the group "\(" opened at 1 is not closed/ },
  ],
  [
    "an unclosed class",
    "[a-",
    { kind: "invalid", says: /character class opened at 1 is not closed/ },
  ],
  ["nothing to repeat", "*a", { kind: "invalid", says: /nothing to repeat/ }],
  [
    "an unknown inline flag",
    "(?q)a",
    { kind: "invalid", says: /"q" is not an inline flag of Java or Python/ },
  ],
  ["a range out of order", "[z-a]", { kind: "invalid", says: /out of order/ }],
];

describe("readPattern: how a pattern written for some engine is read", () => {
  it.each(CASES)("%s: %s", (_name, given, want) => {
    const got = readPattern(given);
    expect(got.kind).toBe(want.kind);
    if (want.pattern !== undefined) expect("pattern" in got && got.pattern).toBe(want.pattern);
    const text =
      "notes" in got
        ? got.notes.join("; ")
        : "cause" in got
          ? got.cause
          : "error" in got
            ? got.error
            : "";
    if (want.says) expect(text).toMatch(want.says);
    // What cannot be validated says what to write instead.
    if (got.kind === "documentation")
      expect(got.hint).toMatch(/^(Write|Move|Drop|Remove|Name|Use|Fix)\b.{20,}/);
    // Whatever is validated compiles with the unicode flag, as ajv and the fixtures compile it.
    const effective = effectivePattern(given);
    if (got.kind === "documentation" || got.kind === "invalid") expect(effective).toBeUndefined();
    else expect(() => new RegExp(effective!, "u")).not.toThrow();
  });

  it("a repair means what JavaScript without the unicode flag means", () => {
    for (const [name, given, want] of CASES.filter(([, , w]) => w.kind === "non-unicode")) {
      const original = new RegExp(given);
      const repaired = new RegExp(want.pattern!, "u");
      expect(
        disagreement(
          original,
          repaired,
          samplesFor(given, ["x{", "a]", "a_b:c d", "a.b", "a-b.c", "a b"]),
        ),
        name,
      ).toBeUndefined();
    }
  });

  it("a translated flag means what JavaScript's own flag means (ASCII case for (?i), Unicode case for (?iu), dotAll for (?s))", () => {
    const oracle: Record<string, string> = {
      "(?i)": "i",
      "(?iu)": "iu",
      "(?s)": "s",
      "(?m)": "m",
      "(?a)": "",
    };
    for (const [name, given, want] of CASES.filter(([, , w]) => w.kind === "translated")) {
      const flag = Object.keys(oracle).find(
        (f) => given.startsWith(f) || given.startsWith("^" + f),
      );
      if (!flag || /\(\?[a-zA-Z-]+:/.test(given)) continue; // scoped flags: JavaScript's own flags apply to the whole pattern
      const body = given.replace(flag, "");
      const flags = [...new Set([...oracle[flag], "u"])].join("");
      let expected: RegExp;
      try {
        expected = new RegExp(body, flags);
      } catch {
        expected = new RegExp(body, flags.replace("u", "")); // a repair too: JavaScript without the unicode flag
      }
      const samples = samplesFor(body).filter((s) => flag !== "(?i)" || !/[\u212a\u017f]/.test(s)); // JS's i flag with u folds these; Java's (?i) does not
      expect(disagreement(expected, new RegExp(want.pattern!, "u"), samples), name).toBeUndefined();
    }
  });

  it("(?U) gives \\w, \\d, \\s and \\b Java's Unicode meaning", () => {
    const w = new RegExp(effectivePattern(String.raw`(?U)^\w+$`)!, "u");
    for (const s of ["é", "Ünïcødé", "日本", "a_1", "٣", "e\u0301"])
      expect(w.test(s), s).toBe(true);
    for (const s of ["-", " ", "a b", "€"]) expect(w.test(s), s).toBe(false);
    const d = new RegExp(effectivePattern(String.raw`(?U)^\d+$`)!, "u");
    expect(["٣", "१२", "12"].map((s) => d.test(s))).toEqual([true, true, true]);
    expect(d.test("½")).toBe(false);
    const s = new RegExp(effectivePattern(String.raw`(?U)^\s$`)!, "u");
    expect(["\u00a0", "\u2003", "\u0085", " "].map((x) => s.test(x))).toEqual([
      true,
      true,
      true,
      true,
    ]);
    const b = new RegExp(effectivePattern(String.raw`(?U)\bcafé\b`)!, "u");
    expect(b.test("un café noir")).toBe(true);
    expect(b.test("cafés")).toBe(false);
    expect(new RegExp(String.raw`\bcafé\b`, "u").test("cafés")).toBe(true); // the ASCII \b JavaScript has
  });

  it("reads a 300,000-character pattern in one pass (a hostile spec does not stall the loader)", () => {
    const long = "(?i)" + "ab\\-".repeat(100_000);
    const r = readPattern(long);
    expect(r.kind).toBe("translated");
    expect((r as { pattern: string }).pattern.startsWith("[aA][bB]-[aA][bB]-")).toBe(true);
    expect(readPattern("(?i)[\\u{20000}-\\u{10FFFF}]").kind).toBe("documentation"); // assumed to hold letters beyond the scan
  });

  it("\\A, \\z and Python's \\Z are the ends of the input", () => {
    const re = new RegExp(effectivePattern(String.raw`\Aab\Z`)!, "u");
    expect(["ab", "ab\n", "xab", "abx"].map((s) => re.test(s))).toEqual([
      true,
      false,
      false,
      false,
    ]);
  });
});

/** Every pattern and patternProperties key of the real specs the repository holds, with the strings their schemas give as examples. */
function realPatterns(): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const visit = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) visit(file);
      else if (name.endsWith(".json")) {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(file, "utf8"));
        } catch {
          continue;
        }
        walkSchema(json, ({ node }) => {
          const values = [
            node.default,
            ...(Array.isArray(node.examples) ? node.examples : []),
          ].filter((v): v is string => typeof v === "string");
          const keys = typeof node.pattern === "string" ? [node.pattern] : [];
          if (node.patternProperties && typeof node.patternProperties === "object")
            keys.push(...Object.keys(node.patternProperties));
          for (const p of keys) {
            const set = out.get(p) ?? new Set<string>();
            values.forEach((v) => set.add(v));
            out.set(p, set);
          }
        });
      }
    }
  };
  for (const dir of ["corpus", "trees"]) visit(path.join(FIXTURES, dir));
  return out;
}

describe("readPattern on the real specs' patterns", () => {
  const patterns = realPatterns();

  it("reads every real pattern: ECMA-262 as written, and the three with \\- as their repairs", () => {
    expect(patterns.size).toBeGreaterThan(100);
    const kinds = new Map<string, string[]>();
    for (const p of patterns.keys())
      kinds.set(readPattern(p).kind, [...(kinds.get(readPattern(p).kind) ?? []), p]);
    expect([...kinds.keys()].sort()).toEqual(["ecma", "non-unicode"]);
    expect(kinds.get("non-unicode")!.length).toBe(3);
    for (const p of kinds.get("non-unicode")!)
      expect(
        disagreement(new RegExp(p), new RegExp(effectivePattern(p)!, "u"), [
          ...patterns.get(p)!,
          ...samplesFor(p),
        ]),
      ).toBeUndefined();
  });

  it("written for Java or Python with (?i) or \\A…\\z, each real pattern is translated to what it meant", () => {
    let translated = 0;
    let documentation = 0;
    for (const [p, values] of patterns) {
      if (readPattern(p).kind !== "ecma") continue;
      const samples = [
        ...values,
        ...[...values].map((v) => v.toUpperCase()),
        ...[...values].map((v) => v.toLowerCase()),
        ...samplesFor(p),
      ].filter((s) => !/[\u212a\u017f]/.test(s));
      const i = readPattern("(?i)" + p);
      if (i.kind === "translated") {
        translated++;
        expect(
          disagreement(new RegExp(p, "iu"), new RegExp(i.pattern, "u"), samples),
          `(?i)${p}`,
        ).toBeUndefined();
      } else {
        // Only what (?i) cannot write out faithfully: non-ASCII letters, backreferences, \p{…}.
        expect(i.kind, `(?i)${p}`).toBe("documentation");
        expect((i as { cause: string }).cause).toMatch(/non-ASCII|backreference|property class/);
        documentation++;
      }
      // Anchors: \A…\z where the pattern has ^…$.
      if (p.startsWith("^") && p.endsWith("$") && !p.endsWith("\\$") && !p.includes("|")) {
        const anchored = readPattern("\\A" + p.slice(1, -1) + "\\z");
        expect(anchored.kind, p).toBe("translated");
        expect(
          disagreement(
            new RegExp(p, "u"),
            new RegExp((anchored as { pattern: string }).pattern, "u"),
            samples,
          ),
          p,
        ).toBeUndefined();
      }
    }
    expect(translated).toBeGreaterThan(90);
    console.log(
      `regex dialects on real patterns: ${patterns.size} patterns; with (?i): ${translated} translated, ${documentation} documentation only`,
    );
  });

  it("with \\- written for every - outside a class, each real pattern is repaired to what it meant", () => {
    let repaired = 0;
    for (const [p, values] of patterns) {
      if (readPattern(p).kind !== "ecma") continue;
      const escaped = escapeDashes(p);
      if (escaped === p) continue;
      const r = readPattern(escaped);
      expect(r.kind, escaped).toBe("non-unicode");
      expect(
        disagreement(new RegExp(p, "u"), new RegExp(effectivePattern(escaped)!, "u"), [
          ...values,
          ...samplesFor(p),
        ]),
        escaped,
      ).toBeUndefined();
      repaired++;
    }
    expect(repaired).toBeGreaterThan(25);
  });
});

/** `-` outside character classes written as `\-` (an identity escape the unicode flag refuses). */
function escapeDashes(p: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === "\\") {
      out += c + (p[i + 1] ?? "");
      i++;
      continue;
    }
    if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    out += !inClass && c === "-" ? "\\-" : c;
  }
  return out;
}
