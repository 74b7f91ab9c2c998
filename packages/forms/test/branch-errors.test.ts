/**
 * A oneOf ajv cannot discriminate (inside `dependencies`, its tag is the dependency's key) reports
 * the errors of the branch the data takes only. A runtime ajv with RJSF's own settings (allErrors
 * on, RJSF's duplicate filtering) stands in for a generated validator.
 */
import { describe, expect, it } from "vitest";
import type { RJSFSchema, RJSFValidationError } from "@rjsf/utils";
import { customizeValidator } from "@rjsf/validator-ajv8";
import { friendlyErrors } from "../src/errors.js";
import { reportTakenBranches, takenBranchErrors } from "../src/branch-errors.js";

const schema = {
  type: "object",
  properties: { kind: { type: "string", title: "Kind", enum: ["file", "http", "ftp"] } },
  dependencies: {
    kind: {
      oneOf: [
        {
          properties: { kind: { const: "file" }, path: { type: "string", title: "Path" } },
          required: ["path"],
        },
        {
          properties: {
            kind: { const: "http" },
            url: { type: "string", title: "URL" },
            retries: { type: "integer", title: "Retries", minimum: 0 },
          },
          required: ["url"],
        },
      ],
    },
  },
} as RJSFSchema;

function validate(data: unknown, wrap = true) {
  const plain = customizeValidator();
  const validator = wrap ? reportTakenBranches(plain) : plain;
  return validator.validateFormData(data, schema, undefined, (errors, ui) =>
    friendlyErrors(errors, ui, schema),
  );
}

describe("reportTakenBranches", () => {
  it("reports only the errors of the branch whose tag the data has", () => {
    // Unwrapped, the file branch's own problems come along (what the form showed before).
    expect(validate({ kind: "http", retries: -1 }, false).errors.map((e) => e.stack)).toEqual([
      "Path is required",
      'Kind must be "file"',
      "URL is required",
      "Retries must be 0 or more",
    ]);
    const result = validate({ kind: "http", retries: -1 });
    expect(result.errors.map((e) => e.stack)).toEqual([
      "URL is required",
      "Retries must be 0 or more",
    ]);
    // The error schema the fields read says the same.
    expect(Object.keys(result.errorSchema).sort()).toEqual(["retries", "url"]);
    expect(validate({ kind: "file" }).errors.map((e) => e.stack)).toEqual(["Path is required"]);
  });

  it("reports the closest branch when the data has no branch's tag", () => {
    // The file branch fails on its tag and Path; the http branch (whose "must be" RJSF dropped
    // as a duplicate) on URL only.
    expect(validate({ kind: "ftp" }).errors.map((e) => e.stack)).toEqual(["URL is required"]);
  });

  it("keeps every error when the branches have no tags, or the path leaves the root", () => {
    const at = (schemaPath: string): RJSFValidationError => ({
      name: "required",
      property: "",
      message: "",
      stack: schemaPath,
      schemaPath,
    });
    const untagged = { oneOf: [{ required: ["a"] }, { required: ["b"] }] };
    const errors = [at("#/oneOf/0/required"), at("#/oneOf/1/required")];
    expect(takenBranchErrors(errors, {}, untagged)).toEqual(errors);
    const elsewhere = [
      at("#/definitions/x/oneOf/0/required"),
      at("#/definitions/x/oneOf/1/required"),
    ];
    expect(takenBranchErrors(elsewhere, {}, { definitions: { x: schema } })).toEqual(elsewhere);
  });

  it("chooses inside nested choices, through properties", () => {
    const nested = {
      properties: {
        auth: {
          oneOf: [
            { properties: { t: { const: "a" } } },
            {
              properties: { t: { const: "b" } },
              oneOf: [
                { properties: { u: { const: "x" } }, required: ["p"] },
                { properties: { u: { const: "y" } }, required: ["q"] },
              ],
            },
          ],
        },
      },
    };
    const at = (schemaPath: string): RJSFValidationError => ({
      name: "x",
      property: "",
      message: "",
      stack: schemaPath,
      schemaPath,
    });
    const errors = [
      at("#/properties/auth/oneOf/0/properties/t/const"),
      at("#/properties/auth/oneOf/1/oneOf/0/required"),
      at("#/properties/auth/oneOf/1/oneOf/1/properties/u/const"),
    ];
    expect(
      takenBranchErrors(errors, { auth: { t: "b", u: "x" } }, nested).map((e) => e.stack),
    ).toEqual(["#/properties/auth/oneOf/1/oneOf/0/required"]);
  });
});
