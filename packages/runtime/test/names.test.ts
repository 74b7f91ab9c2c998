import { describe, expect, it } from "vitest";
import ajvEqual from "ajv/dist/runtime/equal.js";
import { jsonEqual } from "../src/index.js";
import defaultEqual from "../src/equal.js";

const parsed = (text: string): unknown => JSON.parse(text);

describe("jsonEqual", () => {
  it.each<[string, unknown, unknown, boolean]>([
    ["equal primitives", "a", "a", true],
    ["different types", 1, "1", false],
    ["NaN", Number.NaN, Number.NaN, true],
    ["null and an object", null, {}, false],
    ["arrays", [1, [2, { a: 3 }]], [1, [2, { a: 3 }]], true],
    ["arrays of other lengths", [1], [1, 1], false],
    ["an array and an object", [], {}, false],
    ["objects in another key order", { a: 1, b: 2 }, { b: 2, a: 1 }, true],
    ["a missing key", { a: 1, b: undefined }, { a: 1, c: undefined }, false],
    ["own valueOf", { valueOf: 1 }, { valueOf: 1 }, true],
    ["other valueOf", { valueOf: 1 }, { valueOf: 2 }, false],
    ["own toString", { toString: "x" }, { toString: "x" }, true],
    ["an inherited constructor is not a key", { constructor: "a" }, {}, false],
    [
      "__proto__ as data",
      parsed('{"__proto__": {"a": 1}}'),
      parsed('{"__proto__": {"a": 1}}'),
      true,
    ],
    ["__proto__ against nothing", parsed('{"__proto__": {}}'), {}, false],
  ])("%s", (_name, a, b, want) => {
    expect(jsonEqual(a, b)).toBe(want);
    expect(jsonEqual(b, a)).toBe(want);
  });

  it("is the default export of @onespec/runtime/equal, the stand-in for ajv's", () => {
    expect(defaultEqual).toBe(jsonEqual);
  });

  it("answers where ajv's own equality throws", () => {
    const equal =
      (ajvEqual as unknown as { default: (a: unknown, b: unknown) => boolean }).default ??
      (ajvEqual as unknown as (a: unknown, b: unknown) => boolean);
    expect(() => equal({ valueOf: 1 }, { valueOf: 2 })).toThrow(TypeError);
    expect(() => equal({ toString: "x" }, { toString: "x" })).toThrow(TypeError);
    expect(jsonEqual({ valueOf: 1 }, { valueOf: 2 })).toBe(false);
  });
});
