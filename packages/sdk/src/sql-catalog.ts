/**
 * The catalog as SQL tables, shared by the SQLite and PostgreSQL sinks: entities upserted by
 * FQN with a content hash, and one row per service holding an unfinished run's checkpoints.
 * A batch, its checkpoint and the counts so far are written in one transaction.
 */
import { randomUUID } from "node:crypto";
import { canonicalJson, sha256 } from "./hash.js";
import {
  EmptySourceError,
  type FinishInfo,
  type RunInfo,
  type RunStart,
  type Sink,
  type StreamCheckpoint,
} from "./sink.js";
import { addCounts, mergeCounts, type CountsByType } from "./summary.js";
import type { Batch, Entity, JsonValue } from "./types.js";

/** The little a catalog needs from a SQL driver. Statements use `?` placeholders. */
export interface SqlDriver {
  readonly description: string;
  /** Table name prefix: "" for SQLite, "onespec." for a PostgreSQL schema. */
  readonly prefix: string;
  exec(sql: string): Promise<void>;
  run(sql: string, params?: unknown[]): Promise<void>;
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  begin(): Promise<void>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  close(): Promise<void>;
}

/** An entity as stored, with its bookkeeping. */
export interface StoredEntity extends Entity {
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  fqn: string;
  type: string;
  name: string;
  parent: string | null;
  properties: string;
  hash: string;
  deleted: number;
  created_at: string;
  updated_at: string;
}

/** Rows fetched per query when looking up a batch's existing entities. */
const LOOKUP_CHUNK = 500;

export function entityHash(entity: Entity): string {
  return sha256(
    canonicalJson({
      type: entity.type,
      name: entity.name,
      parent: entity.parent ?? null,
      properties: entity.properties,
    }),
  );
}

export class SqlCatalog implements Sink {
  readonly description: string;
  private run: (RunInfo & RunStart) | undefined;
  private dryRun = false;
  private streams: Record<string, StreamCheckpoint> = {};
  private readonly t: { entities: string; runs: string; history: string; cursors: string };

  constructor(
    private readonly db: SqlDriver,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.description = db.description;
    this.t = {
      entities: `${db.prefix}entities`,
      runs: `${db.prefix}runs`,
      history: `${db.prefix}run_history`,
      cursors: `${db.prefix}cursors`,
    };
  }

