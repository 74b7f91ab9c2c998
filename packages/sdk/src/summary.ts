/** Per-entity-type counts of a run, and the summary the runner returns. */
import type { EntityType } from "./types.js";

export interface Counts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
}

export type CountsByType = { [type: EntityType]: Counts };

export function emptyCounts(): Counts {
  return { read: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
}

/** Adds `delta` into `into[type]`, creating the entry if needed. */
export function addCounts(into: CountsByType, type: EntityType, delta: Partial<Counts>): void {
  const counts = (into[type] ??= emptyCounts());
  for (const key of Object.keys(delta) as (keyof Counts)[]) counts[key] += delta[key] ?? 0;
}

export function mergeCounts(into: CountsByType, from: CountsByType): CountsByType {
  for (const [type, counts] of Object.entries(from)) addCounts(into, type, counts);
  return into;
}

export function totalCounts(byType: CountsByType): Counts {
  const total = emptyCounts();
  for (const counts of Object.values(byType)) {
    for (const key of Object.keys(total) as (keyof Counts)[]) total[key] += counts[key];
  }
  return total;
}

export interface RunSummary {
  service: string;
  connector: string;
  sink: string;
  dryRun: boolean;
  /** "ok", or "failed" with `error` set. */
  status: "ok" | "failed";
  /** True when this run continued from a checkpoint left by an interrupted one. */
  resumed: boolean;
  runId: string;
  durationMs: number;
  entities: CountsByType;
  total: Counts;
  /** `pointer`: the value of the source config the error is about (a JSON pointer), when known. */
  error?: { kind: string; message: string; hint?: string; pointer?: string };
}
