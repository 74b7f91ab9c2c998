/**
 * The proof of the run queue (issue 19): a real PostgreSQL, three `onespec worker` processes and
 * 50 scheduled connections (40 over the sample SQLite database, 10 over the hostile HTTP server
 * with a bearer token from a secrets file). Two schedule ticks; during the first, two workers
 * are SIGKILLed (with their runs: their process groups) in the middle of a run, and replaced.
 * At the end every connection ran exactly twice, every catalog equals a clean run's, no run is
 * left "running", and no secret value is in the queue's tables or the workers' output.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addSchedule, fireSchedulesAt, pauseSchedule } from "@onespec/queue";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import {
  makeRecords,
  startHostileServer,
  startPostgres,
  type HostileServer,
  type PostgresServer,
} from "@onespec/test-servers";
import { BIN, REPO, SCRATCH, hasStackTrace, onespecAsync } from "./helpers.js";

/** The CLI with the queue database in its environment (never on the command line: ps shows it). */
const cli = (args: string[]) =>
  onespecAsync(args, { cwd: REPO, env: { ONESPEC_QUEUE_DATABASE: databaseUrl } });

const SAMPLE = path.join(REPO, "examples/sample/retail.db");
const TOKEN = "Fleet-Bearer-Token-5e1d0c";
const SQLITE_CONNECTIONS = 40;
const HTTP_CONNECTIONS = 10;
/** Paced so a run lasts seconds: these are the runs the test kills. */
const SLOW = new Set([0, 1, 2, 3]);
const TIME_BUDGET_SECONDS = 20;
const CRON = "0 0 1 1 *"; // 1 January: the real clock never fires it during the test

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "fleet-"));
let postgres: PostgresServer;
let api: HostileServer;
let databaseUrl: string;
let db: pg.Pool;
const workers: { child: ChildProcess; output: string[] }[] = [];

function sqliteWorkflow(slow: boolean): string {
  return `source:
  connector: sqlite
  service: retail
  config:
    database_path: ${JSON.stringify(SAMPLE)}
sink:
  type: sqlite
  path: catalog.db
options:
  batch_size: ${slow ? 2 : 50}
${slow ? "  rate_limit_per_second: 6\n" : ""}`;
}

function httpWorkflow(): string {
  return `source:
  connector: http-api
  service: api
  config:
    base_url: ${api.url}
    auth:
      auth_type: bearer
      credentials:
        token: "{{secrets.token}}"
    pagination:
      type: page_number
      page_param: page
      page_size_param: per_page
      page_size: 20
    endpoints:
      - name: customers
        path: /v1/customers
        records_path: data
        primary_key: id
    request_timeout_seconds: 5
    max_retries: 8
sink:
  type: sqlite
  path: catalog.db
secrets_file: ../secrets.yaml
options:
  batch_size: 20
`;
}

function writeWorkflow(name: string, text: string): string {
  mkdirSync(path.join(dir, name), { recursive: true });
  const file = path.join(dir, name, "workflow.yaml");
  writeFileSync(file, text);
  return file;
}

const connections: { workflow: string; kind: "sqlite" | "slow" | "http" }[] = [];

function startWorker(): void {
  const output: string[] = [];
  // Its own process group: killing the group is a machine gone, the worker with its runs.
  const child = spawn(
    process.execPath,
    [BIN, "worker", "--concurrency", "2", "--maintenance-interval", "2"],
    {
      cwd: REPO,
      detached: true,
      env: { ...process.env, NO_COLOR: "1", ONESPEC_QUEUE_DATABASE: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout.on("data", (d: Buffer) => output.push(d.toString()));
  child.stderr.on("data", (d: Buffer) => output.push(d.toString()));
  workers.push({ child, output });
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    // already gone
  }
}

/** `onespec serve --api-only` on a free port with the queue database; `use` gets its base URL. */
async function serveApi(use: (base: string) => Promise<string>): Promise<string> {
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--api-only", "--port", "0", "--store", path.join(dir, "connections.db")],
    { cwd: REPO, env: { ...process.env, NO_COLOR: "1", ONESPEC_QUEUE_DATABASE: databaseUrl } },
  );
  let output = "";
  try {
    const base = await new Promise<string>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        output += d.toString();
        const m = /listening on (http:\/\/\S+)/.exec(output);
        if (m) resolve(m[1]);
      });
      child.stderr.on("data", (d: Buffer) => (output += d.toString()));
      child.on("close", () => reject(new Error(`serve stopped:\n${output}`)));
    });
    return (await use(base)) + output;
  } finally {
    child.kill("SIGTERM");
  }
}

