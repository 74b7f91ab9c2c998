/**
 * Schedules: a workflow and a cron expression. pg-boss fires one tick a minute across all
 * workers (its cron); the tick sends a run for every schedule that is not paused and came due
 * since it last fired. The fire time is moved forward in the same transaction as the send, and
 * rows are locked while a tick looks at them, so two ticks never fire a schedule twice.
 */
import cronParser from "cron-parser";
import type pg from "pg";
import { connectQueue, type QueueConnection } from "./connect.js";
import { target } from "./enqueue.js";
import { runJob, sendRun, type RunJobOptions } from "./run-job.js";
import type { SavedTarget } from "./saved-connection.js";
import { SCHEMA } from "./tables.js";

export interface Schedule {
  name: string;
  /** The workflow file, or for a saved connection its key (`saved:<store>#<id>`). */
  workflow: string;
  saved: SavedTarget | null;
  cron: string;
  timezone: string;
  paused: boolean;
  options: RunJobOptions;
  createdAt: Date;
  lastFiredAt: Date;
}

/** A schedule that does not exist, a name taken, a cron expression that does not parse. */
export class ScheduleError extends Error {}

interface Row {
  name: string;
  workflow: string;
  saved: SavedTarget | null;
  cron: string;
  timezone: string;
  paused: boolean;
  options: RunJobOptions;
  created_at: Date;
  last_fired_at: Date;
}

const fromRow = (r: Row): Schedule => ({
  name: r.name,
  workflow: r.workflow,
  saved: r.saved,
  cron: r.cron,
  timezone: r.timezone,
  paused: r.paused,
  options: r.options,
  createdAt: r.created_at,
  lastFiredAt: r.last_fired_at,
});

/** The last time at or before `now` the expression fires. */
function lastFireTime(cron: string, timezone: string, now: Date): Date {
  return cronParser
    .parseExpression(cron, { currentDate: new Date(now.getTime() + 1), tz: timezone })
    .prev()
    .toDate();
}

export function checkCron(cron: string, timezone = "UTC"): void {
  try {
    cronParser.parseExpression(cron, { tz: timezone });
  } catch (error) {
    throw new ScheduleError(
      `"${cron}" is not a cron expression: ${(error as Error).message} (five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *")`,
    );
  }
}

export interface ScheduleInput extends RunJobOptions {
  name: string;
  /** A workflow file, or `saved`: a connection saved by `onespec serve`. */
  workflow?: string;
  saved?: SavedTarget;
  cron: string;
  timezone?: string;
}

async function withQueue<T>(
  databaseUrl: string,
  use: (queue: QueueConnection) => Promise<T>,
): Promise<T> {
  const queue = await connectQueue({ databaseUrl });
  try {
    return await use(queue);
  } finally {
    await queue.close();
  }
}

export async function insertSchedule(pool: pg.Pool, input: ScheduleInput): Promise<Schedule> {
  const timezone = input.timezone ?? "UTC";
  checkCron(input.cron, timezone);
  const options: RunJobOptions = {
    ...(input.timeBudgetSeconds !== undefined && { timeBudgetSeconds: input.timeBudgetSeconds }),
    ...(input.retryLimit !== undefined && { retryLimit: input.retryLimit }),
    ...(input.retryDelaySeconds !== undefined && { retryDelaySeconds: input.retryDelaySeconds }),
  };
  const job = runJob(target(input), options);
  const { rows } = await pool.query<Row>(
    `INSERT INTO ${SCHEMA}.schedules (name, workflow, saved, cron, timezone, options)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (name) DO NOTHING RETURNING *`,
    [
      input.name,
      job.connection,
      job.saved ? JSON.stringify(job.saved) : null,
      input.cron,
      timezone,
      JSON.stringify(options),
    ],
  );
  if (rows.length === 0)
    throw new ScheduleError(`a schedule named "${input.name}" exists already; remove it first`);
  return fromRow(rows[0]);
}

