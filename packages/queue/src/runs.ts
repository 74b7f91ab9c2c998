/** The history of run attempts: written by workers, read by `onespec runs`. */
import type pg from "pg";
import { BOSS_SCHEMA, connectQueue } from "./connect.js";
import { SCHEMA } from "./tables.js";

export type RunStatus = "running" | "ok" | "failed" | "timed-out" | "lost";

export interface RunCounts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
}

export interface RunRecord {
  id: string;
  jobId: string;
  connection: string;
  schedule: string | null;
  attempt: number;
  worker: string;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  counts: RunCounts | null;
  errorKind: string | null;
  errorMessage: string | null;
}

interface Row {
  id: string;
  job_id: string;
  connection: string;
  schedule: string | null;
  attempt: number;
  worker: string;
  status: RunStatus;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  counts: RunCounts | null;
  error_kind: string | null;
  error_message: string | null;
}

const fromRow = (r: Row): RunRecord => ({
  id: r.id,
  jobId: r.job_id,
  connection: r.connection,
  schedule: r.schedule,
  attempt: r.attempt,
  worker: r.worker,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  durationMs: r.duration_ms,
  counts: r.counts,
  errorKind: r.error_kind,
  errorMessage: r.error_message,
});

/**
 * Attempts still marked running whose job has moved on are marked lost: their worker died (or
 * its machine went away). A job is handed out again only once it expired, so an attempt is the
 * job's current one only while the job is active and was fetched before the attempt started;
 * any other running attempt belongs to a worker that is gone, also when the job will not be
 * retried again (its retries used up, it ends failed).
 */
export async function markLostAttempts(pool: pg.Pool): Promise<number> {
  const { rowCount } = await pool.query(
    `UPDATE ${SCHEMA}.runs r SET status = 'lost', finished_at = now(),
       duration_ms = (extract(epoch FROM now() - r.started_at) * 1000)::integer,
       error_kind = 'lost', error_message = 'the worker stopped before the run ended'
     WHERE r.status = 'running' AND NOT EXISTS (
       SELECT 1 FROM ${BOSS_SCHEMA}.job j
       WHERE j.id = r.job_id AND j.state = 'active' AND j.started_on <= r.started_at)`,
  );
  return rowCount ?? 0;
}

/** An attempt starts: the lost ones (see markLostAttempts) are marked first. */
export async function startAttempt(
  pool: pg.Pool,
  attempt: Pick<RunRecord, "id" | "jobId" | "connection" | "schedule" | "attempt" | "worker">,
): Promise<void> {
  await markLostAttempts(pool);
  await pool.query(
    `INSERT INTO ${SCHEMA}.runs (id, job_id, connection, schedule, attempt, worker, status)
     VALUES ($1, $2, $3, $4, $5, $6, 'running')`,
    [
      attempt.id,
      attempt.jobId,
      attempt.connection,
      attempt.schedule,
      attempt.attempt,
      attempt.worker,
    ],
  );
}

export async function finishAttempt(
  pool: pg.Pool,
  id: string,
  outcome: Pick<RunRecord, "status" | "durationMs" | "counts" | "errorKind" | "errorMessage">,
): Promise<void> {
  await pool.query(
    `UPDATE ${SCHEMA}.runs SET status = $2, finished_at = now(), duration_ms = $3, counts = $4,
       error_kind = $5, error_message = $6
     WHERE id = $1`,
    [
      id,
      outcome.status,
      outcome.durationMs,
      outcome.counts === null ? null : JSON.stringify(outcome.counts),
      outcome.errorKind,
      outcome.errorMessage,
    ],
  );
}

export interface ListRunsOptions {
  databaseUrl: string;
  /** Only this connection's runs (a workflow path, resolved like the run's own). */
  connection?: string;
  /** Newest first, at most this many (default 50). */
  limit?: number;
}

export async function queryRuns(
  pool: pg.Pool,
  options: Omit<ListRunsOptions, "databaseUrl">,
): Promise<RunRecord[]> {
  const { rows } = await pool.query<Row>(
    `SELECT * FROM ${SCHEMA}.runs
     WHERE ($1::text IS NULL OR connection = $1)
     ORDER BY started_at DESC, attempt DESC LIMIT $2`,
    [options.connection ?? null, options.limit ?? 50],
  );
  return rows.map(fromRow);
}

export async function listRuns(options: ListRunsOptions): Promise<RunRecord[]> {
  const queue = await connectQueue({ databaseUrl: options.databaseUrl });
  try {
    return await queryRuns(queue.pool, options);
  } finally {
    await queue.close();
  }
}
