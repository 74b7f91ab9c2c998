/**
 * The queue as `onespec serve` shows it: one connection kept open, schedules with their
 * connection's last runs, a connection's runs, add (a saved connection of serve's store),
 * remove, pause and resume; dates as ISO strings (the shape of serve's API,
 * @onespec/runtime/serve-api).
 */
import path from "node:path";
import { connectQueue } from "./connect.js";
import { queryRuns, type RunRecord } from "./runs.js";
import {
  checkCron,
  deleteSchedule,
  insertSchedule,
  ScheduleError,
  selectSchedules,
  setSchedulePaused,
  type Schedule,
} from "./schedules.js";

export interface QueuedRunView extends Omit<RunRecord, "jobId" | "startedAt" | "finishedAt"> {
  startedAt: string;
  finishedAt: string | null;
}

export interface ScheduleView {
  name: string;
  workflow: string;
  cron: string;
  timezone: string;
  paused: boolean;
  lastFiredAt: string;
  lastRuns: QueuedRunView[];
}

export interface NewSavedSchedule {
  name: string;
  connectionId: string;
  cron: string;
}

export type AddedScheduleView =
  { schedule: ScheduleView } | { refused: "cron" | "name"; message: string };

export interface RunQueueView {
  schedules(): Promise<ScheduleView[]>;
  runs(connection: string | undefined, limit: number): Promise<QueuedRunView[]>;
  setPaused(name: string, paused: boolean): Promise<boolean>;
  /** Schedules a connection of the view's store; needs `store` (serve's connection store). */
  addSchedule(input: NewSavedSchedule): Promise<AddedScheduleView>;
  removeSchedule(name: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Where the runs of a saved connection scheduled from serve write: a catalog of its own beside
 * the store, so two connections never share (and lock) one file.
 */
export const savedCatalogPath = (store: string, connectionId: string) =>
  path.join(path.dirname(store), `catalog-${connectionId}.db`);

const view = ({ jobId: _job, startedAt, finishedAt, ...rest }: RunRecord): QueuedRunView => ({
  ...rest,
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt?.toISOString() ?? null,
});

/**
 * `lastRuns`: how many runs of each schedule's connection come with it (default 5); `store`:
 * serve's connection store (absolute path), whose connections addSchedule schedules.
 */
export async function openRunQueueView(
  databaseUrl: string,
  options: { lastRuns?: number; store?: string; onError?: (error: Error) => void } = {},
): Promise<RunQueueView> {
  const queue = await connectQueue({
    databaseUrl,
    ...(options.onError && { onError: options.onError }),
  });
  const scheduleView = async (s: Schedule): Promise<ScheduleView> => ({
    name: s.name,
    workflow: s.workflow,
    cron: s.cron,
    timezone: s.timezone,
    paused: s.paused,
    lastFiredAt: s.lastFiredAt.toISOString(),
    lastRuns: (
      await queryRuns(queue.pool, { connection: s.workflow, limit: options.lastRuns ?? 5 })
    ).map(view),
  });
  return {
    schedules: async () => Promise.all((await selectSchedules(queue.pool)).map(scheduleView)),
    runs: async (connection, limit) =>
      (
        await queryRuns(queue.pool, {
          ...(connection !== undefined && { connection }),
          limit,
        })
      ).map(view),
    setPaused: (name, paused) => setSchedulePaused(queue.pool, name, paused),
    addSchedule: async ({ name, connectionId, cron }) => {
      if (options.store === undefined)
        throw new Error("openRunQueueView: no store to schedule saved connections from");
      try {
        checkCron(cron);
      } catch (error) {
        if (error instanceof ScheduleError) return { refused: "cron", message: error.message };
        throw error;
      }
      const saved = {
        store: options.store,
        id: connectionId,
        catalog: savedCatalogPath(options.store, connectionId),
      };
      try {
        return {
          schedule: await scheduleView(await insertSchedule(queue.pool, { name, saved, cron })),
        };
      } catch (error) {
        // The cron expression parsed above: the only refusal left is a name taken.
        if (error instanceof ScheduleError) return { refused: "name", message: error.message };
        throw error;
      }
    },
    removeSchedule: (name) => deleteSchedule(queue.pool, name),
    close: () => queue.close(),
  };
}
