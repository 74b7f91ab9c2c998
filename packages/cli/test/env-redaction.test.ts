import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { onespec, REPO, SCRATCH } from "./helpers.js";

// A value that came from ${ENV} is treated as a secret wherever it lands, and redaction works on
// values, so JSON output stays JSON whatever the value is (a short one such as "e" used to be
// replaced inside keys and literals: {"typ[redacted]": …}).
const dir = (() => {
  mkdirSync(SCRATCH, { recursive: true });
  return mkdtempSync(path.join(SCRATCH, "env-redaction-"));
})();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return onespec(args, dir);
  } finally {
    for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
  }
}

describe("values from ${ENV}", () => {
  it("validate shows a wrong value from the environment as [redacted]", () => {
    const config = path.join(dir, "bad.yaml");
    writeFileSync(config, "database_path: ./x.db\nbusy_timeout_ms: ${ONESPEC_TEST_TOKEN}\n");
    const r = run(["validate", "sqlite", config, "--out", path.join(REPO, "generated")], {
      ONESPEC_TEST_TOKEN: "tok-abc123",
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("/busy_timeout_ms must be integer (received [redacted])");
    expect(r.stdout + r.stderr).not.toContain("tok-abc123");
  });

  it("test-connection --json leaves no value from the environment in its output", () => {
    const db = path.join(dir, "retail-copy-zq9.db");
    copyFileSync(path.join(REPO, "examples/sample/retail.db"), db);
    const config = path.join(dir, "named.yaml");
    writeFileSync(config, "database_path: ${ONESPEC_TEST_DB}\n");
    const r = run(["test-connection", "sqlite", config, "--json"], { ONESPEC_TEST_DB: db });
    expect(JSON.parse(r.stdout).ok).toBe(true);
    expect(r.stdout + r.stderr).not.toContain("retail-copy-zq9");
  });

  it("test-connection --json redacts values, not text: a one-letter value leaves valid JSON", () => {
    const db = path.join(dir, "e");
    copyFileSync(path.join(REPO, "examples/sample/retail.db"), db);
    const config = path.join(dir, "sqlite.yaml");
    // The database path is the single letter "e", which is in almost every key of the output.
    writeFileSync(config, "database_path: ${ONESPEC_TEST_DB}\n");
    const r = run(["test-connection", "sqlite", config, "--json"], { ONESPEC_TEST_DB: "e" });
    const result = JSON.parse(r.stdout) as {
      ok: boolean;
      steps: { name: string; status: string }[];
    };
    expect(result.steps.length).toBeGreaterThan(0);
    expect(Object.keys(result)).toContain("steps");
    expect(
      result.steps.every((s) => typeof s.name === "string" && typeof s.status === "string"),
    ).toBe(true);
  });
});
