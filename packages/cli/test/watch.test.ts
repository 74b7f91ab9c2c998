import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, workspace } from "./helpers.js";

// `onespec generate --watch` as someone editing schemas uses it: each save regenerates; a save
// that breaks a schema prints the problem and keeps the last good output; fixing it recovers.
const ws = workspace();
afterAll(() => ws.cleanup());
let child: ChildProcessWithoutNullStreams;
let stdout = "";
let stderr = "";

/** Resolves when the output so far matches, after `from` characters; rejects after a while. */
function waitFor(stream: () => string, pattern: RegExp, from: number, ms = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (pattern.test(stream().slice(from))) return resolve();
      if (Date.now() - started > ms)
        return reject(
          new Error(`timed out waiting for ${pattern}; stdout: ${stdout}\nstderr: ${stderr}`),
        );
      setTimeout(tick, 20);
    };
    tick();
  });
}

describe("onespec generate --watch", () => {
  const file = path.join(ws.schemas, "connectors/sqlite/connection.json");
  const readme = path.join(ws.out, "connectors/sqlite/README.md");
  const original = readFileSync(file, "utf8");

  it("generates at start, then after each save", async () => {
    child = spawn(
      process.execPath,
      [BIN, "generate", "--watch", "--schemas", ws.schemas, "--out", ws.out],
      { env: { ...process.env, NO_COLOR: "1" } },
    );
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await waitFor(() => stdout, /--watch: \d+ files written/, 0);
    const from = stdout.length;
    writeFileSync(
      file,
      original.replace(
        '"description": "Settings for reading',
        '"description": "Watched. Settings for reading',
      ),
    );
    await waitFor(
      () => stdout,
      /connectors\/sqlite\/connection\.json changed: [1-9]\d* files written/,
      from,
    );
    expect(readFileSync(readme, "utf8")).toContain("Watched. Settings for reading");
  });

  it("a save that breaks a schema prints where, and keeps the last good output", async () => {
    const before = readFileSync(readme, "utf8");
    const from = stderr.length;
    writeFileSync(file, original.replace('"type": "object"', '"type": "object",,'));
    await waitFor(
      () => stderr,
      /connection\.json:\d+:\d+ error[\s\S]*keeps the last good output/,
      from,
    );
    expect(readFileSync(readme, "utf8")).toBe(before);
  });

  it("recovers on the next good save, and stops on SIGTERM", async () => {
    const from = stdout.length;
    writeFileSync(file, original);
    await waitFor(() => stdout, /changed: [1-9]\d* files written/, from);
    expect(readFileSync(readme, "utf8")).not.toContain("Watched.");
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
