import { describe, expect, it } from "vitest";
import AjvModule from "ajv";

const Ajv = AjvModule.default;
import {
  ConfigValidationError,
  REDACTED,
  createValidator,
  problemsOf,
  problemKeysOf,
  type CompiledValidator,
} from "../src/index.js";
import { describeValue } from "../src/problems.js";

// A real ajv validator, compiled here, stands in for a precompiled one: same function, same errors.
const ajv = new Ajv({ allErrors: true, discriminator: true });
const compiled = ajv.compile({
  type: "object",
  additionalProperties: false,
  required: ["host", "port", "password"],
  properties: {
    host: { type: "string", minLength: 1 },
    port: { type: "integer", maximum: 65535 },
    password: { type: "string", minLength: 8 },
    mode: { enum: ["a", "b"] },
    kind: { const: "k" },
  },
}) as unknown as CompiledValidator;

interface Config {
  host: string;
  port: number;
  password: string;
}
const v = createValidator<Config>("demo", compiled, ["/password"]);

describe("createValidator", () => {
  it("accepts a valid config and narrows it", () => {
    const input: unknown = { host: "h", port: 1, password: "longenough" };
    expect(v.validate(input)).toBe(true);
    expect(v.parse(input).port).toBe(1);
    expect(v.problems(input)).toEqual([]);
  });

  it("lists every problem with its pointer, never a secret", () => {
    const found = v.problems({
      host: "",
      port: 70000,
      password: "short",
      extra: 1,
      mode: "c",
      kind: "x",
    });
    expect(found).toEqual([
      { pointer: "/extra", keyword: "additionalProperties", message: "is not a known property" },
      {
        pointer: "/host",
        keyword: "minLength",
        message: 'must NOT have fewer than 1 characters (received "")',
      },
      { pointer: "/port", keyword: "maximum", message: "must be <= 65535 (received 70000)" },
      {
        pointer: "/password",
        keyword: "minLength",
        message: `must NOT have fewer than 8 characters (received ${REDACTED})`,
      },
      { pointer: "/mode", keyword: "enum", message: 'must be one of: "a", "b" (received "c")' },
      { pointer: "/kind", keyword: "const", message: 'must be "k" (received "x")' },
    ]);
    expect(JSON.stringify(found)).not.toContain("short");
  });

  it("reports a missing property where it belongs", () => {
    expect(v.problems({ host: "h", port: 1 })).toEqual([
      { pointer: "/password", keyword: "required", message: "is required" },
    ]);
  });

  it("throws ConfigValidationError listing the problems", () => {
    let error: unknown;
    try {
      v.parse({ host: "h", port: "x", password: "secret-value" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    const e = error as ConfigValidationError;
    expect(e.connector).toBe("demo");
    expect(e.message).toBe(
      'Invalid demo config (1 problem):\n  /port: must be integer (received "x")',
    );
    expect(e.message).not.toContain("secret-value");
  });

  it("redacts a config for logging", () => {
    expect(v.redact({ host: "h", password: "p" })).toEqual({ host: "h", password: REDACTED });
  });
});

describe("problemsOf", () => {
  it("drops repeated errors", () => {
    const e = {
      instancePath: "/a",
      schemaPath: "#/x",
      keyword: "type",
      params: {},
      message: "must be string",
    };
    expect(problemsOf([e, e], { a: 1 }, [])).toHaveLength(1);
  });
  it("redacts a value that holds a secret below it", () => {
    const e = {
      instancePath: "/ssl",
      schemaPath: "#/x",
      keyword: "type",
      params: {},
      message: "must be object",
    };
    expect(problemsOf([e], { ssl: "key-material" }, ["/ssl/key"])[0].message).toBe(
      `must be object (received ${REDACTED})`,
    );
  });
});

describe("problemKeysOf", () => {
  const error = (
    instancePath: string,
    keyword: string,
    params: Record<string, unknown> = {},
    message?: string,
  ) => ({ instancePath, schemaPath: "#/x", keyword, params, message });
  // Repeats that problemsOf drops and near-repeats it keeps: the same pointer and keyword with
  // another message (two oneOf branches), enum and const values, a discriminator's two messages.
  const errors = [
    error("/a", "type", {}, "must be string"),
    error("/a", "type", {}, "must be string"),
    error("/a", "type", {}, "must be object"),
    error("", "required", { missingProperty: "host" }, "x"),
    error("", "required", { missingProperty: "host" }, "y"),
    error("", "required", { missingProperty: "a/b~c" }),
    error("", "additionalProperties", { additionalProperty: "extra" }),
    error("/mode", "enum", { allowedValues: ["a", "b"] }),
    error("/mode", "enum", { allowedValues: ["a", "b"] }),
    error("/mode", "enum", { allowedValues: ["a"] }),
    error("/kind", "const", { allowedValue: 1 }),
    error("/kind", "const", { allowedValue: "1" }),
    error("/auth", "discriminator", { tag: "type", error: "mapping" }),
    error("/auth", "discriminator", { tag: "type", error: "tag" }),
    error("/auth", "discriminator", { tag: "type", error: "mapping" }),
    error("/n", "minimum", { limit: 1 }),
  ];
  const data = { a: 1, mode: "c", kind: 2, auth: { type: 3 }, n: 0, extra: true };

  it("gives the pointer and keyword of every problem problemsOf reports, in its order, repeats dropped alike", () => {
    const problems = problemsOf(errors, data, ["/auth"]);
    const keys = problemKeysOf(errors);
    expect(keys).toEqual(problems.map(({ pointer, keyword }) => ({ pointer, keyword })));
    expect(keys).toHaveLength(12);
    expect(keys).toContainEqual({ pointer: "/a~1b~0c", keyword: "required" });
    expect(problemKeysOf(null)).toEqual([]);
  });
});

describe("describeValue", () => {
  it.each([
    [undefined, "nothing"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "Infinity"],
    ["\u001b[31mred", '"\\u001b[31mred"'],
    ["x".repeat(100), `"${"x".repeat(56)}...`],
  ])("%j → %s", (value, want) => {
    expect(describeValue(value)).toBe(want);
  });
});
