/**
 * Runs `onespec run … --log-format json --log-level debug` in a child process and SIGKILLs it
 * once it has logged `killAfter` stored batches (Infinity: let it finish). For the tests that
 * prove an interrupted sync resumes exactly.
 */
import { spawn } from "node:child_process";

export interface KilledRun {
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runUntilBatches(
  bin: string,
  workflow: string,
  killAfter: number,
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<KilledRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [bin, "run", workflow, "--json", "--log-format", "json", "--log-level", "debug"],
      { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env } },
    );
    let stdout = "";
    let stderr = "";
    let killed = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!killed && stderr.split('"batch stored"').length - 1 >= killAfter) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ killed, code, stdout, stderr }));
  });
}

export interface KilledRuns {
  /** How many runs were killed before one was allowed to finish. */
  interrupted: number;
  /** The run that finished (the last one). */
  final: KilledRun;
  /** stdout and stderr of every run, for scanning for secrets. */
  outputs: string[];
}

/**
 * Runs the workflow again and again, killing run i after `kills[i]` stored batches, until a
 * run finishes on its own (it always does once the kills are used up).
 */
export async function killUntilDone(
  bin: string,
  workflow: string,
  kills: readonly number[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<KilledRuns> {
  const outputs: string[] = [];
  let interrupted = 0;
  for (const k of [...kills, Infinity]) {
    const run = await runUntilBatches(bin, workflow, k, options);
    outputs.push(run.stdout, run.stderr);
    if (!run.killed) return { interrupted, final: run, outputs };
    interrupted++;
  }
  throw new Error("unreachable: the last run is never killed");
}
