import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, hasStackTrace } from "./helpers.js";

// Ctrl-C at one of the interactive scaffold's questions, typed into a real terminal: the
// questions only run on a TTY, so the CLI runs under util-linux `script`, which gives it a
// pseudo-terminal and passes our bytes to it as keystrokes.
const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-scaffold-cancel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function interrupted(): Promise<{ code: number | null; output: string }> {
  mkdirSync(path.join(dir, "schemas/connectors"), { recursive: true });
  mkdirSync(path.join(dir, "packages"), { recursive: true });
  return new Promise((resolve, reject) => {
    const child = spawn(
      "script",
      [
        "-qfec",
        `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} scaffold connector`,
        "/dev/null",
      ],
      { cwd: dir, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" } },
    );
    let output = "";
    let sent = false;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The first question is on screen: press Ctrl-C.
      if (!sent && output.includes("Connector name")) {
        sent = true;
        child.stdin.write("\u0003");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`no exit after Ctrl-C; output so far:\n${output}`));
    }, 30_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe("onespec scaffold connector, interactive", () => {
  it("Ctrl-C at a question is a quiet 'cancelled', exit 130, and nothing is written", async () => {
    const { code, output } = await interrupted();
    expect(output).toContain("Connector name");
    expect(output).toContain("onespec scaffold: cancelled; nothing was written.");
    expect(output).not.toMatch(/internal error/);
    expect(hasStackTrace(output)).toBe(false);
    expect(code).toBe(130);
    expect(readdirSync(path.join(dir, "schemas/connectors"))).toEqual([]);
    expect(readdirSync(path.join(dir, "packages"))).toEqual([]);
  }, 40_000);
});
