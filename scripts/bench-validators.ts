/**
 * npm run bench, the validators part (BENCH_ONLY=validators; alone: `npx tsx scripts/bench-validators.ts`).
 * Issue 14's last target: "Generated validators still load ≥ 20× faster than ajv compiling at
 * start-up and validate at least as fast as ajv.compile's functions".
 *
 * 1. Generates the Airbyte specs (tooling/test-fixtures/corpus/airbyte) with the built CLI
 *    (packages/cli/bin/onespec.js generate --entry '*.json' --keep-going) into a scratch folder and
 *    compiles the generated TypeScript to JavaScript with tsc (NodeNext, ES2022, a tsconfig in the
 *    scratch folder), so what is measured is the JavaScript a user's app loads. Every connector
 *    onespec generated is measured; the specs it leaves out for errors are left out on both sides.
 * 2. Start-up, each in a fresh Node process (interleaved, median of BENCH_LOAD_RUNS, default 5):
 *    importing every connector's connectors/<name>/compiled-validator.js (and whatever shared
 *    modules they import) against one `new Ajv(options)` with ajv-formats compiling the same
 *    connectors' schemas (the bundled, self-contained `schema` of each connector's form.ts; the
 *    ajv class of the draft onespec compiled it with). The options are onespec's (packages/core
 *    ajv.ts: allErrors, discriminator, allowUnionTypes, and strictNumbers, the one part of its
 *    strict: true that changes the code) with strict: false; once with ajv's default meta-schema
 *    check, as an app would, and once without it (validateSchema: false), the harder peer. The in-process time of that work is the figure the target is about (Node's own start-up
 *    is the same on both sides); whole-process wall and CPU time and peak RSS are printed too.
 * 3. Validation throughput, in one process: every connector's generated fixtures
 *    (connectors/<name>/fixtures.json, valid[].config and invalid[].config) through the generated
 *    `validate` and through ajv.compile's function for the same schema and options, warmed up,
 *    BENCH_ROUNDS rounds (default 5) of BENCH_ROUND_MS (default 200 ms) per side, each round cut
 *    into 10 slices that alternate between the sides; the median round, in validations per second
 *    of wall time and of the process's CPU time (the machine is shared: CPU time moves less when
 *    other work competes), and the median of the rounds' own generated / ajv ratios. Also each connector alone (5 rounds of 2 slices of BENCH_CONNECTOR_MS,
 *    default 5 ms, per side, by CPU time), to show the spread and the slowest connectors. Both
 *    sides' verdicts are checked against the fixtures.
 *
 * The scratch folder is under the repository (.onespec-tmp-bench-validators-*, git-ignored) so the
 * generated modules resolve ajv and ajv-formats from its node_modules as an app's would; it is
 * removed at the end. Asserts nothing and is not part of `npm test`.
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  load,
  machine,
  mib,
  peakSource,
  ratio,
  runMeasured,
  table,
  type Run,
} from "./bench-measure.ts";

const repo = fileURLToPath(new URL("../", import.meta.url));
const ONESPEC = path.join(repo, "packages/cli/bin/onespec.js");
const TSC = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const esbuild = createRequire(import.meta.url)("esbuild") as {
  buildSync(options: Record<string, unknown>): unknown;
};
const AIRBYTE = path.join(repo, "tooling/test-fixtures/corpus/airbyte");

const loadRuns = Number(process.env.BENCH_LOAD_RUNS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const roundMs = Number(process.env.BENCH_ROUND_MS ?? 200);
const connectorMs = Number(process.env.BENCH_CONNECTOR_MS ?? 5);

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const ms = (v: number | undefined): string =>
  v === undefined ? "—" : `${v < 10 ? v.toFixed(1) : Math.round(v).toLocaleString("en-US")} ms`;
const perSecond = (v: number): string => `${Math.round(v).toLocaleString("en-US")} /s`;

// ─── the child processes (plain Node, JavaScript only: what an app would run) ────────────────

/** ajv's classes by the draft onespec compiled a connector with, and the options shared by every ajv side. */
const AJV_SETUP = `
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const pick = (m) => (m && m.default) || m;
const classes = {
  "draft-07": () => pick(require("ajv")),
  "2019-09": () => pick(require("ajv/dist/2019.js")),
  "2020-12": () => pick(require("ajv/dist/2020.js")),
};
// onespec's options (packages/core/src/ajv.ts createAjv), strict: false for the peer.
// strictNumbers is what onespec's strict: true implies for the code (integers and numbers must be
// finite); the rest of strict mode only refuses schemas at compile time, so the peer can go without.
export const OPTIONS = { allErrors: true, strict: false, strictNumbers: true, strictTypes: false, strictRequired: false, allowUnionTypes: true, discriminator: true, logger: false };
/**
 * One fresh ajv (with ajv-formats) per draft the entries need, made now; compile(entry) gives
 * the function or throws.
 */
export function ajvCompiler(entries, extra = {}) {
  const addFormats = pick(require("ajv-formats"));
  const instances = new Map();
  for (const draft of new Set(entries.map((e) => e.draft))) {
    const Ajv = (classes[draft] ?? classes["draft-07"])();
    const ajv = new Ajv({ ...OPTIONS, ...extra });
    addFormats(ajv);
    instances.set(draft, ajv);
  }
  return (entry) => instances.get(entry.draft).compile(entry.schema);
}
`;

