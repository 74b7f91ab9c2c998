import { describe, expect, it } from "vitest";
import type { JsonObject } from "@onespec/core";
import { sample, type SampleOptions } from "../src/sample.js";
import { SampleMemo } from "../src/sample-memo.js";

// The memo must never change what sample() returns: each call below is made twice, once sharing
// a memo with the calls before it and once alone, and both must agree (value and branches taken).

const auth: JsonObject = {
  oneOf: [
    {
      title: "Basic",
      type: "object",
      properties: { type: { const: "basic" }, user: { type: "string" } },
      required: ["type", "user"],
    },
    {
      title: "Token",
      type: "object",
      properties: {
        type: { const: "token" },
        token: { type: "string", pattern: "^[a-f0-9]{8}$" },
        scopes: { type: "array", items: { enum: ["read", "write"] }, uniqueItems: true },
      },
      required: ["type", "token"],
    },
  ],
};

const schema: JsonObject = {
  type: "object",
  properties: {
    host: { type: "string", format: "hostname" },
    port: { type: "integer", minimum: 1, maximum: 65535, default: 5432 },
    auth,
    // The first branch has no value: finding one spends the search budget.
    retries: {
      anyOf: [
        { type: "string", minLength: 2, maxLength: 1 },
        { type: "integer", minimum: 3 },
      ],
    },
    tags: { type: "object", properties: { team: { type: "string" } } },
  },
  required: ["host", "auth", "retries"],
};

type Call = Pick<SampleOptions, "full" | "choices" | "force" | "budget">;

const calls: Call[] = [
  { full: false, choices: new Map(), force: new Set() },
  { full: true, choices: new Map(), force: new Set() },
  { full: true, choices: new Map([["/auth", 1]]), force: new Set() },
  { full: false, choices: new Map([["/auth", 1]]), force: new Set(["/auth"]) },
  { full: false, choices: new Map([["/auth", 0]]), force: new Set(["/tags"]) },
  // No budget left: `retries` has no value unless its first try succeeds.
  { full: true, choices: new Map(), force: new Set(), budget: { left: 0 } },
];

function run(call: Call, memo?: SampleMemo) {
  const taken = new Map<string, number>();
  const budget = call.budget && { ...call.budget };
  const value = sample(schema, schema, "", { ...call, budget, taken, ...(memo ? { memo } : {}) });
  return { value, taken: [...taken].sort() };
}

describe("sample memo", () => {
  it("gives every call what it gives without the memo", () => {
    const memo = new SampleMemo();
    for (const call of calls) expect(run(call, memo)).toEqual(run(call));
  });

  it("reuses a value found before for the same node, path and options", () => {
    const memo = new SampleMemo();
    const first = run(calls[1], memo).value as JsonObject;
    const again = run(calls[1], memo).value as JsonObject;
    expect(again).not.toBe(first);
    // Only the root is built again; what is below it was looked up.
    expect(again.auth).toBe(first.auth);
    expect(run(calls[1]).value).not.toBe(first);
  });

  it("sets the branches taken by a reused value again", () => {
    const memo = new SampleMemo();
    const first = run(calls[0], memo);
    const again = run(calls[0], memo);
    expect((again.value as JsonObject).auth).toBe((first.value as JsonObject).auth);
    expect(again.taken).toContainEqual(["/auth", 0]);
  });

  it("does not reuse a value whose search spent budget", () => {
    const memo = new SampleMemo();
    expect(run(calls[1], memo).value).toHaveProperty("retries", 3);
    expect(run(calls[5], memo).value).toBeUndefined();
  });
});

// fixturesFor skips sampling a config when a trace shows it would come out as one it has: these
// check the trace against sampling both configs for real.
describe("sample trace", () => {
  function traced(call: Call, memo = new SampleMemo()) {
    memo.beginTrace();
    const result = run(call, memo);
    return { ...result, trace: memo.endTrace() };
  }
  const minimal: Call = { full: false, choices: new Map(), force: new Set() };

  it("tells where the first branch won, so that naming it changes nothing", () => {
    const { value, trace } = traced(minimal);
    expect(trace.read.get("/auth")).toBe(true);
    expect(run({ ...minimal, choices: new Map([["/auth", 0]]) }).value).toEqual(value);
    // The first branch of `retries` has no value: naming it leaves the config without one.
    expect(trace.read.get("/retries")).toBe(false);
    expect(run({ ...minimal, choices: new Map([["/retries", 0]]) }).value).toBeUndefined();
  });

  it("tells what a reused value read, as when it was first found", () => {
    const memo = new SampleMemo();
    const first = traced(minimal, memo);
    const again = traced(minimal, memo);
    expect((again.value as JsonObject).auth).toBe((first.value as JsonObject).auth);
    expect(again.trace).toEqual(first.trace);
  });

  it("tells which optional properties were left out, and whether forcing one added it", () => {
    const { value, trace } = traced(minimal);
    expect(value).not.toHaveProperty("tags");
    expect(trace.skipped.has("/tags")).toBe(true);
    expect(trace.skipped.has("/auth")).toBe(false);
    expect(trace.forced).toBe(false);
    const forcedTags = traced({ ...minimal, force: new Set(["/tags/team"]) });
    expect(forcedTags.trace.forced).toBe(true);
    expect(forcedTags.value).toHaveProperty("tags");
    // `auth` is required: forcing it changes nothing.
    const choices = new Map([["/auth", 1]]);
    const forcedAuth = traced({ ...minimal, choices, force: new Set(["/auth"]) });
    expect(forcedAuth.trace.forced).toBe(false);
    expect(run({ ...minimal, choices }).value).toEqual(forcedAuth.value);
  });
});
