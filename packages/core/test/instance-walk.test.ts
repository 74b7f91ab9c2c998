import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  escapeToken,
  parsePointer,
  secretPaths,
  walkSchema,
  type JsonObject,
} from "../src/index.js";

describe("secretPaths", () => {
  const cases: [name: string, schema: JsonObject, want: unknown][] = [
    [
      "every spelling of secret",
      {
        type: "object",
        properties: {
          host: { type: "string" },
          password: { type: "string", secret: true },
          api_key: { type: "string", airbyte_secret: true },
          token: { type: "string", writeOnly: true },
          pin: { type: "string", format: "password" },
          masked: { type: "string", mask: true },
        },
      },
      ["/api_key", "/masked", "/password", "/pin", "/token"],
    ],
    [
      "false flags are not secrets",
      {
        type: "object",
        properties: {
          a: { secret: false },
          b: { airbyte_secret: false },
          c: { writeOnly: false },
          d: { format: "email" },
        },
      },
      [],
    ],
    [
      "inside oneOf branches (the path does not include the branch)",
      {
        type: "object",
        properties: {
          auth: {
            oneOf: [
              {
                properties: {
                  auth_type: { const: "basic" },
                  username: { type: "string" },
                  password: { type: "string", secret: true },
                },
              },
              {
                properties: {
                  auth_type: { const: "token" },
                  token: { type: "string", airbyte_secret: true },
                },
              },
              {
                properties: {
                  auth_type: { const: "key" },
                  password: { type: "string", writeOnly: true },
                },
              },
            ],
          },
        },
      },
      ["/auth/password", "/auth/token"],
    ],
    [
      "inside anyOf, allOf and if/then/else",
      {
        type: "object",
        allOf: [{ properties: { a: { secret: true } } }],
        anyOf: [{ properties: { b: { secret: true } } }],
        if: { properties: { mode: { const: "x" } } },
        then: { properties: { c: { secret: true } } },
        else: { properties: { d: { format: "password" } } },
      },
      ["/a", "/b", "/c", "/d"],
    ],
    [
      "array items: the item itself and fields of each item",
      {
        type: "object",
        properties: {
          tokens: { type: "array", items: { type: "string", secret: true } },
          accounts: {
            type: "array",
            items: {
              type: "object",
              properties: { name: { type: "string" }, key: { airbyte_secret: true } },
            },
          },
          tuple: {
            type: "array",
            items: [{ type: "string" }, { type: "string", writeOnly: true }],
          },
        },
      },
      ["/accounts/*/key", "/tokens/*", "/tuple/*"],
    ],
    [
      "additionalProperties and patternProperties",
      {
        type: "object",
        properties: {
          headers: { type: "object", additionalProperties: { type: "string", secret: true } },
          env: {
            type: "object",
            patternProperties: { "^SECRET_": { type: "string", secret: true } },
          },
        },
      },
      ["/env/*", "/headers/*"],
    ],
    [
      "property names with / and ~ are escaped",
      { type: "object", properties: { "a/b": { secret: true }, "c~d": { secret: true } } },
      ["/a~1b", "/c~0d"],
    ],
    [
      "through local references of a bundled schema",
      {
        type: "object",
        properties: {
          auth: { $ref: "#/definitions/Basic" },
          backup: { $ref: "#/definitions/Basic", title: "Backup" },
        },
        definitions: {
          Basic: {
            type: "object",
            properties: { user: { type: "string" }, password: { type: "string", secret: true } },
          },
        },
      },
      ["/auth/password", "/backup/password"],
    ],
    [
      "through recursion, to a bounded depth, without looping",
      {
        type: "object",
        properties: { tree: { $ref: "#/definitions/Node" } },
        definitions: {
          Node: {
            type: "object",
            properties: {
              key: { type: "string", secret: true },
              children: { type: "array", items: { $ref: "#/definitions/Node" } },
            },
          },
        },
      },
      // (how deep recursion is unrolled is a choice; these two levels must be there)
      expect.arrayContaining(["/tree/children/*/key", "/tree/key"]),
    ],
    ["a secret root is not a path", { type: "string", secret: true }, []],
  ];
  it.each(cases)("%s", (_name, schema, want) => {
    expect(secretPaths(schema)).toEqual(want);
  });
});

/**
 * The instance path a schema pointer applies to, computed independently of walkInstance:
 * properties/<name> → /<name>, items (and items/<i>), additionalProperties, patternProperties/<re> → /*,
 * composition keywords add nothing.
 */
function instancePathOf(pointer: string): string {
  const tokens = parsePointer(pointer);
  let out = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === "properties") out += "/" + escapeToken(tokens[++i]);
    else if (t === "patternProperties") {
      i++;
      out += "/*";
    } else if (t === "additionalProperties") out += "/*";
    else if (t === "items") {
      out += "/*";
      if (/^\d+$/.test(tokens[i + 1] ?? "")) i++;
    } else if (["oneOf", "anyOf", "allOf"].includes(t)) i++;
    else if (["if", "then", "else"].includes(t)) continue;
    else throw new Error(`unexpected keyword ${t} in ${pointer}`);
  }
  return out;
}

describe("secretPaths on the Airbyte corpus", () => {
  const dir = path.resolve(import.meta.dirname, "../../../tooling/test-fixtures/corpus/airbyte");
  const specs = readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f, JSON.parse(readFileSync(path.join(dir, f), "utf8")) as JsonObject] as const);

  it("finds every airbyte_secret field of every spec", () => {
    let withSecrets = 0;
    const mismatches: { file: string; want: string[]; got: string[] }[] = [];
    for (const [file, spec] of specs) {
      const want = new Set<string>();
      walkSchema(spec, ({ node, pointer }) => {
        if (node.airbyte_secret === true && pointer !== "") want.add(instancePathOf(pointer));
      });
      const got = secretPaths(spec);
      if (want.size > 0) withSecrets++;
      if (JSON.stringify(got) !== JSON.stringify([...want].sort()))
        mismatches.push({ file, want: [...want].sort(), got });
    }
    expect(mismatches).toEqual([]);
    expect(withSecrets).toBeGreaterThan(100);
  });
});
