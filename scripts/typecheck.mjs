#!/usr/bin/env node
/**
 * `npm run typecheck`: type-checks every workspace package's tsconfig.json, as `tsc -p <package>`
 * would, in far less time. Run one by one, the 30 packages' checks took about 320 s of CPU, most
 * of it checking the same sources again: each package's program includes the sources of the
 * packages it imports (through the "@onespec/source" condition). Packages whose compiler options
 * are the same are checked together, in one program that includes every one of their files, so
 * each source is checked once per set of options. Each package is still checked with exactly its
 * own options; a package with options of its own is a program of its own.
 *
 * The combined configs are written to node_modules/.cache/onespec-typecheck/. Two programs run
 * at a time. Exit 1 when one reports an error, with tsc's own output.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const ts = require("typescript");
const TSC = require.resolve("typescript/bin/tsc");
const OUT = path.join(ROOT, "node_modules/.cache/onespec-typecheck");

/** Every workspace folder with a tsconfig.json, and tsconfigs nested in them that a package's typecheck script names. */
function projects() {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const dirs = [];
  for (const pattern of pkg.workspaces) {
    const base = pattern.endsWith("/*") ? pattern.slice(0, -2) : undefined;
    const found = base
      ? ts.sys.getDirectories(path.join(ROOT, base)).map((d) => path.join(ROOT, base, d))
      : [path.join(ROOT, pattern)];
    for (const dir of found.sort()) {
      if (!existsSync(path.join(dir, "package.json"))) continue;
      const script = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).scripts
        ?.typecheck;
      if (!script) continue;
      // What the package's own script checks: `tsc -p X` for each X it names.
      for (const m of script.matchAll(/tsc -p (\S+)/g)) dirs.push(path.resolve(dir, m[1]));
    }
  }
  return dirs;
}

/** A project's effective compiler options and the files it checks, as tsc reads them. */
function read(dir) {
  const file = path.join(dir, "tsconfig.json");
  const { config, error } = ts.readConfigFile(file, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, dir, undefined, file);
  if (parsed.errors.length > 0)
    throw new Error(
      parsed.errors.map((e) => ts.flattenDiagnosticMessageText(e.messageText, "\n")).join("\n"),
    );
  const { configFilePath: _configFilePath, ...options } = parsed.options;
  return { dir, file, options, files: parsed.fileNames };
}

/** Projects grouped by identical compiler options, each group as one config of its own. */
function groups(list) {
  const byOptions = new Map();
  for (const p of list) {
    const key = JSON.stringify(Object.entries(p.options).sort(([a], [b]) => a.localeCompare(b)));
    const same = byOptions.get(key);
    if (same) same.push(p);
    else byOptions.set(key, [p]);
  }
  return [...byOptions.values()];
}

function run(config) {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [TSC, "-p", config, "--pretty", String(Boolean(process.stdout.isTTY))],
      {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("close", (code) => resolve({ code, output }));
  });
}

const list = projects().map(read);
mkdirSync(OUT, { recursive: true });
const jobs = groups(list).map((members, i) => {
  const config = path.join(OUT, `tsconfig.${i}.json`);
  // The first member's config gives the options (the same for every member); `files` lists what
  // each member's own config includes, so nothing else is checked.
  const files = [...new Set(members.flatMap((m) => m.files))].sort();
  writeFileSync(
    config,
    JSON.stringify({ extends: members[0].file, files, include: [] }, null, 2) + "\n",
  );
  return { config, names: members.map((m) => path.relative(ROOT, m.dir) || "."), files };
});

const started = Date.now();
let failed = 0;
const queue = [...jobs].sort((a, b) => b.files.length - a.files.length);
await Promise.all(
  [0, 1].map(async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { code, output } = await run(job.config);
      const label = `${job.names.length} package(s), ${job.files.length} files: ${job.names.join(", ")}`;
      if (code === 0) console.log(`ok   ${label}`);
      else {
        failed++;
        console.log(`FAIL ${label}\n${output}`);
      }
    }
  }),
);
console.log(
  `typecheck: ${list.length} projects in ${jobs.length} programs, ${failed} failed, ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
process.exitCode = failed > 0 ? 1 : 0;
