import { describe, expect, it } from "vitest";
import type { FilterPattern as GeneratedFilterPattern } from "@onespec/generated/definitions/filter-pattern";
import { ConfigError } from "../src/errors.js";
import { compileFilter, type FilterPattern } from "../src/filter.js";

const names = [
  "sales",
  "sales_2024",
  "finance_q1",
  "Finance_q2",
  "tmp_sales",
  "hr_backup",
  "public",
];
const kept = (pattern: FilterPattern | undefined) =>
  names.filter(compileFilter(pattern, "tableFilterPattern"));

describe("compileFilter", () => {
  it("keeps everything without a pattern or with empty lists", () => {
    expect(kept(undefined)).toEqual(names);
    expect(kept({})).toEqual(names);
    expect(kept({ includes: [], excludes: [] })).toEqual(names);
  });

  it("keeps names matching at least one include, searched anywhere in the name", () => {
    expect(kept({ includes: ["^sales$", "^finance_"] })).toEqual(["sales", "finance_q1"]);
    expect(kept({ includes: ["sales"] })).toEqual(["sales", "sales_2024", "tmp_sales"]);
  });

  it("drops names matching any exclude; excludes win over includes", () => {
    expect(kept({ excludes: ["^tmp_", "_backup$"] })).toEqual([
      "sales",
      "sales_2024",
      "finance_q1",
      "Finance_q2",
      "public",
    ]);
    expect(kept({ includes: ["sales"], excludes: ["^tmp_"] })).toEqual(["sales", "sales_2024"]);
    expect(kept({ includes: ["^sales$"], excludes: ["sales"] })).toEqual([]);
  });

  it("is case sensitive by default and case insensitive on request", () => {
    expect(kept({ includes: ["^finance"] })).toEqual(["finance_q1"]);
    expect(kept({ includes: ["^finance"], case_sensitive: true })).toEqual(["finance_q1"]);
    expect(kept({ includes: ["^FINANCE"], case_sensitive: false })).toEqual([
      "finance_q1",
      "Finance_q2",
    ]);
    expect(kept({ excludes: ["^FINANCE", "SALES"], case_sensitive: false })).toEqual([
      "hr_backup",
      "public",
    ]);
  });

  it("gives the same answer on repeated calls (no stateful regex flags)", () => {
    const keep = compileFilter({ includes: ["a"] }, "x");
    expect([keep("a"), keep("a"), keep("a")]).toEqual([true, true, true]);
  });

  it("throws a ConfigError naming where and the pattern for an invalid regex", () => {
    const error = (() => {
      try {
        compileFilter(
          { includes: ["ok"], excludes: ["^tmp_", "(unclosed"] },
          "schemaFilterPattern",
        );
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.kind).toBe("config");
    expect(error?.message).toBe(
      'schemaFilterPattern.excludes[1]: invalid regular expression "(unclosed": Unterminated group',
    );
    expect(error?.hint).toMatch(/JavaScript regular expression/);
  });

  it("accepts the generated FilterPattern type", () => {
    const generated: GeneratedFilterPattern = { includes: ["^a"], case_sensitive: false };
    expect(compileFilter(generated, "x")("ABC")).toBe(true);
  });
});
