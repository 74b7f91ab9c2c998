/**
 * The run queue's routes over real HTTP, with the queue replaced by an in-memory view (the
 * queue itself is tested on PostgreSQL in packages/queue and packages/cli/test/fleet.test.ts):
 * schedules with their last runs, a connection's runs, pause and resume, and 404s that say
 * what to do when serve has no queue.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { QueuedRun, ScheduleWithRuns } from "@onespec/runtime/serve-api";
import { ConnectionStore, buildApp, type RunQueueView } from "../src/index.js";
import { catalog } from "./catalog.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-queue-routes-"));
const stores: ConnectionStore[] = [];
const apps: ReturnType<typeof buildApp>[] = [];
afterAll(async () => {
  for (const app of apps) await app.close();
  for (const store of stores) store.close();
  rmSync(tmp, { recursive: true, force: true });
});

const run = (connection: string, attempt: number, status: QueuedRun["status"]): QueuedRun => ({
  id: `${connection}-${attempt}`,
  connection,
  schedule: "nightly",
  attempt,
  worker: "host:1",
  status,
  startedAt: "2026-12-07T02:00:00.000Z",
  finishedAt: "2026-12-07T02:00:03.000Z",
  durationMs: 3000,
  counts: { read: 5, created: 5, updated: 0, unchanged: 0, deleted: 0, failed: 0 },
  errorKind: status === "ok" ? null : "connection",
  errorMessage: null,
});

function memoryQueue(): RunQueueView & { asked: [string | undefined, number][] } {
  const runs = [run("/flows/a.yaml", 2, "ok"), run("/flows/a.yaml", 1, "lost")];
  const schedules: Omit<ScheduleWithRuns, "lastRuns">[] = [
    {
      name: "nightly",
      workflow: "/flows/a.yaml",
      cron: "0 2 * * *",
      timezone: "UTC",
      paused: false,
      lastFiredAt: "2026-12-07T02:00:00.000Z",
    },
  ];
  const asked: [string | undefined, number][] = [];
  return {
    asked,
    schedules: async () =>
      schedules.map((s) => ({ ...s, lastRuns: runs.filter((r) => r.connection === s.workflow) })),
    runs: async (connection, limit) => {
      asked.push([connection, limit]);
      return runs.filter((r) => connection === undefined || r.connection === connection);
    },
    setPaused: async (name, paused) => {
      const s = schedules.find((x) => x.name === name);
      if (s) s.paused = paused;
      return s !== undefined;
    },
  };
}

async function serve(queue?: RunQueueView): Promise<string> {
  const store = new ConnectionStore(path.join(tmp, `c-${stores.length}.db`));
  stores.push(store);
  const app = buildApp({ catalog, store, ...(queue && { queue }) });
  apps.push(app);
  return app.listen({ host: "127.0.0.1", port: 0 });
}

async function call(base: string, method: string, url: string) {
  const response = await fetch(base + url, { method });
  return { status: response.status, json: await response.json() };
}

describe("serve with a run queue", () => {
  let base: string;
  const queue = memoryQueue();
  beforeAll(async () => {
    base = await serve(queue);
  });

  it("lists schedules with their connection's last runs", async () => {
    const r = await call(base, "GET", "/api/schedules");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject([
      {
        name: "nightly",
        paused: false,
        lastRuns: [
          { attempt: 2, status: "ok" },
          { attempt: 1, status: "lost" },
        ],
      },
    ]);
  });

  it("lists a connection's runs, with a limit; refuses a bad limit", async () => {
    const r = await call(base, "GET", "/api/runs?connection=%2Fflows%2Fa.yaml&limit=5");
    expect(r.status).toBe(200);
    expect(r.json).toHaveLength(2);
    expect(queue.asked.at(-1)).toEqual(["/flows/a.yaml", 5]);
    await call(base, "GET", "/api/runs");
    expect(queue.asked.at(-1)).toEqual([undefined, 50]);
    expect((await call(base, "GET", "/api/runs?limit=0")).status).toBe(400);
  });

  it("pauses and resumes a schedule; an unknown one is 404", async () => {
    expect(await call(base, "POST", "/api/schedules/nightly/pause")).toEqual({
      status: 200,
      json: { name: "nightly", paused: true },
    });
    expect((await call(base, "GET", "/api/schedules")).json[0].paused).toBe(true);
    expect((await call(base, "POST", "/api/schedules/nightly/resume")).json.paused).toBe(false);
    expect(await call(base, "POST", "/api/schedules/nope/pause")).toEqual({
      status: 404,
      json: { error: "unknown schedule" },
    });
  });
});

describe("serve without a run queue", () => {
  it("answers 404 saying how to start serve with one", async () => {
    const base = await serve();
    for (const [method, url] of [
      ["GET", "/api/schedules"],
      ["GET", "/api/runs"],
      ["POST", "/api/schedules/nightly/pause"],
    ] as const) {
      const r = await call(base, method, url);
      expect(r.status, url).toBe(404);
      expect(r.json.error).toMatch(/start it with --database <postgres url>/);
    }
  });
});
