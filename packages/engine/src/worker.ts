/**
 * A thread that runs the generators for the main thread. It loads the generators as soon as it
 * starts, while the main thread generates the tree unit, and takes the main thread's model by
 * message (a structured clone: about 13 ms for the 346 Airbyte specs, where loading the tree
 * again took ten times that) before the batches of connectors it is sent.
 */
import { parentPort, workerData } from "node:worker_threads";
import { runConnectorGenerators, type GenerateResult, type SchemaModel } from "@onespec/core";
import { loadGenerators } from "./generators.js";

export interface WorkerTask {
  /** The generators, as loadGenerators() takes them: built-in names or absolute module paths, with options. */
  generators: (readonly [string, unknown])[];
  cwd: string;
}

/**
 * Main → worker, in order: the model the next batches use (again whenever it changes), then
 * batches of connector names, all of that model.
 */
export type WorkerMessage = { model: SchemaModel } | WorkerBatch;

export interface WorkerBatch {
  names: string[];
}

/** Worker → main: the results of one batch, in the order the batches came. */
export interface WorkerReport {
  results: WorkerResult[];
}

export interface WorkerResult {
  name: string;
  result: GenerateResult;
}

const task = workerData as WorkerTask;
const generators = loadGenerators(task.generators, task.cwd).then((loaded) =>
  Promise.all(loaded.map((g) => g.load())),
);
// The first batch waits for the generators; an error loading them ends the thread (the main
// thread then generates what it gave this one).
generators.catch(() => process.exit(1));
let model: SchemaModel | undefined;
let byName = new Map<string, SchemaModel["connectors"][number]>();

async function run(batch: WorkerBatch): Promise<WorkerReport> {
  const loaded = await generators;
  const results: WorkerResult[] = [];
  for (const name of batch.names)
    results.push({ name, result: await runConnectorGenerators(model!, loaded, byName.get(name)!) });
  return { results };
}

// One message at a time, in order: a model applies to the batches after it.
let previous: Promise<void> = Promise.resolve();
parentPort!.on("message", (message: WorkerMessage) => {
  previous = previous.then(async () => {
    if ("model" in message) {
      model = message.model;
      byName = new Map(model.connectors.map((c) => [c.name, c]));
    } else parentPort!.postMessage(await run(message));
  });
});
