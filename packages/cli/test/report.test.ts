import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostics } from "../src/report.js";

// The pretty report shows the line a diagnostic points at; it reads the file for that, so it
// must not hang on a FIFO, read a huge file whole, or flood the terminal with a giant line.
const dir = mkdtempSync(path.join(tmpdir(), "onespec-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (file: string, line = 1) =>
  formatDiagnostics(
    [{ severity: "error", code: "x/y", message: "bad", file, line, column: 1 }],
    "pretty",
    { color: false },
  );

describe("the source excerpt of a pretty report", () => {
  it("shows the line of a regular file", () => {
    const file = path.join(dir, "a.json");
    writeFileSync(file, '{\n  "host": 1\n}\n');
    expect(at(file, 2)).toContain('|   "host": 1');
  });

  it(
    "reads nothing from a FIFO (no hang) and nothing of a line past the first megabyte",
    { timeout: 60_000 },
    () => {
      const fifo = path.join(dir, "pipe");
      execFileSync("mkfifo", [fifo]);
      expect(at(fifo)).not.toContain("|");
      const big = path.join(dir, "big.json");
      writeFileSync(big, "{}\n".repeat(10));
      truncateSync(big, 2 * 1024 ** 3);
      expect(at(big, 5)).toContain("|");
      expect(at(big, 100_000)).not.toMatch(/\n\s*\|/);
    },
  );

  it("leaves out a line too long to read", () => {
    const file = path.join(dir, "minified.json");
    writeFileSync(file, `{"a":"${"x".repeat(5000)}"}`);
    expect(at(file)).not.toContain("xxxx");
  });
});
