import path from "node:path";
import type { Argv } from "../args.js";
import { databaseOption, queueDatabase, queueFailure } from "../queue/database.js";

export interface RunsArgs {
  database?: string;
  connection?: string;
  limit: number;
  json: boolean;
}

export const runsCommand = {
  command: "runs",
  describe: "List queued runs, newest first: status, counts, duration, error kind",
  builder: (y: Argv) =>
    y
      .option("database", databaseOption)
      .option("connection", {
        type: "string",
        describe: "Only the runs of this workflow file",
      })
      .option("limit", { type: "number", default: 50, describe: "At most this many runs" })
      .option("json", { type: "boolean", default: false, describe: "Print the runs as JSON" }),
  handler: async (args: RunsArgs): Promise<number> => {
    const url = queueDatabase("runs", args.database);
    if (!url) return 1;
    const { listRuns } = await import("@onespec/queue");
    let runs;
    try {
      runs = await listRuns({
        databaseUrl: url,
        ...(args.connection !== undefined && { connection: path.resolve(args.connection) }),
        limit: args.limit,
      });
    } catch (error) {
      return queueFailure("runs", url, error);
    }
    if (args.json) {
      console.log(JSON.stringify(runs, null, 2));
      return 0;
    }
    if (runs.length === 0) {
      console.log("no runs yet");
      return 0;
    }
    const rows = runs.map((r) => [
      r.startedAt.toISOString().replace("T", " ").slice(0, 19),
      path.relative(process.cwd(), r.connection) || r.connection,
      String(r.attempt),
      r.status,
      r.counts
        ? `${r.counts.read} read, ${r.counts.created}+ ${r.counts.updated}~ ${r.counts.deleted}-`
        : "",
      r.durationMs === null ? "" : `${(r.durationMs / 1000).toFixed(1)} s`,
      r.errorKind ?? "",
    ]);
    const header = ["started (UTC)", "connection", "try", "status", "entities", "took", "error"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    for (const row of [header, ...rows])
      console.log(
        row
          .map((cell, i) => cell.padEnd(widths[i]))
          .join("  ")
          .trimEnd(),
      );
    return 0;
  },
};
