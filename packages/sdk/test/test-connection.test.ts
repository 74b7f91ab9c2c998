import { describe, expect, it } from "vitest";
import { ConnectionError, SourceError, testConnection, type StepResult } from "../src/index.js";
import {
  createFakeConnector,
  fakeSteps,
  sampleConfig,
  type FakeConnector,
} from "./fake-connector.js";

/** Runs the fake's steps with its manual clock as `now`, recording onStep calls. */
async function run(fake: FakeConnector, config = sampleConfig) {
  const streamed: StepResult[] = [];
  const result = await testConnection(fake.connector, config, {
    now: () => fake.hooks.clock.now,
    onStep: (step) => streamed.push(step),
  });
  return { result, streamed };
}

const errorMessageOf = (name: string) => fakeSteps.find((s) => s.name === name)!.errorMessage;

describe("testConnection", () => {
  it("passes when every step passes, with exact durations, details and one session", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = {
      CheckAccess: { advance: 5 },
      ListTables: { advance: 7 },
      ListViews: { advance: 11 },
    };
    const { result, streamed } = await run(fake);
    expect(result).toEqual({
      connector: "fake",
      ok: true,
      durationMs: 23,
      steps: [
        {
          name: "CheckAccess",
          description: fakeSteps[0].description,
          mandatory: true,
          status: "passed",
          durationMs: 5,
          detail: "logged in to fake.local",
        },
        {
          name: "ListTables",
          description: fakeSteps[1].description,
          mandatory: true,
          status: "passed",
          durationMs: 7,
          detail: "5 tables",
        },
        {
          name: "ListViews",
          description: fakeSteps[2].description,
          mandatory: false,
          status: "passed",
          durationMs: 11,
          detail: "0 views",
        },
      ],
    });
    expect(streamed).toEqual(result.steps);
    expect(fake.stats.connects).toBe(1);
    expect(fake.stats.closes).toBe(1);
    // Opened lazily inside the first step, closed after the last.
    expect(fake.stats.events).toEqual([
      "step:CheckAccess",
      "connect",
      "step:ListTables",
      "step:ListViews",
      "close",
    ]);
  });

  it("measures durations with the real clock as non-negative numbers", async () => {
    const fake = createFakeConnector();
    const result = await testConnection(fake.connector, sampleConfig);
    expect(result.ok).toBe(true);
    for (const d of [result.durationMs, ...result.steps.map((s) => s.durationMs)]) {
      expect(typeof d).toBe("number");
      expect(Number.isFinite(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
    }
  });

  it("skips every later step when a mandatory shortCircuit step fails", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = { CheckAccess: { advance: 3 }, ListTables: { advance: 100 } };
    const { result, streamed } = await run(fake, { ...sampleConfig, password: "wrong" });
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "skipped", "skipped"]);
    const [check, tables, views] = result.steps;
    expect(check.durationMs).toBe(3);
    expect(check.message).toBe(
      `password authentication failed for user fake. ${errorMessageOf("CheckAccess")}`,
    );
    for (const skipped of [tables, views]) {
      expect(skipped.message).toBe("skipped because CheckAccess failed");
      expect(skipped.durationMs).toBe(0);
      expect(skipped.detail).toBeUndefined();
    }
    expect(result.durationMs).toBe(3);
    // The skipped steps never ran, and the session CheckAccess opened is still closed once.
    expect(fake.stats.events).toEqual(["step:CheckAccess", "connect", "close"]);
    expect(streamed.map((s) => [s.name, s.status])).toEqual([
      ["CheckAccess", "failed"],
      ["ListTables", "skipped"],
      ["ListViews", "skipped"],
    ]);
  });

  it("runs the later steps when a mandatory step without shortCircuit fails, but is not ok", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = {
      ListTables: {
        fail: new SourceError("permission denied for schema information_schema"),
        advance: 4,
      },
      ListViews: { advance: 2 },
    };
    const { result } = await run(fake);
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "failed", "passed"]);
    expect(result.steps[1].message).toBe(
      `permission denied for schema information_schema. ${errorMessageOf("ListTables")}`,
    );
    expect(result.steps[1].durationMs).toBe(4);
    expect(result.steps[2].message).toBeUndefined();
    expect(result.steps[2].durationMs).toBe(2);
    expect(fake.stats.events.filter((e) => e.startsWith("step:"))).toHaveLength(3);
    expect(fake.stats.closes).toBe(1);
  });

  it("is ok when only an optional step fails", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = { ListViews: { fail: new Error("views are hidden") } };
    const { result } = await run(fake);
    expect(result.ok).toBe(true);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed", "failed"]);
    expect(result.steps[2]).toMatchObject({
      name: "ListViews",
      mandatory: false,
      message: `views are hidden. ${errorMessageOf("ListViews")}`,
    });
  });

  it("opens the session once however many steps ask for it, and closes it once", async () => {
    const fake = createFakeConnector();
    const { result } = await run(fake);
    expect(result.ok).toBe(true);
    expect(fake.stats.connects).toBe(1);
    expect(fake.stats.closes).toBe(1);
  });

  it("does not open a session when no step asks for one", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = {
      CheckAccess: { useSession: false },
      ListTables: { useSession: false },
      ListViews: { useSession: false },
    };
    const { result } = await run(fake);
    expect(result.ok).toBe(true);
    expect(fake.stats.connects).toBe(0);
    expect(fake.stats.closes).toBe(0);
  });

  it("opens the session in the first step that needs it, not before", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = { CheckAccess: { useSession: false } };
    await run(fake);
    expect(fake.stats.events).toEqual([
      "step:CheckAccess",
      "step:ListTables",
      "connect",
      "step:ListViews",
      "close",
    ]);
  });

  it("fails the step that opens the session when connecting fails, and closes nothing", async () => {
    const fake = createFakeConnector();
    fake.hooks.connectError = new ConnectionError("connect ECONNREFUSED 127.0.0.1:5432");
    const { result } = await run(fake);
    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "skipped", "skipped"]);
    expect(result.steps[0].message).toBe(
      `connect ECONNREFUSED 127.0.0.1:5432. ${errorMessageOf("CheckAccess")}`,
    );
    expect(fake.stats.connects).toBe(1);
    expect(fake.stats.closes).toBe(0);
  });

  it("does not retry a failed connect in later steps", async () => {
    const fake = createFakeConnector();
    fake.hooks.connectError = new ConnectionError("connection refused");
    // CheckAccess does not need the session, so the two later steps both ask for it.
    fake.hooks.steps = { CheckAccess: { useSession: false } };
    const { result } = await run(fake);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "failed", "failed"]);
    expect(result.ok).toBe(false);
    expect(fake.stats.connects).toBe(1);
    expect(fake.stats.closes).toBe(0);
  });

  it("puts a failure on the failing step's declared fields unless the error names its own", async () => {
    const fake = createFakeConnector();
    const declared = {
      ...fake.connector,
      steps: fakeSteps.map((s) => ({
        ...s,
        fields: s.name === "CheckAccess" ? ["/host", "/password"] : ["/database"],
      })),
    };
    fake.hooks.steps = {
      ListTables: { fail: new SourceError("permission denied") },
      ListViews: { fail: new ConnectionError("no route", { fields: ["/host"] }) },
    };
    const result = await testConnection(declared, sampleConfig);
    expect(result.steps.map((s) => [s.status, s.fields])).toEqual([
      ["passed", undefined],
      // The error named nothing: the step's own fields.
      ["failed", ["/database"]],
      // The error's fields win over the step's.
      ["failed", ["/host"]],
    ]);
    // A plain Error (no kind) still lands on the declared fields.
    fake.hooks.steps = { CheckAccess: { fail: new Error("boom") } };
    const failed = await testConnection(declared, sampleConfig);
    expect(failed.steps[0]).toMatchObject({ status: "failed", fields: ["/host", "/password"] });
    expect(failed.steps[0].kind).toBeUndefined();
  });

  it("names no fields when neither the error nor the step does", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = { ListTables: { fail: new SourceError("permission denied") } };
    const { result } = await run(fake);
    expect(result.steps[1]).toMatchObject({ status: "failed", kind: "source" });
    expect(result.steps[1].fields).toBeUndefined();
  });

  it("calls onStep once per step, in order, with the reported results", async () => {
    const fake = createFakeConnector();
    fake.hooks.steps = { ListTables: { fail: new Error("boom") } };
    const { result, streamed } = await run(fake);
    expect(streamed.map((s) => s.name)).toEqual(["CheckAccess", "ListTables", "ListViews"]);
    expect(streamed).toHaveLength(result.steps.length);
    streamed.forEach((s, i) => expect(s).toBe(result.steps[i]));
  });
});
