/**
 * The scaffold offers exactly connector.json's vocabulary: its questions' choices are the enums
 * of the connector metadata schema, read here from the file itself, so the two cannot drift.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { REPO } from "./helpers.js";

/** Every question the prompts asked: its message and the values it offered. */
const asked: { message: string; choices: string[] }[] = [];
vi.mock("@inquirer/prompts", () => {
  const offer = async (q: { message: string; choices?: { value: string }[] }) => {
    const choices = (q.choices ?? []).map((c) => c.value);
    asked.push({ message: q.message, choices });
    return choices[0] ?? "";
  };
  return {
    select: offer,
    checkbox: async (q: { message: string; choices: { value: string }[] }) => [await offer(q)],
    input: async (q: { message: string }) =>
      q.message.startsWith("Documentation") ? "https://example.com" : "x",
    number: async () => undefined,
  };
});

const { ask } = await import("../src/scaffold/prompts.js");
const { currentName, answersProblems, defaultAuthTypes, CONNECTION_TYPES } =
  await import("../src/scaffold/answers.js");
const { TITLED_AUTH_KINDS, stepNames, connectionJson } = await import("../src/scaffold/schemas.js");

const schema = JSON.parse(
  readFileSync(path.join(REPO, "packages/core/src/meta/connector.schema.json"), "utf8"),
) as {
  properties: { serviceType: { enum: string[] }; capabilities: { items: { enum: string[] } } };
  definitions: { authKind: { enum: string[] } };
};

describe("the scaffold's vocabulary", () => {
  it("offers exactly the connector metadata schema's service types, capabilities and auth kinds", async () => {
    asked.length = 0;
    await ask({ name: "acme" }, [], false);
    const choices = (message: string) => asked.find((q) => q.message === message)?.choices;
    expect(choices("Service type:")).toEqual(schema.properties.serviceType.enum);
    expect(choices("Capabilities:")).toEqual(schema.properties.capabilities.items.enum);
    expect(choices("Auth types:")).toEqual(schema.definitions.authKind.enum);
    // Every auth kind has a title for the form, and nothing else does.
    expect(TITLED_AUTH_KINDS).toEqual(schema.definitions.authKind.enum);
  });

  it("references each auth kind's shared definition and tags its branch with the kind", () => {
    for (const kind of schema.definitions.authKind.enum) {
      const auth = (
        connectionJson({
          name: "acme",
          displayName: "Acme",
          serviceType: "API",
          connectionType: "rest",
          authTypes: [kind],
          capabilities: [],
          docsUrl: "https://example.com",
          apiEndpoints: [],
        }).properties as Record<string, { properties: Record<string, Record<string, string>> }>
      ).auth;
      expect(auth.properties.credentials.$ref).toBe(`../../definitions/${kind}.json`);
      expect(auth.properties.auth_type.const).toBe(kind.replace(/-/g, "_"));
    }
  });

  it("defaults to auth kinds of the vocabulary", () => {
    for (const t of CONNECTION_TYPES)
      for (const kind of defaultAuthTypes(t))
        expect(schema.definitions.authKind.enum).toContain(kind);
  });

  it("gives every service type but Other steps beyond CheckAccess", () => {
    for (const t of schema.properties.serviceType.enum)
      expect(stepNames(t).length > 1, t).toBe(t !== "Other");
  });

  it.each([
    ["service-type", "database", "Database", "--service-type database is now called Database"],
    ["service-type", "mlmodel", "MlModel", "--service-type mlmodel is now called MlModel"],
    ["service-type", "API", "API", undefined],
    ["auth-types", "basic", "basic-auth", "--auth-types basic is now called basic-auth"],
    ["auth-types", "token", "bearer-token", "--auth-types token is now called bearer-token"],
    [
      "auth-types",
      "oauth2",
      "oauth2-client-credentials",
      "--auth-types oauth2 is now called oauth2-client-credentials",
    ],
    ["auth-types", "iam", "aws-iam", "--auth-types iam is now called aws-iam"],
    ["auth-types", "key-pair", "key-pair", undefined],
    ["auth-types", "kerberos", "kerberos", undefined],
    ["capabilities", "profiler", "profiling", "--capabilities profiler is now called profiling"],
    ["capabilities", "lineage", "lineage", undefined],
  ] as const)("--%s %s is taken as %s", (flag, value, taken, warning) => {
    const warnings: string[] = [];
    expect(currentName(flag, value, (m) => warnings.push(m))).toBe(taken);
    expect(warnings).toEqual(warning ? [`${warning}; using ${taken}.`] : []);
  });

  it("rejects a name outside the vocabulary, listing the vocabulary", () => {
    const problems = answersProblems(
      {
        name: "acme",
        displayName: "Acme",
        serviceType: "Spreadsheet",
        connectionType: "rest",
        authTypes: ["kerberos"],
        capabilities: ["profiler"],
        docsUrl: "https://example.com",
        apiEndpoints: [],
      },
      [],
      false,
    );
    expect(problems).toEqual([
      `service-type: must be one of ${schema.properties.serviceType.enum.join(", ")}`,
      `auth-types: "kerberos" is not one of ${schema.definitions.authKind.enum.join(", ")}`,
      `capabilities: "profiler" is not one of ${schema.properties.capabilities.items.enum.join(", ")}`,
    ]);
  });
});
