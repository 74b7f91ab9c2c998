/**
 * npm run bench, the trees part (BENCH_ONLY=trees; alone: `npx tsx scripts/bench-trees.ts`).
 * Issue 14, "Generate at the speed of a save": onespec against its peers on three kinds of tree,
 * each measured whole-process (wall time, median of BENCH_REPEATS, default 3; peak RSS, the
 * largest of those runs), printed as one markdown table per tree with the ratios and targets.
 *
 * 1. metadata: an OpenMetadata-shaped tree (scripts/bench-tree-builder.ts, seeded): about 400
 *    JSON files, 76 connection entries. onespec cold (all six built-in generators; and the
 *    types generator alone, the same work as the peer), no-op, one connection edited, --check;
 *    json-schema-to-typescript's CLI emitting the same 76 entries' types to files, cold.
 * 2. airbyte: the 346 Airbyte specs (tooling/test-fixtures/corpus/airbyte, --keep-going): cold,
 *    no-op, --check, source-postgres.json's description edited, each next to its target, and
 *    generate --watch: seconds from a save of that file until its types.ts is rewritten.
 * 3. synthetic: 100 and 1,000 small connectors in onespec's layout: onespec cold against the
 *    naive baseline (scripts/bench-naive-baseline.ts: jstt + ajv standalone + prettier, one
 *    schema after another, in its own process).
 *
 * Everything runs in scratch folders under the OS temp dir, removed at the end. Asserts nothing:
 * a run that fails is reported as an error, a slow one is only printed.
 *
 * Environment:
 *   BENCH_REPEATS        runs per figure (default 3)
 *   BENCH_TREES          which parts, comma-separated (default metadata,airbyte,synthetic)
 *   BENCH_CONNECTORS     synthetic tree sizes (default 100,1000)
 *   BENCH_REPEATS_LARGE  runs per figure for synthetic trees of 1,000 connectors or more
 *                        (default BENCH_REPEATS; 1 when those take too long)
 *   BENCH_NAIVE_LIMIT    run the naive baseline on the first N connectors only and extrapolate
 *                        its loop linearly (printed as such; it overstates the baseline, whose
 *                        first schemas are the slowest while V8 warms up); default: every one
 *   BENCH_ONESPEC_BIN    the onespec bin to time (default packages/cli/bin/onespec.js), or
 *                        "installed": pack the publishable packages and install them first
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  load,
  machine,
  measure,
  mib,
  peakSource,
  ratio,
  runMeasured,
  secs,
  table,
  wallCpu,
  type Measured,
  type Run,
} from "./bench-measure.ts";
import { createProject, packPublished } from "@onespec/test-servers";
import { buildConnectorTree, buildMetadataTree } from "./bench-tree-builder.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
// BENCH_ONESPEC_BIN=installed times the CLI installed from npm-packed tarballs (as
// scripts/bench-installed.ts does), which work going on in the repository cannot rebuild halfway
// through a run; any other value is the path of an onespec bin.
const ONESPEC_BIN = process.env.BENCH_ONESPEC_BIN ?? path.join(repo, "packages/cli/bin/onespec.js");
let ONESPEC = path.resolve(ONESPEC_BIN);
const JSTT_CLI = path.join(
  path.dirname(createRequire(import.meta.url).resolve("json-schema-to-typescript/package.json")),
  "dist/src/cli.js",
);
const NAIVE = path.join(repo, "scripts/bench-naive-baseline.ts");
const AIRBYTE = path.join(repo, "tooling/test-fixtures/corpus/airbyte");

const repeats = Number(process.env.BENCH_REPEATS ?? 3);
const repeatsLarge = Number(process.env.BENCH_REPEATS_LARGE ?? repeats);
const parts = new Set(
  (process.env.BENCH_TREES ?? "metadata,airbyte,synthetic").split(",").map((s) => s.trim()),
);
const sizes = (process.env.BENCH_CONNECTORS ?? "100,1000").split(",").map(Number);
const naiveLimit = process.env.BENCH_NAIVE_LIMIT
  ? Number(process.env.BENCH_NAIVE_LIMIT)
  : undefined;

// ─── running onespec and the peers ───────────────────────────────────────────────────────────

/** One onespec project: a schema tree, its entry glob, and scratch output and cache folders. */
interface Project {
  schemas: string;
  entry?: string;
  out: string;
  cache: string;
  /** Flags every run of this project gets (--keep-going, --config). */
  flags: string[];
}

