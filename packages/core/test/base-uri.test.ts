import { describe, expect, it } from "vitest";
import { indexResources, resolveUri, splitUri } from "../src/base-uri.js";

// RFC 3986 §5.4's examples (base http://a/b/c/d;p?q), then the shapes JSON Schema documents use:
// file bases, $id bases, URNs, fragments. WHATWG URL normalises an empty path to "/" (http://g/).
const resolutions: { base: string; ref: string; expected: string | undefined }[] = [
  { base: "http://a/b/c/d;p?q", ref: "g", expected: "http://a/b/c/g" },
  { base: "http://a/b/c/d;p?q", ref: "./g", expected: "http://a/b/c/g" },
  { base: "http://a/b/c/d;p?q", ref: "g/", expected: "http://a/b/c/g/" },
  { base: "http://a/b/c/d;p?q", ref: "/g", expected: "http://a/g" },
  { base: "http://a/b/c/d;p?q", ref: "//g", expected: "http://g/" },
  { base: "http://a/b/c/d;p?q", ref: "?y", expected: "http://a/b/c/d;p?y" },
  { base: "http://a/b/c/d;p?q", ref: "g?y", expected: "http://a/b/c/g?y" },
  { base: "http://a/b/c/d;p?q", ref: "#s", expected: "http://a/b/c/d;p?q#s" },
  { base: "http://a/b/c/d;p?q", ref: "g#s", expected: "http://a/b/c/g#s" },
  { base: "http://a/b/c/d;p?q", ref: "", expected: "http://a/b/c/d;p?q" },
  { base: "http://a/b/c/d;p?q", ref: "..", expected: "http://a/b/" },
  { base: "http://a/b/c/d;p?q", ref: "../g", expected: "http://a/b/g" },
  { base: "http://a/b/c/d;p?q", ref: "../../g", expected: "http://a/g" },
  { base: "http://a/b/c/d;p?q", ref: "../../../g", expected: "http://a/g" },
  { base: "http://a/b/c/d;p?q", ref: "g;x=1/../y", expected: "http://a/b/c/y" },
  // An empty fragment names the resource itself.
  {
    base: "http://json-schema.org/draft-07/schema#",
    ref: "#",
    expected: "http://json-schema.org/draft-07/schema",
  },
  {
    base: "file:///t/connectors/a/connection.json",
    ref: "../../definitions/x.json#/definitions/y",
    expected: "file:///t/definitions/x.json#/definitions/y",
  },
  { base: "http://localhost:1234/tree", ref: "node", expected: "http://localhost:1234/node" },
  {
    base: "http://example.com/root.json",
    ref: "#foo",
    expected: "http://example.com/root.json#foo",
  },
  // A URN takes a fragment only; anything else cannot be resolved against it.
  {
    base: "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed",
    ref: "#/$defs/bar",
    expected: "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#/$defs/bar",
  },
  { base: "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed", ref: "other.json", expected: undefined },
  { base: "file:///t/a.json", ref: "http://[::1", expected: undefined },
];

describe("resolveUri: a reference against a base URI (RFC 3986)", () => {
  it.each(resolutions)("$ref against $base → $expected", ({ base, ref, expected }) => {
    expect(resolveUri(ref, base)).toBe(expected);
  });

  it("splits a URI into resource and %-decoded fragment", () => {
    expect(splitUri("http://x/y.json#/definitions/a%20b")).toEqual({
      resource: "http://x/y.json",
      fragment: "/definitions/a b",
    });
    expect(splitUri("http://x/y.json")).toEqual({
      resource: "http://x/y.json",
      fragment: undefined,
    });
  });
});

const FILE = "file:///t/connectors/a/connection.json";

describe("indexResources: where a document's $ids and anchors put its schemas", () => {
  const cases: {
    name: string;
    draft: "draft-07" | "2020-12";
    json: object;
    resources: Record<string, string>;
    anchors: Record<string, string>;
    refBases: Record<string, string>;
  }[] = [
    {
      name: "no $id: everything is the file",
      draft: "2020-12",
      json: { properties: { a: { $ref: "#/$defs/x" } }, $defs: { x: { $anchor: "x" } } },
      resources: { [FILE]: "" },
      anchors: { [`${FILE}#x`]: "/$defs/x" },
      refBases: { "/properties/a": FILE },
    },
    {
      name: "a nested $id resolves against the nearest enclosing one, not the file",
      draft: "2020-12",
      json: {
        $id: "http://example.com/a.json",
        $defs: { b: { $id: "b/", $defs: { c: { $id: "c.json", $ref: "d.json" } } } },
      },
      resources: {
        [FILE]: "",
        "http://example.com/a.json": "",
        "http://example.com/b/": "/$defs/b",
        "http://example.com/b/c.json": "/$defs/b/$defs/c",
      },
      anchors: {},
      // From 2019-09 a schema's own $id is the base of its own $ref.
      refBases: { "/$defs/b/$defs/c": "http://example.com/b/c.json" },
    },
    {
      name: "draft-07: a $id beside $ref is ignored; $id '#foo' is an anchor",
      draft: "draft-07",
      json: {
        $id: "http://localhost:1234/base/",
        allOf: [{ $id: "http://localhost:1234/other/", $ref: "foo.json" }],
        definitions: { foo: { $id: "foo.json" }, bar: { $id: "#bar" } },
      },
      resources: {
        [FILE]: "",
        "http://localhost:1234/base/": "",
        "http://localhost:1234/base/foo.json": "/definitions/foo",
      },
      anchors: { "http://localhost:1234/base/#bar": "/definitions/bar" },
      refBases: { "/allOf/0": "http://localhost:1234/base/" },
    },
    {
      name: "2020-12: $anchor and $dynamicAnchor are named after their own resource",
      draft: "2020-12",
      json: {
        $id: "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed",
        $defs: {
          a: { $anchor: "same" },
          inner: { $id: "http://example.com/inner", $defs: { b: { $dynamicAnchor: "same" } } },
        },
      },
      resources: {
        [FILE]: "",
        "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed": "",
        "http://example.com/inner": "/$defs/inner",
      },
      anchors: {
        "urn:uuid:deadbeef-1234-ffff-ffff-4321feebdaed#same": "/$defs/a",
        "http://example.com/inner#same": "/$defs/inner/$defs/b",
      },
      refBases: {},
    },
  ];
  it.each(cases)("$name", ({ draft, json, resources, anchors, refBases }) => {
    const index = indexResources(json, FILE, draft);
    expect(Object.fromEntries(index.resources)).toEqual(resources);
    expect(Object.fromEntries(index.anchors)).toEqual(anchors);
    expect(Object.fromEntries(index.refBases)).toEqual(refBases);
  });
});
