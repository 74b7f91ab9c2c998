import { describe, expect, it } from "vitest";
import type { RJSFSchema, RJSFValidationError } from "@rjsf/utils";
import { friendlyErrors } from "../src/errors.js";
import { humanizeKey } from "../src/index.js";
import { withFieldTitles } from "../src/labels.js";

describe("humanizeKey", () => {
  it.each([
    ["token_url", "Token URL"],
    ["tokenUrl", "Token URL"],
    ["token-url", "Token URL"],
    ["client_id", "Client ID"],
    ["clientIds", "Client IDs"],
    ["SSLMode", "SSL mode"],
    ["jdbc_url_params", "JDBC URL params"],
    ["host", "Host"],
    ["s3_bucket", "S3 bucket"],
    ["x", "X"],
    ["__", "__"],
  ])("%s → %s", (key, label) => expect(humanizeKey(key)).toBe(label));
});

const schema: RJSFSchema = {
  type: "object",
  definitions: { ssl: { type: "object", properties: { ca_cert: { type: "string" } } } },
  properties: {
    host: { type: "string", title: "Host" },
    tokenUrl: { type: "string" },
    ssl: { $ref: "#/definitions/ssl" },
    tags: {
      type: "array",
      items: { type: "object", properties: { key_name: { type: "string" } } },
    },
    auth: {
      oneOf: [
        { title: "Key", properties: { api_key: { type: "string" } } },
        { title: "OAuth", properties: { client_id: { type: "string", title: "Application" } } },
      ],
    },
  },
};

describe("withFieldTitles", () => {
  it("labels every untitled field from its key, at any depth and in every branch; titles win", () => {
    const ui = {
      tokenUrl: { "ui:help": "From your provider." },
      ssl: { ca_cert: { "ui:title": "CA (PEM)" } },
    };
    const out = withFieldTitles(schema, ui);
    expect(out).toEqual({
      tokenUrl: { "ui:help": "From your provider.", "ui:title": "Token URL" },
      ssl: { "ui:title": "SSL", ca_cert: { "ui:title": "CA (PEM)" } },
      tags: { "ui:title": "Tags", items: { key_name: { "ui:title": "Key name" } } },
      auth: { "ui:title": "Auth", api_key: { "ui:title": "API key" } },
    });
    // The uiSchema given is left as it was.
    expect(ui).toEqual({
      tokenUrl: { "ui:help": "From your provider." },
      ssl: { ca_cert: { "ui:title": "CA (PEM)" } },
    });
  });

  it("survives a schema that refers to itself", () => {
    const recursive: RJSFSchema = {
      definitions: {
        node: { type: "object", properties: { child: { $ref: "#/definitions/node" } } },
      },
      $ref: "#/definitions/node",
    };
    expect(withFieldTitles(recursive, {})).toMatchObject({ child: { "ui:title": "Child" } });
  });
});

describe("messages for untitled fields and patterns", () => {
  const error = (e: Partial<RJSFValidationError>): RJSFValidationError => ({ stack: "", ...e });

  it("names an untitled field by its label, not its key", () => {
    const ui = withFieldTitles(schema, {});
    const [e] = friendlyErrors(
      [error({ name: "required", property: "tokenUrl", params: {} })],
      ui,
      schema,
    );
    expect(e.stack).toBe("Token URL is required");
  });

  it("describes a pattern by the field's examples when it has no descriptor; the regex only as a last resort", () => {
    const withExamples: RJSFSchema = {
      type: "object",
      properties: {
        account: {
          type: "string",
          title: "Account",
          pattern: "^[a-z]+-[0-9]+$",
          examples: ["acme-123", "corp-9"],
        },
        region: { type: "string", title: "Region", pattern: "^[a-z]{2}$" },
      },
    };
    const [account, region] = friendlyErrors(
      [
        error({ name: "pattern", property: ".account", params: { pattern: "^[a-z]+-[0-9]+$" } }),
        error({ name: "pattern", property: ".region", params: { pattern: "^[a-z]{2}$" } }),
      ],
      {},
      withExamples,
    );
    expect(account.stack).toBe("Account must look like: acme-123 or corp-9");
    expect(region.stack).toBe("Region must match the pattern ^[a-z]{2}$");
  });

  it("moves a dependencies error onto the missing field, naming the field that requires it", () => {
    const deps: RJSFSchema = {
      type: "object",
      properties: {
        username: { type: "string", title: "Username" },
        password: { type: "string", title: "Password" },
      },
      dependencies: { username: ["password"] },
    };
    const params = {
      property: "username",
      missingProperty: "password",
      depsCount: 1,
      deps: "password",
    };
    // As ajv reports it (on the object) and as RJSF passes it on (the missing property appended).
    for (const property of ["", "password", ".password"]) {
      const [e] = friendlyErrors([error({ name: "dependencies", property, params })], {}, deps);
      expect(e.property).toBe(".password");
      expect(e.stack).toBe("Password is required when Username is set");
    }
  });
});