/** Start-up of the generated side: the static imports of every compiled-validator.js, timed from outside. */
const LOAD_GENERATED = `
const c0 = process.cpuUsage();
const t0 = performance.now();
const { validators } = await import(process.argv[2] ?? "./all-generated.mjs");
const t1 = performance.now();
const count = validators.filter((f) => typeof f === "function").length;
const c1 = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms: t1 - t0, cpuMs: (c1.user + c1.system) / 1000, count }));
`;

/** Start-up of the ajv side: load ajv and ajv-formats, read the schemas, compile each. */
const LOAD_AJV = `
import { readFileSync } from "node:fs";
const c0 = process.cpuUsage();
const t0 = performance.now();
const entries = JSON.parse(readFileSync(new URL("./schemas.json", import.meta.url), "utf8"));
const t1 = performance.now();
const { ajvCompiler } = await import(process.argv[3] ?? "./ajv-setup.mjs");
const compile = ajvCompiler(entries, JSON.parse(process.argv[2] ?? "{}"));
const t2 = performance.now();
let count = 0, failed = 0;
for (const entry of entries) {
  try { if (typeof compile(entry) === "function") count++; } catch { failed++; }
}
const t3 = performance.now();
const c3 = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms: t3 - t0, cpuMs: (c3.user + c3.system) / 1000, readMs: t1 - t0, setupMs: t2 - t1, compileMs: t3 - t2, count, failed }));
`;

