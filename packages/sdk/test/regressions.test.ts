/** Bugs found in review, each pinned by the behaviour a user would see. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLogger, jsonlSink, runSync } from "../src/index.js";
import { configFingerprint } from "../src/runner.js";
import { createFakeConnector, sampleConfig } from "./fake-connector.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "onespec-regress-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("JSON logs", () => {
  it("fields cannot overwrite time, level or msg", () => {
    const lines: string[] = [];
    createLogger({ format: "json", write: (l) => lines.push(l) }).error("real", {
      msg: "forged",
      level: "debug",
      time: "x",
    });
    const parsed = JSON.parse(lines[0]) as Record<string, unknown>;
    expect(parsed).toMatchObject({
      level: "error",
      msg: "real",
      _msg: "forged",
      _level: "debug",
      _time: "x",
    });
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
    expect(second.total).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: first.total.created,
    });
    expect(
      readFileSync(path.join(dir, "s", "table.jsonl"), "utf8")
        .split("\n")
        .sort(),
    ).toEqual(before.split("\n").sort());
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