function project(
  scratch: string,
  name: string,
  schemas: string,
  entry: string | undefined,
  flags: string[] = [],
): Project {
  return {
    schemas,
    entry,
    out: path.join(scratch, `${name}-out`),
    cache: path.join(scratch, `${name}-cache`),
    flags,
  };
}

/** `onespec generate` from the built CLI, in the scratch folder (not the repo: its onespec.config.json would apply). */
function onespec(p: Project, extra: string[] = []): Promise<Run> {
  const entry = p.entry ? ["--entry", p.entry] : [];
  return runMeasured(
    process.execPath,
    [ONESPEC, "generate", "--schemas", p.schemas, ...entry, "--out", p.out, ...p.flags, ...extra],
    {
      cwd: path.dirname(p.out),
      env: { ONESPEC_CACHE_DIR: p.cache },
    },
  );
}

/** The summary line onespec prints last ("onespec generate: 76 connectors, 715 files written, …"). */
const summary = (r: Run): string => r.stdout.trim().split("\n").pop() ?? "";

/**
 * A run that did its work: exit 0 (or 1 with --keep-going, which exits 1 when some connectors
 * were left out) and onespec's own summary line, not a "failed" one (a crash exits 1 too).
 */
function succeeded(allowKeepGoingExit = false) {
  return (r: Run): void => {
    const ok = r.code === 0 || (allowKeepGoingExit && r.code === 1);
    if (!ok || !/^onespec generate( --check)?: \d+ connectors/.test(summary(r)))
      throw new Error(`run failed (exit ${r.code}): ${summary(r)}\n${r.stderr.slice(-1500)}`);
  };
}

/**
 * Every folder a run removes is moved here and deleted when the bench ends, not before the next
 * run: on ext4 without a journal (this workplace's machines), a file created within minutes of
 * the deletion of thousands costs up to a millisecond (the inode allocator steps over every
 * recently deleted inode, kernel `recently_deleted()`), so a cold run right after deleting the
 * last run's 11,000 files took 5-8 s longer than the same run on a fresh clone, which is what
 * "cold" stands for. The peers' output is moved aside the same way.
 */
