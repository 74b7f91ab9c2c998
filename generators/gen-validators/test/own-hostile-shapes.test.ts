/**
 * Schema shapes, not text, that the own compiler must survive: values with a `__proto__` key
 * (an object literal would set the prototype instead) and code nested once per branch.
 */
import { describe, expect, it } from "vitest";
import { compileOwn, ownModuleCode } from "../src/codegen/compile-own.js";
import { ajvFunction, ownFunctions, referenceAjv, run } from "./support/differential.js";

const URI = "urn:hostile:shapes";

function bothAgree(schema: object, instances: unknown[]): number {
  const views = new Map<string, unknown>([[URI, schema]]);
  const own = ownFunctions(views, [URI], false);
  if (typeof own === "string") throw new Error(own);
  const ajv = ajvFunction(referenceAjv(views, false), URI);
  if (typeof ajv === "string") throw new Error(ajv);
  let valid = 0;
  for (const data of instances) {
    const expected = run(ajv, data);
    expect(run(own.get(URI)!, data), JSON.stringify(data)).toEqual(expected);
    if (expected.valid) valid++;
  }
  return valid;
}

describe("values with a __proto__ key", () => {
  const proto = JSON.parse('{"__proto__": null}') as object;
  const nested = JSON.parse('{"a": [{"__proto__": {"b": 1}}]}') as object;

  it("const: only the value with that own key is equal", () => {
    const valid = bothAgree({ const: proto }, [proto, {}, { __x: null }, null]);
    expect(valid).toBe(1);
  });

  it("enum: the same, nested too", () => {
    const valid = bothAgree({ enum: [nested, 3] }, [nested, { a: [{}] }, { a: [{ b: 1 }] }, 3]);
    expect(valid).toBe(2);
  });
});

describe("code nested once per branch", () => {
  it("an anyOf of hundreds of branches compiles to code that grows with the branches, not their square", () => {
    const size = (n: number) => {
      const branches = Array.from({ length: n }, (_, i) => ({ const: i }));
      const compiled = compileOwn({
        views: new Map([[URI, { anyOf: branches }]]),
        exports: { validate: URI },
        ownProperties: false,
      });
      if ("unsupported" in compiled) throw new Error(compiled.unsupported);
      return ownModuleCode(compiled).code.length;
    };
    // Twice the branches, about twice the code (four times, with indentation growing per level:
    // 3,000 branches wrote ~90 MB).
    expect(size(900) / size(450)).toBeLessThan(2.3);
    const branches = Array.from({ length: 900 }, (_, i) => ({ const: i }));
    expect(bothAgree({ anyOf: branches }, [0, 899, 900, "x"])).toBe(2);
  });

  it("code nested deeper than V8 parses is left to ajv (an anyOf of 5,000 branches)", () => {
    const branches = Array.from({ length: 5000 }, (_, i) => ({ const: i }));
    const compiled = compileOwn({
      views: new Map([[URI, { anyOf: branches }]]),
      exports: { validate: URI },
      ownProperties: false,
    });
    expect(compiled).toEqual({ unsupported: "code nested more than 1000 levels deep" });
  });
});

describe("names of Object.prototype's members", () => {
  it("discriminator tags named like them are refused, as ajv refuses them", () => {
    const branch = (tag: string) => ({
      properties: { kind: { const: tag } },
      required: ["kind"],
    });
    const schema = {
      type: "object",
      discriminator: { propertyName: "kind" },
      required: ["kind"],
      oneOf: [branch("constructor"), branch("toString")],
    };
    const views = new Map<string, unknown>([[URI, schema]]);
    const compiled = compileOwn({ views, exports: { validate: URI }, ownProperties: false });
    expect(compiled).toEqual({ unsupported: "discriminator tags are not unique" });
    expect(typeof ajvFunction(referenceAjv(views, false), URI)).toBe("string");
  });
});