  /** Creates the tables if they do not exist. */
  async migrate(): Promise<void> {
    await this.createTables();
    // Columns added after the first release of the catalog.
    for (const [table, column, definition] of [
      [this.t.runs, "fingerprint", "TEXT NOT NULL DEFAULT ''"],
    ] as const) {
      const present = await this.db.all(`SELECT ${column} FROM ${table} LIMIT 1`).then(
        () => true,
        () => false,
      );
      if (!present) await this.db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${definition}`);
    }
  }

  private async createTables(): Promise<void> {
    const { entities, runs, history, cursors } = this.t;
    await this.db.exec(`
      CREATE TABLE IF NOT EXISTS ${entities} (
        fqn TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        parent TEXT,
        properties TEXT NOT NULL,
        hash TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_seen_run TEXT
      );
      CREATE INDEX IF NOT EXISTS entities_service_type ON ${entities} (service, type);
      CREATE TABLE IF NOT EXISTS ${runs} (
        service TEXT PRIMARY KEY,
        run_id TEXT NOT NULL,
        connector TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        started_at TEXT NOT NULL,
        streams TEXT NOT NULL,
        counts TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${history} (
        run_id TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        connector TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        counts TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${cursors} (
        service TEXT NOT NULL,
        stream TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        PRIMARY KEY (service, stream)
      );`);
  }

  async open(info: RunInfo): Promise<RunStart> {
    await this.migrate();
    this.dryRun = info.dryRun;
    if (info.dryRun) {
      // Everything a dry run does happens in one transaction that close() rolls back.
      await this.db.begin();
      await this.db.run(`DELETE FROM ${this.t.runs} WHERE service = ?`, [info.service]);
    }
    const [existing] = await this.db.all<{
      run_id: string;
      connector: string;
      fingerprint: string;
      streams: string;
      counts: string;
    }>(
      `SELECT run_id, connector, fingerprint, streams, counts FROM ${this.t.runs} WHERE service = ?`,
      [info.service],
    );
    let start: RunStart;
    if (
      existing &&
      existing.connector === info.connector &&
      existing.fingerprint === info.fingerprint
    ) {
      start = {
        runId: existing.run_id,
        resumed: true,
        streams: JSON.parse(existing.streams) as Record<string, StreamCheckpoint>,
        counts: JSON.parse(existing.counts) as CountsByType,
        cursors: {},
      };
    } else {
      start = {
        runId: randomUUID(),
        resumed: false,
        streams: {},
        counts: {},
        cursors: {},
        ...(existing && { discarded: existing.run_id }),
      };
      await this.tx(() =>
        this.db.run(
          `INSERT INTO ${this.t.runs} (service, run_id, connector, fingerprint, started_at, streams, counts) VALUES (?, ?, ?, ?, ?, '{}', '{}')
           ON CONFLICT (service) DO UPDATE SET run_id = excluded.run_id, connector = excluded.connector,
             fingerprint = excluded.fingerprint, started_at = excluded.started_at, streams = '{}', counts = '{}'`,
          [info.service, start.runId, info.connector, info.fingerprint, this.now().toISOString()],
        ),
      );
    }
    // A cursor is only valid for the config it was reached with.
    const cursorRows = await this.db.all<{ stream: string; state: string }>(
      `SELECT stream, state FROM ${this.t.cursors} WHERE service = ? AND fingerprint = ?`,
      [info.service, info.fingerprint],
    );
    start.cursors = Object.fromEntries(
      cursorRows.map((r) => [r.stream, JSON.parse(r.state) as JsonValue]),
    );
    this.run = { ...info, ...start };
    this.streams = { ...start.streams };
    return start;
  }

  async writeBatch(stream: string, batch: Batch, counts: CountsByType): Promise<CountsByType> {
    const run = this.started();
    const delta: CountsByType = {};
    await this.tx(async () => {
      const existing = await this.lookup(batch.records.map((r) => r.fqn));
      const at = this.now().toISOString();
      for (const entity of batch.records) {
        const hash = entityHash(entity);
        const old = existing.get(entity.fqn);
        // Already stored by this run (a connector replaying a batch after a resume): neither
        // counted again nor, when unchanged, rewritten.
        const replay = old?.lastSeenRun === run.runId;
        if (replay && old.hash === hash) continue;
        const status = !old
          ? "created"
          : old.hash === hash && old.deleted === 0
            ? "unchanged"
            : "updated";
        if (!replay) addCounts(delta, entity.type, { read: 1, [status]: 1 });
        if (status === "unchanged") {
          await this.db.run(`UPDATE ${this.t.entities} SET last_seen_run = ? WHERE fqn = ?`, [
            run.runId,
            entity.fqn,
          ]);
        } else {
          await this.db.run(
            `INSERT INTO ${this.t.entities} (fqn, service, type, name, parent, properties, hash, deleted, created_at, updated_at, last_seen_run)
             VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
             ON CONFLICT (fqn) DO UPDATE SET service = excluded.service, type = excluded.type, name = excluded.name,
               parent = excluded.parent, properties = excluded.properties, hash = excluded.hash, deleted = 0,
               updated_at = excluded.updated_at, last_seen_run = excluded.last_seen_run`,
            [
              entity.fqn,
              run.service,
              entity.type,
              entity.name,
              entity.parent ?? null,
              canonicalJson(entity.properties),
              hash,
              at,
              at,
              run.runId,
            ],
          );
        }
        existing.set(entity.fqn, { hash, deleted: 0, lastSeenRun: run.runId });
      }
      for (const failure of batch.failures ?? []) {
        addCounts(delta, failure.type, { read: 1, failed: 1 });
        // Unreadable this time is not gone: keep the stored entity as it was, not deleted.
        await this.db.run(`UPDATE ${this.t.entities} SET last_seen_run = ? WHERE fqn = ?`, [
          run.runId,
          failure.fqn,
        ]);
      }
      this.streams[stream] = { state: batch.state, done: false };
      await this.saveRun(counts, delta);
    });
    return delta;
  }

  async completeStream(stream: string, counts: CountsByType): Promise<void> {
    this.streams[stream] = { state: this.streams[stream]?.state ?? null, done: true };
    await this.tx(() => this.saveRun(counts, {}));
  }

  async finish(end: FinishInfo = { cursors: {}, incrementalTypes: [] }): Promise<CountsByType> {
    const run = this.started();
    const deleted: CountsByType = {};
    // Entity types read incrementally are left out of deletion ("?" placeholders, one per type).
    const keep = end.incrementalTypes.length
      ? ` AND type NOT IN (${end.incrementalTypes.map(() => "?").join(", ")})`
      : "";
    await this.refuseToEmpty(run, end.emptyTypes ?? []);
    await this.tx(async () => {
      const gone = await this.db.all<{ type: string; n: number | string }>(
        `SELECT type, COUNT(*) AS n FROM ${this.t.entities}
         WHERE service = ? AND deleted = 0 AND (last_seen_run IS NULL OR last_seen_run <> ?)${keep} GROUP BY type`,
        [run.service, run.runId, ...end.incrementalTypes],
      );
      for (const { type, n } of gone) addCounts(deleted, type, { deleted: Number(n) });
      await this.db.run(
        `UPDATE ${this.t.entities} SET deleted = 1, updated_at = ?
         WHERE service = ? AND deleted = 0 AND (last_seen_run IS NULL OR last_seen_run <> ?)${keep}`,
        [this.now().toISOString(), run.service, run.runId, ...end.incrementalTypes],
      );
      for (const [stream, state] of Object.entries(end.cursors)) {
        await this.db.run(
          `INSERT INTO ${this.t.cursors} (service, stream, fingerprint, state) VALUES (?, ?, ?, ?)
           ON CONFLICT (service, stream) DO UPDATE SET fingerprint = excluded.fingerprint, state = excluded.state`,
          [run.service, stream, run.fingerprint, JSON.stringify(state)],
        );
      }
      const [row] = await this.db.all<{ started_at: string; counts: string }>(
        `SELECT started_at, counts FROM ${this.t.runs} WHERE service = ?`,
        [run.service],
      );
      const counts = JSON.parse(row?.counts ?? "{}") as CountsByType;
      mergeCounts(counts, deleted);
      await this.db.run(
        `INSERT INTO ${this.t.history} (run_id, service, connector, started_at, finished_at, counts) VALUES (?, ?, ?, ?, ?, ?)`,
        [
          run.runId,
          run.service,
          run.connector,
          row?.started_at ?? this.now().toISOString(),
          this.now().toISOString(),
          JSON.stringify(counts),
        ],
      );
      await this.db.run(`DELETE FROM ${this.t.runs} WHERE service = ?`, [run.service]);
    });
    return deleted;
  }

  /**
   * Throws EmptySourceError when the service still has live entities of a type the run read
   * nothing of (FinishInfo.emptyTypes), after dropping the run's checkpoints so the next run
   * reads the source again; nothing is marked deleted.
   */
  private async refuseToEmpty(run: RunInfo & RunStart, emptyTypes: string[]): Promise<void> {
    if (emptyTypes.length === 0) return;
    const held = await this.db.all<{ type: string; n: number | string }>(
      `SELECT type, COUNT(*) AS n FROM ${this.t.entities}
       WHERE service = ? AND deleted = 0 AND type IN (${emptyTypes.map(() => "?").join(", ")}) GROUP BY type`,
      [run.service, ...emptyTypes],
    );
    if (held.length === 0) return;
    await this.tx(() =>
      this.db.run(`DELETE FROM ${this.t.runs} WHERE service = ? AND run_id = ?`, [
        run.service,
        run.runId,
      ]),
    );
    throw new EmptySourceError(
      run.service,
      Object.fromEntries(held.map(({ type, n }) => [type, Number(n)])),
    );
  }

  async close(): Promise<void> {
    try {
      if (this.dryRun) await this.db.rollback();
    } finally {
      await this.db.close();
    }
  }

  /** Every entity of a service, ordered by FQN (deleted ones too, flagged). */
  async entities(service: string): Promise<StoredEntity[]> {
    await this.migrate();
    const rows = await this.db.all<Row>(
      `SELECT fqn, type, name, parent, properties, hash, deleted, created_at, updated_at FROM ${this.t.entities}
       WHERE service = ? ORDER BY fqn`,
      [service],
    );
    return rows.map((r) => ({
      type: r.type,
      fqn: r.fqn,
      name: r.name,
      ...(r.parent !== null && { parent: r.parent }),
      properties: JSON.parse(r.properties) as Record<string, JsonValue>,
      deleted: Number(r.deleted) === 1,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }

  private started(): RunInfo & RunStart {
    if (!this.run) throw new Error("the catalog sink was not opened");
    return this.run;
  }

  private async saveRun(counts: CountsByType, delta: CountsByType): Promise<void> {
    const total = mergeCounts(structuredClone(counts), delta);
    await this.db.run(`UPDATE ${this.t.runs} SET streams = ?, counts = ? WHERE service = ?`, [
      JSON.stringify(this.streams),
      JSON.stringify(total),
      this.started().service,
    ]);
  }

  private async lookup(
    fqns: string[],
  ): Promise<Map<string, { hash: string; deleted: number; lastSeenRun: string | null }>> {
    const found = new Map<string, { hash: string; deleted: number; lastSeenRun: string | null }>();
    for (let i = 0; i < fqns.length; i += LOOKUP_CHUNK) {
      const chunk = fqns.slice(i, i + LOOKUP_CHUNK);
      const rows = await this.db.all<{
        fqn: string;
        hash: string;
        deleted: number | string;
        last_seen_run: string | null;
      }>(
        `SELECT fqn, hash, deleted, last_seen_run FROM ${this.t.entities} WHERE fqn IN (${chunk.map(() => "?").join(", ")})`,
        chunk,
      );
      for (const r of rows)
        found.set(r.fqn, {
          hash: r.hash,
          deleted: Number(r.deleted),
          lastSeenRun: r.last_seen_run,
        });
    }
    return found;
  }

  /** Runs `fn` in a transaction, or inside the dry run's outer one. */
  private async tx(fn: () => Promise<unknown>): Promise<void> {
    if (this.dryRun) {
      await fn();
      return;
    }
    await this.db.begin();
    try {
      await fn();
      await this.db.commit();
    } catch (error) {
      await this.db.rollback().catch(() => undefined);
      throw error;
    }
  }
}
