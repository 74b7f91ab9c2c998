/**
 * What a run job carries: references only. The workflow's path names what to run (its config
 * and secrets are read by the worker, from the file, the environment and the secrets file, as
 * `onespec run` does); never a config value or a secret.
 */
import path from "node:path";
import type PgBoss from "pg-boss";
import type pg from "pg";
import { BOSS_SCHEMA, RUN_QUEUE } from "./connect.js";
import { savedConnectionKey, type SavedTarget } from "./saved-connection.js";

export interface RunJob {
  /** Absolute path of the workflow file; the same path must exist on every worker. */
  workflow?: string;
  /** Or a connection saved by `onespec serve`: its store, id and the catalog to write. */
  saved?: SavedTarget;
  /** The key of "one run at a time": the workflow's absolute path, or the saved connection's. */
  connection: string;
  /** The schedule that fired this run, when one did. */
  schedule?: string;
  /** Seconds a run may take before it is stopped and marked timed-out. */
  timeBudgetSeconds: number;
}

export interface RunJobOptions {
  /** Seconds a run may take (default 1800). */
  timeBudgetSeconds?: number;
  /** How many times a run that failed with a transient error is tried again (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry; doubled each time, with jitter (default 10). */
  retryDelaySeconds?: number;
}

export const DEFAULT_TIME_BUDGET_SECONDS = 1800;
/**
 * The job expires (and pg-boss hands it to another worker) this long after the budget: the
 * worker stops its own run at the budget, SIGKILLs it 10 s later, and must have recorded the
 * outcome before pg-boss decides the worker is gone.
 */
export const EXPIRY_GRACE_SECONDS = 15;

/** What a run runs: a workflow file, or a saved connection (paths resolved here). */
export type RunTarget = { workflow: string } | { saved: SavedTarget };

export function runJob(target: RunTarget, options: RunJobOptions, schedule?: string): RunJob {
  const resolved: Pick<RunJob, "workflow" | "saved" | "connection"> =
    "workflow" in target
      ? { workflow: path.resolve(target.workflow), connection: path.resolve(target.workflow) }
      : (() => {
          const saved = {
            store: path.resolve(target.saved.store),
            id: target.saved.id,
            catalog: path.resolve(target.saved.catalog),
          };
          return { saved, connection: savedConnectionKey(saved) };
        })();
  return {
    ...resolved,
    ...(schedule !== undefined && { schedule }),
    timeBudgetSeconds: options.timeBudgetSeconds ?? DEFAULT_TIME_BUDGET_SECONDS,
  };
}

/**
 * Sends a run job inside the caller's transaction, unless the connection already has a job
 * queued, waiting for a retry or running: then nothing is sent and that job's id is returned
 * with `queued: false`. pg-boss's `stately` policy allows one queued job beside an active one,
 * but such a queued job at the head of the queue makes every worker's fetch fail until the
 * active run ends (its unique index refuses a second active job of the key), blocking all
 * other connections; keeping one job per connection avoids that. Enqueuers serialise on an
 * advisory lock per connection, so two of them cannot both see "none" and both send.
 */
export async function sendRun(
  boss: PgBoss,
  client: pg.PoolClient,
  job: RunJob,
  options: RunJobOptions,
): Promise<{ queued: boolean; jobId: string }> {
  await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
    `onespec-run:${job.connection}`,
  ]);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM ${BOSS_SCHEMA}.job WHERE name = $1 AND singleton_key = $2 AND state <= 'active' LIMIT 1`,
    [RUN_QUEUE, job.connection],
  );
  if (rows[0]) return { queued: false, jobId: rows[0].id };
  const db: PgBoss.Db = { executeSql: (text, values) => client.query(text, values) };
  const jobId = await boss.send(RUN_QUEUE, job as unknown as object, {
    singletonKey: job.connection,
    expireInSeconds: job.timeBudgetSeconds + EXPIRY_GRACE_SECONDS,
    retryLimit: options.retryLimit ?? 5,
    retryDelay: options.retryDelaySeconds ?? 10,
    retryBackoff: true,
    db,
  });
  if (jobId === null) throw new Error(`the queue refused a run of ${job.connection}`);
  return { queued: true, jobId };
}

/** sendRun in a transaction of its own. */
export async function sendRunNow(
  boss: PgBoss,
  pool: pg.Pool,
  job: RunJob,
  options: RunJobOptions,
): Promise<{ queued: boolean; jobId: string }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const sent = await sendRun(boss, client, job, options);
    await client.query("COMMIT");
    return sent;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
