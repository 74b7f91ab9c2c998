import { describe, expect, it } from "vitest";
import { escapeToken, getAtPointer, joinPointer, parsePointer } from "../src/index.js";
import { unescapeToken } from "../src/pointer.js";

// RFC 6901: "~" is written "~0" and "/" is written "~1"; "~01" is "~1" unescaped once, not "/".
const tokens: { name: string; in: string | number; out: string }[] = [
  { name: "a plain name stays", in: "host", out: "host" },
  { name: "a slash is ~1", in: "a/b", out: "a~1b" },
  { name: "a tilde is ~0", in: "a~b", out: "a~0b" },
  { name: "a literal ~1 escapes its tilde only", in: "~1", out: "~01" },
  { name: "both, in order", in: "~/", out: "~0~1" },
  { name: "the empty name stays empty", in: "", out: "" },
  { name: "a number is its decimal text", in: 3, out: "3" },
];

describe("escapeToken / unescapeToken", () => {
  for (const c of tokens)
    it(c.name, () => {
      expect(escapeToken(c.in)).toBe(c.out);
      expect(unescapeToken(c.out)).toBe(String(c.in));
    });
});

const parsed: { name: string; in: string; out: string[] }[] = [
  { name: "the empty pointer is the whole document", in: "", out: [] },
  { name: "a lone slash is the empty-named member", in: "/", out: [""] },
  { name: "one token", in: "/properties", out: ["properties"] },
  { name: "empty tokens are kept", in: "/a//b/", out: ["a", "", "b", ""] },
  { name: "escapes are undone", in: "/a~1b/c~0d", out: ["a/b", "c~d"] },
  { name: "~01 is a tilde and a one, not a slash", in: "/~01", out: ["~1"] },
  { name: "numbers stay text", in: "/items/0", out: ["items", "0"] },
];

describe("parsePointer", () => {
  for (const c of parsed) it(c.name, () => expect(parsePointer(c.in)).toEqual(c.out));

  it("refuses text that does not start with a slash, naming it", () => {
    expect(() => parsePointer("properties/host")).toThrow("not a JSON pointer: properties/host");
  });
});

describe("joinPointer", () => {
  const joined: { name: string; in: [string, ...(string | number)[]]; out: string }[] = [
    { name: "nothing to add", in: [""], out: "" },
    { name: "onto the root", in: ["", "properties", "host"], out: "/properties/host" },
    {
      name: "onto a pointer, escaping",
      in: ["/definitions", "a/b", "~"],
      out: "/definitions/a~1b/~0",
    },
    { name: "an index", in: ["/allOf", 2], out: "/allOf/2" },
    { name: "the empty name", in: ["/properties", ""], out: "/properties/" },
  ];
  for (const c of joined)
    it(c.name, () => {
      const [base, ...rest] = c.in;
      expect(joinPointer(base, ...rest)).toBe(c.out);
      // What it joins, parsePointer gives back.
      expect(parsePointer(c.out).slice(parsePointer(base).length)).toEqual(rest.map(String));
    });
});

describe("getAtPointer", () => {
  const doc = {
    "a/b": 1,
    "c~d": 2,
    "": { x: "empty-named" },
    list: ["zero", "one", { deep: null }],
    nested: { value: false },
  };
  const found: { name: string; in: string; out: unknown }[] = [
    { name: "the empty pointer is the document", in: "", out: doc },
    { name: "an escaped slash", in: "/a~1b", out: 1 },
    { name: "an escaped tilde", in: "/c~0d", out: 2 },
    { name: "the empty-named member", in: "//x", out: "empty-named" },
    { name: "an array index", in: "/list/1", out: "one" },
    { name: "through an array into an object, null kept", in: "/list/2/deep", out: null },
    { name: "false is a value", in: "/nested/value", out: false },
    { name: "a missing member", in: "/missing", out: undefined },
    { name: "an index past the end", in: "/list/3", out: undefined },
    { name: "an index with a leading zero is no index", in: "/list/01", out: undefined },
    { name: "a negative index", in: "/list/-1", out: undefined },
    { name: "the end-of-array token '-' names nothing to read", in: "/list/-", out: undefined },
    { name: "into a scalar", in: "/nested/value/x", out: undefined },
    { name: "an inherited name is not a member", in: "/toString", out: undefined },
    { name: "__proto__ is not followed to the prototype", in: "/__proto__", out: undefined },
  ];
  for (const c of found) it(c.name, () => expect(getAtPointer(doc, c.in)).toEqual(c.out));
});
