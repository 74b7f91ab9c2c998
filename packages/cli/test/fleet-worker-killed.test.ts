/**
 * A worker SIGKILLed alone (not its process group, as when a supervisor kills only the main
 * pid): its `onespec run` child must stop too (it watches its IPC channel to the worker), or
 * the job, retried on another worker, would run beside it. The child stops within seconds,
 * before its run is done; the retry resumes and the connection ends with exactly one ok run,
 * no two attempts overlapping, and the catalog a clean run gives.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import { startPostgres, type PostgresServer } from "@onespec/test-servers";
import { BIN, REPO, SCRATCH, onespecAsync } from "./helpers.js";

const SAMPLE = path.join(REPO, "examples/sample/retail.db");
const TIME_BUDGET_SECONDS = 8;

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "fleet-killed-"));
let postgres: PostgresServer;
let databaseUrl: string;
let db: pg.Pool;
const workers: ChildProcess[] = [];

/** The CLI with the queue database in its environment (never on the command line: ps shows it). */
const cli = (args: string[]) =>
  onespecAsync(args, { cwd: REPO, env: { ONESPEC_QUEUE_DATABASE: databaseUrl } });

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [BIN, "worker", "--maintenance-interval", "2"], {
    cwd: REPO,
    detached: true,
    env: { ...process.env, NO_COLOR: "1", ONESPEC_QUEUE_DATABASE: databaseUrl },
    stdio: ["ignore", "ignore", "ignore"],
  });
  workers.push(child);
  return child;
}

function writeWorkflow(name: string, slow: boolean): string {
  mkdirSync(path.join(dir, name), { recursive: true });
  const file = path.join(dir, name, "workflow.yaml");
  writeFileSync(
    file,
    `source:
  connector: sqlite
  service: retail
  config:
    database_path: ${JSON.stringify(SAMPLE)}
sink:
  type: sqlite
  path: catalog.db
options:
  batch_size: ${slow ? 2 : 50}
${slow ? "  rate_limit_per_second: 6\n" : ""}`,
  );
  return file;
}

/** The pids of a process's children (Linux). */
function childrenOf(pid: number): number[] {
  const file = `/proc/${pid}/task/${pid}/children`;
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
}

/** Gone, or a zombie nobody reaped (a container's init may not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function until<T>(
  what: string,
  get: () => Promise<T> | T,
  ok: (v: T) => boolean,
  ms: number,
) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function entities(catalogFile: string) {
  const c = sqliteCatalog(catalogFile);
  try {
    return (await c.entities("retail")).map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
  } finally {
    await c.close();
  }
}

beforeAll(async () => {
  postgres = await startPostgres({ name: "fleet-killed" });
  await postgres.createDatabase("fleet_killed");
  databaseUrl = `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@${postgres.host}:${postgres.port}/fleet_killed`;
  db = new pg.Pool({ ...postgres.connection("fleet_killed"), max: 2 });
}, 120_000);

afterAll(async () => {
  for (const w of workers)
    try {
      process.kill(-w.pid!, "SIGKILL");
    } catch {
      // already gone
    }
  await db?.end();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("a worker SIGKILLed alone, without its process group", () => {
  it("takes its run with it; the retry resumes and runs alone", async () => {
    const reference = writeWorkflow("reference", false);
    const clean = await cli(["run", reference, "--log-level", "warn"]);
    expect(clean.code, clean.stderr).toBe(0);
    const expected = await entities(path.join(path.dirname(reference), "catalog.db"));

    const workflow = writeWorkflow("slow", true);
    const queued = await cli([
      "run",
      workflow,
      "--queue",
      "--time-budget",
      `${TIME_BUDGET_SECONDS}`,
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    const victim = startWorker();
    await until(
      "the run in progress",
      async () =>
        (
          await db.query(
            `SELECT id FROM onespec_queue.runs WHERE status = 'running'
             AND started_at < now() - interval '1.5 seconds'`,
          )
        ).rowCount,
      (n) => n === 1,
      60_000,
    );
    const [runPid] = childrenOf(victim.pid!).filter((pid) =>
      readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(workflow),
    );
    expect(runPid, "the worker's onespec run child").toBeGreaterThan(0);

    process.kill(victim.pid!, "SIGKILL"); // the worker only: its child is not signalled
    await until(
      "the run process to end",
      () => alive(runPid),
      (a) => !a,
      5_000,
    );
    const goneAt = new Date();
    // It stopped rather than ran to the end: its catalog is partial (the checkpoint it kept).
    const partial = await entities(path.join(path.dirname(workflow), "catalog.db"));
    expect(partial.length).toBeLessThan(expected.length);

    // Another worker takes the job once it expires (budget + 15 s) and resumes it.
    startWorker();
    await until(
      "the job to complete",
      async () =>
        (
          await db.query<{ state: string }>(
            "SELECT state::text FROM pgboss.job WHERE name = 'onespec-run'",
          )
        ).rows,
      (rows) => rows.length === 1 && rows[0].state === "completed",
      90_000,
    );
    const runs = (
      await db.query<{ attempt: number; status: string; started_at: Date }>(
        "SELECT attempt, status, started_at FROM onespec_queue.runs ORDER BY started_at",
      )
    ).rows;
    expect(runs.map((r) => [r.attempt, r.status])).toEqual([
      [1, "lost"],
      [2, "ok"],
    ]);
    // No overlap: the retry started after the killed worker's run had ended.
    expect(runs[1].started_at.getTime()).toBeGreaterThan(goneAt.getTime());
    expect(await entities(path.join(path.dirname(workflow), "catalog.db"))).toEqual(expected);
  }, 180_000);
});