/** Validation throughput, both sides in this one process. */
const THROUGHPUT = `
import { readFileSync } from "node:fs";
import { validators } from "./all-generated.mjs";
import { ajvCompiler } from "./ajv-setup.mjs";
const [rounds, roundMs, connectorMs] = process.argv.slice(2).map(Number);
const entries = JSON.parse(readFileSync(new URL("./schemas.json", import.meta.url), "utf8"));
const compile = ajvCompiler(entries);
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

// One case per fixture: the connector's two functions, the config, the verdict the fixture expects.
const connectors = entries.map((entry, i) => {
  const fixtures = JSON.parse(readFileSync(new URL("./out/connectors/" + entry.name + "/fixtures.json", import.meta.url), "utf8"));
  const gen = validators[i];
  const ajv = compile(entry);
  const cases = [
    ...(fixtures.valid ?? []).map((f) => ({ data: f.config, expect: true })),
    ...(fixtures.invalid ?? []).map((f) => ({ data: f.config, expect: false })),
  ];
  return { name: entry.name, gen, ajv, cases };
});

// Both sides' verdicts against the fixtures (a disagreement is reported, not fatal).
const wrong = { gen: [], ajv: [] };
let valid = 0, invalid = 0;
for (const c of connectors)
  for (const k of c.cases) {
    k.expect ? valid++ : invalid++;
    if (c.gen(k.data) !== k.expect) wrong.gen.push(c.name);
    if (c.ajv(k.data) !== k.expect) wrong.ajv.push(c.name);
  }

let sink = 0;
/** One slice: whole passes over the cases until ms of wall time have gone by; its count, wall and CPU time. */
function slice(fns, datas, ms, into) {
  const n = fns.length;
  let done = 0, ok = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  do {
    for (let i = 0; i < n; i++) if (fns[i](datas[i])) ok++;
    done += n;
    now = performance.now();
  } while (now - start < ms);
  const cpu = process.cpuUsage(cpu0);
  sink += ok;
  into.done += done;
  into.wall += now - start;
  into.cpu += (cpu.user + cpu.system) / 1000;
}
/**
 * Rounds of ms per side, each cut into slices that alternate between the sides (the side that goes
 * first alternates too), so a change in the machine's load falls on both alike. Validations per
 * second by wall time and by this process's CPU time, the median round of each side.
 */
function compare(cases, rounds, ms, slices) {
  const fns = { gen: cases.map((k) => k.gen), ajv: cases.map((k) => k.ajv) };
  const datas = cases.map((k) => k.data);
  const rates = { gen: [], ajv: [], genCpu: [], ajvCpu: [] };
  const ratios = [], ratiosCpu = [];
  for (let r = 0; r < rounds; r++) {
    const got = { gen: { done: 0, wall: 0, cpu: 0 }, ajv: { done: 0, wall: 0, cpu: 0 } };
    for (let s = 0; s < slices; s++) {
      const order = (r + s) % 2 === 0 ? ["gen", "ajv"] : ["ajv", "gen"];
      for (const side of order) slice(fns[side], datas, ms / slices, got[side]);
    }
    for (const side of ["gen", "ajv"]) {
      rates[side].push((got[side].done / got[side].wall) * 1000);
      rates[side + "Cpu"].push(got[side].cpu > 0 ? (got[side].done / got[side].cpu) * 1000 : NaN);
    }
    ratios.push(rates.gen[r] / rates.ajv[r]);
    ratiosCpu.push(rates.genCpu[r] / rates.ajvCpu[r]);
  }
  // The ratio is the median of each round's own ratio: the two sides of a round ran side by side.
  return {
    gen: median(rates.gen), ajv: median(rates.ajv), genCpu: median(rates.genCpu), ajvCpu: median(rates.ajvCpu),
    ratio: median(ratios), ratioCpu: median(ratiosCpu),
  };
}
const flat = (pick) => connectors.flatMap((c) => c.cases.filter(pick).map((k) => ({ gen: c.gen, ajv: c.ajv, data: k.data })));
const all = flat(() => true);

compare(all, 2, roundMs, 10); // warm-up
const results = {
  all: compare(all, rounds, roundMs, 10),
  valid: compare(flat((k) => k.expect), rounds, roundMs, 10),
  invalid: compare(flat((k) => !k.expect), rounds, roundMs, 10),
};
// Each connector alone (its call sites see two functions, not hundreds): a warm-up round, then
// 5 rounds of connectorMs per side; the ratio by CPU time, less disturbed by other processes.
const perConnector = connectors
  .filter((c) => c.cases.length > 0)
  .map((c) => {
    const cases = c.cases.map((k) => ({ gen: c.gen, ajv: c.ajv, data: k.data }));
    compare(cases, 1, connectorMs, 2);
    const r = compare(cases, 5, connectorMs * 2, 2);
    return { name: c.name, cases: c.cases.length, ratio: r.ratioCpu, wallRatio: r.ratio };
  });
process.stdout.write(JSON.stringify({ connectors: connectors.length, valid, invalid, wrong, results, perConnector, sink }));
`;

// ─── preparing the scratch folder ────────────────────────────────────────────────────────────

interface Entry {
  name: string;
  draft: string;
  schema: unknown;
}

