/** Bugs found in review, each pinned by the behaviour a user would see. */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runSync } from "@onespec/sdk";
import { createFakeConnector, sampleConfig } from "../../../sdk/test/fake-connector.js";
import { sqliteCatalog } from "../src/index.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "onespec-regress-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("catalog made by an earlier version (no runs.fingerprint column)", () => {
  it("is migrated and the run succeeds", async () => {
    const file = path.join(dir, "old.db");
    const db = new Database(file);
    db.exec(
      "CREATE TABLE runs (service TEXT PRIMARY KEY, run_id TEXT NOT NULL, connector TEXT NOT NULL, started_at TEXT NOT NULL, streams TEXT NOT NULL, counts TEXT NOT NULL)",
    );
    db.close();
    const { connector } = createFakeConnector();
    const summary = await runSync({
      connector,
      config: sampleConfig,
      service: "s",
      sink: sqliteCatalog(file),
    });
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(summary.total.created).toBeGreaterThan(0);
  });
});

describe("a sink whose driver throws", () => {
  it("fails the run with a sink error naming the sink", async () => {
    const { connector } = createFakeConnector();
    const inner = sqliteCatalog(path.join(dir, "c.db"));
    const sink = Object.assign(Object.create(Object.getPrototypeOf(inner)) as typeof inner, inner, {
      writeBatch: () => Promise.reject(new Error("SQLITE_FULL: database or disk is full")),
    });
    const summary = await runSync({ connector, config: sampleConfig, service: "s", sink });
    expect(summary.status).toBe("failed");
    expect(summary.error).toMatchObject({ kind: "sink" });
    expect(summary.error!.message).toMatch(
      /SQLite catalog .*c\.db: storing a batch failed: SQLITE_FULL/,
    );
  });
});
