/**
 * What every sink must do under runSync, as suites each sink's package runs against its own
 * storage: this package with the JSON lines sink (runner.test.ts, runner-empty-source.test.ts),
 * @onespec/sink-sqlite with a catalog file. A harness says how to read what a sink stored.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionError,
  Redactor,
  SourceError,
  runSync,
  valuesAtPointers,
  type Counts,
  type CountsByType,
  type EntityType,
  type JsonValue,
  type Logger,
  type RunOptions,
  type RunSummary,
  type Sink,
} from "../src/index.js";
import { createFakeConnector, sampleConfig, type FakeConnector } from "./fake-connector.js";

export const SERVICE = "warehouse";

/** An entity as a sink stored it; `updatedAt` only where the sink keeps one. */
export interface Stored {
  type: EntityType;
  fqn: string;
  name: string;
  parent: string | null;
  properties: { [key: string]: JsonValue };
  deleted: boolean;
  updatedAt?: string;
}

export interface Harness {
  root: string;
  /** A fresh sink over the same storage (each run opens and closes its own). */
  sink(): Sink;
  /** Advances the sink's clock, so each run writes distinct timestamps. */
  tick(): void;
  /** Stored entities of the service, ordered by FQN. */
  entities(): Promise<Stored[]>;
  /** Everything in the store, for "unchanged" comparisons (rows or file bytes). */
  dump(): Record<string, unknown>;
  /** Whether an unfinished run's checkpoint is stored. */
  checkpoint(): boolean;
  /** Whether two stores of the same entities hold the same bytes (no timestamps in them). */
  sameBytes?: boolean;
}

export function counts(partial: Partial<Counts>): Counts {
  return { read: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0, ...partial };
}

/** What a first run of the sample source produces. */
export const allCreated: CountsByType = {
  database: counts({ read: 2, created: 2 }),
  table: counts({ read: 5, created: 5 }),
  lineage: counts({ read: 2, created: 2 }),
};

export const allUnchanged: CountsByType = {
  database: counts({ read: 2, unchanged: 2 }),
  table: counts({ read: 5, unchanged: 5 }),
  lineage: counts({ read: 2, unchanged: 2 }),
};

export const sampleFqns = [
  "warehouse.hr",
  'warehouse.hr."weird""name"',
  "warehouse.hr.employees",
  "warehouse.sales",
  'warehouse.sales."order.items"',
  "warehouse.sales.customers",
  "warehouse.sales.customers -> warehouse.sales.orders",
  "warehouse.sales.orders",
  'warehouse.sales.orders -> warehouse.sales."order.items"',
].sort();

function byFqn(entities: Stored[]): Map<string, Stored> {
  return new Map(entities.map((e) => [e.fqn, e]));
}

/** FQNs whose stored form differs between two snapshots (present in either). */
function changedFqns(before: Stored[], after: Stored[]): string[] {
  const a = byFqn(before);
  const b = byFqn(after);
  return [...new Set([...a.keys(), ...b.keys()])]
    .filter((k) => JSON.stringify(a.get(k)) !== JSON.stringify(b.get(k)))
    .sort();
}

