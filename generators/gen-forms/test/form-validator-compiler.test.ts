/**
 * Which compiler writes a connector's form validator: onespec's own compiler when it supports
 * every sub-schema, ajv (made as RJSF makes it) otherwise, with the same `validateFns` keys.
 */
import { describe, expect, it } from "vitest";
import { connectorFiles, generateFiles, loadFiles } from "@onespec/test-fixtures";
import formsGenerator from "../src/index.js";

const connection = (extra: object) => ({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Demo",
  type: "object",
  properties: {
    host: { type: "string", title: "Host" },
    auth: {
      title: "Auth",
      oneOf: [
        {
          title: "Basic",
          type: "object",
          properties: { kind: { const: "basic" }, user: { type: "string" } },
          required: ["kind"],
        },
        {
          title: "Token",
          type: "object",
          properties: { kind: { const: "token" }, token: { type: "string" } },
          required: ["kind"],
        },
      ],
    },
    ...extra,
  },
  required: ["host"],
  additionalProperties: false,
});

async function formValidator(extra: object): Promise<string> {
  const files = await generateFiles(
    await loadFiles(connectorFiles("demo", connection(extra))),
    [formsGenerator],
    { generators: ["forms"] },
  );
  return files.find((f) => f.path.endsWith("/form-validator.ts"))!.contents;
}

const keys = (code: string) => /validateFns[^=]*= \{(.*)\};/.exec(code)![1].match(/"[^"]+":/g);

describe("the form validator's compiler", () => {
  it("is the own compiler when it supports every sub-schema (ajv is not imported)", async () => {
    const code = await formValidator({});
    expect(code).toContain("// Validates ");
    expect(code).not.toMatch(/from "ajv\/dist\/(compile|standalone)/);
    expect(keys(code)?.length).toBe(3);
  });

  it("falls back to ajv for a keyword the own compiler does not reproduce", async () => {
    const own = await formValidator({ day: { type: "string", format: "date" } });
    const fallback = await formValidator({
      day: { type: "string", format: "date", formatMaximum: "2030-01-01" },
    });
    expect(fallback).not.toContain("// Validates ");
    expect(fallback).toContain("formatMaximum");
    // The same sub-schemas, under the same keys, whichever compiler wrote them.
    expect(keys(fallback)?.length).toBe(keys(own)?.length);
  });
});
