/**
 * Runs one workflow with `onespec run <workflow> --json` in a child process: the runner, the
 * sinks, the checkpoints and the redaction are exactly those of a run from the command line, a
 * connector that crashes cannot take the worker with it, and a run over its time budget can be
 * stopped without its cooperation (SIGTERM: `run` stops after the batch being stored; SIGKILL
 * 10 s later). A run also stops when its worker dies (the IPC channel closes).
 */
import { spawn } from "node:child_process";
import type { RunCounts } from "./runs.js";

/**
 * Set in the environment of a worker's `onespec run`: the run stops (as on SIGTERM) when its IPC
 * channel to the worker closes.
 */
export const STOP_WITH_PARENT_ENV = "ONESPEC_STOP_WITH_PARENT";

export interface RunOutcome {
  status: "ok" | "failed" | "timed-out";
  durationMs: number;
  counts: RunCounts | null;
  /** The error kind (`connection`, `auth`, `config`, …); `timed-out`, `crash` otherwise. */
  errorKind: string | null;
  /** One line, as `onespec run` printed it (already redacted by the run). */
  errorMessage: string | null;
}

export interface RunChildOptions {
  /** The onespec command's script (bin/onespec.js). */
  bin: string;
  workflow: string;
  timeBudgetMs: number;
  env?: NodeJS.ProcessEnv;
  /** How long after SIGTERM a run over its budget is killed (default 10 s). */
  killAfterMs?: number;
}

interface Summary {
  status?: string;
  total?: RunCounts;
  error?: { kind?: string; message?: string };
}

function parseSummary(stdout: string): Summary | undefined {
  const start = stdout.indexOf("{");
  if (start < 0) return undefined;
  try {
    return JSON.parse(stdout.slice(start)) as Summary;
  } catch {
    return undefined;
  }
}

/** The line `onespec run` prints when a run fails before it has a summary. */
function failureLine(stderr: string): { kind: string; message: string } {
  const lines = stderr
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  for (const line of lines.reverse()) {
    const m = /^onespec run: (?:([a-z-]+) error: )?(.*)$/.exec(line);
    if (m) return { kind: m[1] ?? "config", message: m[2] };
  }
  // Diagnostics about the workflow file itself (bad key, missing secret): a config problem.
  return { kind: "config", message: lines.at(-1) ?? "the run failed without a message" };
}

export function runWorkflowChild(options: RunChildOptions): Promise<RunOutcome> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        options.bin,
        "run",
        options.workflow,
        "--json",
        "--log-format",
        "json",
        "--log-level",
        "warn",
      ],
      {
        // The IPC channel closes when this worker dies, however it dies (SIGKILL included): the
        // run then stops as on SIGTERM (checkpoint kept), so a retry on another worker never
        // overlaps it. STOP_WITH_PARENT_ENV tells `run` to watch the channel.
        env: { ...(options.env ?? process.env), NO_COLOR: "1", [STOP_WITH_PARENT_ENV]: "1" },
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      },
    );
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => {
      // Only the end matters (the failure line); a chatty run must not grow the worker.
      stderr = (stderr + d.toString()).slice(-16_384);
    });
    let killTimer: NodeJS.Timeout | undefined;
    const budgetTimer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      killTimer = setTimeout(() => child.kill("SIGKILL"), options.killAfterMs ?? 10_000);
    }, options.timeBudgetMs);
    child.on("error", (error) => {
      clearTimeout(budgetTimer);
      clearTimeout(killTimer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(budgetTimer);
      clearTimeout(killTimer);
      const durationMs = Math.round(performance.now() - started);
      const summary = parseSummary(stdout);
      const counts = summary?.total ?? null;
      if (timedOut)
        return resolve({
          status: "timed-out",
          durationMs,
          counts,
          errorKind: "timed-out",
          errorMessage: `stopped after its time budget of ${Math.round(options.timeBudgetMs / 1000)} s`,
        });
      if (code === 0 && summary?.status === "ok")
        return resolve({ status: "ok", durationMs, counts, errorKind: null, errorMessage: null });
      if (signal !== null || (code !== 1 && code !== 0))
        return resolve({
          status: "failed",
          durationMs,
          counts,
          errorKind: "crash",
          errorMessage: signal
            ? `the run process was killed by ${signal}`
            : `the run process exited with code ${code}`,
        });
      const error = summary?.error?.kind
        ? { kind: summary.error.kind, message: summary.error.message ?? "" }
        : failureLine(stderr);
      resolve({
        status: "failed",
        durationMs,
        counts,
        errorKind: error.kind,
        errorMessage: error.message,
      });
    });
  });
}
