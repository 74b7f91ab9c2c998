/**
 * How a worker reads the end of a run: `runWorkflowChild` against stand-in `onespec` scripts
 * that end the way `onespec run` ends (a JSON summary, a failure line, diagnostics, a signal, a
 * run that will not stop), so each outcome maps to the status and error kind that decide a
 * retry.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isTransient } from "../src/retry-policy.js";
import { runWorkflowChild } from "../src/run-child.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-run-child-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for bin/onespec.js; it checks it was asked to run the workflow as JSON. */
function bin(name: string, body: string): string {
  const file = path.join(dir, `${name}.mjs`);
  writeFileSync(
    file,
    `const [cmd, workflow, ...rest] = process.argv.slice(2);
if (cmd !== "run" || workflow !== "/flows/w.yaml" || !rest.includes("--json")) process.exit(99);
${body}`,
  );
  return file;
}

const summary = (status: string, extra = {}) =>
  JSON.stringify({
    status,
    total: { read: 7, created: 2, updated: 1, unchanged: 4, deleted: 0, failed: 0 },
    ...extra,
  });

const run = (file: string, timeBudgetMs = 60_000, killAfterMs?: number) =>
  runWorkflowChild({
    bin: file,
    workflow: "/flows/w.yaml",
    timeBudgetMs,
    ...(killAfterMs !== undefined && { killAfterMs }),
  });

describe("runWorkflowChild", () => {
  it("an ok run: its counts, no error", async () => {
    const outcome = await run(bin("ok", `console.log(${JSON.stringify(summary("ok"))});`));
    expect(outcome).toMatchObject({
      status: "ok",
      errorKind: null,
      counts: { read: 7, created: 2, updated: 1 },
    });
  });

  it.each([
    [
      "a failed summary",
      `console.log(${JSON.stringify(summary("failed", { error: { kind: "connection", message: "ECONNRESET" } }))}); process.exit(1);`,
      "connection",
      "ECONNRESET",
      true,
    ],
    [
      "a failure line before any summary",
      `console.error("onespec run: auth error: the token was refused\\nhint: check it"); process.exit(1);`,
      "auth",
      "the token was refused",
      false,
    ],
    [
      "an interrupted run",
      `console.error("onespec run: interrupted error: interrupted by SIGTERM"); process.exit(1);`,
      "interrupted",
      "interrupted by SIGTERM",
      true,
    ],
    [
      "diagnostics about the workflow file",
      `console.error("workflow.yaml:3:5 error workflow/invalid /source has an unknown key"); process.exit(1);`,
      "config",
      "workflow.yaml:3:5 error workflow/invalid /source has an unknown key",
      false,
    ],
    [
      "a process that died",
      `process.kill(process.pid, "SIGKILL");`,
      "crash",
      "the run process was killed by SIGKILL",
      true,
    ],
  ])("%s: failed, kind and message as the run said", async (_n, body, kind, message, retry) => {
    const outcome = await run(bin(kind, body));
    expect(outcome).toMatchObject({ status: "failed", errorKind: kind, errorMessage: message });
    expect(isTransient(outcome.errorKind)).toBe(retry);
  });

  it("a run over its budget is stopped (SIGTERM, then SIGKILL) and marked timed-out", async () => {
    const stubborn = bin(
      "stubborn",
      `process.on("SIGTERM", () => console.error("ignoring SIGTERM")); setInterval(() => {}, 1000);`,
    );
    const outcome = await run(stubborn, 300, 300);
    expect(outcome).toMatchObject({ status: "timed-out", errorKind: "timed-out" });
    expect(isTransient("timed-out")).toBe(true);
  });
});

describe("isTransient", () => {
  it.each([
    ["connection", true],
    ["timeout", true],
    ["rate-limit", true],
    ["config", false],
    ["auth", false],
    ["permission", false],
    ["not-found", false],
    ["source", false],
    ["sink", false],
    [null, false],
  ])("%s → %s", (kind, transient) => expect(isTransient(kind)).toBe(transient));
});
