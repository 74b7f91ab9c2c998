// convertDraftKeywords (one node between the generators' two drafts, used when bundling) and
// generatorDraft. toGeneratorDialect, whole documents from each source draft, has its table of
// rules in drafts.test.ts.
import { describe, expect, it } from "vitest";
import { convertDraftKeywords, type JsonObject } from "../src/index.js";
import { generatorDraft, type SourceDraft } from "../src/draft-convert.js";

const toDraft2020: { name: string; in: JsonObject; out: JsonObject }[] = [
  {
    name: "nothing draft-specific: an equal copy",
    in: { type: "string", minLength: 1 },
    out: { type: "string", minLength: 1 },
  },
  {
    name: "a tuple is prefixItems",
    in: { items: [{ type: "string" }] },
    out: { prefixItems: [{ type: "string" }] },
  },
  {
    name: "a tuple's additionalItems is items",
    in: { items: [{}], additionalItems: false },
    out: { prefixItems: [{}], items: false },
  },
  {
    name: "additionalItems without a tuple means nothing and goes",
    in: { items: {}, additionalItems: false },
    out: { items: {} },
  },
  {
    name: "one schema for every item stays items",
    in: { items: { type: "integer" } },
    out: { items: { type: "integer" } },
  },
  {
    name: "dependencies split into dependentRequired and dependentSchemas",
    in: { dependencies: { a: ["b"], c: { required: ["d"] } } },
    out: { dependentRequired: { a: ["b"] }, dependentSchemas: { c: { required: ["d"] } } },
  },
  {
    name: "dependencies join a dependentRequired already there",
    in: { dependentRequired: { x: ["y"] }, dependencies: { a: ["b"] } },
    out: { dependentRequired: { x: ["y"], a: ["b"] } },
  },
];

const toDraft07: { name: string; in: JsonObject; out: JsonObject }[] = [
  { name: "prefixItems is a tuple", in: { prefixItems: [{}] }, out: { items: [{}] } },
  {
    name: "items after prefixItems is additionalItems",
    in: { prefixItems: [{}], items: { type: "string" } },
    out: { items: [{}], additionalItems: { type: "string" } },
  },
  {
    name: "items alone stays items",
    in: { items: { type: "string" } },
    out: { items: { type: "string" } },
  },
  {
    name: "dependentRequired and dependentSchemas are dependencies",
    in: { dependentRequired: { a: ["b"] }, dependentSchemas: { c: {} } },
    out: { dependencies: { a: ["b"], c: {} } },
  },
  {
    name: "and join dependencies already there",
    in: { dependencies: { x: ["y"] }, dependentRequired: { a: ["b"] } },
    out: { dependencies: { x: ["y"], a: ["b"] } },
  },
  {
    name: "empty dependent keywords leave no dependencies",
    in: { dependentRequired: {} },
    out: {},
  },
];

describe("convertDraftKeywords", () => {
  for (const c of toDraft2020)
    it(`draft-07 → 2020-12: ${c.name}`, () => {
      const before = structuredClone(c.in);
      expect(convertDraftKeywords(c.in, "draft-07", "2020-12")).toEqual(c.out);
      expect(c.in).toEqual(before); // the node itself is not modified
    });
  for (const c of toDraft07)
    it(`2020-12 → draft-07: ${c.name}`, () => {
      const before = structuredClone(c.in);
      expect(convertDraftKeywords(c.in, "2020-12", "draft-07")).toEqual(c.out);
      expect(c.in).toEqual(before);
    });

  it("the same draft on both sides returns the node itself", () => {
    const node = { items: [{}], dependencies: { a: ["b"] } };
    expect(convertDraftKeywords(node, "draft-07", "draft-07")).toBe(node);
    expect(convertDraftKeywords(node, "2020-12", "2020-12")).toBe(node);
  });

  it("a tuple survives the round trip", () => {
    const node = { items: [{ type: "string" }], additionalItems: { type: "integer" } };
    expect(
      convertDraftKeywords(
        convertDraftKeywords(node, "draft-07", "2020-12"),
        "2020-12",
        "draft-07",
      ),
    ).toEqual(node);
  });
});

describe("generatorDraft", () => {
  const drafts: { name: string; in: SourceDraft; out: "draft-07" | "2020-12" }[] = [
    { name: "draft-04 is read as draft-07", in: "draft-04", out: "draft-07" },
    { name: "draft-06 is read as draft-07", in: "draft-06", out: "draft-07" },
    { name: "draft-07 is itself", in: "draft-07", out: "draft-07" },
    { name: "2019-09 is read as 2020-12", in: "2019-09", out: "2020-12" },
    { name: "2020-12 is itself", in: "2020-12", out: "2020-12" },
  ];
  for (const c of drafts) it(c.name, () => expect(generatorDraft(c.in)).toBe(c.out));
});
