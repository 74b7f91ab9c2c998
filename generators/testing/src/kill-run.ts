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