/** A logger that keeps every call. */
function recordingLogger(): Logger & {
  lines: { level: string; message: string; fields?: Record<string, unknown> }[];
} {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    void lines.push({ level, message, ...(fields && { fields }) });
  return { lines, debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** runSync's counts, resumes, dry runs, retries and deletions, against one kind of sink. */
export function describeRunSync(kind: string, make: (root: string) => Harness): void {
  describe(`runSync into the ${kind} sink`, () => {
    let h: Harness;
    let fake: FakeConnector;
    const roots: string[] = [];

    const newHarness = (): Harness => {
      const root = mkdtempSync(path.join(os.tmpdir(), "onespec-runner-"));
      roots.push(root);
      return make(root);
    };

    const run = (
      extra: Partial<RunOptions> = {},
      harness: Harness = h,
      connector: FakeConnector = fake,
    ): Promise<RunSummary> => {
      harness.tick();
      return runSync({
        connector: connector.connector,
        config: sampleConfig,
        service: SERVICE,
        sink: harness.sink(),
        batchSize: 2,
        retry: { retries: 3, sleep: async () => {} },
        ...extra,
      });
    };

    beforeEach(() => {
      h = newHarness();
      fake = createFakeConnector();
    });

    afterEach(() => {
      for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
    });

    it("creates every entity on the first run, with exact counts per type", async () => {
      const summary = await run();
      expect(summary).toMatchObject({
        service: SERVICE,
        connector: "fake",
        status: "ok",
        dryRun: false,
        resumed: false,
      });
      expect(summary.error).toBeUndefined();
      expect(summary.entities).toEqual(allCreated);
      expect(summary.total).toEqual(counts({ read: 9, created: 9 }));

      const stored = await h.entities();
      expect(stored.map((e) => e.fqn)).toEqual(sampleFqns);
      expect(stored.every((e) => !e.deleted)).toBe(true);
      const customers = byFqn(stored).get("warehouse.sales.customers");
      expect(customers).toMatchObject({
        type: "table",
        name: "customers",
        parent: "warehouse.sales",
      });
      expect(customers?.properties.columns).toEqual([
        {
          name: "id",
          ordinal: 1,
          dataType: "INTEGER",
          nullable: false,
          default: null,
          primaryKey: true,
          comment: null,
        },
        {
          name: "email",
          ordinal: 2,
          dataType: "TEXT",
          nullable: true,
          default: null,
          primaryKey: false,
          comment: null,
        },
      ]);
      expect(h.checkpoint()).toBe(false);
      // Each stream read once, from the start, and closed once.
      expect(fake.stats.reads).toEqual([
        { stream: "databases", state: undefined },
        { stream: "tables", state: undefined },
        { stream: "lineage", state: undefined },
      ]);
      expect(fake.stats.connects).toBe(1);
      expect(fake.stats.closes).toBe(1);
    });

    it("reports everything unchanged on a second run and leaves the stored entities identical", async () => {
      await run();
      const before = await h.entities();
      const dumpBefore = h.dump();
      const summary = await run();
      expect(summary.status).toBe("ok");
      expect(summary.resumed).toBe(false);
      expect(summary.entities).toEqual(allUnchanged);
      expect(summary.total).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 9 });
      const after = await h.entities();
      expect(after).toEqual(before);
      expect(after.map((e) => [e.fqn, e.properties, e.updatedAt])).toEqual(
        before.map((e) => [e.fqn, e.properties, e.updatedAt]),
      );
      if (h.sameBytes) expect(h.dump()).toEqual(dumpBefore);
    });

    it("counts exactly one update when a column changes, and touches only that entity", async () => {
      await run();
      const before = await h.entities();
      fake.source.databases.sales.tables.customers.columns[1] = {
        name: "email",
        dataType: "VARCHAR(320)",
        nullable: false,
      };
      const summary = await run();
      expect(summary.entities).toEqual({
        database: counts({ read: 2, unchanged: 2 }),
        table: counts({ read: 5, updated: 1, unchanged: 4 }),
        lineage: counts({ read: 2, unchanged: 2 }),
      });
      const after = await h.entities();
      expect(changedFqns(before, after)).toEqual(["warehouse.sales.customers"]);
      const customers = byFqn(after).get("warehouse.sales.customers")!;
      expect((customers.properties.columns as { dataType: string }[])[1].dataType).toBe(
        "VARCHAR(320)",
      );
      if (customers.updatedAt !== undefined) {
        expect(customers.updatedAt).not.toBe(
          byFqn(before).get("warehouse.sales.customers")!.updatedAt,
        );
      }
    });

    it("marks a removed table deleted (keeping it), counts it once, and undeletes it as an update", async () => {
      await run();
      const employees = fake.source.databases.hr.tables.employees;
      delete fake.source.databases.hr.tables.employees;

      const removed = await run();
      expect(removed.status).toBe("ok");
      expect(removed.entities.table).toEqual(counts({ read: 4, unchanged: 4, deleted: 1 }));
      expect(removed.total.deleted).toBe(1);
      let stored = byFqn(await h.entities());
      expect(stored.size).toBe(9);
      expect(stored.get("warehouse.hr.employees")).toMatchObject({ type: "table", deleted: true });
      expect([...stored.values()].filter((e) => e.deleted).map((e) => e.fqn)).toEqual([
        "warehouse.hr.employees",
      ]);

      // Still gone: not counted as deleted again.
      const stillGone = await run();
      expect(stillGone.entities.table).toEqual(counts({ read: 4, unchanged: 4 }));
      expect(byFqn(await h.entities()).get("warehouse.hr.employees")?.deleted).toBe(true);

      fake.source.databases.hr.tables.employees = employees;
      const readded = await run();
      expect(readded.entities.table).toEqual(counts({ read: 5, updated: 1, unchanged: 4 }));
      expect(readded.total.created).toBe(0);
      expect(readded.total.deleted).toBe(0);
      stored = byFqn(await h.entities());
      expect(stored.get("warehouse.hr.employees")?.deleted).toBe(false);
      expect([...stored.values()].some((e) => e.deleted)).toBe(false);
    });

    it("reports a dry run's counts without changing the store or leaving a checkpoint", async () => {
      await run();
      const dump = h.dump();
      const stored = await h.entities();
      expect(Object.keys(dump).length).toBeGreaterThan(0);

      const tables = fake.source.databases.sales.tables;
      tables.customers.columns.push({ name: "phone", dataType: "TEXT" });
      delete fake.source.databases.hr.tables.employees;
      tables.refunds = { columns: [{ name: "id", dataType: "INTEGER" }] };

      const expected: CountsByType = {
        database: counts({ read: 2, unchanged: 2 }),
        table: counts({ read: 5, created: 1, updated: 1, unchanged: 3, deleted: 1 }),
        lineage: counts({ read: 2, unchanged: 2 }),
      };
      const dry = await run({ dryRun: true });
      expect(dry.status).toBe("ok");
      expect(dry.dryRun).toBe(true);
      expect(dry.entities).toEqual(expected);
      expect(h.dump()).toEqual(dump);
      expect(await h.entities()).toEqual(stored);
      expect(h.checkpoint()).toBe(false);

      // A second dry run sees the same, and the real run afterwards does the same work.
      expect((await run({ dryRun: true })).entities).toEqual(expected);
      expect((await run()).entities).toEqual(expected);
    });

    it("stores nothing when a first run is a dry run", async () => {
      const dry = await run({ dryRun: true });
      expect(dry.status).toBe("ok");
      expect(dry.entities).toEqual(allCreated);
      expect(await h.entities()).toEqual([]);
      expect(h.checkpoint()).toBe(false);
      // A real run afterwards still creates everything.
      expect((await run()).entities).toEqual(allCreated);
    });

    it("retries a transient error mid-stream from the last checkpoint, without duplicates", async () => {
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 2,
        error: () => new ConnectionError("connection reset by peer"),
      });
      const logger = recordingLogger();
      const summary = await run({ logger });
      expect(summary.status).toBe("ok");
      expect(summary.entities).toEqual(allCreated);

      const tableReads = fake.stats.reads.filter((r) => r.stream === "tables");
      const firstTableBatch = fake.stats.batches.find((b) => b.stream === "tables")!;
      expect(tableReads).toEqual([
        { stream: "tables", state: undefined },
        { stream: "tables", state: firstTableBatch.state },
      ]);
      expect(firstTableBatch.state).not.toBeUndefined();
      // The failed fetch plus one per page of 2 (5 tables: 2, 2, 1).
      expect(fake.stats.fetches.tables).toBe(4);
      // Every table yielded exactly once.
      const yielded = fake.stats.batches
        .filter((b) => b.stream === "tables")
        .flatMap((b) => b.fqns);
      expect(new Set(yielded).size).toBe(yielded.length);
      expect(yielded).toHaveLength(5);
      // Other streams were not re-read.
      expect(fake.stats.reads.filter((r) => r.stream !== "tables")).toHaveLength(2);

      const stored = await h.entities();
      expect(stored.map((e) => e.fqn)).toEqual(sampleFqns);
      expect(logger.lines.filter((l) => l.message === "transient failure, retrying")).toHaveLength(
        1,
      );
      expect(h.checkpoint()).toBe(false);
    });

    it("fails on a non-retryable error, then resumes to exactly the catalog of an uninterrupted run", async () => {
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 2,
        error: () => new SourceError("relation pg_class is locked"),
      });
      const failed = await run();
      expect(failed.status).toBe("failed");
      expect(failed.error).toMatchObject({ kind: "source" });
      expect(failed.error?.message).toContain("relation pg_class is locked");
      // Not retried: one fetch succeeded, one failed.
      expect(fake.stats.fetches.tables).toBe(2);
      // Every discovered stream has a row, even one not reached yet.
      expect(failed.entities).toEqual({
        database: counts({ read: 2, created: 2 }),
        table: counts({ read: 2, created: 2 }),
        lineage: counts({}),
      });
      expect(h.checkpoint()).toBe(true);
      expect(fake.stats.closes).toBe(fake.stats.connects);

      const checkpoint = fake.stats.batches.filter((b) => b.stream === "tables").at(-1)!.state;
      fake.hooks.failures = [];
      const readsBefore = fake.stats.reads.length;
      const resumed = await run();
      expect(resumed.status).toBe("ok");
      expect(resumed.resumed).toBe(true);
      expect(resumed.runId).toBe(failed.runId);
      // The finished stream is skipped; the interrupted one continues after its checkpoint.
      expect(fake.stats.reads.slice(readsBefore)).toEqual([
        { stream: "tables", state: checkpoint },
        { stream: "lineage", state: undefined },
      ]);
      // Cumulative counts: nothing counted twice.
      expect(resumed.entities).toEqual(allCreated);
      expect(resumed.total.created).toBe(sampleFqns.length);
      expect(h.checkpoint()).toBe(false);

      // The same source run without interruption into another store.
      const clean = newHarness();
      const cleanSummary = await run({}, clean, createFakeConnector());
      expect(cleanSummary.entities).toEqual(allCreated);
      const strip = (entities: Stored[]) => entities.map(({ updatedAt: _, ...rest }) => rest);
      const resumedEntities = await h.entities();
      expect(resumedEntities).toHaveLength(sampleFqns.length);
      expect(strip(resumedEntities)).toEqual(strip(await clean.entities()));
      // Byte for byte the files of the clean run, where the store has no timestamps.
      if (h.sameBytes) expect(h.dump()).toEqual(clean.dump());

      // And a run after that sees nothing new.
      expect((await run()).entities).toEqual(allUnchanged);
    });

    it("resumes an interrupted re-sync without marking what it had already seen as deleted", async () => {
      await run();
      fake.source.databases.sales.tables.orders.columns.push({
        name: "status",
        dataType: "TEXT",
      });
      fake.hooks.failures.push({
        stream: "tables",
        fetch: fake.stats.fetches.tables + 2,
        error: () => new SourceError("lost"),
      });
      const failed = await run();
      expect(failed.status).toBe("failed");
      // Only the first page of tables (the two hr tables) was stored.
      expect(failed.entities.table).toEqual(counts({ read: 2, unchanged: 2 }));

      const resumed = await run();
      expect(resumed.status).toBe("ok");
      expect(resumed.resumed).toBe(true);
      expect(resumed.entities).toEqual({
        database: counts({ read: 2, unchanged: 2 }),
        table: counts({ read: 5, updated: 1, unchanged: 4 }),
        lineage: counts({ read: 2, unchanged: 2 }),
      });
      const stored = await h.entities();
      expect(stored.map((e) => e.fqn)).toEqual(sampleFqns);
      expect(stored.filter((e) => e.deleted)).toEqual([]);
    });

    it("leaves an interrupted run's checkpoint alone during a dry run", async () => {
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 2,
        error: () => new SourceError("lost"),
      });
      const failed = await run();
      expect(failed.status).toBe("failed");
      const dump = h.dump();

      const dry = await run({ dryRun: true });
      expect(dry).toMatchObject({ status: "ok", dryRun: true, resumed: false });
      expect(h.dump()).toEqual(dump);

      const resumed = await run();
      expect(resumed).toMatchObject({
        status: "ok",
        resumed: true,
        runId: failed.runId,
        entities: allCreated,
      });
      expect((await h.entities()).map((e) => e.fqn)).toEqual(sampleFqns);
    });

    it("starts an interrupted run over when the config changed, but not for a changed secret", async () => {
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 2,
        error: () => new SourceError("lost"),
      });
      const failed = await run();
      expect(failed.status).toBe("failed");

      // Only the password differs: still the same source, so the run resumes.
      fake.hooks.failures.push({
        stream: "tables",
        fetch: 3,
        error: () => new SourceError("lost again"),
      });
      const samePlace = await run({ config: { ...sampleConfig, password: "rotated" } });
      expect(samePlace).toMatchObject({ status: "failed", resumed: true, runId: failed.runId });

      const logger = recordingLogger();
      const readsBefore = fake.stats.reads.length;
      const restarted = await run({ config: { ...sampleConfig, host: "other.local" }, logger });
      expect(restarted.status).toBe("ok");
      expect(restarted.resumed).toBe(false);
      expect(restarted.runId).not.toBe(failed.runId);
      const warning = logger.lines.find((l) => l.level === "warn");
      expect(warning?.message).toContain("started over");
      expect(warning?.fields).toEqual({ discardedRunId: failed.runId });
      // Every stream is read again from the start.
      expect(fake.stats.reads.slice(readsBefore)).toEqual([
        { stream: "databases", state: undefined },
        { stream: "tables", state: undefined },
        { stream: "lineage", state: undefined },
      ]);
      expect(restarted.total.read).toBe(sampleFqns.length);
      expect(restarted.total.deleted).toBe(0);
      const stored = await h.entities();
      expect(stored.map((e) => e.fqn)).toEqual(sampleFqns);
      expect(stored.some((e) => e.deleted)).toBe(false);
      expect(h.checkpoint()).toBe(false);
    });

    it("counts records the source reported as failures as failed and does not write them", async () => {
      fake.source.databases.hr.tables.employees.broken = true;
      const summary = await run();
      expect(summary.status).toBe("ok");
      expect(summary.entities.table).toEqual(counts({ read: 5, created: 4, failed: 1 }));
      expect(summary.total.failed).toBe(1);
      const stored = await h.entities();
      expect(stored.map((e) => e.fqn)).toEqual(
        sampleFqns.filter((f) => f !== "warehouse.hr.employees"),
      );
    });

    it("fails with a config error for an invalid config and writes nothing", async () => {
      const summary = await run({ config: { host: 42 } });
      expect(summary.status).toBe("failed");
      expect(summary.error?.kind).toBe("config");
      expect(summary.error?.message).toContain("Invalid fake config");
      expect(summary.error?.message).toContain("/host");
      expect(summary.error?.message).toContain("/password");
      expect(summary.error?.hint).toContain("onespec validate fake");
      expect(summary.entities).toEqual({});
      expect(fake.stats.connects).toBe(0);
      expect(fake.stats.reads).toEqual([]);
      // Nothing stored: no rows in any table, no files.
      expect(
        Object.values(h.dump()).every((rows) => Array.isArray(rows) && rows.length === 0),
      ).toBe(true);
      expect(await h.entities()).toEqual([]);
      expect(h.checkpoint()).toBe(false);
    });

    it("redacts a config secret from the summary's error when a redactor is supplied", async () => {
      const password = sampleConfig.password;
      fake.hooks.failures.push({
        stream: "databases",
        fetch: 1,
        error: (config) =>
          new SourceError(`login as fake/${config.password} was refused`, {
            hint: `try again with a password other than "${config.password}"`,
          }),
      });
      // Without a redactor the (badly behaved) connector's message leaks the secret…
      const leaky = await run();
      expect(leaky.error?.message).toContain(password);

      // …with one, it never reaches the summary.
      fake.hooks.failures.push({
        stream: "databases",
        fetch: 2,
        error: fake.hooks.failures[0].error,
      });
      const redactor = new Redactor(valuesAtPointers(sampleConfig, fake.connector.secretPaths));
      const summary = await run({ redact: (text) => redactor.redact(text) });
      expect(summary.status).toBe("failed");
      expect(summary.error?.kind).toBe("source");
      expect(summary.error?.message).toBe("login as fake/[redacted] was refused");
      expect(summary.error?.hint).toBe('try again with a password other than "[redacted]"');
      expect(JSON.stringify(summary)).not.toContain(password);
    });
    it("counts a table that cannot be read this time as failed and keeps it as it was, not deleted", async () => {
      await run();
      fake.source.databases.sales.tables.customers.broken = true;
      const second = await run();
      expect(second.entities.table).toMatchObject({ failed: 1, deleted: 0 });
      fake.source.databases.sales.tables.customers.broken = false;
      const third = await run();
      // Back and unchanged: it was never deleted in between.
      expect(third.entities.table).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
    });
  });
}

