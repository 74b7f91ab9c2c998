/**
 * A worker thread that generates (and formats) the files of some connectors. It loads the tree
 * itself (parsing is cheap next to generating), so nothing large crosses the thread boundary
 * but the output.
 */
import { parentPort, workerData } from "node:worker_threads";
import { formatFiles, hasErrors, loadTree, runConnectorGenerators, type GenerateResult } from "@onespec/core";
import { GENERATORS } from "./generators-list.js";

export interface WorkerTask {
  root: string;
  entries?: string[];
  cwd: string;
  names: string[];
  format: boolean;
  out: string;
}

export interface WorkerResult {
  name: string;
  result: GenerateResult;
}

const task = workerData as WorkerTask;
const model = await loadTree({ root: task.root, entries: task.entries, cwd: task.cwd });
const results: WorkerResult[] = [];
for (const name of task.names) {
  const connector = model.connectors.find((c) => c.name === name);
  if (!connector) {
    results.push({ name, result: { files: [], diagnostics: [{ severity: "error", code: "generate/worker", message: `Connector "${name}" vanished while generating.`, connector: name }] } });
    continue;
  }
  let result = await runConnectorGenerators(model, GENERATORS, connector);
  if (task.format && !hasErrors(result.diagnostics)) result = { ...result, files: await formatFiles(result.files, task.out) };
  results.push({ name, result });
}
parentPort!.postMessage(results);
