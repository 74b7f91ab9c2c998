/**
 * onespec's own tables beside pg-boss's: the history of every run attempt and the schedules.
 * pg-boss owns its schema (`pgboss`); these live in `onespec_queue` and are created on first use.
 */
import type pg from "pg";

export const SCHEMA = "onespec_queue";

const DDL = `
CREATE SCHEMA IF NOT EXISTS ${SCHEMA};
CREATE TABLE IF NOT EXISTS ${SCHEMA}.runs (
  id uuid PRIMARY KEY,
  job_id uuid NOT NULL,
  connection text NOT NULL,
  schedule text,
  attempt integer NOT NULL,
  worker text NOT NULL,
  status text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  duration_ms integer,
  counts jsonb,
  error_kind text,
  error_message text
);
CREATE INDEX IF NOT EXISTS runs_connection ON ${SCHEMA}.runs (connection, started_at DESC);
CREATE INDEX IF NOT EXISTS runs_running ON ${SCHEMA}.runs (job_id) WHERE status = 'running';
CREATE TABLE IF NOT EXISTS ${SCHEMA}.schedules (
  name text PRIMARY KEY,
  workflow text NOT NULL,
  cron text NOT NULL,
  timezone text NOT NULL DEFAULT 'UTC',
  paused boolean NOT NULL DEFAULT false,
  options jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_fired_at timestamptz NOT NULL DEFAULT now()
);
-- A schedule of a saved connection: its store, id and catalog (workflow then holds its key).
ALTER TABLE ${SCHEMA}.schedules ADD COLUMN IF NOT EXISTS saved jsonb;
`;

/** Creates the tables once per database; concurrent first uses serialise on an advisory lock. */
export async function ensureTables(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [SCHEMA]);
    await client.query(DDL);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
