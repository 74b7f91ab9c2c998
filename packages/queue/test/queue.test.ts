/**
 * The queue on a real PostgreSQL, with the run itself replaced by a function the test controls
 * (the real `onespec run` is proven by packages/cli/test/fleet.test.ts): one job per connection,
 * retries for transient kinds only, the attempt history, schedules that fire once per due time
 * and not while paused.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPostgres, type PostgresServer } from "@onespec/test-servers";
import {
  addSchedule,
  enqueueRun,
  fireSchedulesAt,
  listRuns,
  listSchedules,
  openRunQueueView,
  pauseSchedule,
  removeSchedule,
  resumeSchedule,
  startWorker,
  ScheduleError,
  type RunJob,
  type RunOutcome,
  type Worker,
} from "../src/index.js";
import { markLostAttempts } from "../src/runs.js";

let server: PostgresServer;
let databaseUrl: string;

beforeAll(async () => {
  server = await startPostgres({ name: "queue" });
  await server.createDatabase("queue");
  databaseUrl = `postgres://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/queue`;
}, 60_000);
afterAll(async () => server?.stop());

/** A run that finishes when the test says so, with the outcome the test gives. */
function controlledRuns() {
  const waiting = new Map<string, (outcome: RunOutcome) => void>();
  const started: string[] = [];
  let notify: (() => void) | undefined;
  const execute = (job: RunJob) =>
    new Promise<RunOutcome>((resolve) => {
      started.push(job.workflow!);
      waiting.set(job.workflow!, resolve);
      notify?.();
    });
  return {
    execute,
    started,
    /** Resolves once `n` runs have started in total. */
    async startedCount(n: number): Promise<void> {
      while (started.length < n) await new Promise<void>((r) => (notify = r));
    },
    finish(workflow: string, outcome: Partial<RunOutcome> = {}) {
      const resolve = waiting.get(workflow);
      if (!resolve) throw new Error(`${workflow} is not running`);
      waiting.delete(workflow);
      resolve({
        status: "ok",
        durationMs: 5,
        counts: { read: 3, created: 3, updated: 0, unchanged: 0, deleted: 0, failed: 0 },
        errorKind: null,
        errorMessage: null,
        ...outcome,
      });
    },
  };
}

