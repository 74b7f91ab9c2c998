/** `onespec run --queue`: one run of a workflow, sent to the queue instead of run here. */
import { connectQueue } from "./connect.js";
import { runJob, sendRunNow, type RunJobOptions, type RunTarget } from "./run-job.js";
import type { SavedTarget } from "./saved-connection.js";

/** Exactly one of `workflow` and `saved`. */
export function target(options: { workflow?: string; saved?: SavedTarget }): RunTarget {
  if ((options.workflow === undefined) === (options.saved === undefined))
    throw new TypeError("name either a workflow file or a saved connection");
  return options.workflow !== undefined
    ? { workflow: options.workflow }
    : { saved: options.saved! };
}

export interface EnqueueRunOptions extends RunJobOptions {
  databaseUrl: string;
  /** The workflow file (relative to the current directory, or absolute). */
  workflow?: string;
  /** Or a connection saved by `onespec serve`. */
  saved?: SavedTarget;
}

export type EnqueueResult =
  | { queued: true; jobId: string; connection: string }
  /** The connection already has a run queued or running (`jobId`): a second would do the same work. */
  | { queued: false; jobId: string; connection: string };

export async function enqueueRun(options: EnqueueRunOptions): Promise<EnqueueResult> {
  const queue = await connectQueue({ databaseUrl: options.databaseUrl });
  try {
    const job = runJob(target(options), options);
    const sent = await sendRunNow(queue.boss, queue.pool, job, options);
    return { ...sent, connection: job.connection };
  } finally {
    await queue.close();
  }
}