export async function selectSchedules(pool: pg.Pool): Promise<Schedule[]> {
  const { rows } = await pool.query<Row>(`SELECT * FROM ${SCHEMA}.schedules ORDER BY name`);
  return rows.map(fromRow);
}

export const addSchedule = (databaseUrl: string, input: ScheduleInput) =>
  withQueue(databaseUrl, (q) => insertSchedule(q.pool, input));
export const listSchedules = (databaseUrl: string): Promise<Schedule[]> =>
  withQueue(databaseUrl, (q) => selectSchedules(q.pool));
/** False when there is no schedule of that name. */
export async function deleteSchedule(pool: pg.Pool, name: string): Promise<boolean> {
  const { rowCount } = await pool.query(`DELETE FROM ${SCHEMA}.schedules WHERE name = $1`, [name]);
  return (rowCount ?? 0) > 0;
}
export const removeSchedule = (databaseUrl: string, name: string) =>
  withQueue(databaseUrl, async (q) => {
    if (!(await deleteSchedule(q.pool, name)))
      throw new ScheduleError(`there is no schedule named "${name}"`);
  });
/**
 * A paused schedule keeps its place; resuming does not fire the times it missed (its last fire
 * time moves to now). False when there is no schedule of that name.
 */
export async function setSchedulePaused(
  pool: pg.Pool,
  name: string,
  paused: boolean,
): Promise<boolean> {
  const { rowCount } = await pool.query(
    paused
      ? `UPDATE ${SCHEMA}.schedules SET paused = true WHERE name = $1`
      : `UPDATE ${SCHEMA}.schedules SET paused = false, last_fired_at = greatest(last_fired_at, now()) WHERE name = $1`,
    [name],
  );
  return (rowCount ?? 0) > 0;
}

async function setPausedOrThrow(databaseUrl: string, name: string, paused: boolean) {
  await withQueue(databaseUrl, async (q) => {
    if (!(await setSchedulePaused(q.pool, name, paused)))
      throw new ScheduleError(`there is no schedule named "${name}"`);
  });
}
export const pauseSchedule = (databaseUrl: string, name: string) =>
  setPausedOrThrow(databaseUrl, name, true);
export const resumeSchedule = (databaseUrl: string, name: string) =>
  setPausedOrThrow(databaseUrl, name, false);

export interface FiredSchedule {
  name: string;
  /** The job sent, or null when the connection already had a run queued or running. */
  jobId: string | null;
}

/**
 * Sends a run for every schedule due at `now` (what the minute tick does; tests pass their
 * own `now`). Rows another tick holds are skipped: that tick fires them.
 */
export async function fireDueSchedules(
  queue: QueueConnection,
  now: Date,
): Promise<FiredSchedule[]> {
  const client = await queue.pool.connect();
  const fired: FiredSchedule[] = [];
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<Row>(
      `SELECT * FROM ${SCHEMA}.schedules WHERE NOT paused FOR UPDATE SKIP LOCKED`,
    );
    for (const row of rows) {
      const due = lastFireTime(row.cron, row.timezone, now);
      if (due <= row.last_fired_at) continue;
      const sent = await sendRun(
        queue.boss,
        client,
        runJob(
          row.saved ? { saved: row.saved } : { workflow: row.workflow },
          row.options,
          row.name,
        ),
        row.options,
      );
      await client.query(`UPDATE ${SCHEMA}.schedules SET last_fired_at = $2 WHERE name = $1`, [
        row.name,
        due,
      ]);
      fired.push({ name: row.name, jobId: sent.queued ? sent.jobId : null });
    }
    await client.query("COMMIT");
    return fired;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** fireDueSchedules on a connection of its own. */
export const fireSchedulesAt = (databaseUrl: string, now: Date): Promise<FiredSchedule[]> =>
  withQueue(databaseUrl, (q) => fireDueSchedules(q, now));
