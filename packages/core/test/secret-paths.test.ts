import { describe, expect, it } from "vitest";
import { secretPaths } from "../src/instance-walk.js";

describe("secretPaths", () => {
  it.each([
    [
      "a secret string",
      { properties: { password: { type: "string", secret: true } } },
      ["/password"],
    ],
    [
      // A secret marker on a oneOf of credentials: the values inside are secret, the tag that
      // says which option it is stays readable, and the container is not masked whole.
      "a secret oneOf container",
      {
        properties: {
          credentials: {
            airbyte_secret: true,
            oneOf: [
              { type: "object", properties: { kind: { const: "key" }, key: { type: "string" } } },
              {
                type: "object",
                properties: {
                  kind: { const: "login" },
                  user: { type: "string" },
                  pin: { type: "integer" },
                  region: { enum: ["eu", "us"] },
                },
              },
            ],
          },
        },
      },
      ["/credentials/key", "/credentials/pin", "/credentials/user"],
    ],
    [
      "a secret object with nothing declared inside",
      { properties: { token: { type: "object", secret: true } } },
      ["/token"],
    ],
    [
      "a secret array of strings",
      { properties: { keys: { type: "array", secret: true, items: { type: "string" } } } },
      ["/keys/*"],
    ],
  ])("%s", (_name, schema, expected) => {
    expect(secretPaths(schema as never)).toEqual(expected);
  });
});