async function query<T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
  return (await db.query<T>(sql, values)).rows;
}

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Jobs of the run queue by state. */
async function jobStates(): Promise<Record<string, number>> {
  const rows = await query<{ state: string; n: string }>(
    "SELECT state::text, count(*) AS n FROM pgboss.job WHERE name = 'onespec-run' GROUP BY state",
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}

const drained = (completed: number) =>
  until(
    `${completed} completed run jobs`,
    jobStates,
    (s) => (s.completed ?? 0) === completed && !s.created && !s.retry && !s.active,
  );

async function entities(catalogFile: string, service: string) {
  const c = sqliteCatalog(catalogFile);
  try {
    return (await c.entities(service)).map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
  } finally {
    await c.close();
  }
}

beforeAll(async () => {
  postgres = await startPostgres({ name: "fleet" });
  await postgres.createDatabase("fleet");
  databaseUrl = `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@${postgres.host}:${postgres.port}/fleet`;
  db = new pg.Pool({ ...postgres.connection("fleet"), max: 2 });
  api = await startHostileServer({
    auth: { type: "bearer", token: TOKEN },
    endpoints: [
      {
        path: "/v1/customers",
        records: makeRecords(90),
        pagination: { type: "page_number", pageParam: "page", sizeParam: "per_page" },
      },
    ],
    chaos: { seed: 19, serverErrorProbability: 0.1, retryAfterSeconds: 1 },
  });
  writeFileSync(path.join(dir, "secrets.yaml"), `token: ${TOKEN}\n`);
  for (let i = 0; i < SQLITE_CONNECTIONS; i++)
    connections.push({
      workflow: writeWorkflow(`sqlite-${i}`, sqliteWorkflow(SLOW.has(i))),
      kind: SLOW.has(i) ? "slow" : "sqlite",
    });
  for (let i = 0; i < HTTP_CONNECTIONS; i++)
    connections.push({ workflow: writeWorkflow(`http-${i}`, httpWorkflow()), kind: "http" });
}, 120_000);

afterAll(async () => {
  for (const w of workers) killGroup(w.child);
  await db?.end();
  await api?.stop();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("scheduled runs on three workers, two of them killed mid-run", () => {
  it("runs every connection exactly as scheduled, resumes the killed runs, keeps secrets out", async () => {
    // Clean runs, one per kind of connection: what every catalog must equal at the end.
    const reference: Record<string, { file: string; service: string }> = {};
    for (const [kind, text, service] of [
      ["sqlite", sqliteWorkflow(false), "retail"],
      ["slow", sqliteWorkflow(true), "retail"],
      ["http", httpWorkflow(), "api"],
    ] as const) {
      const wf = writeWorkflow(`reference-${kind}`, text);
      const r = await cli(["run", wf, "--log-level", "warn"]);
      expect(r.code, r.stderr).toBe(0);
      reference[kind] = { file: path.join(path.dirname(wf), "catalog.db"), service };
    }

    // The schedules: one per connection, and one paused that must never run.
    for (const [i, c] of connections.entries())
      await addSchedule(databaseUrl, {
        name: `conn-${i}`,
        workflow: c.workflow,
        cron: CRON,
        timeBudgetSeconds: TIME_BUDGET_SECONDS,
        retryDelaySeconds: 1,
      });
    const pausedWorkflow = writeWorkflow("paused", sqliteWorkflow(false));
    const added = await cli([
      "schedule",
      "add",
      "paused",
      pausedWorkflow,
      "--cron",
      CRON,
      "--time-budget",
      "20",
    ]);
    expect(added.code, added.stderr).toBe(0);
    expect((await cli(["schedule", "pause", "paused"])).stdout).toMatch(/paused paused/);
    await pauseSchedule(databaseUrl, "paused"); // pausing twice is harmless
    const listed = (await cli(["schedule", "list"])).stdout;
    expect(listed.split("\n").filter((l) => l.startsWith("conn-"))).toHaveLength(50);
    expect(listed).toMatch(/^paused .* paused$/m);

    // `onespec run --queue`, before any worker runs: queued once; a second while it waits adds nothing.
    const extra = writeWorkflow("queued", sqliteWorkflow(false));
    const first = await cli(["run", extra, "--queue", "--time-budget", "20"]);
    const second = await cli(["run", extra, "--queue"]);
    expect(first.stdout, first.stderr).toMatch(/^queued a run of .*queued\/workflow\.yaml \(job /);
    expect(second.stdout).toMatch(/already has a run queued or running .* nothing added/);

    for (let i = 0; i < 3; i++) startWorker();

    // Tick 1, with two workers killed while they run a slow connection.
    const year = new Date().getUTCFullYear();
    const tick1 = await fireSchedulesAt(databaseUrl, new Date(Date.UTC(year + 1, 0, 1, 0, 0, 5)));
    expect(tick1.filter((f) => f.jobId !== null)).toHaveLength(50);
    const slowWorkflows = connections.filter((c) => c.kind === "slow").map((c) => c.workflow);
    const killedRuns: string[] = [];
    for (let kill = 0; kill < 2; kill++) {
      const [victim] = await until(
        "a slow run in progress on a live worker",
        () =>
          query<{ id: string; worker: string }>(
            `SELECT id, worker FROM onespec_queue.runs WHERE status = 'running'
             AND connection = ANY($1) AND started_at < now() - interval '1.5 seconds'`,
            [slowWorkflows],
          ),
        (rows) =>
          rows.some((r) =>
            workers.some((w) => w.child.exitCode === null && r.worker.endsWith(`:${w.child.pid}`)),
          ),
      );
      const worker = workers.find(
        (w) => w.child.exitCode === null && victim && victim.worker.endsWith(`:${w.child.pid}`),
      )!;
      killGroup(worker.child);
      await new Promise<void>((r) =>
        worker.child.exitCode !== null || worker.child.signalCode !== null
          ? r()
          : worker.child.once("close", () => r()),
      );
      killedRuns.push(victim.id);
      startWorker(); // its replacement
    }
    await drained(51); // tick 1 and the run queued by hand

    // Tick 2 on the surviving and replacement workers.
    const tick2 = await fireSchedulesAt(databaseUrl, new Date(Date.UTC(year + 2, 0, 1, 0, 0, 5)));
    expect(tick2.filter((f) => f.jobId !== null)).toHaveLength(50);
    await drained(101);

    // Every connection ran exactly twice: two jobs, each ending in one ok run.
    const runs = await query<{
      id: string;
      job_id: string;
      connection: string;
      status: string;
      error_kind: string | null;
    }>("SELECT id, job_id, connection, status, error_kind FROM onespec_queue.runs");
    expect(runs.filter((r) => r.status === "running")).toEqual([]);
    for (const c of connections) {
      const ok = runs.filter((r) => r.connection === c.workflow && r.status === "ok");
      expect(ok, c.workflow).toHaveLength(2);
      expect(new Set(ok.map((r) => r.job_id)).size, c.workflow).toBe(2);
    }
    expect(runs.filter((r) => r.connection === pausedWorkflow)).toEqual([]);
    // The run queued by hand ran once: one job, one ok run (a killed worker may have been running
    // it too, as workers run several jobs at a time: that attempt is lost and the job resumed).
    const extraRuns = runs.filter((r) => r.connection === extra);
    expect(extraRuns.filter((r) => r.status === "ok")).toHaveLength(1);
    expect(extraRuns.filter((r) => r.status !== "ok" && r.status !== "lost")).toEqual([]);
    expect(new Set(extraRuns.map((r) => r.job_id)).size).toBe(1);
    expect(await entities(path.join(path.dirname(extra), "catalog.db"), "retail")).toEqual(
      await entities(reference.sqlite.file, "retail"),
    );
    // The killed runs were marked lost and their jobs retried to an ok run.
    for (const id of killedRuns) {
      const killed = runs.find((r) => r.id === id)!;
      expect(killed.status).toBe("lost");
      expect(runs.some((r) => r.job_id === killed.job_id && r.status === "ok")).toBe(true);
    }
    // Anything else that did not end ok was a transient failure that was retried.
    for (const r of runs.filter((r) => r.status !== "ok" && r.status !== "lost"))
      expect(["connection", "timeout", "rate-limit", "timed-out"], JSON.stringify(r)).toContain(
        r.error_kind,
      );

    // Every catalog is exactly what a clean run gives.
    for (const c of connections) {
      const ref = reference[c.kind];
      expect(
        await entities(path.join(path.dirname(c.workflow), "catalog.db"), ref.service),
        c.workflow,
      ).toEqual(await entities(ref.file, ref.service));
    }

    // `onespec runs` shows a killed connection's history.
    const killedConnection = runs.find((r) => r.id === killedRuns[0])!.connection;
    const history = await cli(["runs", "--connection", killedConnection]);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toMatch(/\blost\b/);
    expect(history.stdout.match(/ ok /g)).toHaveLength(2);

    // serve shows the schedules with each connection's last runs.
    const served = await serveApi(async (base) => {
      const schedules = (await (await fetch(`${base}/api/schedules`)).json()) as {
        name: string;
        paused: boolean;
        lastRuns: { status: string }[];
      }[];
      expect(schedules).toHaveLength(51);
      expect(schedules.find((x) => x.name === "paused")).toMatchObject({
        paused: true,
        lastRuns: [],
      });
      for (const x of schedules.filter((x) => x.name !== "paused"))
        expect(x.lastRuns.filter((r) => r.status === "ok").length, x.name).toBeGreaterThanOrEqual(
          2,
        );
      const killed = await fetch(
        `${base}/api/runs?connection=${encodeURIComponent(killedConnection)}`,
      );
      return JSON.stringify(schedules) + (await killed.text());
    });
    expect(served).toMatch(/"status":"lost"/);

    // No secret value anywhere in the queue's tables, the workers' output or the CLI's.
    const tables = await query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('pgboss', 'onespec_queue') AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => `${t.schema}.${t.name}`)).toEqual(
      expect.arrayContaining(["pgboss.job", "onespec_queue.runs", "onespec_queue.schedules"]),
    );
    let dump = "";
    for (const t of tables)
      for (const row of await query<{ j: string }>(
        `SELECT row_to_json(t)::text AS j FROM "${t.schema}"."${t.name}" t`,
      ))
        dump += `${row.j}\n`;
    expect(dump).toContain(slowWorkflows[0]); // the scan reads real rows
    const output =
      workers.flatMap((w) => w.output).join("") +
      listed +
      history.stdout +
      first.stdout +
      second.stdout;
    expect(output).toMatch(/attempt 2: ok/);
    for (const secret of [TOKEN, postgres.password, ...api.secrets()]) {
      expect(dump.includes(secret), "a secret in the queue tables").toBe(false);
      expect(output.includes(secret), "a secret in the output").toBe(false);
    }
    expect(hasStackTrace(output), output).toBe(false);
  }, 240_000);
});
