import type { Argv } from "../args.js";
import { databaseOption, queueDatabase, queueFailure } from "../queue/database.js";

export interface ScheduleArgs {
  action: "list" | "add" | "remove" | "pause" | "resume";
  name?: string;
  workflow?: string;
  cron?: string;
  timezone: string;
  "time-budget"?: number;
  saved?: string;
  store: string;
  catalog: string;
  database?: string;
  json: boolean;
}

export const scheduleCommand = {
  command: "schedule <action> [name] [workflow]",
  describe: "List, add, remove, pause or resume the cron schedules of workflows on the run queue",
  builder: (y: Argv) =>
    y
      .positional("action", {
        choices: ["list", "add", "remove", "pause", "resume"] as const,
        demandOption: true,
      })
      .positional("name", { type: "string", describe: "The schedule's name" })
      .positional("workflow", { type: "string", describe: "Workflow file (add)" })
      .option("cron", {
        type: "string",
        describe: 'Cron expression (add): minute hour day-of-month month day-of-week, "0 2 * * *"',
      })
      .option("saved", {
        type: "string",
        describe: "add: instead of a workflow, the id of a connection saved by `onespec serve`",
      })
      .option("store", {
        type: "string",
        default: ".onespec/connections.db",
        describe: "--saved: serve's store holding it (its key: ONESPEC_SECRET_KEY or <store>.key)",
      })
      .option("catalog", {
        type: "string",
        default: ".onespec/catalog.db",
        describe: "--saved: the SQLite catalog its runs write",
      })
      .option("timezone", { type: "string", default: "UTC", describe: "Time zone of --cron" })
      .option("time-budget", {
        type: "number",
        describe: "Seconds a run may take before it is stopped and marked timed-out (default 1800)",
      })
      .option("database", databaseOption)
      .option("json", { type: "boolean", default: false, describe: "list: print JSON" })
      .example(
        '$0 schedule add nightly examples/sqlite-catalog.yaml --cron "0 2 * * *"',
        "Run a workflow every night at 02:00 UTC",
      ),
  handler: async (args: ScheduleArgs): Promise<number> => {
    if (args.action !== "list" && !args.name) {
      console.error(`onespec schedule ${args.action}: name the schedule`);
      return 2;
    }
    if (args.action === "add" && ((!args.workflow && !args.saved) || !args.cron)) {
      console.error(
        'onespec schedule add: give a workflow file (or --saved <id>) and --cron, e.g. `onespec schedule add nightly flow.yaml --cron "0 2 * * *"`',
      );
      return 2;
    }
    if (args.action === "add" && args.workflow && args.saved) {
      console.error("onespec schedule add: give a workflow file or --saved <id>, not both");
      return 2;
    }
    const url = queueDatabase("schedule", args.database);
    if (!url) return 1;
    const queue = await import("@onespec/queue");
    try {
      switch (args.action) {
        case "list": {
          const schedules = await queue.listSchedules(url);
          if (args.json) console.log(JSON.stringify(schedules, null, 2));
          else if (schedules.length === 0) console.log("no schedules");
          else
            for (const s of schedules)
              console.log(
                `${s.name}  ${s.cron} (${s.timezone})  ${s.workflow}${s.paused ? "  paused" : ""}`,
              );
          return 0;
        }
        case "add": {
          if (args["time-budget"] !== undefined && !(args["time-budget"] > 0)) {
            console.error(
              "onespec schedule add: --time-budget must be a number of seconds above 0",
            );
            return 2;
          }
          const s = await queue.addSchedule(url, {
            name: args.name!,
            ...(args.saved
              ? { saved: { id: args.saved, store: args.store, catalog: args.catalog } }
              : { workflow: args.workflow! }),
            cron: args.cron!,
            timezone: args.timezone,
            ...(args["time-budget"] !== undefined && { timeBudgetSeconds: args["time-budget"] }),
          });
          console.log(`added ${s.name}: ${s.workflow} at "${s.cron}" (${s.timezone})`);
          return 0;
        }
        case "remove":
          await queue.removeSchedule(url, args.name!);
          console.log(`removed ${args.name}`);
          return 0;
        case "pause":
          await queue.pauseSchedule(url, args.name!);
          console.log(`paused ${args.name}`);
          return 0;
        case "resume":
          await queue.resumeSchedule(url, args.name!);
          console.log(`resumed ${args.name} (the times it missed while paused are not run)`);
          return 0;
      }
    } catch (error) {
      if (error instanceof queue.ScheduleError) {
        console.error(`onespec schedule ${args.action}: ${error.message}`);
        return 1;
      }
      return queueFailure("schedule", url, error);
    }
  },
};
