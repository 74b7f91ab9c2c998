/**
 * Where `onespec generate` spends its time, by package: runs the built CLI under
 * `node --cpu-prof` on one of the bench trees (scripts/bench-tree-builder.ts) and sums the
 * self time of every sampled function by the package its file belongs to, over the main thread
 * and every worker thread (each writes its own profile). Not part of `npm run bench`; run it
 * when a figure of scripts/bench-trees.ts needs explaining:
 *
 *   npx tsx scripts/bench-profile.ts [metadata|airbyte|synthetic-<n>] [cold|noop|edit] [-- onespec flags]
 *
 * `noop` and `edit` generate once unprofiled (output and cache current), then profile a second
 * run, after changing one entry schema's description for `edit`.
 * Prints two markdown tables: self time by package, and the functions with the most self time.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { table } from "./bench-measure.ts";
import { buildConnectorTree, buildMetadataTree } from "./bench-tree-builder.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const ONESPEC = path.join(repo, "packages/cli/bin/onespec.js");

/** The subset of V8's .cpuprofile format read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** The tree to profile: its schema root, the flags that select its entries, and the schema an edit changes. */
interface Tree {
  schemas: string;
  flags: string[];
  edited: string;
}

function prepareTree(which: string, scratch: string): Tree {
  const schemas = path.join(scratch, "schemas");
  if (which === "metadata") {
    const t = buildMetadataTree(schemas, { seed: 14 });
    return { schemas, flags: ["--entry", t.entryGlob], edited: path.join(schemas, t.entries[0]) };
  }
  if (which === "airbyte") {
    cpSync(path.join(repo, "tooling/test-fixtures/corpus/airbyte"), schemas, { recursive: true });
    const edited = path.join(schemas, "source-postgres.json");
    return { schemas, flags: ["--entry", "*.json", "--keep-going"], edited };
  }
  const n = /^synthetic-(\d+)$/.exec(which);
  if (n) {
    const t = buildConnectorTree(schemas, { connectors: Number(n[1]), seed: 1014 });
    return { schemas, flags: [], edited: path.join(schemas, t.entries[0]) };
  }
  throw new Error(`unknown tree "${which}": metadata, airbyte or synthetic-<n>`);
}

// ─── attributing a frame to a package ────────────────────────────────────────────────────────

const packageNames = new Map<string, string>();

/** The name in the nearest package.json above `file` inside the repo (workspace packages), cached per folder. */
function workspacePackage(file: string): string {
  for (
    let dir = path.dirname(file);
    dir.startsWith(repo) && dir !== path.dirname(repo);
    dir = path.dirname(dir)
  ) {
    const known = packageNames.get(dir);
    if (known) return known;
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest)) {
      const name =
        (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name ??
        path.relative(repo, dir);
      packageNames.set(dir, name);
      return name;
    }
  }
  return "(other files)";
}

/** "ajv", "@onespec/gen-docs", "node:internals", "(garbage collector)"… */
function packageOf(url: string, functionName: string): string {
  if (url === "") return functionName.startsWith("(") ? functionName : "(V8 builtins and natives)";
  if (url.startsWith("node:")) return "(node internals)";
  const file = url.startsWith("file://") ? fileURLToPath(url) : url;
  const nm = file.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const [first, second] = file.slice(nm + "/node_modules/".length).split("/");
    return first.startsWith("@") ? `${first}/${second}` : first;
  }
  return workspacePackage(file);
}

// ─── summing ─────────────────────────────────────────────────────────────────────────────────

interface Totals {
  byPackage: Map<string, number>;
  byFunction: Map<string, number>;
  threads: { file: string; ms: number }[];
}

function addProfile(totals: Totals, file: string): void {
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  let threadMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = profile.timeDeltas[i] / 1000;
    const frame = nodes.get(id)!;
    const pkg = packageOf(frame.url, frame.functionName);
    threadMs += ms;
    totals.byPackage.set(pkg, (totals.byPackage.get(pkg) ?? 0) + ms);
    const where = frame.url ? `${path.basename(frame.url)}:${frame.lineNumber + 1}` : "";
    const key = `${pkg} | ${frame.functionName || "(anonymous)"} | ${where}`;
    totals.byFunction.set(key, (totals.byFunction.get(key) ?? 0) + ms);
  });
  totals.threads.push({ file: path.basename(file), ms: threadMs });
}

