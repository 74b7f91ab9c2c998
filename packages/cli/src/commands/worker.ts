import type { Argv } from "../args.js";
import { databaseOption, queueDatabase, queueFailure } from "../queue/database.js";

export interface WorkerArgs {
  database?: string;
  concurrency: number;
  "maintenance-interval": number;
}

export const workerCommand = {
  command: "worker",
  describe: "Run queued and scheduled runs from a PostgreSQL queue, until stopped",
  builder: (y: Argv) =>
    y
      .option("database", databaseOption)
      .option("concurrency", {
        type: "number",
        default: 1,
        describe: "Runs at a time in this worker",
      })
      .option("maintenance-interval", {
        type: "number",
        default: 60,
        describe:
          "Seconds between looks for runs of workers that died (their runs are retried once their time budget and 15 s have passed)",
      })
      .example(
        "$0 worker --database postgres://onespec@db.internal/onespec --concurrency 2",
        "Start a worker; start more, on any machine, to run more at once",
      ),
  handler: async (args: WorkerArgs): Promise<number> => {
    const url = queueDatabase("worker", args.database);
    if (!url) return 1;
    if (!Number.isInteger(args.concurrency) || args.concurrency < 1) {
      console.error("onespec worker: --concurrency must be a whole number of at least 1");
      return 2;
    }
    const { startWorker } = await import("@onespec/queue");
    let worker;
    try {
      worker = await startWorker({
        databaseUrl: url,
        concurrency: args.concurrency,
        maintenanceIntervalSeconds: args["maintenance-interval"],
      });
    } catch (error) {
      return queueFailure("worker", url, error);
    }
    // SIGINT/SIGTERM: stop taking runs, let the running ones end, disconnect.
    const signal = await new Promise<NodeJS.Signals>((resolve) => {
      process.once("SIGINT", resolve);
      process.once("SIGTERM", resolve);
    });
    console.error(`onespec worker: ${signal}: stopping after the runs in progress`);
    await worker.stop();
    return 0;
  },
};