const trash = mkdtempSync(path.join(tmpdir(), "onespec-bench-trash-"));
let trashed = 0;
function moveAside(...folders: string[]): void {
  for (const folder of folders) {
    try {
      renameSync(folder, path.join(trash, String(trashed++)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
}

const cold = (p: Project) => () => moveAside(p.cache, p.out);
const nothing = () => {};

/** Before each run, a new description for one schema file, so every run has one real change. */
function editor(file: string, label = "the benchmark"): () => void {
  const original = readFileSync(file, "utf8");
  let edits = 0;
  return () => {
    const json = JSON.parse(original) as Record<string, unknown>;
    json.description = `Edited for ${label} (${++edits}).`;
    writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
  };
}

// ─── 1. the OpenMetadata-shaped tree ─────────────────────────────────────────────────────────

async function metadataTree(scratch: string): Promise<void> {
  const tree = buildMetadataTree(path.join(scratch, "schemas"), { seed: 14 });
  const all = project(scratch, "all", tree.root, tree.entryGlob);
  // The types generator alone: the same work json-schema-to-typescript does.
  const typesConfig = path.join(scratch, "types-only.config.json");
  writeFileSync(typesConfig, JSON.stringify({ generators: ["types"] }));
  const typesOnly = project(scratch, "types", tree.root, tree.entryGlob, ["--config", typesConfig]);
  const jsttOut = path.join(scratch, "jstt-out");

  const jstt = await measure(
    repeats,
    () => moveAside(jsttOut),
    () =>
      runMeasured(
        process.execPath,
        [JSTT_CLI, "-i", path.join(tree.root, tree.entryGlob), "-o", jsttOut],
        { cwd: scratch },
      ),
    (r) => {
      const written = readdirSync(jsttOut).filter((f) => f.endsWith(".d.ts")).length;
      if (r.code !== 0 || written !== tree.entries.length)
        throw new Error(
          `json-schema-to-typescript failed (exit ${r.code}, ${written} files): ${r.stderr.slice(-1500)}`,
        );
    },
  );
  const types = await measure(repeats, cold(typesOnly), () => onespec(typesOnly), succeeded());
  const coldAll = await measure(repeats, cold(all), () => onespec(all), succeeded());
  // The last cold run left the output and the cache current.
  const noop = await measure(repeats, nothing, () => onespec(all), succeeded());
  const check = await measure(repeats, nothing, () => onespec(all, ["--check"]), succeeded());
  const edit = await measure(
    repeats,
    editor(path.join(tree.root, tree.entries[0])),
    () => onespec(all),
    succeeded(),
  );

  const row = (name: string, m: Measured, peer?: Measured, target = ""): string[] => [
    name,
    wallCpu(m),
    mib(m.peakMiB),
    peer ? wallCpu(peer) : "—",
    peer ? mib(peer.peakMiB) : "—",
    peer ? ratio(m.seconds, peer.seconds) : "—",
    target,
  ];
  console.log(
    `\n### OpenMetadata-shaped tree: ${tree.files} JSON files, ${tree.entries.length} connection entries (seed 14)\n`,
  );
  console.log(
    table(
      [
        "run",
        "onespec wall (cpu)",
        "onespec peak RSS",
        "json-schema-to-typescript wall (cpu)",
        "jstt peak RSS",
        "onespec / jstt (wall)",
        "target",
      ],
      [
        row("cold, all six generators", coldAll, jstt, "time ratio ≤ 1.0; peak ≤ 300 MiB"),
        row("cold, types generator only", types, jstt, "(same output kind as jstt)"),
        row("no-op (nothing changed)", noop),
        row("one connection schema edited", edit),
        row("--check (nothing changed)", check),
      ],
    ),
  );
  console.log(
    `\nonespec cold / jstt cold: ${ratio(coldAll.seconds, jstt.seconds)} (target ≤ 1.0x); onespec cold peak RSS ${mib(coldAll.peakMiB)} (target ≤ 300 MiB).`,
  );
  console.log(`Last summaries: cold "${summary(coldAll.last)}"; edit "${summary(edit.last)}".`);
}

// ─── 2. the Airbyte corpus ───────────────────────────────────────────────────────────────────

async function airbyteTree(scratch: string): Promise<void> {
  const schemas = path.join(scratch, "schemas");
  cpSync(AIRBYTE, schemas, { recursive: true });
  const specs = readdirSync(schemas).filter((f) => f.endsWith(".json")).length;
  const p = project(scratch, "airbyte", schemas, "*.json", ["--keep-going"]);
  // Some specs are defective on purpose: --keep-going leaves them out and exits 1.
  const ok = succeeded(true);
  const coldRun = await measure(repeats, cold(p), () => onespec(p), ok);
  const noop = await measure(repeats, nothing, () => onespec(p), ok);
  const check = await measure(repeats, nothing, () => onespec(p, ["--check"]), ok);
  const edit = await measure(
    repeats,
    editor(path.join(schemas, "source-postgres.json")),
    () => onespec(p),
    ok,
  );

  const row = (name: string, m: Measured, target: number, peakTarget = 400): string[] => [
    name,
    wallCpu(m),
    `≤ ${target} s`,
    ratio(m.seconds, target),
    mib(m.peakMiB),
    `≤ ${peakTarget} MiB`,
  ];
  console.log(`\n### Airbyte corpus: ${specs} specs (--entry '*.json' --keep-going)\n`);
  console.log(
    table(
      ["run", "onespec wall (cpu)", "target", "wall / target", "peak RSS", "peak target"],
      [
        row("cold (empty cache and output)", coldRun, 5),
        row("no-op (nothing changed)", noop, 0.4),
        row("--check (nothing changed)", check, 0.4),
        row("one spec edited (source-postgres.json)", edit, 0.5),
      ],
    ),
  );
  console.log(`\nLast summaries: cold "${summary(coldRun.last)}"; edit "${summary(edit.last)}".`);
  const saves = await watchSaves(
    p,
    path.join(schemas, "source-postgres.json"),
    "connectors/source-postgres/types.ts",
    7,
  );
  console.log(
    `\n\`generate --watch\`, one save of source-postgres.json until its types.ts is rewritten (${saves.length} saves, the process kept running): median ${(median(saves) * 1000).toFixed(0)} ms, range ${(Math.min(...saves) * 1000).toFixed(0)}–${(Math.max(...saves) * 1000).toFixed(0)} ms; target ≤ 300 ms (${ratio(median(saves), 0.3)}).`,
  );
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * `onespec generate --watch` on a project whose output is current: saves `file` (a new
 * description each time) and times each save until `output` (under the project's out) has a new
 * mtime. Seconds per save.
 */
async function watchSaves(
  p: Project,
  file: string,
  output: string,
  saves: number,
): Promise<number[]> {
  const entry = p.entry ? ["--entry", p.entry] : [];
  const child = spawn(
    process.execPath,
    [ONESPEC, "generate", "--watch", "--schemas", p.schemas, ...entry, "--out", p.out, ...p.flags],
    {
      cwd: path.dirname(p.out),
      env: { ...process.env, ONESPEC_CACHE_DIR: p.cache, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  // Each generation ends with one summary line ("onespec generate --watch: 8 files written, …").
  let generations = 0;
  child.stdout.on(
    "data",
    (chunk: Buffer) =>
      (generations += (chunk.toString().match(/^onespec generate --watch:/gm) ?? []).length),
  );
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const target = path.join(p.out, output);
  // Other texts than the edit runs' (a save that changes nothing regenerates nothing).
  const edit = editor(file, "the watch benchmark");
  const times: number[] = [];
  try {
    // The first generation after start-up (everything current: a no-op) before the first save.
    for (
      const started = performance.now();
      generations === 0 && performance.now() - started < 60_000;
    )
      await sleep(20);
    // The output is replaced by a rename: for a moment the file may not be there.
    const mtime = () => {
      try {
        return statSync(target).mtimeMs;
      } catch {
        return undefined;
      }
    };
    for (let i = 0; i < saves; i++) {
      const before = mtime();
      const done = generations;
      const started = performance.now();
      edit();
      for (
        let now = mtime();
        (now === before || now === undefined) && performance.now() - started < 20_000;
        now = mtime()
      )
        await sleep(5);
      times.push((performance.now() - started) / 1000);
      // The next save only after this generation has finished (its summary line).
      while (generations === done && performance.now() - started < 20_000) await sleep(20);
      await sleep(300);
    }
  } finally {
    child.kill();
  }
  return times;
}

// ─── 3. synthetic trees against the naive baseline ───────────────────────────────────────────

async function syntheticTree(scratch: string, connectors: number): Promise<void> {
  const n = connectors >= 1000 ? repeatsLarge : repeats;
  const tree = buildConnectorTree(path.join(scratch, "schemas"), { connectors, seed: 1014 });
  const p = project(scratch, "onespec", tree.root, undefined);
  const naiveOut = path.join(scratch, "naive-out");
  const limit = naiveLimit !== undefined && naiveLimit < connectors ? naiveLimit : undefined;

  const onespecCold = await measure(n, cold(p), () => onespec(p), succeeded());
  const naive = await measure(
    n,
    () => moveAside(naiveOut),
    // node --import tsx, not npx tsx: the measured process must be the one doing the work.
    () =>
      runMeasured(
        process.execPath,
        ["--import", "tsx", NAIVE, tree.root, naiveOut, ...(limit ? [String(limit)] : [])],
        { cwd: repo },
      ),
    (r) => {
      if (r.code !== 0)
        throw new Error(`naive baseline failed (exit ${r.code}): ${r.stderr.slice(-1500)}`);
    },
  );
  const report = JSON.parse(summary(naive.last)) as {
    done: number;
    total: number;
    loopSeconds: number;
  };
  // Extrapolated: the measured run plus the loop's per-connector time for the connectors not done.
  const naiveSeconds = limit
    ? naive.seconds + (report.loopSeconds / report.done) * (report.total - report.done)
    : naive.seconds;
  const naiveName = limit
    ? `naive baseline: first ${report.done} of ${report.total} measured (${secs(naive.seconds)}), EXTRAPOLATED linearly to all`
    : "naive baseline (jstt + ajv standalone + prettier, per schema)";

  console.log(
    `\n### Synthetic tree: ${connectors} connectors (~15 properties, 2–3 shared definitions each, oneOf auth; ${tree.files} files; ${n === 1 ? "one run" : `median of ${n}`})\n`,
  );
  console.log(
    table(
      ["run", "wall (cpu)", "peak RSS", "naive / onespec (wall)", "target"],
      [
        [
          "onespec generate, cold (all six generators)",
          wallCpu(onespecCold),
          mib(onespecCold.peakMiB),
          "",
          "",
        ],
        [
          naiveName,
          limit ? secs(naiveSeconds) : wallCpu(naive),
          mib(naive.peakMiB),
          ratio(naiveSeconds, onespecCold.seconds),
          connectors >= 1000 ? "≥ 10x" : "",
        ],
      ],
    ),
  );
  console.log(`\nonespec: "${summary(onespecCold.last)}"`);
}

/** Packs the publishable packages and installs the CLI from the tarballs under `root`; returns its bin. */
function installCli(root: string): string {
  const packed = packPublished(path.join(root, "tarballs"));
  // Every packed package from its tarball: one that another depends on must not come from the registry.
  const tools = Object.fromEntries(packed.map((p) => [p.name, `file:${p.file}`]));
  // What generated code imports, as in scripts/bench-installed.ts.
  const dependencies = {
    ajv: "^8.17.1",
    "ajv-formats": "^3.0.1",
    "@rjsf/utils": "^6.11.1",
    "@rjsf/validator-ajv8": "^6.11.1",
  };
  createProject(path.join(root, "project"), dependencies, tools);
  return path.join(root, "project/node_modules/@onespec/cli/bin/onespec.js");
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────

/** Runs one part in its own scratch folder; a failing part is reported and the next one runs. */
async function part(name: string, body: (scratch: string) => Promise<void>): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), `onespec-bench-${name}-`));
  try {
    await body(scratch);
  } catch (e) {
    process.exitCode = 1;
    console.log(`\n**${name}: error** — ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    moveAside(scratch);
  }
}

/** The repository's commit, "-dirty" with uncommitted changes: the CLI is timed as built, not as committed. */
const commit =
  spawnSync("git", ["describe", "--always", "--dirty"], {
    cwd: repo,
    encoding: "utf8",
  }).stdout.trim() || "unknown";
// With BENCH_ONESPEC_BIN=installed, the CLI is installed into a scratch project, removed at the end
// (also when installing fails).
const installRoot =
  ONESPEC_BIN === "installed" ? mkdtempSync(path.join(tmpdir(), "onespec-bench-cli-")) : undefined;
try {
  if (installRoot) ONESPEC = installCli(installRoot);
  const timed =
    ONESPEC_BIN === "installed"
      ? `installed from tarballs packed from the repository at ${commit}`
      : process.env.BENCH_ONESPEC_BIN
        ? `${ONESPEC} (BENCH_ONESPEC_BIN), repository at ${commit}`
        : `packages/cli/dist as built, repository at ${commit}`;

  console.log(`## onespec against its peers, whole process (issue 14)\n`);
  console.log(`Machine: ${machine()}; load average at start ${load()}. onespec: ${timed}.`);
  console.log(
    `Cold means no output and no cache: the last run's are moved aside first, and deleted when the bench ends (scripts/bench-trees.ts, moveAside).`,
  );
  console.log(
    `Wall time and CPU time (user + system, all threads) are medians of ${repeats} runs${repeatsLarge === repeats ? "" : ` (${repeatsLarge} for 1,000+ connectors)`}; peak RSS is the largest of those runs (${peakSource}).`,
  );
  const settings = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_") && k !== "BENCH_ONLY")
    .map(([k, v]) => `${k}=${v} `)
    .join("");
  console.log(
    `Command: ${settings}BENCH_ONLY=trees npm run bench (or ${settings}npx tsx scripts/bench-trees.ts).`,
  );
  const started = Date.now();
  if (parts.has("metadata")) await part("metadata", metadataTree);
  if (parts.has("airbyte")) await part("airbyte", airbyteTree);
  if (parts.has("synthetic"))
    for (const n of sizes) await part(`synthetic-${n}`, (scratch) => syntheticTree(scratch, n));
  console.log(
    `\nLoad average at the end ${load()}; the bench took ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  );
} finally {
  if (installRoot) rmSync(installRoot, { recursive: true, force: true });
  rmSync(trash, { recursive: true, force: true });
}