/** The bundled schema in a generated form.ts (`const bundled: unknown = {…};`, JSON.stringify(_, null, 2)). */
function bundledSchema(formTs: string): unknown {
  const marker = "const bundled: unknown = ";
  const start = formTs.indexOf(marker);
  if (start < 0) return undefined;
  const from = start + marker.length;
  const end = formTs.indexOf("\n};", from);
  return end < 0 ? undefined : JSON.parse(formTs.slice(from, end + 2));
}

/** The corpus spec itself, Airbyte's `connectionSpecification` unwrapped: the fallback when form.ts has no bundled schema. */
function corpusSchema(name: string): unknown {
  const file = path.join(AIRBYTE, `${name}.json`);
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  return json.connectionSpecification ?? json;
}

function prepare(scratch: string): {
  entries: Entry[];
  generateSeconds: number;
  tscSeconds: number;
  summary: string;
  fromCorpus: string[];
} {
  const out = path.join(scratch, "out");
  let started = process.hrtime.bigint();
  // cwd: the scratch folder, so the repository's onespec.config.json does not apply.
  const gen = spawnSync(
    process.execPath,
    [ONESPEC, "generate", "--schemas", AIRBYTE, "--entry", "*.json", "--keep-going", "--out", out],
    {
      cwd: scratch,
      encoding: "utf8",
      env: { ...process.env, ONESPEC_CACHE_DIR: path.join(scratch, "cache"), NO_COLOR: "1" },
    },
  );
  const generateSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const summary = gen.stdout.trim().split("\n").pop() ?? "";
  // --keep-going exits 1 when some specs were left out for errors.
  if ((gen.status !== 0 && gen.status !== 1) || !/^onespec generate: \d+ connectors/.test(summary))
    throw new Error(
      `onespec generate failed (exit ${gen.status}): ${summary}\n${gen.stderr.slice(-1500)}`,
    );

  writeFileSync(
    path.join(scratch, "tsconfig.json"),
    JSON.stringify(
      {
        compilerOptions: {
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          // The generated modules are type-checked by the corpus test; here only their JavaScript is wanted.
          noCheck: true,
          skipLibCheck: true,
          types: [],
          sourceMap: false,
          declaration: false,
        },
        // The compiled validators and whatever they import (shared definitions' modules under definitions/).
        include: ["out/connectors/*/compiled-validator.ts", "out/definitions/**/*.ts"],
      },
      null,
      2,
    ),
  );
  started = process.hrtime.bigint();
  const tsc = spawnSync(process.execPath, [TSC, "-p", path.join(scratch, "tsconfig.json")], {
    cwd: scratch,
    encoding: "utf8",
  });
  const tscSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (tsc.status !== 0)
    throw new Error(`tsc failed (exit ${tsc.status}): ${(tsc.stdout + tsc.stderr).slice(-1500)}`);

  const entries: Entry[] = [];
  const fromCorpus: string[] = [];
  const connectors = path.join(out, "connectors");
  for (const name of readdirSync(connectors).sort()) {
    const dir = path.join(connectors, name);
    if (
      !existsSync(path.join(dir, "compiled-validator.js")) ||
      !existsSync(path.join(dir, "fixtures.json"))
    )
      continue;
    const header = readFileSync(path.join(dir, "compiled-validator.ts"), "utf8").slice(0, 300);
    const draft = /\((draft-0\d|2019-09|2020-12)\)/.exec(header)?.[1] ?? "draft-07";
    const form = path.join(dir, "form.ts");
    let schema = existsSync(form) ? bundledSchema(readFileSync(form, "utf8")) : undefined;
    if (schema === undefined) {
      schema = corpusSchema(name);
      fromCorpus.push(name);
    }
    if (schema === undefined) continue;
    entries.push({ name, draft, schema });
  }
  writeFileSync(path.join(scratch, "schemas.json"), JSON.stringify(entries));
  writeFileSync(
    path.join(scratch, "all-generated.mjs"),
    entries
      .map(
        (e, i) =>
          `import { validate as v${i} } from "./out/connectors/${e.name}/compiled-validator.js";\n`,
      )
      .join("") + `export const validators = [${entries.map((_, i) => `v${i}`).join(", ")}];\n`,
  );
  writeFileSync(path.join(scratch, "ajv-setup.mjs"), AJV_SETUP);
  // For esbuild, `require` must be the free one: it then inlines ajv (each draft's class stays a
  // lazily evaluated wrapper, as the unbundled side loads only the drafts it needs).
  writeFileSync(
    path.join(scratch, "ajv-setup.to-bundle.mjs"),
    AJV_SETUP.replace(/^import \{ createRequire \}.*$/m, "").replace(/^const require = .*$/m, ""),
  );
  // Both sides once more as an app ships them: bundled into one file each by esbuild (the
  // generated modules and ajv's alike), so Node's module loader resolves and reads one file.
  for (const [from, to] of [
    ["all-generated.mjs", "all-generated.bundled.mjs"],
    ["ajv-setup.to-bundle.mjs", "ajv-setup.bundled.mjs"],
  ])
    esbuild.buildSync({
      entryPoints: [path.join(scratch, from)],
      outfile: path.join(scratch, to),
      bundle: true,
      format: "esm",
      platform: "node",
      logLevel: "error",
    });
  // The floor of the unbundled side: as many empty ES modules, imported the same way.
  mkdirSync(path.join(scratch, "empty-modules"));
  entries.forEach((_, i) =>
    writeFileSync(
      path.join(scratch, "empty-modules", `m${i}.js`),
      "export const validate = () => true;\n",
    ),
  );
  writeFileSync(
    path.join(scratch, "all-empty.mjs"),
    entries
      .map((_, i) => `import { validate as v${i} } from "./empty-modules/m${i}.js";\n`)
      .join("") + `export const validators = [${entries.map((_, i) => `v${i}`).join(", ")}];\n`,
  );
  writeFileSync(path.join(scratch, "load-generated.mjs"), LOAD_GENERATED);
  writeFileSync(path.join(scratch, "load-ajv.mjs"), LOAD_AJV);
  writeFileSync(path.join(scratch, "empty.mjs"), "");
  writeFileSync(path.join(scratch, "throughput.mjs"), THROUGHPUT);
  return { entries, generateSeconds, tscSeconds, summary, fromCorpus };
}

