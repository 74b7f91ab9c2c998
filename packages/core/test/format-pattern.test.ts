import { describe, expect, it } from "vitest";
import { formatContradiction } from "../src/format-pattern.js";
import { repairSchema } from "../src/repairs.js";

describe("a format its pattern contradicts", () => {
  it.each([
    // [format, pattern, examples, contradicts]
    ["date", "^[0-9]{2}-[0-9]{2}-[0-9]{4}$", [], true], // Airbyte's dd-mm-yyyy "date" (source-coingecko-coins)
    ["date", "^[0-9]{4}-[0-9]{2}$", ["2022-08"], true], // a year-month "date" (source-nytimes)
    ["date", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", [], false],
    ["date", "^20[0-9]{2}-[0-9]{2}-[0-9]{2}$", [], false], // narrower than the format, not against it
    ["email", "^[a-z]+@example\\.com$", [], false],
    ["uri", "^https://[a-z]+\\.s3\\.amazonaws\\.com/?$", [], false],
    ["ipv4", "^[a-z]+$", [], true],
    ["color", "^#[0-9a-f]{6}$", [], false], // not a format onespec checks
  ] as const)("format %s with pattern %s", (format, pattern, examples, contradicts) => {
    expect(formatContradiction(format, pattern, examples) !== undefined).toBe(contradicts);
  });

  it("is a warning with the format left out of validation, and names a value that shows it", () => {
    const schema = {
      type: "object",
      properties: {
        start_date: {
          type: "string",
          format: "date",
          pattern: "^[0-9]{4}-[0-9]{2}$",
          examples: ["2022-08"],
        },
      },
    };
    const { json, repairs } = repairSchema(schema);
    expect((json as { properties: { start_date: object } }).properties.start_date).toEqual({
      type: "string",
      pattern: "^[0-9]{4}-[0-9]{2}$",
      examples: ["2022-08"],
    });
    expect(repairs).toEqual([
      expect.objectContaining({
        severity: "warning",
        code: "schema/format-contradicts-pattern",
        pointer: "/properties/start_date/format",
        message: expect.stringContaining('"2022-08" matches the pattern, not the format'),
      }),
    ]);
    expect(repairs[0].fix).toBeUndefined();
    expect(schema.properties.start_date.format).toBe("date");
  });
});
