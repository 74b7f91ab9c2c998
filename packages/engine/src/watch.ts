/**
 * `generate --watch`: run, then run again whenever a file under the schema root changes. Saves
 * that arrive together (an editor writes a temp file and renames it) make one run. A run that
 * fails leaves the output as the last good run wrote it, as every run does; the next save runs
 * again. The generators and the cache stay loaded between runs.
 */
import { watch as watchFiles, type FSWatcher } from "node:fs";
import path from "node:path";
import { generate, type GenerateOptions, type GenerateOutcome } from "./generate.js";
import { loadGenerators } from "./generators.js";

export interface WatchOptions extends Omit<GenerateOptions, "check" | "model"> {
  /** Quiet time after the last change before a run starts (default 40 ms). */
  debounceMs?: number;
  /** Called after every run with its outcome and how long it took. */
  onRun(outcome: GenerateOutcome, ms: number, changed: readonly string[]): void;
}

export interface Watcher {
  /** Stops watching; resolves once a run in progress has finished. */
  close(): Promise<void>;
}

export async function watchAndGenerate(options: WatchOptions): Promise<Watcher> {
  const cwd = options.cwd ?? process.cwd();
  const schemas = path.resolve(cwd, options.schemas);
  const generators = await loadGenerators(options.generators, options.base ?? cwd);
  const base: GenerateOptions = { ...options, generators };
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let changed = new Set<string>();
  const run = async () => {
    const files = [...changed].sort();
    changed = new Set();
    const started = performance.now();
    const outcome = await generate(base);
    options.onRun(outcome, performance.now() - started, files);
  };
  const schedule = () => {
    if (running) {
      again = true;
      return;
    }
    running = run().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        schedule();
      }
    });
  };
  const watcher: FSWatcher = watchFiles(schemas, { recursive: true }, (_event, file) => {
    if (file) changed.add(String(file));
    clearTimeout(timer);
    timer = setTimeout(schedule, options.debounceMs ?? 40);
  });
  schedule();
  return {
    async close() {
      clearTimeout(timer);
      watcher.close();
      await running;
    },
  };
}
