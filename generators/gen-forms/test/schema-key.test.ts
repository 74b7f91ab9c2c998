import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { hashForSchema, type RJSFSchema } from "@rjsf/utils";
import { CORPUS_DIR } from "@onespec/test-fixtures";
import { schemaKey } from "../src/sub-schemas.js";

// schemaKey hashes without building RJSF's serialisation (sub-schemas.ts): its keys must be
// RJSF's own for every subtree of real specs and for values RJSF's serialiser treats specially.
function subtrees(value: unknown, out: object[] = []): object[] {
  if (value !== null && typeof value === "object") {
    out.push(value);
    for (const v of Object.values(value)) subtrees(v, out);
  }
  return out;
}

describe("schemaKey", () => {
  it("is RJSF's hashForSchema for every subtree of the Airbyte corpus", () => {
    let compared = 0;
    for (const file of readdirSync(CORPUS_DIR)
      .filter((f) => f.endsWith(".json"))
      .sort()) {
      const spec = JSON.parse(readFileSync(path.join(CORPUS_DIR, file), "utf8")) as unknown;
      for (const node of subtrees(spec)) {
        if (Array.isArray(node) || "$id" in node) continue;
        expect(schemaKey(node as Record<string, unknown>), file).toBe(
          hashForSchema(node as RJSFSchema),
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(3_000);
  });

  it("is RJSF's hashForSchema for unicode, escapes, numbers, nesting and left-out values", () => {
    const odd: Record<string, unknown>[] = [
      {},
      { a: [] },
      { "\u{1F4A9}": 'é\u2028"\\</', n: -0.5e-7, big: 1e300, t: true, z: null },
      { b: [1, [2, [3, { c: "x" }]], {}], a: { y: [null, false] } },
      { gone: undefined, kept: 1, fn: () => 1 },
      { list: [undefined, 2] },
      Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`k${i}`, "v".repeat(i)])),
    ];
    for (const value of odd) expect(schemaKey(value)).toBe(hashForSchema(value as RJSFSchema));
  });
});
