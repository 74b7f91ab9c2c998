/**
 * Error wording and masked secrets, checked with the real generated postgres and http-api form
 * validators (precompiled; the same code the browser runs).
 */
import { describe, expect, it } from "vitest";
import type { RJSFSchema } from "@rjsf/utils";
import * as postgres from "@onespec/generated/connectors/postgres/form";
import * as httpApi from "@onespec/generated/connectors/http-api/form";
import { MASK } from "@onespec/runtime";
import { friendlyErrors, trustMaskedSecrets } from "../src/errors.js";
import { tagOf } from "../src/fields/discriminated-one-of.js";

const valid = { host: "db.example.com", port: 5432, database: "postgres", username: "reader" };

function errorsOf(form: typeof postgres, data: unknown, validator = form.createFormValidator()) {
  const result = validator.validateFormData(
    data,
    form.schema,
    undefined,
    (errors, ui) => friendlyErrors(errors, ui, form.schema),
    form.uiSchema,
  );
  return result.errors.map((e) => ({ property: e.property, message: e.message, stack: e.stack }));
}

describe("friendlyErrors", () => {
  it("says which field is required, by its title", () => {
    expect(errorsOf(postgres, { port: 5432 })).toEqual([
      { property: "host", message: "is required", stack: "Host is required" },
      { property: "database", message: "is required", stack: "Database is required" },
      { property: "username", message: "is required", stack: "Username is required" },
    ]);
  });

  it("states limits and describes a pattern by its patternDescriptor", () => {
    const errors = errorsOf(postgres, {
      ...valid,
      port: 0,
      ssl: { mode: "verify-full", ca_certificate: "not a cert" },
    });
    expect(errors).toContainEqual({
      property: ".port",
      message: "must be 1 or more",
      stack: "Port must be 1 or more",
    });
    expect(errors).toContainEqual({
      property: ".ssl.ca_certificate",
      message: "must look like: PEM text starting with -----BEGIN CERTIFICATE-----",
      stack: "CA Certificate must look like: PEM text starting with -----BEGIN CERTIFICATE-----",
    });
  });

  it("reports the selected branch's own problem, not ajv's oneOf summary", () => {
    const errors = errorsOf(httpApi, {
      base_url: "https://api.example.com",
      auth: { auth_type: "bearer" },
      endpoints: [{ name: "customers", path: "/customers" }],
    });
    expect(errors.map((e) => e.stack)).toEqual(["Credentials is required"]);
    expect(errors[0].property).toBe(".auth.credentials");
  });
});

describe("trustMaskedSecrets", () => {
  it("drops errors at a masked stored secret, and only there", () => {
    const data = { ...valid, port: 0, ssl: { mode: "verify-full", ca_certificate: MASK } };
    expect(errorsOf(postgres, data).map((e) => e.property)).toEqual([
      ".port",
      ".ssl.ca_certificate",
    ]);
    const trusting = trustMaskedSecrets(postgres.createFormValidator(), MASK);
    expect(errorsOf(postgres, data, trusting).map((e) => e.property)).toEqual([".port"]);
    // A value that is not the mask is still checked.
    const typed = { ...data, ssl: { mode: "verify-full", ca_certificate: "********x" } };
    expect(errorsOf(postgres, typed, trusting).map((e) => e.property)).toEqual([
      ".port",
      ".ssl.ca_certificate",
    ]);
  });
});

describe("tagOf", () => {
  it("reads each branch's discriminator constant", () => {
    const auth = httpApi.schema.properties!.auth as RJSFSchema;
    const tags = (auth.oneOf as RJSFSchema[]).map((o) => tagOf(o, "auth_type"));
    expect(tags).toEqual(["none", "basic", "bearer", "api_key", "oauth2_client_credentials"]);
  });
});
