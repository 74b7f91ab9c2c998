#!/usr/bin/env node
// Every publishable package's `build`: a clean dist/ compiled by tsc (tsconfig.build.json),
// plus the files tsc does not emit (JSON Schemas, CSS) copied from src/ with their paths.
// Run from the package's folder: node ../../scripts/build-package.mjs
import { spawnSync } from "node:child_process";
import { cpSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

rmSync("dist", { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (r.status !== 0) process.exit(r.status ?? 1);
const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
for (const file of walk("src")) {
  if (/\.(ts|tsx|mts|cts|mjs)$/.test(file)) continue;
  cpSync(file, path.join("dist", path.relative("src", file)));
}
