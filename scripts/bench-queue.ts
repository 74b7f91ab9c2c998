/**
 * Run-queue throughput (part of `npm run bench`; alone: `npx tsx scripts/bench-queue.ts`).
 *
 * On a throwaway PostgreSQL, measured in the same run:
 *   floor      the queue's own no-op job rate: pg-boss alone, 4 loops of fetch and complete
 *              on jobs that do nothing (no polling delay): what scheduled runs cannot beat;
 *   inline     the same runs with `onespec run`, one after another, no queue: the cost of a run;
 *   N workers  BENCH_QUEUE_RUNS (40) runs of distinct connections (the sample SQLite database
 *              into a SQLite catalog each), queued, then drained by N `onespec worker` processes
 *              (concurrency 1 each), for N = 1, 2, 4.
 * Prints runs per minute and each rate as a ratio of the floor. Asserts nothing about speed;
 * exits non-zero only when a run does not end ok.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import PgBoss from "pg-boss";
import { enqueueRun } from "@onespec/queue";
import { startPostgres, type PostgresServer } from "@onespec/test-servers";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const BIN = path.join(REPO, "packages/cli/bin/onespec.js");
const SAMPLE = path.join(REPO, "examples/sample/retail.db");
const RUNS = Math.max(4, Number(process.env.BENCH_QUEUE_RUNS ?? 40));
const FLOOR_JOBS = Math.max(50, Number(process.env.BENCH_QUEUE_FLOOR_JOBS ?? 400));

let server: PostgresServer;
let databases = 0;

async function database(): Promise<{ url: string; pool: pg.Pool }> {
  const name = `bench${databases++}`;
  await server.createDatabase(name);
  return {
    url: `postgres://${server.user}:${encodeURIComponent(server.password)}@${server.host}:${server.port}/${name}`,
    pool: new pg.Pool({ ...server.connection(name), max: 1 }),
  };
}

/** Waits until `total` run jobs completed and none is left; the seconds since `started`. */
async function drained(pool: pg.Pool, total: number, started: bigint): Promise<number> {
  for (;;) {
    const { rows } = await pool.query<{ done: string; left: string; bad: string }>(
      `SELECT count(*) FILTER (WHERE state = 'completed') AS done,
              count(*) FILTER (WHERE state < 'completed') AS left,
              count(*) FILTER (WHERE state > 'completed') AS bad
       FROM pgboss.job WHERE name = 'onespec-run'`,
    );
    if (Number(rows[0].bad) > 0) throw new Error("a run job failed");
    if (Number(rows[0].done) === total && Number(rows[0].left) === 0)
      return Number(process.hrtime.bigint() - started) / 1e9;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * pg-boss alone: FLOOR_JOBS jobs of distinct keys in a `stately` queue (as run jobs are), taken
 * and completed by 4 loops of fetch and complete, with no polling delay and no work.
 */
async function floor(): Promise<number> {
  const { url, pool } = await database();
  const boss = new PgBoss({ connectionString: url, supervise: false, schedule: false });
  boss.on("error", (error: Error) => console.error(`pg-boss: ${error.message}`));
  await boss.start();
  await boss.createQueue("noop", { name: "noop", policy: "stately" });
  await boss.insert(
    Array.from({ length: FLOOR_JOBS }, (_, i) => ({
      name: "noop",
      data: { workflow: `/bench/noop-${i}.yaml` },
      singletonKey: `/bench/noop-${i}.yaml`,
    })),
  );
  const started = process.hrtime.bigint();
  const loop = async () => {
    for (;;) {
      const [job] = await boss.fetch("noop", { batchSize: 1 });
      if (!job) return;
      await boss.complete("noop", job.id);
    }
  };
  await Promise.all([loop(), loop(), loop(), loop()]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const { rows } = await pool.query<{ n: string }>(
    "SELECT count(*) AS n FROM pgboss.job WHERE name = 'noop' AND state = 'completed'",
  );
  if (Number(rows[0].n) !== FLOOR_JOBS) throw new Error(`only ${rows[0].n} no-op jobs completed`);
  await boss.stop({ graceful: false, wait: true });
  await pool.end();
  return (FLOOR_JOBS / seconds) * 60;
}

function workflows(dir: string): string[] {
  const files: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    mkdirSync(path.join(dir, `c${i}`), { recursive: true });
    const file = path.join(dir, `c${i}`, "workflow.yaml");
    writeFileSync(
      file,
      `source:\n  connector: sqlite\n  service: retail\n  config:\n    database_path: ${JSON.stringify(SAMPLE)}\nsink:\n  type: sqlite\n  path: catalog.db\n`,
    );
    files.push(file);
  }
  return files;
}

async function fleet(workers: number, scratch: string): Promise<number> {
  const { url, pool } = await database();
  const dir = path.join(scratch, `w${workers}`);
  for (const file of workflows(dir)) await enqueueRun({ databaseUrl: url, workflow: file });
  const started = process.hrtime.bigint();
  const children: ChildProcess[] = [];
  for (let i = 0; i < workers; i++)
    children.push(
      spawn(process.execPath, [BIN, "worker", "--concurrency", "1"], {
        cwd: REPO,
        env: { ...process.env, NO_COLOR: "1", ONESPEC_QUEUE_DATABASE: url },
        stdio: "ignore",
      }),
    );
  try {
    const seconds = await drained(pool, RUNS, started);
    const { rows } = await pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM onespec_queue.runs WHERE status <> 'ok'",
    );
    if (Number(rows[0].n) > 0) throw new Error(`${rows[0].n} runs did not end ok`);
    return (RUNS / seconds) * 60;
  } finally {
    for (const c of children) c.kill("SIGTERM");
    await pool.end();
  }
}

/** The runs without a queue: `onespec run` one after another. */
async function inline(scratch: string): Promise<number> {
  const files = workflows(path.join(scratch, "inline"));
  const started = process.hrtime.bigint();
  for (const file of files) {
    const code = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, [BIN, "run", file, "--log-level", "warn"], {
        cwd: REPO,
        stdio: "ignore",
      }).on("close", resolve),
    );
    if (code !== 0) throw new Error(`onespec run ${file} exited with ${code}`);
  }
  return (files.length / (Number(process.hrtime.bigint() - started) / 1e9)) * 60;
}

async function main(): Promise<void> {
  server = await startPostgres({ name: "bench-queue" });
  const scratch = mkdtempSync(path.join(REPO, "packages/cli/.tmp-bench-queue-"));
  try {
    console.log(
      `\nonespec bench: run queue (pg-boss), ${availableParallelism()} cores; ${RUNS} runs of the sample SQLite database per row, ${FLOOR_JOBS} no-op jobs for the floor\n`,
    );
    const rows: [string, number][] = [["floor: pg-boss no-op jobs, 4 loops", await floor()]];
    rows.push(["inline: onespec run in turn, no queue", await inline(scratch)]);
    for (const n of [1, 2, 4])
      rows.push([`${n} worker${n === 1 ? "" : "s"} × 1, real runs`, await fleet(n, scratch)]);
    const base = rows[0][1];
    const inlineRate = rows[1][1];
    const width = Math.max(...rows.map(([name]) => name.length));
    for (const [name, perMinute] of rows)
      console.log(
        `${name.padEnd(width)}  ${perMinute.toFixed(0).padStart(6)} runs/min   ${(perMinute / base).toFixed(4).padStart(7)} of the floor   ${(perMinute / inlineRate).toFixed(2).padStart(5)}x inline`,
      );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    await server.stop();
  }
}

await main();
