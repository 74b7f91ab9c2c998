import { describe, expect, it } from "vitest";
import { fqn } from "../src/index.js";
import { lineageFqn, splitFqn } from "../src/fqn.js";

/** A small deterministic PRNG (mulberry32), so a failing case is reproducible. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fqn", () => {
  it("joins plain parts with dots", () => {
    expect(fqn("svc", "db", "public", "orders")).toBe("svc.db.public.orders");
    expect(fqn("only")).toBe("only");
    expect(fqn("with space", "dash-ed", "ünï")).toBe("with space.dash-ed.ünï");
  });

  it("quotes parts holding a dot", () => {
    expect(fqn("svc", "db", "odd.name")).toBe('svc.db."odd.name"');
    expect(fqn("a.b", "c")).toBe('"a.b".c');
    expect(fqn(".", "..")).toBe('".".".."');
  });

  it("quotes parts holding a quote, doubling it", () => {
    expect(fqn("svc", 'say "hi"')).toBe('svc."say ""hi"""');
    expect(fqn('"')).toBe('""""');
    expect(fqn('a"."b')).toBe('"a"".""b"');
  });

  it("leaves empty parts empty", () => {
    expect(fqn("a", "", "b")).toBe("a..b");
  });

  it("builds lineage names from two fqns", () => {
    expect(lineageFqn(fqn("s", "a.b"), fqn("s", "c"))).toBe('s."a.b" -> s.c');
  });
});

describe("splitFqn", () => {
  it("splits plain and quoted parts", () => {
    expect(splitFqn("svc.db.public.orders")).toEqual(["svc", "db", "public", "orders"]);
    expect(splitFqn('svc.db."odd.name"')).toEqual(["svc", "db", "odd.name"]);
    expect(splitFqn('"a.b".c')).toEqual(["a.b", "c"]);
    expect(splitFqn('svc."say ""hi"""')).toEqual(["svc", 'say "hi"']);
    expect(splitFqn("a..b")).toEqual(["a", "", "b"]);
    expect(splitFqn("a.")).toEqual(["a", ""]);
    expect(splitFqn("")).toEqual([""]);
  });

  const tricky = [
    "plain",
    "",
    ".",
    "..",
    '"',
    '""',
    '"."',
    "a.b",
    'a"b',
    '"a',
    'a"',
    '"a.b"',
    "a b",
    "a\tb",
    "ünïcødé.名前",
    "->",
    "x -> y",
    "trailing.",
    ".leading",
    '".',
    '."',
  ];

  it("round-trips every tricky name in every position", () => {
    for (const a of tricky) {
      for (const b of tricky) {
        for (const parts of [[a], [a, b], ["svc", a, b], [a, "mid", b], [a, b, a]]) {
          expect(splitFqn(fqn(...parts)), JSON.stringify(parts)).toEqual(parts);
        }
      }
    }
  });

  it("round-trips random part lists (property style)", () => {
    const random = prng(20250101);
    const alphabet = ["a", "b", ".", '"', " ", "é", "-", ">", "\\", "'"];
    const seen = new Map<string, string>();
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        Array.from(
          { length: Math.floor(random() * 6) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join(""),
      );
      const name = fqn(...parts);
      expect(splitFqn(name), JSON.stringify(parts)).toEqual(parts);
      // Distinct part lists never share an fqn.
      const key = JSON.stringify(parts);
      const previous = seen.get(name);
      if (previous !== undefined) expect(previous).toBe(key);
      seen.set(name, key);
    }
    expect(seen.size).toBeGreaterThan(1000);
  });
});