function report(totals: Totals, top = 25): void {
  const all = [...totals.byPackage.values()].reduce((a, b) => a + b, 0);
  const busy = all - (totals.byPackage.get("(idle)") ?? 0);
  const pct = (ms: number) => `${((100 * ms) / busy).toFixed(1)}%`;
  console.log(
    `\nThreads profiled: ${totals.threads.length} (${totals.threads.map((t) => `${(t.ms / 1000).toFixed(1)} s`).join(", ")}); sampled time without idle: ${(busy / 1000).toFixed(1)} s\n`,
  );
  const packages = [...totals.byPackage]
    .filter(([p]) => p !== "(idle)")
    .sort((a, b) => b[1] - a[1]);
  console.log(
    table(
      ["package", "self time", "share"],
      packages.map(([p, ms]) => [p, `${(ms / 1000).toFixed(2)} s`, pct(ms)]),
    ),
  );
  const functions = [...totals.byFunction]
    .filter(([k]) => !k.startsWith("(idle)"))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top);
  console.log(`\nTop ${top} functions by self time:\n`);
  console.log(
    table(
      ["package", "function", "file:line", "self time", "share"],
      functions.map(([k, ms]) => [...k.split(" | "), `${(ms / 1000).toFixed(2)} s`, pct(ms)]),
    ),
  );
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────

const args = process.argv.slice(2);
const dash = args.indexOf("--");
const [which = "metadata", mode = "cold"] = dash >= 0 ? args.slice(0, dash) : args;
const extra = dash >= 0 ? args.slice(dash + 1) : [];
const RUNS: Record<string, string> = { cold: "cold", noop: "no-op", edit: "one schema edited" };
if (!(mode in RUNS)) throw new Error(`unknown run "${mode}": cold, noop or edit`);
const scratch = mkdtempSync(path.join(tmpdir(), "onespec-bench-profile-"));

/** One `onespec generate` of the tree into the scratch output and cache, with `node` flags before the bin. */
function generate(tree: Tree, nodeFlags: string[]): string {
  const out = path.join(scratch, "out");
  const r = spawnSync(
    process.execPath,
    [
      ...nodeFlags,
      ONESPEC,
      "generate",
      "--schemas",
      tree.schemas,
      ...tree.flags,
      "--out",
      out,
      ...extra,
    ],
    {
      cwd: scratch,
      encoding: "utf8",
      env: { ...process.env, ONESPEC_CACHE_DIR: path.join(scratch, "cache"), NO_COLOR: "1" },
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  return r.stdout.trim().split("\n").pop() ?? "";
}

try {
  const tree = prepareTree(which, scratch);
  // No-op and edit runs need the output and the cache current first; that run is not profiled.
  if (mode !== "cold") generate(tree, []);
  if (mode === "edit") {
    const json = JSON.parse(readFileSync(tree.edited, "utf8")) as Record<string, unknown>;
    writeFileSync(
      tree.edited,
      JSON.stringify({ ...json, description: "Edited for the profile." }, null, 2),
    );
  }
  const profiles = path.join(scratch, "profiles");
  const started = Date.now();
  const summary = generate(tree, ["--cpu-prof", "--cpu-prof-dir", profiles]);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `## onespec generate, ${RUNS[mode]}, under --cpu-prof: ${which} (${seconds} s wall, with the profiler's overhead)`,
  );
  console.log(`\n${summary}`);
  const totals: Totals = { byPackage: new Map(), byFunction: new Map(), threads: [] };
  const files = readdirSync(profiles).filter((f) => f.endsWith(".cpuprofile"));
  for (const f of files.sort()) addProfile(totals, path.join(profiles, f));
  report(totals);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
