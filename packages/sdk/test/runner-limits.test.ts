/** The runner's rate limit and batch timeout, with a minimal connector whose reads we control. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineConnector, jsonlSink, runSync, type Batch, type RunContext } from "../src/index.js";

const steps = [
  { name: "CheckAccess", description: "", mandatory: true, shortCircuit: true, errorMessage: "" },
] as const;

/** Yields `pages` batches of one table each; `slow(call, page)` says how long a page takes. */
function connector(
  pages: number,
  slow: (call: number, page: number) => number,
  seen: { ctx?: RunContext; calls: number },
) {
  return defineConnector({
    metadata: {
      name: "paced",
      displayName: "Paced",
      description: "",
      serviceType: "Database",
      capabilities: [],
      version: "0",
    },
    steps,
    parse: (input: unknown) => input as Record<string, never>,
    secretPaths: [],
    connect: async () => ({}),
    close: async () => undefined,
    testSteps: { CheckAccess: async () => undefined },
    discover: async () => [{ name: "tables", entityType: "table" as const, description: "" }],
    async *read(_s, _c, _stream, state, ctx): AsyncIterable<Batch> {
      seen.ctx = ctx;
      const call = ++seen.calls;
      const start = typeof state === "number" ? state : 0;
      for (let page = start; page < pages; page++) {
        const ms = slow(call, page);
        if (ms > 0) await sleep(ms);
        yield {
          records: [{ type: "table", fqn: `svc.db.s.t${page}`, name: `t${page}`, properties: {} }],
          state: page + 1,
        };
      }
    },
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "onespec-limits-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("batch timeout", () => {
  it("abandons a batch that takes too long and resumes the stream from its checkpoint", async () => {
    const seen = { calls: 0 };
    // The first read hangs on its third page; the retry starts from the checkpoint after page 2.
    const c = connector(5, (call, page) => (call === 1 && page === 2 ? 2_000 : 0), seen);
    const summary = await runSync({
      connector: c,
      config: {},
      service: "svc",
      sink: jsonlSink(dir),
      batchTimeoutMs: 50,
      retry: { baseDelayMs: 1, retries: 2 },
    });
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(seen.calls).toBe(2);
    expect(summary.entities.table).toMatchObject({ created: 5, read: 5 });
  });

  it("fails with a timeout error once the retries are used up", async () => {
    const seen = { calls: 0 };
    const c = connector(3, (_call, page) => (page === 1 ? 2_000 : 0), seen);
    const summary = await runSync({
      connector: c,
      config: {},
      service: "svc",
      sink: jsonlSink(dir),
      batchTimeoutMs: 30,
      retry: { baseDelayMs: 1, retries: 1 },
    });
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatchObject({ kind: "timeout" });
    expect(summary.error!.message).toMatch(
      /reading a batch of tables timed out after 30 ms \(gave up after 2 attempts\)/,
    );
  });
});

describe("rate limit", () => {
  it("takes one token per batch request, and hands the limiter to the connector", async () => {
    const seen: { ctx?: RunContext; calls: number } = { calls: 0 };
    let taken = 0;
    const limiter = { take: async () => void taken++ };
    const summary = await runSync({
      connector: connector(7, () => 0, seen),
      config: {},
      service: "svc",
      sink: jsonlSink(dir),
      limiter,
    });
    expect(summary.status).toBe("ok");
    // 7 batches plus the request that finds the stream finished.
    expect(taken).toBe(8);
    expect(seen.ctx?.limiter).toBe(limiter);
  });

  it("builds a token bucket from rateLimitPerSecond", async () => {
    const seen: { ctx?: RunContext; calls: number } = { calls: 0 };
    await runSync({
      connector: connector(1, () => 0, seen),
      config: {},
      service: "svc",
      sink: jsonlSink(dir),
      rateLimitPerSecond: 3,
    });
    expect(seen.ctx?.limiter).toMatchObject({ ratePerSecond: 3 });
  });
});
