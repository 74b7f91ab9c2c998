import { describe, expect, it } from "vitest";
import {
  escapePointerToken,
  isSecretPointer,
  joinPointer,
  matchPointers,
  mayHoldSecret,
  splitPointer,
  unescapePointerToken,
  valueAt,
} from "../src/index.js";

describe("pointer tokens", () => {
  it.each([
    ["plain", "plain"],
    ["a/b", "a~1b"],
    ["a~b", "a~0b"],
    ["~/", "~0~1"],
    ["", ""],
  ])("%j escapes to %j and back", (raw, escaped) => {
    expect(escapePointerToken(raw)).toBe(escaped);
    expect(unescapePointerToken(escaped)).toBe(raw);
  });

  it("joins and splits", () => {
    expect(joinPointer(["a/b", 0, "~"])).toBe("/a~1b/0/~0");
    expect(splitPointer("/a~1b/0/~0")).toEqual(["a~1b", "0", "~0"]);
    expect(splitPointer("")).toEqual([]);
    expect(() => splitPointer("a/b")).toThrow(TypeError);
  });
});

describe("valueAt", () => {
  const data = { a: { "b/c": [10, { d: null }] }, arr: [1, 2] };
  it.each([
    ["", data],
    ["/a/b~1c/0", 10],
    ["/a/b~1c/1/d", null],
    ["/a/missing", undefined],
    ["/arr/2", undefined],
    ["/arr/01", undefined],
    ["/arr/-", undefined],
    ["/a/b~1c/0/x", undefined],
  ])("%s", (pointer, want) => {
    expect(valueAt(data, pointer)).toEqual(want);
  });

  it("reads own properties only, never the prototype chain", () => {
    expect(valueAt({}, "/constructor")).toBeUndefined();
    expect(valueAt({}, "/__proto__")).toBeUndefined();
    expect(valueAt({ toString: "x" }, "/toString")).toBe("x");
  });
});

describe("matchPointers", () => {
  const data = { list: [{ p: "a" }, { p: "b" }, { q: "c" }], map: { x: { p: 1 }, y: { p: 2 } } };
  it("expands * over arrays and objects, skipping missing paths", () => {
    expect(matchPointers(data, ["/list/*/p"]).map((m) => [m.pointer, m.value])).toEqual([
      ["/list/0/p", "a"],
      ["/list/1/p", "b"],
    ]);
    expect(matchPointers(data, ["/map/*/p"]).map((m) => m.value)).toEqual([1, 2]);
  });
  it("reports each place once even when patterns overlap", () => {
    expect(matchPointers(data, ["/list/0/p", "/list/*/p"]).map((m) => m.pointer)).toEqual([
      "/list/0/p",
      "/list/1/p",
    ]);
  });
  it("gives the parent and key so a caller can replace the value", () => {
    const [m] = matchPointers(data, ["/map/x/p"]);
    expect(m.parent).toBe(data.map.x);
    expect(m.key).toBe("p");
  });
  it("matches the root", () => {
    expect(matchPointers(5, [""])).toEqual([{ pointer: "", parent: undefined, key: "", value: 5 }]);
  });
  it("refuses text that is not a pointer", () => {
    expect(() => matchPointers({}, ["password"])).toThrow(TypeError);
  });
});

describe("secret pointers", () => {
  const paths = ["/password", "/tunnel/*/key", "/ssl/client_key"];
  it.each([
    ["/password", true, true],
    ["/password/0", true, true],
    ["/tunnel/a/key", true, true],
    ["/tunnel/a", false, true],
    ["/tunnel", false, true],
    ["", false, true],
    ["/host", false, false],
    ["/ssl/mode", false, false],
    ["/ssl", false, true],
  ])("%s: on or under a secret %s, may hold one %s", (pointer, under, may) => {
    expect(isSecretPointer(pointer, paths)).toBe(under);
    expect(mayHoldSecret(pointer, paths)).toBe(may);
  });
});