// ─── start-up ────────────────────────────────────────────────────────────────────────────────

interface Side {
  name: string;
  args: string[];
  /** Expected in-process report fields; the empty script reports nothing. */
  reports: boolean;
}

interface SideResult {
  side: Side;
  /** Median in-process time of the work (ms). */
  inProcess: number | undefined;
  /** Median of each of the child's own sub-timings. */
  parts: Record<string, number>;
  wall: number;
  cpu: number | undefined;
  peakMiB: number | undefined;
  count: number | undefined;
  failed: number | undefined;
}

async function startUp(scratch: string, sides: Side[], expected: number): Promise<SideResult[]> {
  const runs = new Map<Side, { run: Run; report: Record<string, number> | undefined }[]>(
    sides.map((s) => [s, []]),
  );
  // Interleaved, so a change in the machine's load falls on every side alike.
  for (let i = 0; i < loadRuns; i++)
    for (const side of sides) {
      const run = await runMeasured(process.execPath, [...side.args], { cwd: scratch });
      if (run.code !== 0)
        throw new Error(`${side.name} failed (exit ${run.code}): ${run.stderr.slice(-1500)}`);
      const report = side.reports ? (JSON.parse(run.stdout) as Record<string, number>) : undefined;
      if (report && report.count !== expected)
        throw new Error(
          `${side.name}: ${report.count} of ${expected} validators (${report.failed ?? 0} failed to compile)`,
        );
      runs.get(side)!.push({ run, report });
    }
  return sides.map((side) => {
    const all = runs.get(side)!;
    const reports = all
      .map((r) => r.report)
      .filter((r): r is Record<string, number> => r !== undefined);
    const parts: Record<string, number> = {};
    for (const key of ["readMs", "setupMs", "compileMs", "cpuMs"])
      if (reports.every((r) => typeof r[key] === "number") && reports.length > 0)
        parts[key] = median(reports.map((r) => r[key]));
    const cpus = all.map((r) => r.run.cpuSeconds).filter((c): c is number => c !== undefined);
    const peaks = all.map((r) => r.run.peakMiB).filter((m): m is number => m !== undefined);
    return {
      side,
      inProcess: reports.length > 0 ? median(reports.map((r) => r.ms)) : undefined,
      parts,
      wall: median(all.map((r) => r.run.seconds * 1000)),
      cpu: cpus.length > 0 ? median(cpus) * 1000 : undefined,
      peakMiB: peaks.length > 0 ? Math.max(...peaks) : undefined,
      count: reports.at(-1)?.count,
      failed: reports.at(-1)?.failed,
    };
  });
}

