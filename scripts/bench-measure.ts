/**
 * Whole-process measurements for `scripts/bench-trees.ts`: wall time from spawn to exit, CPU
 * time (user + system, all threads) and the peak resident set size (RSS) of the measured
 * process. CPU time is printed next to wall time because the development machine is shared:
 * when other work competes for its two cores, wall time grows and CPU time barely moves.
 *
 * Peak RSS comes from GNU time (`/usr/bin/time -f %M`, the kernel's ru_maxrss of the child,
 * in KiB) when it is installed. Without it, the child's `VmHWM` (the kernel's own high-water
 * mark) is read from /proc/<pid>/status every 20 ms while it runs; the last reading before
 * exit can miss growth in the final 20 ms, and outside Linux there is no figure at all.
 * Either way the command must be the process that does the work (`node --import tsx x.ts`,
 * not `npx tsx x.ts`, which measures a launcher around a second node).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import path from "node:path";

export interface Run {
  seconds: number;
  /** Peak RSS in MiB, or undefined when it could not be read. */
  peakMiB: number | undefined;
  /** User + system CPU seconds, or undefined when it could not be read. */
  cpuSeconds: number | undefined;
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface Options {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
}

const GNU_TIME = "/usr/bin/time";
export const peakSource = existsSync(GNU_TIME)
  ? "GNU time %M"
  : process.platform === "linux"
    ? "/proc/<pid>/status VmHWM, polled every 20 ms"
    : "not measured";
/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on every Linux Node runs on). */
const USER_HZ = 100;

/** Runs `command args` to completion; never throws for a non-zero exit (the caller decides). */
export async function runMeasured(
  command: string,
  args: string[],
  options: Options = {},
): Promise<Run> {
  if (existsSync(GNU_TIME)) return withGnuTime(command, args, options);
  return withProcPolling(command, args, options);
}

async function withGnuTime(command: string, args: string[], options: Options): Promise<Run> {
  // -o keeps the figure out of the child's own stderr.
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-bench-rss-"));
  const report = path.join(dir, "maxrss");
  try {
    const run = await spawnTimed(
      GNU_TIME,
      ["-f", "%M %U %S", "-o", report, command, ...args],
      options,
    );
    // The last line: a child killed by a signal makes GNU time write a line before it.
    const [kib, user, system] = (readFileSync(report, "utf8").trim().split("\n").pop() ?? "")
      .split(" ")
      .map(Number);
    return {
      ...run,
      peakMiB: Number.isFinite(kib) ? kib / 1024 : undefined,
      cpuSeconds: Number.isFinite(user + system) ? user + system : undefined,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withProcPolling(command: string, args: string[], options: Options): Promise<Run> {
  let peakKiB = 0;
  let cpuTicks: number | undefined;
  const run = await spawnTimed(command, args, options, (pid) => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (hwm) peakKiB = Math.max(peakKiB, Number(hwm[1]));
      // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces, so count after ")".
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(")").pop()!.trim().split(" ");
      cpuTicks = Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process has just exited, or this is not Linux
    }
  });
  return {
    ...run,
    peakMiB: peakKiB > 0 ? peakKiB / 1024 : undefined,
    cpuSeconds: cpuTicks === undefined ? undefined : cpuTicks / USER_HZ,
  };
}

/** Spawns, collects output, times spawn→exit; `poll(pid)` is called every 20 ms while it runs. */
function spawnTimed(
  command: string,
  args: string[],
  options: Options,
  poll?: (pid: number) => void,
): Promise<Omit<Run, "peakMiB" | "cpuSeconds">> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => stdout.push(b));
    child.stderr.on("data", (b: Buffer) => stderr.push(b));
    const timer =
      poll && child.pid !== undefined ? setInterval(() => poll(child.pid!), 20) : undefined;
    child.once("error", (e) => {
      clearInterval(timer);
      reject(e);
    });
    child.once("close", (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({
        seconds,
        code,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
  });
}

export interface Measured {
  /** Median wall time of the runs. */
  seconds: number;
  /** Largest peak RSS of the runs (a memory target is about the worst run). */
  peakMiB: number | undefined;
  /** Median CPU time (user + system) of the runs. */
  cpuSeconds: number | undefined;
  runs: number;
  /** The last run, for its output. */
  last: Run;
}

/**
 * `repeats` runs, each after `prepare()` (which resets or edits what the run sees);
 * `check(run)` throws when a run did not do what was meant, so a failure is never timed.
 */
export async function measure(
  repeats: number,
  prepare: () => void,
  run: () => Promise<Run>,
  check: (r: Run) => void,
): Promise<Measured> {
  const runs: Run[] = [];
  for (let i = 0; i < repeats; i++) {
    prepare();
    const r = await run();
    check(r);
    runs.push(r);
  }
  const median = (values: (number | undefined)[]): number | undefined => {
    const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
    return known.length > 0 ? known[Math.floor(known.length / 2)] : undefined;
  };
  const peaks = runs.map((r) => r.peakMiB).filter((m): m is number => m !== undefined);
  return {
    seconds: median(runs.map((r) => r.seconds))!,
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
    runs: runs.length,
    last: runs.at(-1)!,
  };
}

/** "2 × Intel Xeon Processor, 24 GiB RAM, Node v20.20.2, linux". */
export function machine(): string {
  const cpu = cpus();
  return `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`;
}

/** "1.52 / 2.10 / 2.30": the 1, 5 and 15 minute load averages, to show how busy the machine was. */
export function load(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

// ─── formatting ──────────────────────────────────────────────────────────────────────────────

export const secs = (s: number | undefined): string =>
  s === undefined ? "—" : `${s.toFixed(s < 10 ? 2 : 1)} s`;
/** "10.8 s (cpu 18.6 s)": wall time with the CPU time beside it. */
export const wallCpu = (m: { seconds: number; cpuSeconds: number | undefined }): string =>
  `${secs(m.seconds)} (cpu ${secs(m.cpuSeconds)})`;
export const mib = (m: number | undefined): string =>
  m === undefined ? "—" : `${Math.round(m)} MiB`;
export const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? "—" : `${(a / b).toFixed(a / b < 10 ? 2 : 1)}x`;

/** A markdown table from a header row and body rows. */
export function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(" | ")} |`,
    `|${header.map(() => "---").join("|")}|`,
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}
