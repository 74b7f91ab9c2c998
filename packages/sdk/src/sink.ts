/** The contract between the runner and where entities go. */
import { SourceError } from "./errors.js";
import type { CountsByType } from "./summary.js";
import { orderEntityTypes, type Batch, type JsonValue } from "./types.js";

export interface RunInfo {
  service: string;
  connector: string;
  /**
   * Identifies the source config (a hash without secret values). An interrupted run is only
   * resumed by a run with the same connector and fingerprint; otherwise it starts over.
   */
  fingerprint: string;
  dryRun: boolean;
}

export interface StreamCheckpoint {
  state: JsonValue;
  done: boolean;
}

/** Where a run starts: fresh, or from an interrupted run's checkpoints. */
export interface RunStart {
  runId: string;
  resumed: boolean;
  streams: Record<string, StreamCheckpoint>;
  /** Counts stored by the interrupted run so far (empty when fresh). */
  counts: CountsByType;
  /** Set when an interrupted run was thrown away because the connector or config changed. */
  discarded?: string;
  /** Where each incremental stream's last complete run ended: its starting state this time. */
  cursors: Record<string, JsonValue>;
}

export interface FinishInfo {
  /** Final state of each incremental stream. */
  cursors: Record<string, JsonValue>;
  /** Entity types read incrementally: never marked deleted for not being seen. */
  incrementalTypes: string[];
  /**
   * Entity types the run read nothing of (incremental ones aside). When the sink holds live
   * entities of one of them for the service, `finish` changes nothing: it marks nothing
   * deleted, saves no cursor, drops the run's checkpoints (so the next run reads the source
   * again instead of resuming into the same refusal) and throws EmptySourceError. A source
   * that suddenly returns nothing is more often unreadable than empty. Absent or empty: no check.
   */
  emptyTypes?: string[];
}

/** Thrown by `Sink.finish` when a run read none of a type the catalog still holds (see FinishInfo.emptyTypes). */
export class EmptySourceError extends SourceError {
  constructor(
    readonly service: string,
    /** Live entities of each empty type the sink holds for the service: what finishing would mark deleted. */
    readonly held: Record<string, number>,
  ) {
    const types = orderEntityTypes(Object.keys(held));
    const list = (items: string[]) =>
      items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
    super(
      `the source returned no ${list(types)} entities, but the catalog holds ${list(types.map((t) => `${held[t]} ${t}`))} entities of service ${service}; nothing was marked deleted`,
      {
        hint:
          "A source that suddenly returns nothing is more often unreadable (a wrong path, missing privileges, a filter that matches nothing) than empty. " +
          "If it really is empty now, run again with --allow-empty (runSync's allowEmpty) to mark them deleted.",
        retryable: false,
      },
    );
    this.name = "EmptySourceError";
  }
}

export interface Sink {
  /** "sqlite catalog at ./catalog.db": for messages. */
  readonly description: string;
  /** Prepares storage and returns the run to continue (an unfinished one) or a new one. */
  open(run: RunInfo): Promise<RunStart>;
  /**
   * Stores a batch and, in the same durable step, the stream's checkpoint and the counts so
   * far. Returns the counts of this batch. After it resolves the batch survives a crash.
   */
  writeBatch(stream: string, batch: Batch, counts: CountsByType): Promise<CountsByType>;
  /** Marks a stream complete (also durable). */
  completeStream(stream: string, counts: CountsByType): Promise<void>;
  /**
   * Called once every stream is complete: marks entities of the service not seen in this run
   * as deleted (except those of `incrementalTypes`, which a run does not read in full), saves
   * the incremental streams' `cursors` for the next run, records the run and clears its
   * checkpoints, all in one durable step. Returns the deletions by type.
   */
  finish(end: FinishInfo): Promise<CountsByType>;
  /** Releases resources; in a dry run, throws away everything written. */
  close(): Promise<void>;
}
