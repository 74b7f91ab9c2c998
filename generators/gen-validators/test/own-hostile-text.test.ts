/**
 * Schema text that could break out of where it lands in generated code: quotes, backslashes,
 * comment ends, `</script>`, line separators, template syntax. The own compiler must emit code
 * that parses, validates as ajv does, and holds none of that text raw.
 */
import { describe, expect, it } from "vitest";
import { compileOwn, ownModuleCode } from "../src/codegen/compile-own.js";
import { ajvFunction, ownFunctions, referenceAjv, run, same } from "./support/differential.js";

const NASTY = [
  'quote"d',
  "back\\slash",
  "end */ comment",
  "</script><script>alert(1)</script>",
  "line\u2028separator\u2029",
  "${template}`tick`",
  "slash/and~tilde",
  "\n/* newline */",
  "<!-- html comment -->",
];

const URI = "urn:hostile:schema";

const schema = {
  $id: URI,
  type: "object",
  required: [NASTY[0], NASTY[3]],
  properties: Object.fromEntries(
    NASTY.map((name, i) => [
      name,
      i % 2 === 0
        ? { type: "string", pattern: `^${name.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")}$` }
        : { enum: [name, { [name]: name }], description: name },
    ]),
  ),
  patternProperties: { ['^"\\*/</script>']: { const: NASTY[4] } },
  additionalProperties: { format: NASTY[2], maxLength: 3 },
  dependencies: { [NASTY[1]]: [NASTY[5]], [NASTY[6]]: { required: [NASTY[7]] } },
  propertyNames: { not: { const: NASTY[3] + "x" } },
  oneOf: [
    { properties: { [NASTY[5]]: { const: "a\u2028" } }, required: [NASTY[5]] },
    { properties: { [NASTY[5]]: { const: "b</script>" } }, required: [NASTY[5]] },
  ],
  discriminator: { propertyName: NASTY[5] },
};

const instances: unknown[] = [
  {},
  { [NASTY[0]]: NASTY[0], [NASTY[3]]: NASTY[3], [NASTY[5]]: "a\u2028" },
  { [NASTY[0]]: "x", [NASTY[1]]: 1, [NASTY[6]]: {}, [NASTY[5]]: "b</script>" },
  { [NASTY[3]]: { [NASTY[3]]: NASTY[3] }, '"*/</script>': NASTY[4], "other */": "long text" },
  { [NASTY[3] + "x"]: 1, [NASTY[5]]: 7, [NASTY[2]]: "end */ comment" },
  { [NASTY[5]]: "c" },
];

describe("own compiler and hostile schema text", () => {
  const views = new Map([[URI, schema]]);

  it("compiles to code that runs and validates as ajv does", () => {
    const own = ownFunctions(views, [URI], false);
    if (typeof own === "string") throw new Error(`unsupported: ${own}`);
    const reference = ajvFunction(referenceAjv(views, false), URI);
    if (typeof reference === "string") throw new Error(reference);
    let invalid = 0;
    for (const data of instances) {
      const a = run(reference, data);
      const o = run(own.get(URI)!, data);
      expect(o, JSON.stringify(data)).toEqual(a);
      expect(same(a, o)).toBe(true);
      if (!a.valid) invalid++;
    }
    expect(invalid).toBeGreaterThan(3);
  });

  it("holds no schema text raw: strings are escaped where they land", () => {
    const compiled = compileOwn({ views, exports: { validate: URI }, ownProperties: false });
    if ("unsupported" in compiled) throw new Error(compiled.unsupported);
    const { code, imports } = ownModuleCode(compiled);
    const text = [...imports, code].join("\n");
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text).not.toContain("</script>");
    expect(text).not.toMatch(/<!--|-->/);
    // Schema text lands in JSON string literals only: no comment holds any (a `*/` could end it).
    const outsideStrings = text.replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
    // The only comments: `// Validates <reference>`, which a line break alone could end.
    expect(outsideStrings).not.toMatch(/\/\*|^\s*\/\/(?! Validates [^\s]+$)/m);
    expect(outsideStrings).not.toContain("template");
    // Every line is code the parser sees as code: no schema text opened a comment or string.
    expect(() => new Function(compiled.body)).not.toThrow();
  });

  it("takes keywords named like Object.prototype members as the annotations they are", () => {
    const uri = "urn:hostile:prototype-names";
    const odd = new Map([
      [
        uri,
        {
          $id: uri,
          constructor: "x",
          toString: 1,
          properties: { constructor: { type: "string", valueOf: true } },
          required: ["toString"],
        },
      ],
    ]);
    for (const ownProperties of [false, true]) {
      const own = ownFunctions(odd, [uri], ownProperties);
      if (typeof own === "string") throw new Error(`unsupported: ${own}`);
      const reference = ajvFunction(referenceAjv(odd, ownProperties), uri);
      if (typeof reference === "string") throw new Error(reference);
      for (const data of [{}, { constructor: 1 }, { toString: "a", constructor: "b" }, []])
        expect(run(own.get(uri)!, data)).toEqual(run(reference, data));
    }
  });
});
