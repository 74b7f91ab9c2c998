import { describe, expect, it } from "vitest";
import { addLabel, singularLabel } from "../src/templates/array.js";

describe("the Add button of an array names what it adds", () => {
  it.each([
    ["Include Patterns", "include pattern"],
    ["Schemas", "schema"],
    ["Policies", "policy"],
    ["SQL Queries", "SQL query"],
    ["Addresses", "address"],
    ["Status", "status"],
    ["Analysis", "analysis"],
    ["Headers", "header"],
    ["URLs", "URL"],
  ])("%s → %s", (title, singular) => expect(singularLabel(title)).toBe(singular));

  it("uses the items' title first, then the array's, then says item", () => {
    expect(
      addLabel({
        schema: { type: "array", items: { type: "object", title: "Header" } },
        title: "Headers",
        uiSchema: {},
      }),
    ).toBe("Add header");
    expect(
      addLabel({
        schema: { type: "array", items: { type: "string" } },
        title: "Include Patterns",
        uiSchema: {},
      }),
    ).toBe("Add include pattern");
    expect(
      addLabel({
        schema: { type: "array", items: { type: "string" } },
        title: "tags",
        uiSchema: { "ui:title": "Tags" },
      }),
    ).toBe("Add tag");
    expect(addLabel({ schema: { type: "array" }, title: "", uiSchema: {} })).toBe("Add item");
  });
});
