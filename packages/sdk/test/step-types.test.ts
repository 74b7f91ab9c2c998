/**
 * The declared test-connection steps fix the set of step implementations: a missing or an extra
 * one is a compile error. `tsc -p .` covers this file, so each `@ts-expect-error` below must
 * sit on a real error (an unused one fails the typecheck).
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { defineConnector, testConnection, type StepFn } from "../src/index.js";
import { fakeMetadata, fakeSteps, parseFakeConfig, type FakeConfig } from "./fake-connector.js";

const pass = async (): Promise<string> => "ok";

/** Everything but `testSteps`, with the fake's `as const` steps. */
const base = {
  metadata: fakeMetadata,
  steps: fakeSteps,
  parse: parseFakeConfig,
  secretPaths: ["/password"],
  connect: async (_config: FakeConfig) => ({ open: true }),
  close: async (_session: { open: boolean }) => {},
  discover: async () => [],
  read: async function* () {},
};

describe("step typing", () => {
  it("infers the step names from the declared steps", () => {
    const connector = defineConnector({
      ...base,
      testSteps: { CheckAccess: pass, ListTables: pass, ListViews: pass },
    });
    expectTypeOf<keyof typeof connector.testSteps>().toEqualTypeOf<
      "CheckAccess" | "ListTables" | "ListViews"
    >();
    expectTypeOf(connector.testSteps.CheckAccess).toEqualTypeOf<
      StepFn<FakeConfig, { open: boolean }>
    >();
    // defineConnector is the identity at run time.
    const definition = {
      ...base,
      testSteps: { CheckAccess: pass, ListTables: pass, ListViews: pass },
    };
    expect(defineConnector(definition)).toBe(definition);
  });

  it("rejects a missing step implementation at compile time (and reports it at run time)", async () => {
    const connector = defineConnector({
      ...base,
      // @ts-expect-error -- ListViews is declared in the steps but not implemented
      testSteps: { CheckAccess: pass, ListTables: pass },
    });
    const result = await testConnection(connector, { host: "h", password: "p" });
    expect(result.steps[2]).toMatchObject({
      name: "ListViews",
      status: "failed",
      message: `no implementation for step ListViews. ${fakeSteps[2].errorMessage}`,
    });
    // ListViews is optional.
    expect(result.ok).toBe(true);
  });

  it("rejects an implementation of an undeclared step at compile time", () => {
    const connector = defineConnector({
      ...base,
      testSteps: {
        CheckAccess: pass,
        ListTables: pass,
        ListViews: pass,
        // @ts-expect-error -- ListSchemas is not a declared step
        ListSchemas: pass,
      },
    });
    expect(Object.keys(connector.testSteps)).toHaveLength(4);
  });

  it("rejects a misspelt step name at compile time", () => {
    const connector = defineConnector({
      ...base,
      testSteps: {
        CheckAccess: pass,
        ListViews: pass,
        // @ts-expect-error -- ListTable is not ListTables
        ListTable: pass,
      },
    });
    expect(connector.steps.map((s) => s.name)).toEqual(["CheckAccess", "ListTables", "ListViews"]);
  });
});
