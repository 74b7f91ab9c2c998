#!/usr/bin/env node
// npm run bench: how long `onespec generate` takes on the 346 Airbyte specs, cold and warm,
// serial and parallel, compared in the same run against a baseline (cold cache, one thread).
// Prints times and ratios; asserts nothing: speed is measured, not tested.
// Then scripts/bench-extract.ts: extraction throughput against the catalog-query floor.
// Then scripts/bench-browser.ts: forms in Chromium (first render of the largest form, typing
// latency in a 10-branch discriminated oneOf), against baselines measured in the same run.
// Then scripts/bench-installed.ts: the CLI installed from npm-packed tarballs (--help, no-op generate).
// Then scripts/bench-trees.ts: onespec against its peers (json-schema-to-typescript, a naive
// jstt + ajv + prettier script) on an OpenMetadata-shaped tree, the Airbyte corpus and synthetic
// trees of 100 and 1,000 connectors, with peak memory and the targets of issue 14.
// Then scripts/bench-validators.ts: the Airbyte corpus's generated validators, compiled to
// JavaScript, against ajv compiling the same schemas: start-up in a fresh process each and
// validation throughput on the generated fixtures (issue 14's validator target).
// Then scripts/bench-queue.ts: scheduled runs on the PostgreSQL run queue with 1, 2 and 4
// workers, against the queue's own no-op job rate (the floor) and the same runs inline.
// BENCH_ONLY=generate, extract, browser, installed, trees, validators or queue runs one part only.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../", import.meta.url));
const only = process.env.BENCH_ONLY;

if (!only || only === "generate") {
  const bin = path.join(repo, "packages/cli/bin/onespec.js");
  const scratch = mkdtempSync(path.join(repo, "packages/cli/.tmp-bench-"));
  const schemas = path.join(scratch, "schemas");
  cpSync(path.join(repo, "tooling/test-fixtures/corpus/airbyte"), schemas, { recursive: true });
  const out = path.join(scratch, "out");
  const cache = path.join(scratch, "cache");
  const repeats = Number(process.env.BENCH_REPEATS ?? 3);
  const cores = availableParallelism();

  function run(extra, env = {}) {
    const started = process.hrtime.bigint();
    const r = spawnSync(
      process.execPath,
      [
        bin,
        "generate",
        "--schemas",
        schemas,
        "--entry",
        "*.json",
        "--out",
        out,
        "--keep-going",
        ...extra,
      ],
      {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, ONESPEC_CACHE_DIR: cache, NO_COLOR: "1", ...env },
      },
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (r.status !== 0 && r.status !== 1)
      throw new Error(`onespec failed (${r.status}): ${r.stderr.slice(-500)}`);
    return { seconds, summary: r.stdout.trim().split("\n").pop() };
  }

  /** The median of `repeats` runs, each after `prepare()`. */
  function measure(name, prepare, extra) {
    const times = [];
    let summary = "";
    for (let i = 0; i < repeats; i++) {
      prepare();
      const r = run(extra);
      times.push(r.seconds);
      summary = r.summary;
    }
    times.sort((a, b) => a - b);
    return { name, seconds: times[Math.floor(times.length / 2)], summary };
  }

  const cold = () => {
    rmSync(cache, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  };
  const warm = () => {};
  const spec = path.join(schemas, "source-postgres.json");
  const original = readFileSync(spec, "utf8");
  let edits = 0;
  const editOne = () => {
    const json = JSON.parse(original);
    json.description = `Edited for the benchmark (${++edits}).`;
    writeFileSync(spec, JSON.stringify(json, null, 2));
  };

  try {
    console.log(
      `onespec bench: ${346} Airbyte specs, ${cores} cores, median of ${repeats} runs each\n`,
    );
    const results = [];
    results.push(measure("cold, 1 thread (baseline)", cold, ["--jobs", "1"]));
    results.push(measure(`cold, ${cores} threads`, cold, ["--jobs", String(cores)]));
    run([]); // make the output and cache current
    results.push(measure("no-op (nothing changed)", warm, []));
    results.push(measure("--check (nothing changed)", warm, ["--check"]));
    results.push(measure("one spec edited", editOne, []));
    writeFileSync(spec, original);
    const base = results[0].seconds;
    const width = Math.max(...results.map((r) => r.name.length));
    for (const r of results)
      console.log(
        `${r.name.padEnd(width)}  ${r.seconds.toFixed(2).padStart(7)} s   ${(base / r.seconds).toFixed(2).padStart(6)}x faster than baseline`,
      );
    console.log(`\nlast summary: ${results.at(-1).summary}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (!only || only === "extract") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-extract.ts"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

if (!only || only === "browser") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-browser.ts"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

if (!only || only === "installed") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-installed.ts"], {
    cwd: repo,
    stdio: "inherit",
  });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

if (!only || only === "trees") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-trees.ts"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

if (!only || only === "validators") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-validators.ts"], {
    cwd: repo,
    stdio: "inherit",
  });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

if (!only || only === "queue") {
  const r = spawnSync("npx", ["tsx", "scripts/bench-queue.ts"], { cwd: repo, stdio: "inherit" });
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}