async function until<T>(get: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("a worker", () => {
  let worker: Worker;
  const runs = controlledRuns();
  beforeAll(async () => {
    worker = await startWorker({
      databaseUrl,
      concurrency: 2,
      pollingIntervalSeconds: 0.5,
      log: () => {},
      execute: runs.execute,
    });
  }, 60_000);
  afterAll(async () => worker?.stop());

  it("holds one job per connection: a second enqueue while it runs adds nothing", async () => {
    const first = await enqueueRun({ databaseUrl, workflow: "/flows/a.yaml" });
    expect(first.queued).toBe(true);
    await runs.startedCount(1);
    // The attempt in progress is its job's current one: not lost.
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    expect(await markLostAttempts(pool)).toBe(0);
    await pool.end();
    expect((await listRuns({ databaseUrl, connection: "/flows/a.yaml" }))[0].status).toBe(
      "running",
    );
    const second = await enqueueRun({ databaseUrl, workflow: "/flows/a.yaml" });
    expect(second).toEqual({ queued: false, jobId: first.jobId, connection: "/flows/a.yaml" });
    runs.finish("/flows/a.yaml");
    const [run] = await until(
      () => listRuns({ databaseUrl, connection: "/flows/a.yaml" }),
      (r) => r[0]?.status === "ok",
    );
    expect(run).toMatchObject({ attempt: 1, status: "ok", counts: { read: 3 }, errorKind: null });
    expect(run.worker).toBe(worker.id);
    // Finished, so the connection takes a new run.
    expect((await enqueueRun({ databaseUrl, workflow: "/flows/a.yaml" })).queued).toBe(true);
    await runs.startedCount(2);
    runs.finish("/flows/a.yaml");
  }, 60_000);

  it("retries a transient failure and records each attempt; never a config failure", async () => {
    await enqueueRun({ databaseUrl, workflow: "/flows/net.yaml", retryDelaySeconds: 1 });
    await enqueueRun({ databaseUrl, workflow: "/flows/config.yaml", retryDelaySeconds: 1 });
    await until(
      async () => runs.started.filter((w) => w !== "/flows/a.yaml").length,
      (n) => n >= 2,
    );
    runs.finish("/flows/net.yaml", {
      status: "failed",
      errorKind: "connection",
      errorMessage: "connect ECONNREFUSED",
    });
    runs.finish("/flows/config.yaml", {
      status: "failed",
      errorKind: "config",
      errorMessage: "database_path does not exist",
    });
    await until(
      async () => runs.started.filter((w) => w === "/flows/net.yaml").length,
      (n) => n === 2,
    );
    runs.finish("/flows/net.yaml");
    const net = await until(
      () => listRuns({ databaseUrl, connection: "/flows/net.yaml" }),
      (r) => r[0]?.status === "ok",
    );
    expect(net.map((r) => [r.attempt, r.status, r.errorKind])).toEqual([
      [2, "ok", null],
      [1, "failed", "connection"],
    ]);
    const config = await listRuns({ databaseUrl, connection: "/flows/config.yaml" });
    expect(config.map((r) => [r.attempt, r.status, r.errorKind, r.errorMessage])).toEqual([
      [1, "failed", "config", "database_path does not exist"],
    ]);
    // Not retried: the connection has no job left, so a new run is accepted.
    expect((await enqueueRun({ databaseUrl, workflow: "/flows/config.yaml" })).queued).toBe(true);
    await until(
      async () => runs.started.filter((w) => w === "/flows/config.yaml").length,
      (n) => n === 2,
    );
    runs.finish("/flows/config.yaml");
  }, 60_000);
});

describe("stopping a worker", () => {
  it("lets the run in progress end and records it before disconnecting", async () => {
    const runs = controlledRuns();
    const worker = await startWorker({
      databaseUrl,
      pollingIntervalSeconds: 0.5,
      log: () => {},
      execute: runs.execute,
    });
    await enqueueRun({ databaseUrl, workflow: "/flows/stop.yaml" });
    await runs.startedCount(1);
    let stopped = false;
    const stopping = worker.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(stopped).toBe(false);
    runs.finish("/flows/stop.yaml");
    await stopping;
    const [run] = await listRuns({ databaseUrl, connection: "/flows/stop.yaml" });
    expect(run).toMatchObject({ status: "ok", attempt: 1 });
  }, 60_000);
});

describe("attempts of dead workers", () => {
  it("are marked lost once their job is no longer theirs, whatever became of the job", async () => {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
    try {
      // A running attempt whose job is gone (completed and archived, or failed for good) and one
      // whose job does not exist at all: both workers died.
      await pool.query(
        `INSERT INTO onespec_queue.runs (id, job_id, connection, attempt, worker, status)
         VALUES (gen_random_uuid(), gen_random_uuid(), '/flows/dead.yaml', 1, 'gone:1', 'running')`,
      );
      expect(await markLostAttempts(pool)).toBe(1);
      const { rows } = await pool.query(
        "SELECT status, error_kind FROM onespec_queue.runs WHERE connection = '/flows/dead.yaml'",
      );
      expect(rows).toEqual([{ status: "lost", error_kind: "lost" }]);
      // Nothing else was running, so nothing else changes.
      expect(await markLostAttempts(pool)).toBe(0);
    } finally {
      await pool.end();
    }
  });
});

describe("schedules", () => {
  it("fire once per due time, not while paused, not after removal", async () => {
    await addSchedule(databaseUrl, {
      name: "yearly",
      workflow: "/flows/s1.yaml",
      cron: "0 0 1 1 *",
    });
    await addSchedule(databaseUrl, {
      name: "paused",
      workflow: "/flows/s2.yaml",
      cron: "0 0 1 1 *",
    });
    await pauseSchedule(databaseUrl, "paused");
    await expect(
      addSchedule(databaseUrl, { name: "yearly", workflow: "/x.yaml", cron: "* * * * *" }),
    ).rejects.toThrow(/exists already/);
    await expect(
      addSchedule(databaseUrl, { name: "bad", workflow: "/x.yaml", cron: "every day" }),
    ).rejects.toThrow(ScheduleError);
    await expect(pauseSchedule(databaseUrl, "nope")).rejects.toThrow(/no schedule named "nope"/);

    const year = new Date().getUTCFullYear();
    // Not due yet: created after this year's 1 January.
    expect(await fireSchedulesAt(databaseUrl, new Date())).toEqual([]);
    const t1 = new Date(Date.UTC(year + 1, 0, 1, 0, 0, 30));
    const fired = await fireSchedulesAt(databaseUrl, t1);
    expect(fired.map((f) => f.name)).toEqual(["yearly"]);
    expect(fired[0].jobId).toMatch(/^[0-9a-f-]{36}$/);
    // The same due time again fires nothing.
    expect(await fireSchedulesAt(databaseUrl, t1)).toEqual([]);
    const listed = await listSchedules(databaseUrl);
    expect(listed.map((s) => [s.name, s.workflow, s.paused])).toEqual([
      ["paused", "/flows/s2.yaml", true],
      ["yearly", "/flows/s1.yaml", false],
    ]);
    expect(listed[1].lastFiredAt.toISOString()).toBe(`${year + 1}-01-01T00:00:00.000Z`);

    // Resumed, it does not fire the ticks it missed while paused, only later ones.
    await resumeSchedule(databaseUrl, "paused");
    await removeSchedule(databaseUrl, "yearly");
    const t2 = new Date(Date.UTC(year + 2, 0, 1, 0, 0, 30));
    expect((await fireSchedulesAt(databaseUrl, t2)).map((f) => f.name)).toEqual(["paused"]);
    expect((await listSchedules(databaseUrl)).map((s) => s.name)).toEqual(["paused"]);
  }, 60_000);

  it("as serve shows them: each schedule with its connection's last runs; pause and resume", async () => {
    const view = await openRunQueueView(databaseUrl, { lastRuns: 1 });
    try {
      await addSchedule(databaseUrl, { name: "a", workflow: "/flows/a.yaml", cron: "0 2 * * *" });
      const a = (await view.schedules()).find((s) => s.name === "a")!;
      expect(a).toMatchObject({ workflow: "/flows/a.yaml", cron: "0 2 * * *", paused: false });
      // /flows/a.yaml ran twice above; one (the newest) comes with the schedule.
      expect(a.lastRuns).toHaveLength(1);
      expect(a.lastRuns[0]).toMatchObject({ connection: "/flows/a.yaml", status: "ok" });
      expect(typeof a.lastRuns[0].startedAt).toBe("string");
      expect(await view.runs("/flows/a.yaml", 10)).toHaveLength(2);
      expect(await view.setPaused("a", true)).toBe(true);
      expect((await listSchedules(databaseUrl)).find((s) => s.name === "a")!.paused).toBe(true);
      expect(await view.setPaused("missing", true)).toBe(false);
    } finally {
      await view.close();
    }
  }, 60_000);

  it("as serve adds them: a saved connection of its store, its own catalog; refusals as data", async () => {
    const store = "/srv/onespec/connections.db";
    const view = await openRunQueueView(databaseUrl, { store });
    try {
      const added = await view.addSchedule({ name: "crm", connectionId: "c-1", cron: "0 3 * * *" });
      expect(added).toMatchObject({
        schedule: { name: "crm", workflow: "saved:/srv/onespec/connections.db#c-1", lastRuns: [] },
      });
      const stored = (await listSchedules(databaseUrl)).find((s) => s.name === "crm")!;
      expect(stored.saved).toEqual({
        store,
        id: "c-1",
        catalog: "/srv/onespec/catalog-c-1.db",
      });
      expect(
        await view.addSchedule({ name: "crm", connectionId: "c-2", cron: "0 3 * * *" }),
      ).toEqual({
        refused: "name",
        message: 'a schedule named "crm" exists already; remove it first',
      });
      const badCron = await view.addSchedule({
        name: "b",
        connectionId: "c-1",
        cron: "61 * * * *",
      });
      expect(badCron).toMatchObject({ refused: "cron" });
      expect((await listSchedules(databaseUrl)).map((s) => s.name)).not.toContain("b");
      expect(await view.removeSchedule("crm")).toBe(true);
      expect(await view.removeSchedule("crm")).toBe(false);
      expect((await listSchedules(databaseUrl)).map((s) => s.name)).not.toContain("crm");
    } finally {
      await view.close();
    }
  }, 60_000);
});

/** Real time: pg-boss's cron checks every 30 s and sends at most one tick a minute (~70 s). */
describe("the minute tick on a running worker", () => {
  it("fires a due schedule through pg-boss's own cron, and the worker runs it", async () => {
    await server.createDatabase("tick");
    const url = databaseUrl.replace(/\/queue$/, "/tick");
    await addSchedule(url, {
      name: "every-minute",
      workflow: "/flows/tick.yaml",
      cron: "* * * * *",
    });
    // As if added two minutes ago: due now, so the first tick pg-boss's cron sends after the
    // worker registers it (within about a minute) fires it, whatever the time of day.
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await pool.query(
      "UPDATE onespec_queue.schedules SET last_fired_at = now() - interval '2 minutes'",
    );
    const ran: RunJob[] = [];
    const worker = await startWorker({
      databaseUrl: url,
      log: () => {},
      execute: async (job) => {
        ran.push(job);
        return {
          status: "ok",
          durationMs: 1,
          counts: null,
          errorKind: null,
          errorMessage: null,
        };
      },
    });
    try {
      const [run] = await until(
        () => listRuns({ databaseUrl: url }),
        (r) => r[0]?.status === "ok",
      );
      expect(run).toMatchObject({ connection: "/flows/tick.yaml", schedule: "every-minute" });
      expect(ran.map((j) => [j.workflow, j.schedule])).toEqual([
        ["/flows/tick.yaml", "every-minute"],
      ]);
      // The tick moved the fire time to the minute that came due.
      const { rows } = await pool.query<{ fired: Date; now: Date }>(
        "SELECT last_fired_at AS fired, now() AS now FROM onespec_queue.schedules",
      );
      expect(rows[0].fired.getUTCSeconds()).toBe(0);
      expect(rows[0].now.getTime() - rows[0].fired.getTime()).toBeLessThan(120_000);
    } finally {
      await worker.stop();
      await pool.end();
    }
  }, 90_000);
});
