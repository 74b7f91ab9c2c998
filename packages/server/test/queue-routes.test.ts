/**
 * The run queue's routes over real HTTP, with the queue replaced by an in-memory view (the
 * queue itself is tested on PostgreSQL in packages/queue and packages/cli/test/fleet.test.ts):
 * schedules with their last runs, a connection's runs, add, remove, pause and resume, and 404s
 * that say what to do when serve has no queue.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type {
  CreateScheduleRequest,
  QueuedRun,
  ScheduleWithRuns,
} from "@onespec/runtime/serve-api";
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

function memoryQueue(): RunQueueView & {
  asked: [string | undefined, number][];
  added: CreateScheduleRequest[];
} {
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
  const added: CreateScheduleRequest[] = [];
  return {
    asked,
    added,
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
    // The real view parses the cron expression (packages/queue); here: five fields or refused.
    addSchedule: async (input) => {
      if (input.cron.split(" ").length !== 5)
        return { refused: "cron", message: `"${input.cron}" is not a cron expression` };
      if (schedules.some((s) => s.name === input.name))
        return { refused: "name", message: `a schedule named "${input.name}" exists already` };
      added.push(input);
      const schedule = {
        name: input.name,
        workflow: `saved:/store.db#${input.connectionId}`,
        cron: input.cron,
        timezone: "UTC",
        paused: false,
        lastFiredAt: "2026-12-07T02:00:00.000Z",
      };
      schedules.push(schedule);
      return { schedule: { ...schedule, lastRuns: [] } };
    },
    removeSchedule: async (name) => {
      const i = schedules.findIndex((s) => s.name === name);
      if (i >= 0) schedules.splice(i, 1);
      return i >= 0;
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

async function call(
  base: string,
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(base + url, {
    method,
    headers: { ...headers, ...(body !== undefined && { "content-type": "application/json" }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: response.status === 204 ? null : await response.json() };
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

describe("adding and removing schedules in serve", () => {
  let base: string;
  let connectionId: string;
  const queue = memoryQueue();
  beforeAll(async () => {
    base = await serve(queue);
    connectionId = stores.at(-1)!.create("sqlite", "retail", { database_path: "/r.db" }, []).id;
  });

  it("adds a schedule of a saved connection, which then lists; removes it", async () => {
    const r = await call(base, "POST", "/api/schedules", {
      name: "retail-hourly",
      connectionId,
      cron: "0 * * * *",
    });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ name: "retail-hourly", cron: "0 * * * *", lastRuns: [] });
    expect(queue.added).toEqual([{ name: "retail-hourly", connectionId, cron: "0 * * * *" }]);
    const names = (await call(base, "GET", "/api/schedules")).json.map(
      (s: { name: string }) => s.name,
    );
    expect(names).toEqual(["nightly", "retail-hourly"]);
    expect(await call(base, "DELETE", "/api/schedules/retail-hourly")).toEqual({
      status: 204,
      json: null,
    });
    expect(await call(base, "DELETE", "/api/schedules/retail-hourly")).toEqual({
      status: 404,
      json: { error: "unknown schedule" },
    });
    expect((await call(base, "GET", "/api/schedules")).json).toHaveLength(1);
  });

  it("refuses an unknown connection, a bad cron expression and a name taken, located", async () => {
    const add = (body: object) => call(base, "POST", "/api/schedules", body);
    expect(await add({ name: "x", connectionId: "nope", cron: "0 * * * *" })).toEqual({
      status: 422,
      json: {
        error: "invalid schedule",
        problems: [
          { pointer: "/connectionId", message: "there is no saved connection with this id" },
        ],
      },
    });
    expect(await add({ name: "x", connectionId, cron: "every hour" })).toEqual({
      status: 422,
      json: {
        error: "invalid schedule",
        problems: [{ pointer: "/cron", message: '"every hour" is not a cron expression' }],
      },
    });
    expect(await add({ name: "nightly", connectionId, cron: "0 * * * *" })).toEqual({
      status: 409,
      json: { error: 'a schedule named "nightly" exists already' },
    });
    for (const body of [
      { name: "../x", connectionId, cron: "0 * * * *" },
      { name: "x", cron: "0 * * * *" },
      { name: "", connectionId, cron: "0 * * * *" },
    ])
      expect((await add(body)).status, JSON.stringify(body)).toBe(400);
    expect(queue.added).toHaveLength(1); // only the first test's
  });

  it("refuses adding or removing from a foreign origin", async () => {
    const evil = { origin: "http://evil.example" };
    const body = { name: "evil", connectionId, cron: "0 * * * *" };
    expect((await call(base, "POST", "/api/schedules", body, evil)).status).toBe(403);
    expect((await call(base, "DELETE", "/api/schedules/nightly", undefined, evil)).status).toBe(
      403,
    );
    expect(
      (await call(base, "GET", "/api/schedules")).json.map((s: { name: string }) => s.name),
    ).toEqual(["nightly"]);
  });
});

describe("serve without a run queue", () => {
  it("answers 404 saying how to start serve with one", async () => {
    const base = await serve();
    for (const [method, url] of [
      ["GET", "/api/schedules"],
      ["GET", "/api/runs"],
      ["POST", "/api/schedules/nightly/pause"],
      ["DELETE", "/api/schedules/nightly"],
    ] as const) {
      const r = await call(base, method, url);
      expect(r.status, url).toBe(404);
      expect(r.json.error).toMatch(/start it with --database <postgres url>/);
    }
  });
});
