/** `onespec run <workflow> --queue`: the run goes to the queue; a worker runs it. */
import { existsSync } from "node:fs";
import path from "node:path";
import { queueDatabase, queueFailure } from "./database.js";

export async function enqueueWorkflow(args: {
  workflow: string;
  database?: string;
  "time-budget"?: number;
}): Promise<number> {
  if (args["time-budget"] !== undefined && !(args["time-budget"] > 0)) {
    console.error("onespec run: --time-budget must be a number of seconds above 0");
    return 2;
  }
  const url = queueDatabase("run --queue", args.database);
  if (!url) return 1;
  if (!existsSync(args.workflow)) {
    console.error(`onespec run: ${args.workflow}: no such workflow file; nothing was queued`);
    return 1;
  }
  const { enqueueRun } = await import("@onespec/queue");
  try {
    const result = await enqueueRun({
      databaseUrl: url,
      workflow: args.workflow,
      ...(args["time-budget"] !== undefined && { timeBudgetSeconds: args["time-budget"] }),
    });
    const shown = path.relative(process.cwd(), result.connection) || result.connection;
    console.log(
      result.queued
        ? `queued a run of ${shown} (job ${result.jobId}); see \`onespec runs --connection ${shown}\``
        : `${shown} already has a run queued or running (job ${result.jobId}); nothing added`,
    );
    return 0;
  } catch (error) {
    return queueFailure("run --queue", url, error);
  }
}
