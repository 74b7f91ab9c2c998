/**
 * A worker thread that generates the files of some connectors. It loads the tree
 * itself (parsing is cheap next to generating), so nothing large crosses the thread boundary
 * but the output.
 */
import { parentPort, workerData } from "node:worker_threads";
import {
  loadTree,
  runConnectorGenerators,
  withoutConnectors,
  type GenerateResult,
} from "@onespec/core";
import { loadGenerators } from "./generators.js";

export interface WorkerTask {
  /** The generators, as loadGenerators() takes them: built-in names or absolute module paths, with options. */
  generators: (readonly [string, unknown])[];
  root: string;
  entries?: string[];
  cwd: string;
  /** Documents known clean (core's LoadOptions.clean): the main thread's, so loading is as quick. */
  clean: string[];
  /** The connectors of the main thread's model (others were left out for errors). */
  keep: string[];
  out: string;
}

/** Worker → main: ready for connectors (after loading), with the results of the last batch. */
export interface WorkerReport {
  results: WorkerResult[];
}

/** Main → worker: the next connectors to generate; none means stop. */
export interface WorkerBatch {
  names: string[];
}

export interface WorkerResult {
  name: string;
  result: GenerateResult;
}

const task = workerData as WorkerTask;
const generators = await Promise.all(
  (await loadGenerators(task.generators, task.cwd)).map((g) => g.load()),
);
// The same model as the main thread's: connectors it left out are left out here too, or the
// names shared across modules would differ.
const loaded = await loadTree({
  root: task.root,
  entries: task.entries,
  cwd: task.cwd,
  clean: new Set(task.clean),
});
const model = withoutConnectors(
  loaded,
  new Set(loaded.connectors.map((c) => c.name).filter((n) => !task.keep.includes(n))),
);

async function generateBatch(names: string[]): Promise<WorkerResult[]> {
  const results: WorkerResult[] = [];
  for (const name of names) {
    const connector = model.connectors.find((c) => c.name === name);
    if (!connector) {
      results.push({
        name,
        result: {
          files: [],
          diagnostics: [
            {
              severity: "error",
              code: "generate/worker",
              message: `Connector "${name}" vanished while generating.`,
              connector: name,
            },
          ],
        },
      });
      continue;
    }
    results.push({ name, result: await runConnectorGenerators(model, generators, connector) });
  }
  return results;
}

// Connectors come in small batches from one queue the main thread also works on, so the
// threads finish together whatever each connector costs.
parentPort!.on("message", (batch: WorkerBatch) => {
  if (batch.names.length === 0) {
    parentPort!.close();
    return;
  }
  void generateBatch(batch.names).then((results) =>
    parentPort!.postMessage({ results } satisfies WorkerReport),
  );
});
parentPort!.postMessage({ results: [] } satisfies WorkerReport);
