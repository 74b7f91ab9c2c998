/** `onespec serve` as a user starts it: a child process on a free loopback port, stopped with SIGTERM. */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, REPO } from "./helpers.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-serve-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("onespec serve", () => {
  it("serves the API on loopback and stops cleanly on SIGTERM", async () => {
    const child = spawn(
      process.execPath,
      [BIN, "serve", "--port", "0", "--store", path.join(tmp, "c.db")],
      { cwd: REPO },
    );
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearInterval(timer);
          resolve(m[1]);
        }
      }, 50);
      child.on("exit", () => reject(new Error(`exited early: ${out}`)));
    });
    // The built app at /, under a CSP that allows nothing but its own origin.
    const page = await fetch(`${url}/`);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src 'self'/);
    expect(await page.text()).toMatch(/<div id="app">/);
    const response = await fetch(`${url}/api/connectors`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { name: string }[]).map((c) => c.name)).toContain(
      "postgres",
    );
    const code = await new Promise<number | null>((resolve) => {
      child.on("exit", resolve);
      child.kill("SIGTERM");
    });
    expect(code).toBe(0);
    expect(out).toMatch(/onespec serve: stopped/);
  }, 30_000);

  it("says how to build the app when it is missing", async () => {
    const missing = path.join(tmp, "no-app");
    const r = spawnSync(
      process.execPath,
      [BIN, "serve", "--port", "0", "--web-root", missing, "--store", path.join(tmp, "d.db")],
      {
        cwd: REPO,
        encoding: "utf8",
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `the web app is not built (no index.html in ${missing}): run \`npm run build\``,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
