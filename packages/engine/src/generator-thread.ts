/**
 * The main thread's side of a worker thread running generators (worker.ts): it sends the model
 * once and then batches, and hands back each batch's results, or nothing when the thread died.
 */
import { Worker } from "node:worker_threads";
import type { SchemaModel } from "@onespec/core";
import type { WorkerMessage, WorkerReport, WorkerTask } from "./worker.js";

// Compiled, the worker is worker.js beside this file; run from the TypeScript sources (the
// monorepo's tests), an entry registers tsx first.
const WORKER = import.meta.url.endsWith(".ts")
  ? new URL("./worker-entry.mjs", import.meta.url)
  : new URL("./worker.js", import.meta.url);

export class GeneratorThread {
  private readonly worker: Worker;
  /** Batches sent and not yet answered, oldest first (the worker answers in order). */
  private readonly waiting: ((report: WorkerReport | undefined) => void)[] = [];
  private model: SchemaModel | undefined;
  private dead = false;

  constructor(task: WorkerTask) {
    this.worker = new Worker(WORKER, { workerData: task });
    // A thread left loading never keeps the process alive.
    this.worker.unref();
    this.worker.on("message", (report: WorkerReport) => this.waiting.shift()?.(report));
    const die = () => {
      this.dead = true;
      for (const answer of this.waiting.splice(0)) answer(undefined);
    };
    this.worker.once("error", die);
    this.worker.once("exit", die);
  }

  /** Generates `names` with `model`; undefined when the thread failed (the caller generates them). */
  run(model: SchemaModel, names: string[]): Promise<WorkerReport | undefined> {
    if (this.dead) return Promise.resolve(undefined);
    try {
      if (model !== this.model) {
        this.post({ model });
        this.model = model;
      }
      this.post({ names });
    } catch {
      // A model a program built with something that cannot be cloned (a function, a class
      // instance with private state): the caller generates on its own thread.
      void this.close();
      return Promise.resolve(undefined);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private post(message: WorkerMessage): void {
    this.worker.postMessage(message);
  }

  async close(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}
