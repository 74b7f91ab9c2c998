import { describe, expect, it } from "vitest";
import { findDefects } from "../src/schema-checks.js";
import { parseSource } from "../src/source.js";

describe("schema/unsatisfiable-required", () => {
  // Every object inherits constructor and toString: "in" finds them, though the schema does not declare them.
  it.each(["constructor", "toString", "__proto__", "missing"])(
    "names %s when additionalProperties forbids it",
    (name) => {
      const text = JSON.stringify({
        type: "object",
        additionalProperties: false,
        required: [name],
        properties: { host: { type: "string" } },
      });
      const { source } = parseSource("connection.json", text);
      const doc = {
        path: "/t/connection.json",
        rel: "connection.json",
        uri: "https://onespec.local/schemas/connection.json",
        source: source!,
        json: source!.json,
        draft: "draft-07" as const,
      };
      expect(findDefects(doc as never).map((d) => [d.code, d.pointer])).toEqual([
        ["schema/unsatisfiable-required", "/required/0"],
      ]);
    },
  );
});
