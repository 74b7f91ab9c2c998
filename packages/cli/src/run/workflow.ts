/**
 * Workflow files: read (JSON or YAML, with positions), checked against workflow.schema.json,
 * secrets resolved. Every relative path in a workflow is relative to the workflow file.
 */
import path from "node:path";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import type { Diagnostic } from "@onespec/core";
import { loadSecretsFile, resolveSecrets, type ResolvedSecrets } from "@onespec/sdk";
import { quoted, readConfigFile, type LoadedConfig } from "../config-file.js";
import type {
  WorkflowRecord,
  WorkflowRecordSinkJsonl,
  WorkflowRecordSinkPostgres,
  WorkflowRecordSinkSqlite,
} from "./workflow-file.generated.js";

const require = createRequire(import.meta.url);
const schema = require("./workflow.schema.json") as object;
const validateWorkflow = new Ajv({
  allErrors: true,
  useDefaults: true,
  strict: false,
  discriminator: true,
}).compile(schema);

/**
 * A part of the workflow file after ajv checked it with useDefaults: the keys the schema gives a
 * default are present. The shapes themselves are generated from workflow.schema.json.
 */
type Defaulted<T, K extends keyof T> = Omit<T, K> & Required<Pick<T, K>>;

export type SinkSpec =
  | Defaulted<WorkflowRecordSinkSqlite, "path">
  | WorkflowRecordSinkJsonl
  | (Defaulted<Omit<WorkflowRecordSinkPostgres, "connection">, "schema"> & {
      connection: Defaulted<WorkflowRecordSinkPostgres["connection"], "port" | "ssl">;
    });

export interface Workflow {
  file: string;
  dir: string;
  /** The source; `service` defaults to the connector's name. */
  source: Defaulted<WorkflowRecord["source"], "service">;
  sink: SinkSpec;
  options: Defaulted<
    NonNullable<WorkflowRecord["options"]>,
    "batch_size" | "retries" | "retry_base_delay_ms"
  >;
  /** Line and column of a JSON pointer in the workflow file. */
  locate: LoadedConfig["locate"];
  /**
   * Values to redact from all output: every value of the secrets file and every value
   * substituted from `${ENV}` or `{{secrets.…}}`. (Values at the connector's secret paths are
   * added by the caller, which knows the connector.)
   */
  secrets: string[];
}

export class WorkflowError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join("; "));
  }
}

function diagnostic(
  file: string,
  loaded: LoadedConfig | undefined,
  pointer: string,
  message: string,
  hint?: string,
): Diagnostic {
  return {
    severity: "error",
    code: "workflow/invalid",
    message: `${pointer || "(root)"} ${message}`,
    file,
    pointer,
    ...(loaded?.locate(pointer) ?? {}),
    ...(hint !== undefined && { hint }),
  };
}

/**
 * Resolves ${VAR} and {{secrets.name}} anywhere in a parsed file; problems as diagnostics.
 * `fromFlag`: the secrets file was named by --secrets-file, not by the file's secrets_file, so its
 * problems are reported against the secrets file itself (the file has no line naming it).
 */
export async function resolveFileSecrets(
  file: string,
  loaded: LoadedConfig,
  secretsFile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  fromFlag = false,
): Promise<ResolvedSecrets & { fileSecrets: string[] }> {
  let secrets: Record<string, string> = {};
  if (secretsFile !== undefined) {
    try {
      secrets = await loadSecretsFile(secretsFile);
    } catch (error) {
      const hint = (error as { hint?: string }).hint;
      throw new WorkflowError([
        fromFlag
          ? {
              severity: "error",
              code: "workflow/invalid",
              message: `--secrets-file: ${(error as Error).message}`,
              file: secretsFile,
              ...(hint !== undefined && { hint }),
            }
          : diagnostic(file, loaded, "/secrets_file", (error as Error).message, hint),
      ]);
    }
  }
  const resolved = resolveSecrets(loaded.value, { env, secrets });
  if (resolved.problems.length > 0) {
    throw new WorkflowError(
      resolved.problems.map((p) =>
        diagnostic(
          file,
          loaded,
          p.pointer,
          p.message,
          secretsFile === undefined && /secrets\./.test(p.message)
            ? "Name a secrets file with secrets_file (workflow) or --secrets-file."
            : "Set the environment variable, or add the secret to the secrets file.",
        ),
      ),
    );
  }
  return { ...resolved, fileSecrets: Object.values(secrets) };
}

export async function readWorkflow(
  file: string,
  options: { secretsFile?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<Workflow> {
  const { config: loaded, diagnostics } = await readConfigFile(file);
  if (!loaded) throw new WorkflowError(diagnostics);
  const raw = loaded.value as Record<string, unknown>;
  if (!validateWorkflow(raw)) {
    throw new WorkflowError(
      (validateWorkflow.errors ?? [])
        .filter((e) => e.keyword !== "oneOf")
        .map((e) =>
          diagnostic(
            file,
            loaded,
            e.keyword === "required"
              ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
              : e.instancePath,
            e.keyword === "required"
              ? "is required"
              : e.keyword === "discriminator"
                ? `type must be one of "sqlite", "jsonl", "postgres"`
                : e.keyword === "additionalProperties"
                  ? `has an unknown key ${quoted((e.params as { additionalProperty: string }).additionalProperty)}`
                  : (e.message ?? "is invalid"),
            "See packages/cli/src/run/workflow.schema.json for the workflow format.",
          ),
        ),
    );
  }
  const dir = path.dirname(path.resolve(file));
  const secretsFile =
    options.secretsFile ??
    (typeof raw.secrets_file === "string" ? path.resolve(dir, raw.secrets_file) : undefined);
  const resolved = await resolveFileSecrets(
    file,
    loaded,
    secretsFile,
    options.env,
    options.secretsFile !== undefined,
  );
  // Checked above (secrets substitute strings for strings), with ajv's defaults filled in.
  const value = resolved.value as Omit<WorkflowRecord, "sink"> & { sink?: SinkSpec };
  return {
    file,
    dir,
    locate: (pointer) => loaded.locate(pointer),
    source: {
      connector: value.source.connector,
      service: value.source.service ?? value.source.connector,
      config: value.source.config,
      ...(value.source.connectorVersion !== undefined && {
        connectorVersion: value.source.connectorVersion,
      }),
    },
    sink: value.sink ?? { type: "sqlite", path: ".onespec/catalog.db" },
    options: { batch_size: 200, retries: 3, retry_base_delay_ms: 200, ...value.options },
    // Every value substituted from ${ENV} or {{secrets.…}}, and all of the secrets file.
    secrets: [...new Set([...resolved.fileSecrets, ...resolved.resolved])],
  };
}
