/** `onespec serve` as a user starts it: a child process on a free loopback port, stopped with SIGTERM. */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, REPO } from "./helpers.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-serve-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("onespec serve", () => {
  it("serves the API on loopback and stops cleanly on SIGTERM", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--store", path.join(tmp, "c.db")], { cwd: REPO });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]!);
        }
      }, 50);
      child.on("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    const response = await fetch(`${url}/api/connectors`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }[]).map((c) => c.name)).toContain("postgres");
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(out).toMatch(/onespec serve: stopped/);
  }, 30_000);
});
