/** Bugs found in review, each pinned by the behaviour a user would see. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { configFingerprint, createLogger, jsonlSink, runSync, sqliteCatalog } from "../src/index.js";
import { createFakeConnector, sampleConfig } from "./fake-connector.js";

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
    const summary = await runSync({ connector, config: sampleConfig, service: "s", sink: sqliteCatalog(file) });
    expect(summary.status, JSON.stringify(summary.error)).toBe("ok");
    expect(summary.total.created).toBeGreaterThan(0);
  });
});

describe("JSON logs", () => {
  it("fields cannot overwrite time, level or msg", () => {
    const lines: string[] = [];
    createLogger({ format: "json", write: (l) => lines.push(l) }).error("real", { msg: "forged", level: "debug", time: "x" });
    const parsed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(parsed).toMatchObject({ level: "error", msg: "real", _msg: "forged", _level: "debug", _time: "x" });
    expect(parsed.time).not.toBe("x");
  });
});

describe("a JSON lines sink used for two runs", () => {
  it("reports the second run as unchanged and keeps the files", async () => {
    const { connector } = createFakeConnector();
    const sink = jsonlSink(dir);
    const first = await runSync({ connector, config: sampleConfig, service: "s", sink });
    const before = readFileSync(path.join(dir, "s", "table.jsonl"), "utf8");
    const second = await runSync({ connector, config: sampleConfig, service: "s", sink });
    expect(second.total).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: first.total.created });
    expect(readFileSync(path.join(dir, "s", "table.jsonl"), "utf8").split("\n").sort()).toEqual(before.split("\n").sort());
  });
});

describe.each([
  ["sqlite catalog", () => sqliteCatalog(path.join(dir, "c.db"))],
  ["JSON lines", () => jsonlSink(path.join(dir, "out"))],
])("a table that cannot be read this time (%s)", (_name, makeSink) => {
  it("is counted as failed and kept as it was, not marked deleted", async () => {
    const fake = createFakeConnector();
    await runSync({ connector: fake.connector, config: sampleConfig, service: "s", sink: makeSink() });
    fake.source.databases.sales!.tables.customers!.broken = true;
    const second = await runSync({ connector: fake.connector, config: sampleConfig, service: "s", sink: makeSink() });
    expect(second.entities.table).toMatchObject({ failed: 1, deleted: 0 });
    fake.source.databases.sales!.tables.customers!.broken = false;
    const third = await runSync({ connector: fake.connector, config: sampleConfig, service: "s", sink: makeSink() });
    // Back and unchanged: it was never deleted in between.
    expect(third.entities.table).toMatchObject({ created: 0, updated: 0, deleted: 0, failed: 0 });
  });
});

describe("config fingerprint", () => {
  const { connector } = createFakeConnector();
  it("ignores the secret's value but not other fields that happen to contain it", () => {
    const base = configFingerprint(connector, { host: "x", password: "x" });
    expect(configFingerprint(connector, { host: "x", password: "other" })).toBe(base);
    expect(configFingerprint(connector, { host: "xx", password: "x" })).not.toBe(base);
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
    expect(summary.error!.message).toMatch(/SQLite catalog .*c\.db: storing a batch failed: SQLITE_FULL/);
  });
});
