/**
 * JSON lines files: `<directory>/<service>/<type>.jsonl`, one entity per line (deleted ones
 * flagged), replaced at the end of each run. During a run lines are appended to
 * `<type>.jsonl.partial` and fsynced; `state.json` (written atomically after each batch)
 * records the checkpoints and each partial file's length, so a resumed run truncates what an
 * interrupted batch left half-written and nothing is duplicated.
 */
import {
  closeSync,
  existsSync,
  readdirSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { SinkError } from "../errors.js";
import { fileKind } from "../regular-file.js";
import { canonicalJson } from "../hash.js";
import {
  EmptySourceError,
  type FinishInfo,
  type RunInfo,
  type RunStart,
  type Sink,
  type StreamCheckpoint,
} from "../sink.js";
import { entityHash } from "../sql-catalog.js";
import { addCounts, mergeCounts, type CountsByType } from "../summary.js";
import type { Batch, Entity, EntityType, JsonValue } from "../types.js";

interface State {
  runId: string;
  connector: string;
  fingerprint: string;
  streams: Record<string, StreamCheckpoint>;
  counts: CountsByType;
  /** Bytes of each partial file covered by a stored checkpoint. */
  offsets: Partial<Record<EntityType, number>>;
  finishing?: boolean;
  /** Set with `finishing`: the incremental streams' cursors to save. */
  cursors?: Record<string, JsonValue>;
}

export interface JsonlLine extends Entity {
  deleted: boolean;
}

/**
 * The text of a file the sink keeps, or undefined when there is none. Anything but a regular
 * file is refused by type before it is opened (a FIFO would block, a device never end).
 */
function readKept(file: string): string | undefined {
  let info;
  try {
    info = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  if (!info.isFile())
    throw new SinkError(`${file} is ${fileKind(info)}, not a regular file`, {
      hint: "The JSON lines sink keeps only regular files in its directory; remove it.",
    });
  return readFileSync(file, "utf8");
}

function readLines(file: string): JsonlLine[] {
  const text = readKept(file);
  if (text === undefined) return [];
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as JsonlLine);
}

function writeAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  fsyncDir(path.dirname(file));
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export class JsonlSink implements Sink {
  readonly description: string;
  private dir = "";
  private state: State | undefined;
  private dryRun = false;
  /** The previous run's entities, by FQN. */
  private previous = new Map<string, { hash: string; line: JsonlLine }>();
  /** FQNs written in this run (including before a resume). */
  private seen = new Set<string>();

  constructor(
    private readonly root: string,
    label = root,
  ) {
    this.description = `JSON lines in ${label}`;
  }

  private file(type: EntityType, partial = false): string {
    return path.join(this.dir, `${type}.jsonl${partial ? ".partial" : ""}`);
  }

  /** The entity types that have a snapshot or a partial file in the folder. */
  private typesOnDisk(): EntityType[] {
    const types = new Set<EntityType>();
    for (const name of readdirSync(this.dir)) {
      const match = /^(.+)\.jsonl(?:\.partial)?$/.exec(name);
      if (match) types.add(match[1]);
    }
    return [...types].sort();
  }

  async open(info: RunInfo): Promise<RunStart> {
    this.dir = path.join(this.root, info.service);
    this.dryRun = info.dryRun;
    this.previous = new Map();
    this.seen = new Set();
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (error) {
      throw new SinkError(`cannot create ${this.dir}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    // A run killed while replacing state.json leaves its temp copy behind.
    for (const name of readdirSync(this.dir))
      if (/^state\.json\.\d+\.tmp$/.test(name)) rmSync(path.join(this.dir, name), { force: true });
    const stateFile = path.join(this.dir, "state.json");
    const stateText = info.dryRun ? undefined : readKept(stateFile);
    let state = stateText === undefined ? undefined : (JSON.parse(stateText) as State);
    if (state?.finishing) {
      this.state = state;
      this.publish();
      state = undefined;
    }
    for (const type of this.typesOnDisk()) {
      for (const line of readLines(this.file(type)))
        this.previous.set(line.fqn, { hash: entityHash(line), line });
    }
    let start: RunStart;
    if (state && state.connector === info.connector && state.fingerprint === info.fingerprint) {
      for (const type of this.typesOnDisk()) {
        const partial = this.file(type, true);
        const offset = state.offsets[type] ?? 0;
        if (existsSync(partial)) truncateSync(partial, offset);
        for (const line of readLines(partial)) this.seen.add(line.fqn);
      }
      start = {
        runId: state.runId,
        resumed: true,
        streams: state.streams,
        counts: state.counts,
        cursors: {},
      };
    } else {
      const discarded = state?.runId;
      if (!info.dryRun)
        for (const type of this.typesOnDisk()) rmSync(this.file(type, true), { force: true });
      state = {
        runId: randomUUID(),
        connector: info.connector,
        fingerprint: info.fingerprint,
        streams: {},
        counts: {},
        offsets: {},
      };
      start = {
        runId: state.runId,
        resumed: false,
        streams: {},
        counts: {},
        cursors: {},
        ...(discarded !== undefined && { discarded }),
      };
      if (!info.dryRun) writeAtomic(stateFile, JSON.stringify(state));
    }
    // A cursor is only valid for the config it was reached with.
    const cursorsText = readKept(this.cursorsFile());
    const saved =
      cursorsText === undefined
        ? undefined
        : (JSON.parse(cursorsText) as {
            fingerprint: string;
            cursors: Record<string, JsonValue>;
          });
    if (saved?.fingerprint === info.fingerprint) start.cursors = saved.cursors;
    this.state = state;
    return start;
  }

  private cursorsFile(): string {
    return path.join(this.dir, "cursors.json");
  }

  async writeBatch(stream: string, batch: Batch, counts: CountsByType): Promise<CountsByType> {
    const state = this.started();
    const delta: CountsByType = {};
    const lines = new Map<EntityType, string[]>();
    for (const entity of batch.records) {
      // Already written by this run (a connector replaying a batch after a resume).
      if (this.seen.has(entity.fqn)) continue;
      const old = this.previous.get(entity.fqn);
      const status = !old
        ? "created"
        : old.hash === entityHash(entity) && !old.line.deleted
          ? "unchanged"
          : "updated";
      addCounts(delta, entity.type, { read: 1, [status]: 1 });
      this.seen.add(entity.fqn);
      const line: JsonlLine = { ...entity, deleted: false };
      appendTo(lines, entity.type, canonicalJson(line));
    }
    for (const failure of batch.failures ?? []) {
      addCounts(delta, failure.type, { read: 1, failed: 1 });
      // Unreadable this time is not gone: carry the previous line over unchanged.
      const old = this.previous.get(failure.fqn);
      if (old && !this.seen.has(failure.fqn)) {
        this.seen.add(failure.fqn);
        appendTo(lines, old.line.type, canonicalJson(old.line));
      }
    }
    state.streams[stream] = { state: batch.state, done: false };
    if (!this.dryRun) {
      for (const [type, text] of lines) state.offsets[type] = this.append(type, text);
      state.counts = mergeCounts(structuredClone(counts), delta);
      writeAtomic(path.join(this.dir, "state.json"), JSON.stringify(state));
    }
    return delta;
  }

  async completeStream(stream: string, counts: CountsByType): Promise<void> {
    const state = this.started();
    state.streams[stream] = { state: state.streams[stream]?.state ?? null, done: true };
    state.counts = counts;
    if (!this.dryRun) writeAtomic(path.join(this.dir, "state.json"), JSON.stringify(state));
  }

  async finish(end: FinishInfo = { cursors: {}, incrementalTypes: [] }): Promise<CountsByType> {
    const state = this.started();
    this.refuseToEmpty(end.emptyTypes ?? []);
    const deleted: CountsByType = {};
    const carried = new Map<EntityType, string[]>();
    const incremental = new Set(end.incrementalTypes);
    for (const [fqnKey, { line }] of this.previous) {
      if (this.seen.has(fqnKey)) continue;
      // Not read by an incremental stream means unchanged, not gone: carried over as it was.
      const kept = incremental.has(line.type) ? line : { ...line, deleted: true };
      if (!line.deleted && kept.deleted) addCounts(deleted, line.type, { deleted: 1 });
      appendTo(carried, line.type, canonicalJson(kept));
    }
    if (this.dryRun) return deleted;
    for (const [type, text] of carried) state.offsets[type] = this.append(type, text);
    state.finishing = true;
    state.cursors = end.cursors;
    writeAtomic(path.join(this.dir, "state.json"), JSON.stringify(state));
    this.publish();
    return deleted;
  }

  /**
   * Throws EmptySourceError when the previous snapshot holds live entities of a type the run
   * read nothing of (FinishInfo.emptyTypes). The snapshots stay as they were: this run's partial
   * files and state are removed, so the next run reads the source again.
   */
  private refuseToEmpty(emptyTypes: string[]): void {
    if (emptyTypes.length === 0) return;
    const empty = new Set(emptyTypes);
    const held: Record<string, number> = {};
    for (const { line } of this.previous.values())
      if (empty.has(line.type) && !line.deleted) held[line.type] = (held[line.type] ?? 0) + 1;
    if (Object.keys(held).length === 0) return;
    if (!this.dryRun) {
      for (const type of this.typesOnDisk()) rmSync(this.file(type, true), { force: true });
      rmSync(path.join(this.dir, "state.json"), { force: true });
      fsyncDir(this.dir);
      this.state = undefined;
    }
    throw new EmptySourceError(path.basename(this.dir), held);
  }

  async close(): Promise<void> {}

  /** Moves every partial file over its snapshot, saves the cursors, then drops the run state. */
  private publish(): void {
    if (this.state?.cursors && Object.keys(this.state.cursors).length > 0) {
      writeAtomic(
        this.cursorsFile(),
        JSON.stringify({ fingerprint: this.state.fingerprint, cursors: this.state.cursors }),
      );
    } else if (this.state?.finishing) {
      rmSync(this.cursorsFile(), { force: true });
    }
    for (const type of this.typesOnDisk()) {
      const partial = this.file(type, true);
      if (existsSync(partial)) renameSync(partial, this.file(type));
      else if (this.state?.finishing && existsSync(this.file(type))) {
        // Nothing of this type in the finished run: the snapshot is now empty.
        if (this.state.offsets[type] === undefined) rmSync(this.file(type));
      }
    }
    fsyncDir(this.dir);
    rmSync(path.join(this.dir, "state.json"), { force: true });
  }

  /** Appends lines to a partial file, fsyncs it and returns its new length. */
  private append(type: EntityType, lines: string[]): number {
    const file = this.file(type, true);
    const fd = openSync(file, "a");
    try {
      writeSync(fd, lines.join("\n") + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return statSync(file).size;
  }

  private started(): State {
    if (!this.state) throw new Error("the JSON lines sink was not opened");
    return this.state;
  }
}

/** Adds a line to the list kept for an entity type. */
function appendTo(byType: Map<EntityType, string[]>, type: EntityType, line: string): void {
  const list = byType.get(type);
  if (list) list.push(line);
  else byType.set(type, [line]);
}

export function jsonlSink(directory: string, label?: string): JsonlSink {
  return new JsonlSink(directory, label);
}
