import { describe, expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { buildUiSchema } from "../src/index.js";

const object = (properties: JsonObject): JsonObject => ({ type: "object", properties });

// [name, { given: a form schema's properties, want: what some of their uiSchema entries hold }]
const cases: [string, { given: JsonObject; want: JsonObject }][] = [
  [
    "a secret string is a password input",
    {
      given: { token: { type: "string", secret: true } },
      want: { token: { "ui:widget": "password" } },
    },
  ],
  [
    "a secret number (format: password) names the registered widget: RJSF has no 'password' for numbers",
    {
      given: {
        pin: { type: "number", format: "password" },
        code: { type: ["integer", "null"], airbyte_secret: true },
      },
      want: { pin: { "ui:widget": "PasswordWidget" }, code: { "ui:widget": "PasswordWidget" } },
    },
  ],
  [
    "a secret oneOf container keeps its selector; what is typed in its branches is secret, its tag is hidden",
    {
      given: {
        credentials: {
          type: "object",
          airbyte_secret: true,
          oneOf: [
            {
              type: "object",
              properties: {
                kind: { type: "string", const: "key" },
                key: { type: "string" },
                region: { type: "string", enum: ["eu", "us"] },
              },
            },
            { type: "object", properties: { kind: { type: "string", const: "none" } } },
          ],
        },
      },
      want: {
        credentials: {
          kind: { "ui:widget": "hidden" },
          key: { "ui:widget": "password" },
          region: {},
          "ui:order": ["kind", "key", "region", "*"],
        },
      },
    },
  ],
  [
    "a secret object and a secret array: their fields and items are secret, not the container",
    {
      given: {
        account: {
          type: "object",
          secret: true,
          properties: { user: { type: "string" }, pin: { type: "integer" } },
        },
        keys: { type: "array", writeOnly: true, items: { type: "string" } },
      },
      want: {
        account: {
          user: { "ui:widget": "password" },
          pin: { "ui:widget": "PasswordWidget" },
          "ui:order": ["user", "pin", "*"],
        },
        keys: { items: { "ui:widget": "password" } },
      },
    },
  ],
  [
    "a multiline secret is a secret textarea, inside a secret container too",
    {
      given: {
        tls: {
          type: "object",
          secret: true,
          properties: { pem: { type: "string", multiline: true } },
        },
      },
      want: { tls: { pem: { "ui:widget": "textarea", "ui:options": { secret: true } } } },
    },
  ],
];

describe("buildUiSchema", () => {
  it.each(cases)("%s", (_name, { given, want }) => {
    const ui = buildUiSchema(object(given));
    for (const [field, entry] of Object.entries(want)) expect(ui[field], field).toEqual(entry);
  });
});
