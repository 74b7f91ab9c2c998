/**
 * One connection to the queue database: a pg-boss instance (its own pool) and a small pool for
 * onespec's tables. Enqueuing clients start pg-boss without maintenance or cron; workers start
 * it with both, so any worker can expire a dead worker's job and fire the minute tick.
 */
import PgBoss from "pg-boss";
import pg from "pg";
import { ensureTables } from "./tables.js";

/** The queue every run job goes to, and the one the cron tick fires into. */
export const RUN_QUEUE = "onespec-run";
export const TICK_QUEUE = "onespec-tick";
/** pg-boss's schema (its default). */
export const BOSS_SCHEMA = "pgboss";

export interface ConnectOptions {
  /** postgres://… of the queue database. Never logged: it may hold a password. */
  databaseUrl: string;
  /** Run pg-boss's maintenance (expiring jobs of dead workers) and cron from this process. */
  supervise?: boolean;
  /** How often maintenance looks for expired jobs (default 60 s). */
  maintenanceIntervalSeconds?: number;
  /** Reports pg-boss's background errors (they never stop the process). */
  onError?: (error: Error) => void;
}

export interface QueueConnection {
  boss: PgBoss;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** The URL's password is never shown: errors about the database name only host and database. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.hostname}${url.port ? `:${url.port}` : ""}${url.pathname}`;
  } catch {
    return "the queue database";
  }
}

export async function connectQueue(options: ConnectOptions): Promise<QueueConnection> {
  const supervise = options.supervise ?? false;
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: BOSS_SCHEMA,
    supervise,
    schedule: supervise,
    migrate: true,
    max: 4,
    maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60,
  });
  // An EventEmitter "error" without a listener would crash the process.
  boss.on("error", (error: Error) => options.onError?.(error));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  pool.on("error", (error) => options.onError?.(error));
  try {
    await boss.start();
    await ensureQueue(boss, RUN_QUEUE, "stately");
    await ensureQueue(boss, TICK_QUEUE, "short");
    await ensureTables(pool);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    await pool.end().catch(() => undefined);
    throw error;
  }
  return {
    boss,
    pool,
    close: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
      await pool.end();
    },
  };
}

async function ensureQueue(boss: PgBoss, name: string, policy: PgBoss.QueuePolicy): Promise<void> {
  if (await boss.getQueue(name)) return;
  try {
    await boss.createQueue(name, { name, policy });
  } catch (error) {
    // Another process created it between the check and here.
    if (!(await boss.getQueue(name))) throw error;
  }
}
