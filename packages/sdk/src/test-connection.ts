/** Runs a connector's declared test-connection steps and reports each one. */
import type { Connector } from "./connector.js";
import { ConnectorError, errorMessage } from "./errors.js";
import type { StepResult } from "@onespec/runtime/serve-api";
import type { Logger, TestStepSpec } from "./types.js";

// Defined with the serve API, which streams them to the web app.
export type { StepResult, StepStatus } from "@onespec/runtime/serve-api";

export interface TestConnectionResult {
  connector: string;
  /** False when a mandatory step failed. */
  ok: boolean;
  steps: StepResult[];
  durationMs: number;
}

export interface TestConnectionOptions {
  logger?: Logger;
  signal?: AbortSignal;
  /** Called as each step finishes, for streaming output. */
  onStep?: (result: StepResult) => void;
  now?: () => number;
}

/**
 * The config values a failure goes on: those the connector's error names (a refused password is
 * on Password), else those the failing step declares it exercises (test-connection.json).
 */
function fieldsAtFault(error: unknown, spec: TestStepSpec): readonly string[] {
  if (error instanceof ConnectorError && error.fields.length > 0) return error.fields;
  return spec.fields ?? [];
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Runs every declared step in order with an already parsed config. A failed step with
 * `shortCircuit` skips the rest. The session is opened by the first step that asks for it and
 * closed at the end.
 */
export async function testConnection<Config>(
  connector: Connector<Config>,
  config: Config,
  options: TestConnectionOptions = {},
): Promise<TestConnectionResult> {
  const now = options.now ?? (() => performance.now());
  const logger = options.logger ?? silent;
  const signal = options.signal ?? new AbortController().signal;
  const started = now();
  let opened: Promise<unknown> | undefined;
  const ctx = {
    config,
    logger,
    signal,
    session: () => (opened ??= connector.connect(config, { logger, signal })),
  };

  const steps: StepResult[] = [];
  let skipReason: string | undefined;
  try {
    for (const spec of connector.steps) {
      const base = { name: spec.name, description: spec.description, mandatory: spec.mandatory };
      let result: StepResult;
      if (skipReason !== undefined) {
        result = { ...base, status: "skipped", durationMs: 0, message: skipReason };
      } else {
        const t0 = now();
        try {
          const implementation = (
            connector.testSteps as Record<string, (typeof connector.testSteps)[never]>
          )[spec.name];
          if (!implementation) throw new Error(`no implementation for step ${spec.name}`);
          const detail = await implementation(ctx);
          result = {
            ...base,
            status: "passed",
            durationMs: now() - t0,
            ...(detail ? { detail } : {}),
          };
        } catch (error) {
          result = {
            ...base,
            status: "failed",
            durationMs: now() - t0,
            message: `${errorMessage(error)}. ${spec.errorMessage}`,
            ...(error instanceof ConnectorError && {
              kind: error.kind,
              ...(error.hint !== undefined && { hint: error.hint }),
            }),
            ...(fieldsAtFault(error, spec).length > 0 && {
              fields: [...fieldsAtFault(error, spec)],
            }),
          };
          if (spec.shortCircuit) skipReason = `skipped because ${spec.name} failed`;
        }
      }
      steps.push(result);
      options.onStep?.(result);
    }
  } finally {
    if (opened) {
      const session = await opened.catch(() => undefined);
      if (session !== undefined) await connector.close(session).catch(() => undefined);
    }
  }
  return {
    connector: connector.metadata.name,
    ok: steps.every((s) => !s.mandatory || s.status === "passed"),
    steps,
    durationMs: now() - started,
  };
}
