import path from "node:path";
import type { Argv } from "../args.js";
import {
  ConfigError,
  Redactor,
  parseConnectorConfig,
  createLogger,
  runSync,
  valuesAtPointers,
  type LogFormat,
  type LogLevel,
  type RunSummary,
  loadConnector,
  UnknownConnectorError,
} from "@onespec/sdk";
import { configProblemDiagnostics } from "../run/config-problems.js";
import { MissingSinkPackage, createSink } from "../run/sinks.js";
import { terminalProgress } from "../run/progress.js";
import { formatSummary } from "../run/summary.js";
import { readWorkflow, WorkflowError } from "../run/workflow.js";
import { upgradeConfig } from "../run/upgrade-config.js";
import { formatDiagnostics } from "../report.js";
import { databaseOption } from "../queue/database.js";
import type { Diagnostic } from "@onespec/core";

export interface RunArgs {
  workflow: string;
  "dry-run": boolean;
  json: boolean;
  "log-format": LogFormat;
  "log-level": LogLevel;
  "secrets-file"?: string;
  progress?: boolean;
  "allow-empty"?: boolean;
  queue?: boolean;
  database?: string;
  "time-budget"?: number;
}

export const runCommand = {
  command: "run <workflow>",
  describe: "Run a workflow: read a source with its connector and write the entities to a sink",
  builder: (y: Argv) =>
    y
      .positional("workflow", {
        type: "string",
        demandOption: true,
        describe: "Workflow file (.yaml, .yml or .json)",
      })
      .option("dry-run", {
        type: "boolean",
        default: false,
        describe: "Report what would change without writing anything",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "Print the summary as JSON on stdout",
      })
      .option("log-format", {
        choices: ["pretty", "json"] as const,
        default: "pretty" as const,
        describe: "Format of the log lines on stderr",
      })
      .option("log-level", {
        choices: ["debug", "info", "warn", "error", "silent"] as const,
        default: "info" as const,
      })
      .option("secrets-file", {
        type: "string",
        describe:
          "YAML or JSON file of secrets for {{secrets.name}} (overrides the workflow's secrets_file)",
      })
      .option("progress", {
        type: "boolean",
        describe: "Show a progress bar (default: when stderr is a terminal and logs are pretty)",
      })
      .option("allow-empty", {
        type: "boolean",
        describe:
          "Let a run that reads no entity of a type mark every stored entity of that type deleted (default: such a run fails and marks nothing deleted)",
      })
      .option("queue", {
        type: "boolean",
        describe:
          "Put the run on the PostgreSQL run queue for a worker, instead of running it here",
      })
      .option("database", databaseOption)
      .option("time-budget", {
        type: "number",
        describe: "--queue: seconds the run may take before it is stopped (default 1800)",
      })
      .example(
        "$0 run examples/sqlite-catalog.yaml",
        "Extract the sample SQLite database into the SQLite catalog",
      ),
  handler: async (args: RunArgs): Promise<number> => {
    if (args.queue) return (await import("../queue/enqueue-workflow.js")).enqueueWorkflow(args);
    let workflow;
    try {
      workflow = await readWorkflow(args.workflow, {
        ...(args["secrets-file"] !== undefined && {
          secretsFile: path.resolve(args["secrets-file"]),
        }),
      });
    } catch (error) {
      if (error instanceof WorkflowError) {
        console.error(formatDiagnostics(error.diagnostics, "pretty", { showSource: false }));
        return 1;
      }
      throw error;
    }
    let connector;
    try {
      connector = await loadConnector(workflow.source.connector);
    } catch (error) {
      if (error instanceof UnknownConnectorError) {
        // Located on the workflow line that names the connector: that is what the user edits.
        console.error(
          formatDiagnostics(
            [
              workflowProblem(
                args.workflow,
                workflow,
                "/source/connector",
                "run/connector-unavailable",
                error.message,
              ),
            ],
            "pretty",
            { showSource: false },
          ),
        );
        return 1;
      }
      throw error;
    }
    // Written for an older version (source.connectorVersion): upgraded with the connector's
    // migrations first. The workflow's references are resolved already; values move as they are.
    const written = workflow.source.connectorVersion;
    const current = connector.version ?? connector.metadata.version;
    if (written !== undefined && written !== current) {
      const { result, diagnostics } = upgradeConfig(
        connector.migrate?.bind(connector),
        workflow.source.config,
        written,
        current,
        {
          connector: connector.metadata.name,
          file: args.workflow,
          versionPointer: "/source/connectorVersion",
          locate: workflow.locate,
          prefix: "/source/config",
        },
      );
      if (!result) {
        console.error(formatDiagnostics(diagnostics, "pretty", { showSource: false }));
        console.error(
          `onespec run: the ${connector.metadata.name} config cannot be upgraded; nothing was run`,
        );
        return 1;
      }
      workflow.source.config = result.config as typeof workflow.source.config;
      console.error(
        `${args.workflow}: the ${connector.metadata.name} config was written for ${written}, upgraded to ${current} for this run (${result.applied.join(", ") || "no migration needed"}); set source.connectorVersion to ${current} once the config is rewritten`,
      );
    }
    // The connector config is checked before anything is opened, and reported against the workflow's lines.
    try {
      parseConnectorConfig(connector, workflow.source.config);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const redactor = new Redactor([
        ...workflow.secrets,
        ...valuesAtPointers(workflow.source.config, connector.secretPaths),
      ]);
      const diagnostics = configProblemDiagnostics(error, {
        file: args.workflow,
        prefix: "/source/config",
        locate: workflow.locate,
        redact: (text) => redactor.redact(text),
        hint: `Fix the ${connector.metadata.name} config (its schema: schemas/connectors/${connector.metadata.name}/connection.json).`,
      });
      console.error(formatDiagnostics(diagnostics, "pretty", { showSource: false }));
      console.error(`onespec run: not a valid ${connector.metadata.name} config; nothing was run`);
      return 1;
    }
    // Secrets: whatever was substituted, and whatever sits where the schema says a secret goes.
    const redactor = new Redactor([
      ...workflow.secrets,
      ...valuesAtPointers(workflow.source.config, connector.secretPaths),
      ...(workflow.sink.type === "postgres" && workflow.sink.connection.password
        ? [workflow.sink.connection.password]
        : []),
    ]);
    const redact = (text: string) => redactor.redact(text);
    const logger = createLogger({
      format: args["log-format"],
      level: args["log-level"],
      redact,
      base: {},
    });
    const showProgress =
      args.progress ??
      (process.stderr.isTTY === true && args["log-format"] === "pretty" && !args.json);
    const progress = showProgress ? terminalProgress() : undefined;

    // Relative paths inside the source config (a database file) are relative to the workflow file.
    const startedIn = process.cwd();
    process.chdir(workflow.dir);
    let summary: RunSummary;
    // Ctrl-C stops after the batch being stored; the next run resumes from there.
    const interrupt = new AbortController();
    const onSignal = (signal: NodeJS.Signals) =>
      interrupt.abort(
        new Error(`interrupted by ${signal}; run again to resume from the last checkpoint`),
      );
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    // Started by `onespec worker` (ONESPEC_STOP_WITH_PARENT, see @onespec/queue's run-child):
    // its IPC channel closes when the worker dies, even by SIGKILL. Stop then as on SIGTERM, or
    // the worker's job, retried elsewhere, would run beside this run of the same connection.
    const onWorkerGone = () =>
      interrupt.abort(
        new Error("interrupted: its worker stopped; the retry resumes from the last checkpoint"),
      );
    const watchWorker = process.env.ONESPEC_STOP_WITH_PARENT === "1" && process.send !== undefined;
    if (watchWorker) {
      process.once("disconnect", onWorkerGone);
      if (!process.connected) onWorkerGone();
    }
    try {
      let sink;
      try {
        sink = await createSink(workflow.sink, workflow.dir, startedIn);
      } catch (error) {
        if (!(error instanceof MissingSinkPackage)) throw error;
        console.error(
          formatDiagnostics(
            [
              workflowProblem(
                args.workflow,
                workflow,
                "/sink/type",
                "run/sink-unavailable",
                error.message,
                error.hint,
              ),
            ],
            "pretty",
            { showSource: false },
          ),
        );
        return 1;
      }
      summary = await runSync({
        signal: interrupt.signal,
        connector,
        config: workflow.source.config,
        service: workflow.source.service,
        sink,
        batchSize: workflow.options.batch_size,
        dryRun: args["dry-run"],
        logger,
        ...(progress && { progress }),
        retry: {
          retries: workflow.options.retries,
          baseDelayMs: workflow.options.retry_base_delay_ms,
        },
        ...(workflow.options.rate_limit_per_second !== undefined && {
          rateLimitPerSecond: workflow.options.rate_limit_per_second,
        }),
        ...(workflow.options.batch_timeout_seconds !== undefined && {
          batchTimeoutMs: workflow.options.batch_timeout_seconds * 1000,
        }),
        allowEmpty: args["allow-empty"] ?? workflow.options.allow_empty ?? false,
        redact,
      });
    } catch (error) {
      progress?.stop();
      const e = error as Error & { hint?: string; kind?: string };
      console.error(
        redact(
          `onespec run: ${e.kind ? `${e.kind} error: ` : ""}${e.message}${e.hint ? `\nhint: ${e.hint}` : ""}`,
        ),
      );
      return 1;
    } finally {
      // The handler also runs in-process (tests, an embedding tool): leave no listener and no
      // changed working directory behind, whichever way the run ended.
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      // The channel no longer holds the process open once nothing listens on it.
      process.off("disconnect", onWorkerGone);
      process.chdir(startedIn);
    }
    progress?.stop();
    if (args.json) console.log(JSON.stringify(redactor.redactValue(summary), null, 2));
    else
      console.log(redact(formatSummary(summary, errorLocation(summary, workflow, args.workflow))));
    return summary.status === "ok" ? 0 : 1;
  },
};

/** An error about one value of the workflow file, located on its line. */
function workflowProblem(
  file: string,
  workflow: { locate(pointer: string): { line?: number; column?: number } | undefined },
  pointer: string,
  code: string,
  message: string,
  hint?: string,
): Diagnostic {
  return {
    severity: "error",
    code,
    message,
    file,
    pointer,
    ...(workflow.locate(pointer) ?? {}),
    ...(hint !== undefined && { hint }),
  };
}

/** "workflow.yaml:5:20 (/source/config/database_path)" for an error about one config value. */
function errorLocation(
  summary: RunSummary,
  workflow: { locate(pointer: string): { line?: number; column?: number } | undefined },
  file: string,
): string | undefined {
  const pointer = summary.error?.pointer;
  if (pointer === undefined) return undefined;
  const full = `/source/config${pointer}`;
  const at = workflow.locate(full);
  return `${file}${at?.line !== undefined ? `:${at.line}${at.column !== undefined ? `:${at.column}` : ""}` : ""} (${full})`;
}
