/**
 * A run that cannot read its source writes nothing, and a source that suddenly returns nothing
 * does not mark the catalog deleted: the source is opened and its streams listed before the
 * sink is touched, and a type read empty while the sink holds entities of it is refused unless
 * `allowEmpty` says so. Real SQLite files and JSON lines folders, compared byte for byte.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionError,
  EmptySourceError,
  SourceError,
  defineConnector,
  jsonlSink,
  runSync,
  sqliteCatalog,
  type Batch,
  type JsonValue,
  type RunOptions,
  type Sink,
} from "../src/index.js";
import { createFakeConnector, sampleConfig, type FakeConnector } from "./fake-connector.js";

const SERVICE = "warehouse";

interface Store {
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

function filesUnder(dir: string): Record<string, string> {
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

function sqliteStore(root: string): Store {
  const file = path.join(root, "catalog", "catalog.db");
  const withDb = <T>(fn: (db: Database.Database) => T): T => {
    const db = new Database(file, { readonly: true });
    try {
      return fn(db);
    } finally {
      db.close();
    }
  };
  return {
    location: path.dirname(file),
    sink: () => sqliteCatalog(file),
    bytes: () => filesUnder(path.dirname(file)),
    entities: () =>
      withDb((db) =>
        (
          db
            .prepare("SELECT fqn, deleted FROM entities WHERE service = ? ORDER BY fqn")
            .all(SERVICE) as { fqn: string; deleted: number }[]
        ).map((r) => [r.fqn, r.deleted === 1]),
      ),
    checkpoint: () =>
      withDb(
        (db) =>
          (
            db.prepare("SELECT COUNT(*) AS n FROM runs WHERE service = ?").get(SERVICE) as {
              n: number;
            }
          ).n > 0,
      ),
  };
}

function jsonlStore(root: string): Store {
  const dir = path.join(root, "out");
  return {
    location: dir,
    sink: () => jsonlSink(dir),
    bytes: () => filesUnder(dir),
    entities: () => {
      const folder = path.join(dir, SERVICE);
      const all: [string, boolean][] = [];
      for (const name of readdirSync(folder).filter((n) => n.endsWith(".jsonl")))
        for (const line of readFileSync(path.join(folder, name), "utf8").split("\n"))
          if (line !== "") {
            const e = JSON.parse(line) as { fqn: string; deleted: boolean };
            all.push([e.fqn, e.deleted]);
          }
      return all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    },
    checkpoint: () =>
      existsSync(path.join(dir, SERVICE, "state.json")) ||
      readdirSync(path.join(dir, SERVICE)).some((f) => f.endsWith(".partial")),
  };
}

describe.each([
  { kind: "sqlite", make: sqliteStore },
  { kind: "jsonl", make: jsonlStore },
])("runSync into the $kind sink", ({ make }) => {
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

describe("the empty-source rule and incremental streams", () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), "onespec-empty-incremental-"));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  /** One incremental stream of events: records after the cursor, nothing when there are none. */
  const events = (all: string[]) =>
    defineConnector({
      metadata: {
        name: "events",
        displayName: "Events",
        description: "Incremental test source.",
        serviceType: "Api",
        capabilities: ["metadata"],
        version: "0.0.1",
      },
      steps: [],
      parse: (input: unknown) => input as Record<string, never>,
      secretPaths: [],
      async connect() {
        return {};
      },
      async close() {},
      testSteps: {},
      async discover() {
        return [{ name: "events", entityType: "event", description: "Events", incremental: true }];
      },
      async *read(_s, _c, _stream, state: JsonValue | undefined): AsyncIterable<Batch> {
        const after = typeof state === "string" ? state : "";
        const fresh = all.filter((e) => e > after);
        if (fresh.length === 0) return;
        yield {
          records: fresh.map((e) => ({ type: "event", fqn: `s.${e}`, name: e, properties: {} })),
          state: fresh.at(-1)!,
        };
      },
    });

  it("a run that finds no new records of an incremental stream is not refused", async () => {
    const file = path.join(root, "catalog.db");
    const connector = events(["a", "b"]);
    const first = await runSync({ connector, config: {}, service: "s", sink: sqliteCatalog(file) });
    expect(first.status).toBe("ok");
    const second = await runSync({
      connector,
      config: {},
      service: "s",
      sink: sqliteCatalog(file),
    });
    expect(second.status, JSON.stringify(second.error)).toBe("ok");
    expect(second.total).toMatchObject({ read: 0, deleted: 0 });
  });
});

describe("EmptySourceError", () => {
  it("is a non-retryable source error listing the types in catalog order", () => {
    const error = new EmptySourceError("svc", { view: 3, table: 1 });
    expect(error).toBeInstanceOf(SourceError);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe(
      "the source returned no table and view entities, but the catalog holds 1 table and 3 view entities of service svc; nothing was marked deleted",
    );
  });
});
