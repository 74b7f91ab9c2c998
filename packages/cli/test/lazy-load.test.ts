import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, REPO, SCRATCH, onespec, withMissing, workspace } from "./helpers.js";

// What each command loads, seen by a module-resolution hook in the real process and, for
// CommonJS modules required on first use (which that hook does not see), by require's cache
// at exit: `--help` and `generate` must never load the server, the web app, the SDK, a
// connector or a database driver.
const dir = (() => {
  mkdirSync(SCRATCH, { recursive: true });
  return mkdtempSync(path.join(SCRATCH, "lazy-"));
})();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HOOK = `
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.ONESPEC_TRACE, r.url + "\\n");
  return r;
}`;
const REGISTER = `
import { appendFileSync } from "node:fs";
import { createRequire, register } from "node:module";
import { pathToFileURL } from "node:url";
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});
const required = createRequire(pathToFileURL(process.cwd() + "/").href).cache;
process.on("exit", () =>
  appendFileSync(process.env.ONESPEC_TRACE, Object.keys(required).map((f) => pathToFileURL(f).href + "\\n").join("")),
);`;

function loaded(args: string[]): string[] {
  const trace = path.join(dir, `trace-${args.join("-").replace(/[^a-z]/g, "")}.txt`);
  rmSync(trace, { force: true });
  const r = spawnSync(
    process.execPath,
    ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, ONESPEC_TRACE: trace },
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return [...new Set(readFileSync(trace, "utf8").split("\n").filter(Boolean))];
}

// (The forms generator still loads @rjsf/utils, and with it react, to compile form validators.)
const HEAVY = [
  /packages\/server\//,
  /packages\/web\//,
  /packages\/sdk\//,
  /packages\/connectors\//,
  /node_modules\/(pg|pg-[a-z-]+|mysql2|better-sqlite3|fastify|@fastify\/[a-z-]+|react-dom|ssh2)\//,
  /node_modules\/tsx\//,
];

describe("commands load only what they use", () => {
  it.each([
    [["--help"]],
    [["generate", "--help"]],
    [["generate", "--check", "--out", "generated"]],
  ])("%j", (args) => {
    const urls = loaded(args);
    expect(urls.length).toBeGreaterThan(5);
    for (const pattern of HEAVY)
      expect(
        urls.filter((u) => pattern.test(u)),
        String(pattern),
      ).toEqual([]);
  });

  it("--help does not load the engine, the generators, the lint rules or the diff", () => {
    const urls = loaded(["--help"]);
    expect(urls.filter((u) => /\/(engine|generators|core|diff)\/(src|dist)\//.test(u))).toEqual([]);
  });

  // (The engine loads for the project config, which says where the schemas are; its generators do not.)
  it("diff loads the diff, and neither a generator nor the lint rules", () => {
    const urls = loaded(["diff", "HEAD"]);
    expect(urls.filter((u) => /\/packages\/diff\/dist\//.test(u)).length).toBeGreaterThan(0);
    expect(urls.filter((u) => /\/lint\/(src|dist)\/|\/generators\/(?!core\/)/.test(u))).toEqual([]);
    for (const pattern of HEAVY)
      expect(
        urls.filter((u) => pattern.test(u)),
        String(pattern),
      ).toEqual([]);
  });

  // A run with nothing changed is answered by the cache: no schema is compiled, so neither ajv
  // (core requires it on first use) nor randexp loads. The first run shows the trace sees them.
  it("generate with nothing changed loads neither ajv nor randexp; the first run no ajv compiler", () => {
    const ws = workspace();
    try {
      const args = ["generate", "--schemas", ws.schemas, "--out", ws.out];
      const compilers = /\/node_modules\/(ajv|ajv-formats|ajv-draft-04|randexp)\//;
      const first = loaded(args);
      expect(first.filter((u) => compilers.test(u)).length).toBeGreaterThan(0);
      // Generating draft-07 connectors compiles their validators and form validators with
      // onespec's own compiler: ajv's run-time helpers load, its compiler does not.
      expect(
        first.filter((u) =>
          /\/node_modules\/ajv\/dist\/(ajv|core|2019|2020)\.js$|\/node_modules\/ajv\/dist\/(compile|vocabularies|standalone)\//.test(
            u,
          ),
        ),
      ).toEqual([]);
      expect(
        first.filter((u) => /\/node_modules\/ajv\/dist\/runtime\//.test(u)).length,
      ).toBeGreaterThan(0);
      expect(onespec(args).stdout).toMatch(/ 0 files written, /);
      const urls = loaded(args);
      expect(urls.filter((u) => /\/packages\/core\/dist\//.test(u)).length).toBeGreaterThan(0);
      expect(urls.filter((u) => compilers.test(u))).toEqual([]);
    } finally {
      ws.cleanup();
    }
  });

  it("other commands do not load the diff", () => {
    const urls = loaded(["generate", "--check", "--out", "generated"]);
    expect(urls.filter((u) => /\/diff\/(src|dist)\//.test(u))).toEqual([]);
  });
});

describe("a command whose package is not installed", () => {
  it.each([
    ["@onespec/server", ["serve", "--port", "0", "--api-only"]],
    ["@onespec/sdk", ["test-connection", "postgres", "config.yaml"]],
    ["@onespec/sdk", ["run", "workflow.yaml"]],
  ])("without %s, `%s` says what to install", (pkg, args) => {
    const r = withMissing([pkg], args);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `onespec ${args[0]}: this command needs the package ${pkg}, which is not installed.\nRun \`npm install --save-dev ${pkg}\` and try again.\n`,
    );
  });

  it("generate runs without the server, the SDK or the web app", () => {
    const r = withMissing(
      ["@onespec/server", "@onespec/sdk", "@onespec/web"],
      ["generate", "--check"],
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
