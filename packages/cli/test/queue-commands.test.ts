/**
 * The queue commands before they reach a database: without one named they say how to name it
 * (and that `onespec run` needs none), bad arguments are refused with what to type, a database
 * that cannot be reached is named by host and database only (its URL holds a password), and no
 * stack trace shows. The commands against a real queue: fleet.test.ts.
 */
import { describe, expect, it } from "vitest";
import { BIN, REPO, hasStackTrace } from "./helpers.js";
import { spawnSync } from "node:child_process";

function onespec(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env };
  delete base.ONESPEC_QUEUE_DATABASE;
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    env: { ...base, NO_COLOR: "1", ...env },
  });
  const output = r.stdout + r.stderr;
  expect(hasStackTrace(output), output).toBe(false);
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("queue commands", () => {
  it.each([
    [["worker"], "worker"],
    [["runs"], "runs"],
    [["schedule", "list"], "schedule"],
    [["run", "examples/sqlite-catalog.yaml", "--queue"], "run --queue"],
  ])("%j without a queue database says how to name one", (args, command) => {
    const r = onespec(args);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `onespec ${command}: name the queue database with --database <postgres url> or ONESPEC_QUEUE_DATABASE\nhint: without a queue, \`onespec run <workflow>\` runs a workflow here and now.\n`,
    );
  });

  it.each([
    [["schedule", "pause"], "onespec schedule pause: name the schedule\n"],
    [
      ["schedule", "add", "nightly", "examples/sqlite-catalog.yaml"],
      'onespec schedule add: give a workflow file (or --saved <id>) and --cron, e.g. `onespec schedule add nightly flow.yaml --cron "0 2 * * *"`\n',
    ],
    [
      ["run", "examples/sqlite-catalog.yaml", "--queue", "--time-budget", "0"],
      "onespec run: --time-budget must be a number of seconds above 0\n",
    ],
    [
      ["worker", "--concurrency", "0", "--database", "postgres://x@127.0.0.1:1/q"],
      "onespec worker: --concurrency must be a whole number of at least 1\n",
    ],
  ])("%j is refused before connecting", (args, message) => {
    const r = onespec(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message);
  });

  it("a queue database that cannot be reached is named without its password", () => {
    const password = "Queue-Pass-91f2";
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const r = onespec(["runs"], {
      ONESPEC_QUEUE_DATABASE: `postgres://onespec:${password}@127.0.0.1:1/queue`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^onespec runs: the queue database \(127\.0\.0\.1:1\/queue\) failed: /,
    );
    expect(r.stderr).not.toContain(password);
  });

  it("run --queue of a workflow that does not exist queues nothing", () => {
    const r = onespec(["run", "no/such/flow.yaml", "--queue"], {
      ONESPEC_QUEUE_DATABASE: "postgres://onespec@127.0.0.1:1/queue",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      "onespec run: no/such/flow.yaml: no such workflow file; nothing was queued\n",
    );
  });
});
