import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCommand, type RunArgs } from "../src/commands/run.js";

// The run handler is also called in-process (tests, a tool embedding the CLI): however a run
// ends, it must leave the process as it found it: no signal listener, same working directory.

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function workflowIn(body: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-run-inproc-"));
  dirs.push(dir);
  const file = path.join(dir, "wf.yaml");
  writeFileSync(file, body);
  return file;
}

const args = (workflow: string): RunArgs => ({
  workflow,
  "dry-run": false,
  json: false,
  "log-format": "json",
  "log-level": "silent",
  progress: false,
});

describe("run, in-process", () => {
  it.each([
    [
      "the source fails",
      "source:\n  connector: sqlite\n  config:\n    database_path: not-sqlite.db\nsink:\n  type: jsonl\n  directory: out\n",
      (dir: string) =>
        writeFileSync(path.join(dir, "not-sqlite.db"), "this is not a database file, only text"),
    ],
    [
      "the connector is not installed",
      "source:\n  connector: nosuch\n  config: {}\nsink:\n  type: jsonl\n  directory: out\n",
      () => {},
    ],
  ])(
    "leaves no signal listener and the working directory as it was when %s",
    async (_, body, prepare) => {
      const file = workflowIn(body);
      prepare(path.dirname(file));
      vi.spyOn(console, "error").mockImplementation(() => {});
      vi.spyOn(console, "log").mockImplementation(() => {});
      const before = {
        int: process.listenerCount("SIGINT"),
        term: process.listenerCount("SIGTERM"),
        cwd: process.cwd(),
      };
      const code = await runCommand.handler(args(file));
      expect(code).toBe(1);
      expect({
        int: process.listenerCount("SIGINT"),
        term: process.listenerCount("SIGTERM"),
        cwd: process.cwd(),
      }).toEqual(before);
    },
  );

  it("leaves no signal listener after a run that succeeds", async () => {
    const sample = path.resolve(import.meta.dirname, "../../../examples/sample/retail.db");
    const file = workflowIn(
      `source:\n  connector: sqlite\n  config:\n    database_path: ${sample}\nsink:\n  type: jsonl\n  directory: out\n`,
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    const out = vi.spyOn(console, "log").mockImplementation(() => {});
    const before = [
      process.listenerCount("SIGINT"),
      process.listenerCount("SIGTERM"),
      process.cwd(),
    ];
    expect(await runCommand.handler(args(file))).toBe(0);
    expect(out).toHaveBeenCalled();
    expect([
      process.listenerCount("SIGINT"),
      process.listenerCount("SIGTERM"),
      process.cwd(),
    ]).toEqual(before);
  });
});
