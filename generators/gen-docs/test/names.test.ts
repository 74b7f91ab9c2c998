import { describe, expect, it } from "vitest";
import { exampleConfig, withSecretVariables } from "../src/example-config.js";

describe("docs example: environment variables for secrets", () => {
  it("gives two secrets whose names make one variable different variables", () => {
    const schema = {
      type: "object",
      required: ["pass-word", "pass_word", "token"],
      properties: {
        "pass-word": { type: "string", secret: true },
        pass_word: { type: "string", secret: true },
        token: { type: "string", secret: true },
      },
    };
    expect(exampleConfig("acme", schema)).toEqual({
      "pass-word": "${ACME_PASS_WORD}",
      pass_word: "${ACME_PASS_WORD_2}",
      token: "${ACME_TOKEN}",
    });
  });

  it("starts a variable with _ when the connector name starts with a digit, so ${…} is read as a reference", () => {
    const schema = {
      type: "object",
      required: ["key"],
      properties: { key: { type: "string", secret: true } },
    };
    expect(exampleConfig("3cx", schema)).toEqual({ key: "${_3CX_KEY}" });
  });

  it("keeps property names that are Object.prototype members as data", () => {
    const schema = {
      type: "object",
      required: ["constructor", "toString"],
      properties: { constructor: { type: "string" }, toString: { type: "string", secret: true } },
    };
    const example = exampleConfig("protos", schema) as Record<string, unknown>;
    expect(Object.keys(example)).toEqual(["constructor", "toString"]);
    expect(example.toString).toBe("${PROTOS_TO_STRING}");
    expect(Object.getPrototypeOf(example)).toBe(Object.prototype);
  });

  it("writes a new config and leaves the one it was given as it was", () => {
    const schema = {
      type: "object",
      properties: {
        auth: { type: "object", properties: { token: { type: "string", secret: true } } },
        hosts: { type: "array", items: { type: "string" } },
      },
    };
    const config = { auth: { token: "t0ken" }, hosts: ["a", "b"] };
    const before = structuredClone(config);
    const example = withSecretVariables("acme", schema, config) as typeof config;
    expect(example).toEqual({ auth: { token: "${ACME_AUTH_TOKEN}" }, hosts: ["a", "b"] });
    expect(config).toEqual(before);
    expect(example.hosts).not.toBe(config.hosts);
  });

  it("writes secrets in lists and under keys with a slash as variables, and nothing else", () => {
    const schema = {
      type: "object",
      properties: {
        servers: {
          type: "array",
          items: {
            type: "object",
            properties: { host: { type: "string" }, password: { type: "string", secret: true } },
          },
        },
        "a/b": { type: "string", secret: true },
        "a~b": { type: "string" },
      },
    };
    const config = {
      servers: [{ host: "h1", password: "p1" }, { host: "h2" }, { host: "h3", password: "p3" }],
      "a/b": "x",
      "a~b": "y",
    };
    expect(withSecretVariables("acme", schema, config)).toEqual({
      servers: [
        { host: "h1", password: "${ACME_SERVERS_0_PASSWORD}" },
        { host: "h2" },
        { host: "h3", password: "${ACME_SERVERS_2_PASSWORD}" },
      ],
      "a/b": "${ACME_A_B}",
      "a~b": "y",
    });
  });
});
