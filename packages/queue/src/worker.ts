/**
 * `onespec worker`: pulls run jobs and runs them, `concurrency` at a time, recording every
 * attempt in the runs table. A transient failure fails the job (pg-boss retries it with
 * backoff); any other failure completes it, recorded as failed (no retry). Also runs pg-boss's
 * maintenance (which hands the jobs of dead workers out again) and the minute tick that fires
 * schedules.
 */
import { randomUUID } from "node:crypto";
import os from "node:os";
import type PgBoss from "pg-boss";
import { connectQueue, RUN_QUEUE, TICK_QUEUE } from "./connect.js";
import { isTransient } from "./retry-policy.js";
import { runWorkflowChild, type RunOutcome } from "./run-child.js";
import type { RunJob } from "./run-job.js";
import { finishAttempt, markLostAttempts, startAttempt } from "./runs.js";
import { fireDueSchedules } from "./schedules.js";
import { SavedConnectionError, savedConnectionWorkflow } from "./saved-connection.js";

export interface WorkerOptions {
  databaseUrl: string;
  /** Runs at a time in this process (default 1). */
  concurrency?: number;
  /** The onespec command's script; default: the script this process was started with. */
  onespecBin?: string;
  /**
   * How often each of the worker's loops looks for a job (default 0.5 s, pg-boss's least): after
   * a run shorter than the interval, pg-boss waits out the rest of it before the next fetch.
   */
  pollingIntervalSeconds?: number;
  /** How often maintenance looks for jobs of dead workers (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** One line per event (default: stderr). Lines hold ids, paths and kinds, never config values. */
  log?: (line: string) => void;
  /** Runs a job; default: `onespec run` in a child process. For tests of the queue itself. */
  execute?: (job: RunJob, timeBudgetMs: number) => Promise<RunOutcome>;
}

export interface Worker {
  /** host:pid, as recorded in the runs table. */
  id: string;
  /** Stops taking jobs, waits for the running ones (up to their budget), disconnects. */
  stop(): Promise<void>;
}

/** `onespec run` of the job's workflow, or of a workflow written for its saved connection. */
async function runChild(bin: string, job: RunJob, timeBudgetMs: number): Promise<RunOutcome> {
  if (job.workflow !== undefined)
    return runWorkflowChild({ bin, workflow: job.workflow, timeBudgetMs });
  let written;
  try {
    written = await savedConnectionWorkflow(job.saved!);
  } catch (error) {
    if (!(error instanceof SavedConnectionError)) throw error;
    return {
      status: "failed",
      durationMs: 0,
      counts: null,
      errorKind: "config",
      errorMessage: error.message,
    };
  }
  try {
    return await runWorkflowChild({
      bin,
      workflow: written.file,
      timeBudgetMs,
      env: { ...process.env, ...written.env },
    });
  } finally {
    written.remove();
  }
}

/** Thrown to pg-boss for a transient failure; it carries the kind only, never run output. */
class RetryableRunError extends Error {}

export async function startWorker(options: WorkerOptions): Promise<Worker> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const id = `${os.hostname()}:${process.pid}`;
  const bin = options.onespecBin ?? process.argv[1];
  if (!options.execute && !bin) throw new Error("startWorker: no onespec script to run jobs with");
  const execute =
    options.execute ?? ((job: RunJob, timeBudgetMs: number) => runChild(bin, job, timeBudgetMs));
  const queue = await connectQueue({
    databaseUrl: options.databaseUrl,
    supervise: true,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
    onError: (error) =>
      log(`${new Date().toISOString()} worker ${id}: queue error: ${error.message}`),
  });

  // Runs in progress: stop() lets them end (and their outcome be recorded) before disconnecting.
  const inFlight = new Set<Promise<unknown>>();
  const handle = (jobs: PgBoss.JobWithMetadata<RunJob>[]): Promise<object> => {
    const running = runOne(jobs);
    inFlight.add(running);
    void running.catch(() => undefined).finally(() => inFlight.delete(running));
    return running;
  };
  const runOne = async ([job]: PgBoss.JobWithMetadata<RunJob>[]): Promise<object> => {
    const data = job.data;
    const runId = randomUUID();
    const attempt = job.retryCount + 1;
    await startAttempt(queue.pool, {
      id: runId,
      jobId: job.id,
      connection: data.connection,
      schedule: data.schedule ?? null,
      attempt,
      worker: id,
    });
    log(`${new Date().toISOString()} run ${runId} ${data.connection} attempt ${attempt}: started`);
    let outcome: RunOutcome;
    try {
      outcome = await execute(data, data.timeBudgetSeconds * 1000);
    } catch (error) {
      outcome = {
        status: "failed",
        durationMs: 0,
        counts: null,
        errorKind: "crash",
        errorMessage: `the run could not start: ${(error as Error).message}`,
      };
    }
    await finishAttempt(queue.pool, runId, outcome);
    const transient = outcome.status !== "ok" && isTransient(outcome.errorKind);
    const retry = transient && job.retryCount < job.retryLimit;
    log(
      `${new Date().toISOString()} run ${runId} ${data.connection} attempt ${attempt}: ${outcome.status}` +
        (outcome.errorKind ? ` (${outcome.errorKind})` : "") +
        ` in ${(outcome.durationMs / 1000).toFixed(1)} s` +
        (outcome.counts ? `, ${outcome.counts.read} read` : "") +
        (outcome.status === "ok"
          ? ""
          : retry
            ? ", will retry"
            : transient
              ? ", retries used up"
              : ", not retried"),
    );
    // pg-boss retries a failed job while it has retries left, and marks it failed after that.
    if (transient) throw new RetryableRunError(`${outcome.errorKind}: retried (run ${runId})`);
    return { runId, status: outcome.status };
  };

  const workOptions = {
    batchSize: 1,
    includeMetadata: true as const,
    pollingIntervalSeconds: options.pollingIntervalSeconds ?? 0.5,
  };
  const workers: string[] = [];
  for (let i = 0; i < Math.max(1, options.concurrency ?? 1); i++)
    workers.push(await queue.boss.work<RunJob>(RUN_QUEUE, workOptions, handle));
  // The tick: pg-boss's cron puts one job a minute in TICK_QUEUE, once across all workers.
  await queue.boss.schedule(TICK_QUEUE, "* * * * *", {}, { tz: "UTC" });
  await queue.boss.work(TICK_QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    // Also once a minute: attempts of dead workers whose jobs will not run again.
    await markLostAttempts(queue.pool);
    const fired = await fireDueSchedules(queue, new Date());
    for (const f of fired)
      log(
        `${new Date().toISOString()} schedule ${f.name}: ${f.jobId ? `run queued (job ${f.jobId})` : "a run is still queued or running; nothing added"}`,
      );
  });
  log(`${new Date().toISOString()} worker ${id}: waiting for runs (concurrency ${workers.length})`);
  return {
    id,
    stop: async () => {
      await queue.boss.offWork(RUN_QUEUE);
      await queue.boss.offWork(TICK_QUEUE);
      await Promise.allSettled([...inFlight]);
      await queue.close();
    },
  };
}
