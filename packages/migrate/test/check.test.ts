import { afterAll, describe, expect, it } from "vitest";
import { checkMigrations, loadMigrations } from "../src/index.js";
import { acme, cleanup, load } from "./tree.js";

afterAll(cleanup);

const V1 = {
  type: "object",
  additionalProperties: false,
  required: ["host", "user"],
  properties: {
    host: { type: "string", minLength: 1 },
    user: { type: "string" },
    password: { type: "string", secret: true },
    sslmode: { enum: ["disable", "allow", "require"] },
  },
};

const V2 = {
  type: "object",
  additionalProperties: false,
  required: ["host", "username"],
  properties: {
    host: { type: "string", minLength: 1 },
    username: { type: "string" },
    credentials: {
      oneOf: [
        {
          type: "object",
          additionalProperties: false,
          required: ["method", "password"],
          properties: { method: { const: "password" }, password: { type: "string", secret: true } },
        },
        {
          type: "object",
          additionalProperties: false,
          required: ["method"],
          properties: { method: { const: "none" } },
        },
      ],
    },
    sslmode: { enum: ["disable", "require"] },
  },
};

const STEPS = [
  { op: "rename", from: "/user", to: "/username" },
  {
    op: "wrap",
    path: "/credentials",
    fields: ["password"],
    discriminator: { property: "method", value: "password" },
  },
  { op: "map", path: "/sslmode", values: { allow: "require" } },
];

async function check(v2: object, migrations: Record<string, unknown>) {
  const before = await load(acme(V1, "1.0.0"));
  const after = await load(acme(v2, "2.0.0", migrations));
  const { migrations: chain, diagnostics } = await loadMigrations(after.connectors[0]);
  expect(diagnostics).toEqual([]);
  return checkMigrations(before, after, "acme", chain)!;
}

describe("checkMigrations", () => {
  it("a rename, auth wrapped into a oneOf branch and a narrowed enum mapped: every old config migrates", async () => {
    const result = await check(V2, { "migrations/1.0.0-2.0.0.json": { steps: STEPS } });
    expect(result).toMatchObject({
      from: "1.0.0",
      to: "2.0.0",
      chain: ["1.0.0-2.0.0"],
      failures: [],
    });
    expect(result.configs).toBeGreaterThan(10);
    expect(result.handled).toBe(true);
  });

  it("without the enum's map, the configs that used the removed value fail, located", async () => {
    const result = await check(V2, { "migrations/1.0.0-2.0.0.json": { steps: STEPS.slice(0, 2) } });
    expect(result.handled).toBe(false);
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures[0]).toMatchObject({
      file: "connectors/acme/migrations/1.0.0-2.0.0.json",
      message: expect.stringMatching(
        /^the migrated config is not valid under 2\.0\.0: \/sslmode must be equal/,
      ),
    });
  });

  it("a property the migration leaves behind under additionalProperties: false is named", async () => {
    // The rename is misspelt: /user moves to /usernme, which 2.0.0 does not have.
    const steps = [{ op: "rename", from: "/user", to: "/usernme" }, ...STEPS.slice(1)];
    const result = await check(V2, { "migrations/1.0.0-2.0.0.json": { steps } });
    expect(result.handled).toBe(false);
    expect(result.failures[0]?.message).toMatch(
      /^the migrated config is not valid under 2\.0\.0: .*\/usernme is not a known property/,
    );
  });

  it("no migration: not handled, nothing tried", async () => {
    const result = await check(V2, {});
    expect(result).toMatchObject({ chain: [], configs: 0, handled: false });
  });

  it("a secret moved to where the new schema has none is a failure on the step", async () => {
    const unmarked = structuredClone(V2);
    delete (unmarked.properties.credentials.oneOf[0].properties.password as { secret?: boolean })
      .secret;
    const result = await check(unmarked, { "migrations/1.0.0-2.0.0.json": { steps: STEPS } });
    expect(result.handled).toBe(false);
    expect(result.failures[0]).toMatchObject({
      pointer: "/steps/1",
      line: expect.any(Number),
      message: expect.stringMatching(/moves the secret \/password to \/credentials\/password/),
    });
  });

  it("a step that cannot apply names the config and the step", async () => {
    const result = await check(V2, {
      "migrations/1.0.0-2.0.0.json": {
        steps: [{ op: "rename", from: "/user", to: "/host" }, ...STEPS],
      },
    });
    expect(result.handled).toBe(false);
    expect(result.failures[0]).toMatchObject({
      config: "fixture minimal",
      pointer: "/steps/0",
      message: expect.stringMatching(/already set/),
    });
  });
});
