import { describe, expect, it } from "vitest";
import { keysetPosition, type JsonValue, type KeysetPosition } from "../src/index.js";

describe("keysetPosition", () => {
  it.each<[string, JsonValue | undefined, KeysetPosition | undefined]>([
    ["a fresh start", undefined, undefined],
    ["a position", { schema: "sales", after: ["orders"] }, { scope: "sales", after: ["orders"] }],
    ["an empty scope", { schema: "", after: ["default"] }, { scope: "", after: ["default"] }],
    ["key parts as strings", { schema: "s", after: ["a", 2] }, { scope: "s", after: ["a", "2"] }],
    ["another scope key", { database: "d", after: [] }, undefined],
    ["no key", { schema: "s" }, undefined],
    ["not an object", ["s"], undefined],
    ["null", null, undefined],
  ])("%s", (_name, state, want) => {
    expect(keysetPosition(state, "schema")).toEqual(want);
  });
});