export interface Store {
  /** Where it lives (created on first use by the sink, not before). */
  location: string;
  sink(): Sink;
  /** Every byte the store holds, by file: to prove a failed run changed nothing. */
  bytes(): Record<string, string>;
  /** [fqn, deleted] of every entity of the service. */
  entities(): [string, boolean][];
  /** Whether an unfinished run's checkpoint is stored. */
  checkpoint(): boolean;
}

export function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        out[path.relative(dir, full)] = createHash("sha256")
          .update(readFileSync(full))
          .digest("hex");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/**
 * A run that cannot read its source writes nothing, and a source that suddenly returns nothing
 * does not mark the sink's entities deleted, against one kind of sink (compared byte for byte).
 */
export function describeEmptySource(kind: string, make: (root: string) => Store): void {
  describe(`runSync into the ${kind} sink`, () => {
    let root: string;
    let store: Store;
    let fake: FakeConnector;

    beforeEach(() => {
      root = mkdtempSync(path.join(os.tmpdir(), "onespec-empty-source-"));
      store = make(root);
      fake = createFakeConnector();
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    const run = (extra: Partial<RunOptions> = {}) =>
      runSync({
        connector: fake.connector,
        config: sampleConfig,
        service: SERVICE,
        sink: store.sink(),
        batchSize: 2,
        retry: { retries: 1, sleep: async () => {} },
        ...extra,
      });

    describe("a source that cannot be read", () => {
      it("does not even create the sink's file when the source refuses to open", async () => {
        fake.hooks.connectError = new ConnectionError("connection refused", { retryable: false });
        const summary = await run();
        expect(summary.status).toBe("failed");
        expect(summary.error).toMatchObject({ kind: "connection", message: "connection refused" });
        expect(existsSync(store.location)).toBe(false);
      });

      it("leaves a populated sink byte for byte as it was (connect and discover failures)", async () => {
        expect((await run()).status).toBe("ok");
        const before = store.bytes();
        expect(Object.keys(before).length).toBeGreaterThan(0);

        fake.hooks.connectError = new ConnectionError("connection refused", { retryable: false });
        expect((await run()).error?.kind).toBe("connection");
        expect(store.bytes()).toEqual(before);

        delete fake.hooks.connectError;
        const unlistable = {
          ...fake.connector,
          async discover(): Promise<never> {
            throw new SourceError("cannot list the catalog");
          },
        };
        const summary = await run({ connector: unlistable });
        expect(summary.error).toMatchObject({ kind: "source", message: "cannot list the catalog" });
        expect(store.bytes()).toEqual(before);
        // The session the failed discovery ran in was closed.
        expect(fake.stats.events.at(-1)).toBe("close");
      });
    });

    describe("a source that suddenly returns nothing", () => {
      it("fails, marks nothing deleted, leaves no checkpoint, and a fixed source is read afresh", async () => {
        expect((await run()).status).toBe("ok");
        const stored = store.entities();
        expect(stored).toHaveLength(9);

        const saved = fake.source.databases;
        fake.source.databases = {};
        const summary = await run();
        expect(summary.status).toBe("failed");
        expect(summary.error).toEqual({
          kind: "source",
          message:
            "the source returned no database, table and lineage entities, but the catalog holds 2 database, 5 table and 2 lineage entities of service warehouse; nothing was marked deleted",
          hint: expect.stringMatching(/run again with --allow-empty/),
        });
        expect(summary.total.deleted).toBe(0);
        expect(store.entities()).toEqual(stored);
        expect(store.checkpoint()).toBe(false);

        // The source is back: a fresh run (not a resume of the refused one) finds everything unchanged.
        fake.source.databases = saved;
        const back = await run();
        expect(back.status).toBe("ok");
        expect(back.resumed).toBe(false);
        expect(back.total).toMatchObject({ read: 9, unchanged: 9, created: 0, deleted: 0 });
      });

      it("refuses only for the types that came back empty", async () => {
        await run();
        for (const db of Object.values(fake.source.databases)) db.tables = {};
        const summary = await run();
        expect(summary.status).toBe("failed");
        expect(summary.error?.message).toBe(
          "the source returned no table and lineage entities, but the catalog holds 5 table and 2 lineage entities of service warehouse; nothing was marked deleted",
        );
        expect(store.entities().filter(([, deleted]) => deleted)).toEqual([]);
      });

      it("marks them deleted when allowEmpty says the source really is empty", async () => {
        await run();
        fake.source.databases = {};
        expect((await run()).status).toBe("failed");
        const allowed = await run({ allowEmpty: true });
        expect(allowed.status).toBe("ok");
        expect(allowed.total.deleted).toBe(9);
        expect(store.entities().every(([, deleted]) => deleted)).toBe(true);
        // Nothing left to delete: a later empty run has nothing to protect.
        expect((await run()).status).toBe("ok");
      });

      it("a dry run reports the refusal and changes nothing", async () => {
        await run();
        const before = store.bytes();
        fake.source.databases = {};
        const dry = await run({ dryRun: true });
        expect(dry.status).toBe("failed");
        expect(dry.error?.message).toMatch(/^the source returned no database, table and lineage/);
        expect(store.bytes()).toEqual(before);
      });

      it("an empty source into an empty sink is fine: there is nothing to protect", async () => {
        fake.source.databases = {};
        const summary = await run();
        expect(summary.status).toBe("ok");
        expect(summary.total.read).toBe(0);
      });
    });
  });
}
