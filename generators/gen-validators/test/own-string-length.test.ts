import { describe, expect, it } from "vitest";
import { compileOwn } from "../src/codegen/compile-own.js";
import { ajvFunction, ownFunctions, referenceAjv, run } from "./support/differential.js";

// The own compiler counts a string's code points (ajv's ucs2length) only when its UTF-16 length
// cannot settle minLength/maxLength alone. Strings of every length around each limit, made of
// plain characters, surrogate pairs and lone surrogates, get ajv's verdict and errors.
const PIECES = ["a", "\u{1F4A9}", "\ud83d", "\udca9", "é"];

function strings(): string[] {
  const out = new Set<string>([""]);
  let layer = [""];
  for (let depth = 0; depth < 4; depth++) {
    layer = layer.flatMap((s) => PIECES.map((p) => s + p));
    for (const s of layer) out.add(s);
  }
  return [...out];
}

describe("minLength and maxLength in code points", () => {
  const values = strings();
  for (const [keyword, n] of [
    ["minLength", 0],
    ["minLength", 1],
    ["minLength", 2],
    ["minLength", 3],
    ["maxLength", 0],
    ["maxLength", 1],
    ["maxLength", 2],
    ["maxLength", 3],
  ] as const)
    it(`${keyword}: ${n} answers as ajv does for ${values.length} strings`, () => {
      const uri = "https://onespec.local/test/length.json";
      const views = new Map<string, unknown>([[uri, { type: "string", [keyword]: n }]]);
      const own = ownFunctions(views, [uri], false);
      if (typeof own === "string") throw new Error(own);
      const ajv = ajvFunction(referenceAjv(views, false), uri);
      if (typeof ajv === "string") throw new Error(ajv);
      let invalid = 0;
      for (const s of values) {
        const expected = run(ajv, s);
        expect(run(own.get(uri)!, s), JSON.stringify(s)).toEqual(expected);
        if (!expected.valid) invalid++;
      }
      // Both verdicts occur wherever the limit can be missed.
      if (n > 0) expect(invalid).toBeGreaterThan(0);
      expect(invalid).toBeLessThan(values.length);
    });

  it("a limit too large to double is still checked", () => {
    const uri = "https://onespec.local/test/huge.json";
    const views = new Map<string, unknown>([[uri, { minLength: 1e308 }]]);
    const compiled = compileOwn({ views, exports: { validate: uri }, ownProperties: false });
    if ("unsupported" in compiled) throw new Error(compiled.unsupported);
    const own = ownFunctions(views, [uri], false);
    if (typeof own === "string") throw new Error(own);
    expect(run(own.get(uri)!, "abc").valid).toBe(false);
  });
});
