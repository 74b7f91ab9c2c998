import { describe, expect, it } from "vitest";
import { patternCounterexample, patternCovers, patternSamples } from "../src/patterns.js";

describe("patternCovers: a new pattern shown to match every name the old one did", () => {
  it.each([
    ["^x-a", "^x-", true],
    ["^x_", "^x", true],
    ["^x\\.a", "^x\\.", true],
    ["^a$", "^a$|^b$", true],
    ["^a$|^b$", "^b$|^a$|^c$", true],
    ["^a$", ".*", true],
    ["^a$", "", true],
    // Not shown (and some not true): false proves nothing.
    ["^x-", "^x-a", false],
    ["^x.", "^x", false],
    ["^x-[a-c]+$", "^x-[a-d]+$", false],
    ["^a$|^b$", "^a$|^c$", false],
    ["^(a|b)$", "^a$|^b$", false],
  ])("%s → %s: %s", (before, after, covered) => {
    expect(patternCovers(before, after)).toBe(covered);
  });

  it("never claims cover where a sample of the old pattern fails the new one", () => {
    const pairs: [string, string][] = [
      ["^x-a", "^x-"],
      ["^a$", "^a$|^b$"],
      ["^x\\.a", "^x\\."],
    ];
    for (const [before, after] of pairs) {
      expect(patternCovers(before, after)).toBe(true);
      const samples = patternSamples(before);
      expect(samples.length).toBeGreaterThan(0);
      expect(samples.filter((s) => !new RegExp(after, "u").test(s))).toEqual([]);
      expect(patternCounterexample(before, after, {})).toBeUndefined();
    }
  });
});

describe("patternSamples", () => {
  it("gives strings the pattern matches, the same ones every time", () => {
    const samples = patternSamples("^x-[a-c]{1,3}$");
    expect(samples.length).toBeGreaterThan(1);
    for (const s of samples) expect(s).toMatch(/^x-[a-c]{1,3}$/);
    expect(patternSamples("^x-[a-c]{1,3}$")).toEqual(samples);
  });

  it("gives nothing for a pattern that does not compile", () => {
    expect(patternSamples("(")).toEqual([]);
  });
});
