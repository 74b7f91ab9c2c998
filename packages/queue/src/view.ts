/**
 * The queue as `onespec serve` shows it: one connection kept open, schedules with their
 * connection's last runs, a connection's runs, pause and resume; dates as ISO strings (the
 * shape of serve's API, @onespec/runtime/serve-api).
 */
import { connectQueue } from "./connect.js";
import { queryRuns, type RunRecord } from "./runs.js";
import { selectSchedules, setSchedulePaused } from "./schedules.js";

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

export interface RunQueueView {
  schedules(): Promise<ScheduleView[]>;
  runs(connection: string | undefined, limit: number): Promise<QueuedRunView[]>;
  setPaused(name: string, paused: boolean): Promise<boolean>;
  close(): Promise<void>;
}

const view = ({ jobId: _job, startedAt, finishedAt, ...rest }: RunRecord): QueuedRunView => ({
  ...rest,
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt?.toISOString() ?? null,
});

/** `lastRuns`: how many runs of each schedule's connection come with it (default 5). */
export async function openRunQueueView(
  databaseUrl: string,
  options: { lastRuns?: number; onError?: (error: Error) => void } = {},
): Promise<RunQueueView> {
  const queue = await connectQueue({
    databaseUrl,
    ...(options.onError && { onError: options.onError }),
  });
  return {
    schedules: async () =>
      Promise.all(
        (await selectSchedules(queue.pool)).map(async (s) => ({
          name: s.name,
          workflow: s.workflow,
          cron: s.cron,
          timezone: s.timezone,
          paused: s.paused,
          lastFiredAt: s.lastFiredAt.toISOString(),
          lastRuns: (
            await queryRuns(queue.pool, { connection: s.workflow, limit: options.lastRuns ?? 5 })
          ).map(view),
        })),
      ),
    runs: async (connection, limit) =>
      (
        await queryRuns(queue.pool, {
          ...(connection !== undefined && { connection }),
          limit,
        })
      ).map(view),
    setPaused: (name, paused) => setSchedulePaused(queue.pool, name, paused),
    close: () => queue.close(),
  };
}