// ─── throughput ──────────────────────────────────────────────────────────────────────────────

interface Throughput {
  connectors: number;
  valid: number;
  invalid: number;
  wrong: { gen: string[]; ajv: string[] };
  results: Record<
    "all" | "valid" | "invalid",
    { gen: number; ajv: number; genCpu: number; ajvCpu: number; ratio: number; ratioCpu: number }
  >;
  perConnector: { name: string; cases: number; ratio: number; wallRatio: number }[];
}

function throughput(scratch: string): Throughput {
  const r = spawnSync(
    process.execPath,
    ["throughput.mjs", String(rounds), String(roundMs), String(connectorMs)],
    {
      cwd: scratch,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (r.status !== 0)
    throw new Error(`throughput run failed (exit ${r.status}): ${r.stderr.slice(-1500)}`);
  return JSON.parse(r.stdout) as Throughput;
}

// ─── main ────────────────────────────────────────────────────────────────────────────────────

const commit =
  spawnSync("git", ["describe", "--always", "--dirty"], {
    cwd: repo,
    encoding: "utf8",
  }).stdout.trim() || "unknown";
const scratch = mkdtempSync(path.join(repo, ".onespec-tmp-bench-validators-"));
const started = Date.now();
try {
  console.log(`\n## Generated validators against ajv compiling at start-up (issue 14)\n`);
  console.log(
    `Machine: ${machine()}; load average at start ${load()}. onespec: packages/cli/dist as built, repository at ${commit}.`,
  );
  const settings = Object.entries(process.env)
    .filter(([k]) => k.startsWith("BENCH_") && k !== "BENCH_ONLY")
    .map(([k, v]) => `${k}=${v} `)
    .join("");
  console.log(
    `Command: ${settings}BENCH_ONLY=validators npm run bench (or ${settings}npx tsx scripts/bench-validators.ts).`,
  );

  const { entries, generateSeconds, tscSeconds, summary, fromCorpus } = prepare(scratch);
  const drafts = [...new Set(entries.map((e) => e.draft))].sort().join(", ");
  const schemaBytes = readFileSync(path.join(scratch, "schemas.json")).length;
  const jsBytes = entries.reduce(
    (sum, e) =>
      sum +
      readFileSync(path.join(scratch, "out/connectors", e.name, "compiled-validator.js")).length,
    0,
  );
  console.log(
    `Setup: the Airbyte corpus generated in ${generateSeconds.toFixed(1)} s ("${summary}"), the compiled validators turned into JavaScript by tsc in ${tscSeconds.toFixed(1)} s; ${entries.length} connectors measured (drafts: ${drafts}), their compiled-validator.js ${(jsBytes / 2 ** 20).toFixed(1)} MiB of JavaScript, their bundled schemas ${(schemaBytes / 1024).toFixed(0)} KiB of JSON${fromCorpus.length ? `; ${fromCorpus.length} taken from the corpus spec because form.ts had none (${fromCorpus.slice(0, 5).join(", ")}${fromCorpus.length > 5 ? ", …" : ""})` : ""}.`,
  );

  // Start-up.
  const noMeta = JSON.stringify({ validateSchema: false });
  const sides: Side[] = [
    { name: "node, empty script", args: ["empty.mjs"], reports: false },
    { name: "generated", args: ["load-generated.mjs"], reports: true },
    { name: "ajv", args: ["load-ajv.mjs"], reports: true },
    { name: "ajv, validateSchema: false", args: ["load-ajv.mjs", noMeta], reports: true },
    {
      name: "generated, bundled",
      args: ["load-generated.mjs", "./all-generated.bundled.mjs"],
      reports: true,
    },
    {
      name: "ajv, bundled",
      args: ["load-ajv.mjs", "{}", "./ajv-setup.bundled.mjs"],
      reports: true,
    },
    { name: "empty modules", args: ["load-generated.mjs", "./all-empty.mjs"], reports: true },
  ];
  const [node, gen, ajv, ajvNoMeta, genBundled, ajvBundled, empty] = await startUp(
    scratch,
    sides,
    entries.length,
  );
  const work = (r: SideResult): string => `${ms(r.inProcess)} (cpu ${ms(r.parts.cpuMs)})`;
  const ratiosOf = (r: SideResult, base: SideResult): string =>
    `${ratio(r.inProcess, base.inProcess)} (cpu ${ratio(r.parts.cpuMs, base.parts.cpuMs)})`;
  const partsOf = (r: SideResult): string =>
    r.parts.compileMs === undefined
      ? ""
      : `: schemas read ${ms(r.parts.readMs)}, ajv + ajv-formats loaded and set up ${ms(r.parts.setupMs)}, compiled ${ms(r.parts.compileMs)}`;
  console.log(
    `\n### Start-up: ${entries.length} connectors' validators ready, a fresh Node process each (interleaved, median of ${loadRuns})\n`,
  );
  console.log(
    table(
      [
        "start-up",
        "the work, in process: wall (cpu)",
        "ajv / generated, in process: wall (cpu)",
        "target",
        "whole process wall (cpu)",
        "ajv / generated (whole)",
        "peak RSS",
      ],
      [
        [
          "node, empty script (for scale)",
          "—",
          "",
          "",
          `${ms(node.wall)} (cpu ${ms(node.cpu)})`,
          "",
          mib(node.peakMiB),
        ],
        [
          `generated: import every connectors/<name>/compiled-validator.js`,
          work(gen),
          "1x",
          "",
          `${ms(gen.wall)} (cpu ${ms(gen.cpu)})`,
          "1x",
          mib(gen.peakMiB),
        ],
        ...[
          [ajv, "ajv: new Ajv(onespec's options) + ajv-formats, compile every schema"],
          [ajvNoMeta, "ajv as above with validateSchema: false (no meta-schema check)"],
        ].map(([r, name]) => {
          const s = r as SideResult;
          return [
            `${name as string}${partsOf(s)}`,
            work(s),
            ratiosOf(s, gen),
            "≥ 20x",
            `${ms(s.wall)} (cpu ${ms(s.cpu)})`,
            ratio(s.wall, gen.wall),
            mib(s.peakMiB),
          ];
        }),
        [
          `the floor of the row "generated": ${entries.length} empty ES modules imported the same way`,
          work(empty),
          "",
          "",
          `${ms(empty.wall)} (cpu ${ms(empty.cpu)})`,
          "",
          mib(empty.peakMiB),
        ],
        [
          "generated, bundled by esbuild into one file (as an app ships it)",
          work(genBundled),
          "1x",
          "",
          `${ms(genBundled.wall)} (cpu ${ms(genBundled.cpu)})`,
          "1x",
          mib(genBundled.peakMiB),
        ],
        [
          `ajv, bundled the same way (ajv and ajv-formats in one file)${partsOf(ajvBundled)}`,
          work(ajvBundled),
          ratiosOf(ajvBundled, genBundled),
          "≥ 20x",
          `${ms(ajvBundled.wall)} (cpu ${ms(ajvBundled.cpu)})`,
          ratio(ajvBundled.wall, genBundled.wall),
          mib(ajvBundled.peakMiB),
        ],
      ],
    ),
  );
  console.log(
    `\n"The work, in process" runs from the first line of the child's script to every validator being a function, imports included: the generated side imports the modules (and ajv-formats' formats, which they import); the ajv side reads the schemas from one JSON file, loads ajv and ajv-formats, makes the instance and compiles; whole-process times include Node's own start-up (the first row). The CPU time is the child's own (process.cpuUsage over the same span): it moves less than wall time when other work competes for the cores. The unbundled generated side cannot go below its floor, the row of as many empty modules: that is Node's module loader, a few tenths of a millisecond a module. The bundled rows are both sides as an app bundled by esbuild ships them, one file each. Peak RSS: the largest of the runs (${peakSource}).`,
  );

  // Throughput.
  const t = throughput(scratch);
  const row = (name: string, k: keyof Throughput["results"], cases: number): string[] => {
    const r = t.results[k];
    return [
      name,
      String(cases),
      `${perSecond(r.gen)} (${perSecond(r.genCpu)})`,
      `${perSecond(r.ajv)} (${perSecond(r.ajvCpu)})`,
      `${r.ratio.toFixed(2)}x (${r.ratioCpu.toFixed(2)}x)`,
      "≥ 1.0x",
    ];
  };
  console.log(
    `\n### Validation throughput: the generated fixtures of ${t.connectors} connectors, one process (warmed up; median of ${rounds} rounds of ${roundMs} ms per side, each round 10 slices alternating between the sides)\n`,
  );
  console.log(
    table(
      [
        "configs",
        "fixtures",
        "generated validate, per wall s (per CPU s)",
        "ajv.compile's function, per wall s (per CPU s)",
        "generated / ajv, wall (CPU), median of the rounds' ratios",
        "target",
      ],
      [
        row("all (valid and invalid)", "all", t.valid + t.invalid),
        row("valid only", "valid", t.valid),
        row("invalid only (allErrors: every error collected)", "invalid", t.invalid),
      ],
    ),
  );
  const per = [...t.perConnector].sort((a, b) => a.ratio - b.ratio);
  const ratios = per.map((p) => p.ratio);
  const below = (x: number) => ratios.filter((r) => r < x).length;
  const fmt = (p: { name: string; ratio: number }) => `${p.name} ${p.ratio.toFixed(2)}x`;
  console.log(
    `\nPer connector (each alone, its own fixtures; after a warm-up, 5 rounds of 2 × ${connectorMs} ms per side; ratio by CPU time, short slices, so noisy): generated / ajv median ${median(ratios).toFixed(2)}x, range ${ratios[0].toFixed(2)}x–${ratios.at(-1)!.toFixed(2)}x; ${below(1)} of ${per.length} below 1.0x (${below(0.9)} below 0.9x). Slowest: ${per.slice(0, 5).map(fmt).join(", ")}. Fastest: ${per.slice(-3).reverse().map(fmt).join(", ")}.`,
  );
  const wrong = (side: string[]) =>
    side.length === 0
      ? "none"
      : `${side.length} (in ${[...new Set(side)].slice(0, 5).join(", ")}${new Set(side).size > 5 ? ", …" : ""})`;
  console.log(
    `Verdicts that differ from the fixture's (valid accepted, invalid rejected): generated ${wrong(t.wrong.gen)}; ajv ${wrong(t.wrong.ajv)}.`,
  );
  console.log(
    `\nLoad average at the end ${load()}; the part took ${((Date.now() - started) / 60000).toFixed(1)} min.`,
  );
} catch (e) {
  process.exitCode = 1;
  console.log(`\n**validators: error** — ${e instanceof Error ? e.message : String(e)}`);
} finally {
  // BENCH_KEEP=1 leaves the scratch folder for a closer look (its path is printed).
  if (process.env.BENCH_KEEP) console.log(`\nScratch folder kept: ${scratch}`);
  else rmSync(scratch, { recursive: true, force: true });
}
