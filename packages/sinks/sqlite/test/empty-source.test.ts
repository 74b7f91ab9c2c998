/** The SDK's empty-source contract against SQLite catalog files, and incremental streams. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineConnector, runSync, type Batch, type JsonValue } from "@onespec/sdk";
import {
  SERVICE,
  describeEmptySource,
  filesUnder,
  type Store,
} from "../../../sdk/test/sink-contract.js";
import { sqliteCatalog } from "../src/index.js";

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

describeEmptySource("sqlite", sqliteStore);

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
