import path from "node:path";
import type { Argv } from "../args.js";
import {
  ConfigError,
  Redactor,
  parseConnectorConfig,
  testConnection,
  valuesAtPointers,
  type StepResult,
  loadConnector,
  UnknownConnectorError,
} from "@onespec/sdk";
import { readConfigFile } from "../config-file.js";
import { configProblemDiagnostics } from "../run/config-problems.js";
import { resolveFileSecrets, WorkflowError } from "../run/workflow.js";
import { formatDiagnostics } from "../report.js";
import { readSavedConfig } from "../run/upgrade-config.js";

export interface TestConnectionArgs {
  connector: string;
  config: string;
  json: boolean;
  "secrets-file"?: string;
}

const mark: Record<StepResult["status"], string> = { passed: "✓", failed: "✗", skipped: "-" };

function formatStep(step: StepResult, width: number): string {
  const ms = step.status === "skipped" ? "" : `${Math.round(step.durationMs)} ms`;
  const note = step.status === "passed" ? (step.detail ?? "") : (step.message ?? "");
  const optional = step.mandatory ? "" : " (optional)";
  return `${mark[step.status]} ${(step.name + optional).padEnd(width)}  ${step.status.padEnd(7)} ${ms.padStart(8)}  ${note}`.trimEnd();
}

export const testConnectionCommand = {
  command: "test-connection <connector> <config>",
  describe:
    "Run a connector's test-connection steps against a config file and print each step's result",
  builder: (y: Argv) =>
    y
      .positional("connector", {
        type: "string",
        demandOption: true,
        describe: "Connector name, e.g. postgres",
      })
      .positional("config", {
        type: "string",
        demandOption: true,
        describe: "Config file (.json, .yaml or .yml); ${VAR} and {{secrets.name}} are resolved",
      })
      .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
      .option("secrets-file", {
        type: "string",
        describe: "YAML or JSON file of secrets for {{secrets.name}}",
      })
      .example(
        "$0 test-connection postgres pg.yaml",
        "Check that onespec can reach and read a PostgreSQL server",
      ),
  handler: async (args: TestConnectionArgs): Promise<number> => {
    let connector;
    try {
      connector = await loadConnector(args.connector);
    } catch (error) {
      if (error instanceof UnknownConnectorError) {
        console.error(`onespec test-connection: ${error.message}`);
        return 1;
      }
      throw error;
    }
    const { config: loaded, diagnostics } = await readConfigFile(args.config);
    if (!loaded) {
      console.error(formatDiagnostics(diagnostics, "pretty", { showSource: false }));
      return 1;
    }
    // Written for an older version ($version): upgraded before its references are resolved.
    const saved = readSavedConfig(connector, loaded, args.config);
    if (!saved.config) {
      console.error(formatDiagnostics(saved.diagnostics, "pretty", { showSource: false }));
      return 1;
    }
    if (saved.note) console.error(saved.note);
    let resolved;
    try {
      resolved = await resolveFileSecrets(
        args.config,
        saved.config,
        args["secrets-file"] && path.resolve(args["secrets-file"]),
        process.env,
        true,
      );
    } catch (error) {
      if (error instanceof WorkflowError) {
        console.error(formatDiagnostics(error.diagnostics, "pretty", { showSource: false }));
        return 1;
      }
      throw error;
    }
    // Every value substituted from the environment or a secrets file, and every value where the
    // schema puts a secret.
    const redactor = new Redactor([
      ...resolved.fileSecrets,
      ...resolved.resolved,
      ...valuesAtPointers(resolved.value, connector.secretPaths),
    ]);
    const redact = (s: string) => redactor.redact(s);
    let config;
    try {
      config = parseConnectorConfig(connector, resolved.value);
    } catch (error) {
      if (error instanceof ConfigError) {
        const diagnostics = configProblemDiagnostics(error, {
          file: args.config,
          prefix: "",
          locate: saved.config.locate,
          redact,
        });
        console.error(formatDiagnostics(diagnostics, "pretty", { showSource: false }));
        console.error(`${args.config}: not a valid ${args.connector} config; no step was run`);
        return 1;
      }
      throw error;
    }
    process.chdir(path.dirname(path.resolve(args.config)));
    const width = Math.max(...connector.steps.map((s) => s.name.length + (s.mandatory ? 0 : 11)));
    if (!args.json)
      console.log(
        `Testing ${connector.metadata.displayName} connection (${connector.steps.length} steps)`,
      );
    const result = await testConnection(connector, config, {
      onStep: (step) => {
        if (args.json) return;
        console.log(redact(formatStep(step, width)));
        // A failure the connector pinned on config values: where each is written, and what to do.
        if (step.status !== "failed" || !step.fields?.length) return;
        for (const pointer of step.fields) {
          const at = saved.config!.locate(pointer);
          const where =
            at?.line !== undefined
              ? `:${at.line}${at.column !== undefined ? `:${at.column}` : ""}`
              : "";
          console.log(`    at ${args.config}${where} (${pointer})`);
        }
        if (step.hint) console.log(redact(`    hint: ${step.hint}`));
      },
    });
    // Redacted as values, then serialised: redacting the JSON text could break it (a secret "p"
    // inside "type").
    if (args.json) console.log(JSON.stringify(redactor.redactValue(result), null, 2));
    else {
      const failed = result.steps.filter((s) => s.status === "failed");
      console.log(
        result.ok
          ? `ok: every mandatory step passed (${Math.round(result.durationMs)} ms)`
          : `failed: ${
              failed
                .filter((s) => s.mandatory)
                .map((s) => s.name)
                .join(", ") || "a mandatory step was skipped"
            }`,
      );
    }
    return result.ok ? 0 : 1;
  },
};
