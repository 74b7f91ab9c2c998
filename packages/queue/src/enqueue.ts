/** `onespec run --queue`: one run of a workflow, sent to the queue instead of run here. */
import { connectQueue } from "./connect.js";
import { runJob, sendRunNow, type RunJobOptions } from "./run-job.js";

export interface EnqueueRunOptions extends RunJobOptions {
  databaseUrl: string;
  /** The workflow file (relative to the current directory, or absolute). */
  workflow: string;
}

export type EnqueueResult =
  | { queued: true; jobId: string; connection: string }
  /** The connection already has a run queued or running (`jobId`): a second would do the same work. */
  | { queued: false; jobId: string; connection: string };

export async function enqueueRun(options: EnqueueRunOptions): Promise<EnqueueResult> {
  const queue = await connectQueue({ databaseUrl: options.databaseUrl });
  try {
    const job = runJob(options.workflow, options);
    const sent = await sendRunNow(queue.boss, queue.pool, job, options);
    return { ...sent, connection: job.connection };
  } finally {
    await queue.close();
  }
}
