import { availableParallelism } from "node:os";
import path from "node:path";
import {
  collectOutput,
  connectorsWithErrors,
  reachableDocs,
  hasErrors,
  loadTree,
  runConnectorGenerators,
  runTreeGenerators,
  withoutConnectors,
  type GenerateResult,
  type Diagnostic,
  type Generator,
  type SchemaModel,
} from "@onespec/core";
import { connectorKey, GenerationCache, treeKey } from "./cache.js";
import { commit, defaultCacheDir, hashOf, MANIFEST_FILE, plan, type Plan } from "./emit.js";
import { checkedDocs, secretValueWarnings } from "./checked-docs.js";
import { knownOutputs, readRunState, recordRun, stampTree, unchangedRun } from "./run-state.js";
import { secretValueDiagnostics } from "./secret-values.js";
import {
  loadGenerators,
  runCodeHash,
  runStampKey,
  type GeneratorSpec,
  type LoadedGenerator,
} from "./generators.js";
import { GeneratorThread } from "./generator-thread.js";
import { Staging } from "./staged-write.js";

export interface GenerateOptions {
  schemas: string;
  /**
   * The generators to run: built-in names, module paths (relative to `cwd`), [name, options]
   * pairs or generator objects, or generators already loaded with loadGenerators()
   * [default: every built-in one].
   */
  generators?: readonly GeneratorSpec[] | readonly LoadedGenerator[];
  /** The folder module paths in `generators` are relative to (the config's) [default: cwd]. */
  base?: string;
  out: string;
  /** Entry-schema globs relative to `schemas`; default: onespec's connectors/<name>/connection.json layout. */
  entries?: string[];
  only?: string[];
  /** Compare with the disk instead of writing. */
  check?: boolean;
  /** Overwrite files in `out` that onespec did not write (default: refuse, listing them). */
  force?: boolean;
  /** Generate every connector that has no error instead of stopping at the first error. */
  keepGoing?: boolean;
  /** Reuse output whose inputs did not change, from node_modules/.cache/onespec (default true). */
  cache?: boolean;
  /** Where the cache lives (default: $ONESPEC_CACHE_DIR, else node_modules/.cache/onespec). */
  cacheDir?: string;
  /**
   * Threads generating connectors, this one included (1 = this thread only). Default: every core
   * with more than 2; on 2 cores, 2 for a run that generates at least 500 connectors, else 1.
   */
  jobs?: number;
  /** The tree, already loaded with the same schemas/entries (saves loading it again). */
  model?: SchemaModel;
  cwd?: string;
}

export interface GenerateOutcome {
  diagnostics: Diagnostic[];
  model?: SchemaModel;
  plan?: Plan;
  connectors: number;
  /** Connectors left out because of errors (with keepGoing). */
  skipped: string[];
  ok: boolean;
  stats?: GenerateStats;
}

export interface GenerateStats {
  connectorsFromCache: number;
  connectorsGenerated: number;
  treeFromCache: boolean;
  /** Units (connectors, the tree) generated on other threads than this one. */
  unitsOnThreads?: number;
}

/**
 * load → generate → plan → (write | compare). Without keepGoing nothing is written
 * unless every step succeeded; with it, connectors with errors are left out and the rest is
 * written (the outcome is still not ok).
 */
export async function generate(options: GenerateOptions): Promise<GenerateOutcome> {
  const cwd = options.cwd ?? process.cwd();
  const schemas = path.resolve(cwd, options.schemas);
  const out = path.resolve(cwd, options.out);
  const generators = isLoaded(options.generators)
    ? options.generators
    : await loadGenerators(options.generators, options.base ?? cwd);
  const cacheDir = options.cache === false ? undefined : (options.cacheDir ?? defaultCacheDir(out));

  // The no-op fast path: nothing this run depends on changed since a run that left the disk as it
  // produced it. Not with --only or a model handed over (their outcome is not what was recorded).
  const fast = cacheDir && !options.model && !options.only?.length;
  const stampKey = fast
    ? runStampKey(generators, {
        schemas,
        entries: options.entries ?? null,
        out,
        keepGoing: !!options.keepGoing,
        force: !!options.force,
      })
    : "";
  const inputsBefore = fast ? stampTree(schemas) : undefined;
  // The last recorded run: replayed when nothing changed, else it tells `plan` which output
  // files are as that run left them.
  const state = cacheDir && !options.model ? await readRunState(cacheDir, out) : undefined;
  if (fast) {
    const recorded = unchangedRun(state, inputsBefore, stampKey);
    if (recorded) {
      const stats = {
        connectorsFromCache: recorded.connectors,
        connectorsGenerated: 0,
        treeFromCache: true,
        unitsOnThreads: 0,
      };
      const p: Plan = { write: [], unchanged: recorded.files, remove: [], foreign: [] };
      return {
        diagnostics: recorded.diagnostics,
        plan: p,
        connectors: recorded.connectors,
        skipped: recorded.skipped,
        ok: !hasErrors(recorded.diagnostics),
        stats,
      };
    }
  }
  // Documents a past run checked are not checked and repaired again (checked-docs.ts).
  const checkedMemo = options.model ? undefined : checkedDocs(cacheDir);
  let model =
    options.model ??
    (await loadTree({
      root: schemas,
      cwd,
      entries: options.entries,
      checked: checkedMemo?.map,
    }));
  checkedMemo?.save();
  const secretsMemo = options.model ? undefined : secretValueWarnings(cacheDir);
  const diagnostics = [...model.diagnostics, ...secretValueDiagnostics(model, secretsMemo?.map)];
  secretsMemo?.save();
  const only = options.only && options.only.length > 0 ? new Set(options.only) : undefined;
  const fail = (): GenerateOutcome => ({
    diagnostics,
    model,
    connectors: model.connectors.length,
    skipped: [],
    ok: false,
  });
  if (only) {
    const known = new Set(model.connectors.map((c) => c.name));
    for (const name of only)
      if (!known.has(name))
        diagnostics.push({
          severity: "error",
          code: "cli/unknown-connector",
          message: `There is no connector named "${name}".`,
          hint: `Known connectors: ${[...known].join(", ") || "none"}.`,
        });
  }
  const skipped = new Set<string>();
  /** With keepGoing, leaves out the connectors errors point at; false when nothing can go on. */
  const dropBroken = (found: readonly Diagnostic[]): boolean => {
    if (!options.keepGoing) return false;
    if (
      found.some((d) => d.severity === "error" && d.file === undefined && d.connector === undefined)
    )
      return false;
    const broken = connectorsWithErrors(model, found);
    if (broken.size === model.connectors.length && broken.size > 0) return false;
    for (const b of broken) skipped.add(b);
    if (broken.size > 0) model = withoutConnectors(model, broken);
    return true;
  };
  if (hasErrors(diagnostics) && !dropBroken(diagnostics)) return fail();

  // Fresh output is staged as it is generated (staged-write.ts), not with --check, which writes
  // nothing; whatever the run does not place is dropped at the end.
  const staging = options.check ? undefined : new Staging(out, { flush: false });
  try {
    // Output is laid out by the generators themselves (no formatter runs), so nothing besides the
    // code and the inputs goes into a cache key.
    const salt = "";
    const jobs = options.jobs === undefined ? defaultJobs() : Math.max(1, options.jobs);
    const run = () =>
      generateAll(model, only, {
        generators,
        out,
        salt,
        cache: cacheDir ? new GenerationCache(path.join(cacheDir, "generate")) : undefined,
        stats,
        jobs,
        cwd,
        staging,
      });
    const stats = {
      connectorsFromCache: 0,
      connectorsGenerated: 0,
      treeFromCache: false,
      unitsOnThreads: 0,
    };
    let result = await run();
    // A generator may reject a connector the loader accepted; with keepGoing, leave it out and retry.
    for (let pass = 0; hasErrors(result.diagnostics) && pass < 3; pass++) {
      diagnostics.push(...result.diagnostics);
      if (!dropBroken(result.diagnostics)) return fail();
      result = await run();
    }
    if (hasErrors(result.diagnostics)) {
      diagnostics.push(...result.diagnostics);
      return fail();
    }
    diagnostics.push(...result.diagnostics);
    const files = result.files;
    // Under --only, the other connectors' files stay. Connectors left out for errors lose theirs:
    // the shared validators module and the registry no longer have them, so old files would not
    // compile against the new ones.
    const removable = only
      ? (p: string) =>
          !p.startsWith("connectors/") || [...only].some((n) => p.startsWith(`connectors/${n}/`))
      : () => true;
    const p = await plan(out, files, removable, knownOutputs(state, out));
    const counted = only ? only.size : model.connectors.length;
    if (p.foreign.length > 0 && !options.force) {
      const shown = path.relative(cwd, out) || ".";
      const list =
        p.foreign
          .slice(0, 20)
          .map((f) => `${shown}/${f}`)
          .join(", ") + (p.foreign.length > 20 ? ` and ${p.foreign.length - 20} more` : "");
      diagnostics.push({
        severity: "error",
        code: "emit/not-owned",
        message: `${p.foreign.length} file${p.foreign.length === 1 ? "" : "s"} in ${shown}/ would be overwritten but onespec did not write ${p.foreign.length === 1 ? "it" : "them"}: ${list}.`,
        hint: "Move them away or choose another output folder (--out); pass --force to overwrite them.",
      });
      return fail();
    }
    const clean = !hasErrors(diagnostics);
    // What the fast path replays: the disk now holds exactly this run's output.
    const record = () =>
      fast && inputsBefore
        ? recordRun(
            cacheDir,
            out,
            inputsBefore,
            stampKey,
            {
              diagnostics,
              connectors: counted,
              skipped: [...skipped].sort(),
              files: [...files.map((f) => f.path), MANIFEST_FILE].sort(),
            },
            outputHashes(p),
            p.status,
          )
        : undefined;
    if (options.check) {
      const stale = p.write.length + p.remove.length;
      if (stale === 0) await record();
      return {
        diagnostics,
        model,
        plan: p,
        connectors: counted,
        skipped: [...skipped].sort(),
        ok: clean && stale === 0,
        stats,
      };
    }
    await commit(out, p, staging);
    await record();
    return {
      diagnostics,
      model,
      plan: p,
      connectors: counted,
      skipped: [...skipped].sort(),
      ok: clean,
      stats,
    };
  } finally {
    await staging?.discard();
  }
}

/** The hash of every file the output folder holds after a plan is applied, by path. */
function outputHashes(p: Plan): Record<string, string> {
  return Object.fromEntries((p.files ?? []).map((f) => [f.path, hashOf(f)]));
}

/**
 * Threads generating connectors, this one included: every core when there are more than 2. A
 * thread loads the generators again, starts with a cold JIT and builds up its own copy of what
 * generating keeps (the ajv instance, the memos), so on 2 cores a second thread cost nearly as
 * much CPU as it saved on the 76-connector bench tree and took its peak from 330 to 470 MB:
 * there, a second thread generates beside this one only for a run that generates at least
 * LARGE_RUN connectors (`jobs` 0 means "decide by the run's size").
 */
function defaultJobs(): number {
  const cores = availableParallelism();
  return cores > 2 ? cores : cores === 2 ? 0 : 1;
}

/**
 * Connectors to generate from which a second thread pays for itself on 2 cores: 1,000 synthetic
 * connectors took 13.6–15.0 s with it and 15.8–17.7 s without; the 345 Airbyte specs the same
 * (4.0 s against 3.7–4.4 s) with 50 MiB more memory.
 */
const LARGE_RUN = 500;

function isLoaded(g: GenerateOptions["generators"]): g is readonly LoadedGenerator[] {
  return (
    g !== undefined &&
    g.length > 0 &&
    g.every((x) => typeof x === "object" && x !== null && "codeHash" in x && "load" in x)
  );
}

interface RunSettings {
  generators: readonly LoadedGenerator[];
  out: string;
  salt: string;
  cache?: GenerationCache;
  stats: GenerateStats;
  /** Threads; 0: decided by how many connectors the run generates (defaultJobs). */
  jobs: number;
  cwd: string;
  /** Where freshly generated files are written ahead of the plan (none with --check). */
  staging?: Staging;
}

/** Below this many connectors per thread, a thread of its own costs more than it saves. */
const MIN_CONNECTORS_PER_WORKER = 6;

/** Connectors a worker takes at a time: small, so the threads finish together. */
const BATCH = 2;

/**
 * Generates `names` on this thread and on `threads`, all taking connectors from one queue. This
 * thread first runs `first` (the tree unit) while the threads work. A thread that fails gives
 * its connectors back to this one.
 */
async function inThreads(
  model: SchemaModel,
  names: string[],
  threads: readonly GeneratorThread[],
  here: (name: string) => Promise<GenerateResult>,
  first: () => Promise<void>,
  onThreads: (results: readonly { name: string; result: GenerateResult }[]) => void,
): Promise<Map<string, GenerateResult>> {
  const queue = [...names];
  const done = new Map<string, GenerateResult>();
  // Two batches in flight per thread: the next one waits in the thread's queue while it works
  // on this one. With one, a thread sat idle (a fifth of its time on 1,000 connectors) until this
  // thread, busy with a connector of its own, answered its report with the next batch.
  const lane = async (thread: GeneratorThread) => {
    for (let batch = queue.splice(0, BATCH); batch.length > 0; batch = queue.splice(0, BATCH)) {
      const report = await thread.run(model, batch);
      if (!report) {
        queue.unshift(...batch);
        return;
      }
      for (const r of report.results) done.set(r.name, r.result);
      onThreads(report.results);
    }
  };
  const finished = threads.map((thread) => Promise.all([lane(thread), lane(thread)]));
  await first();
  // Between connectors, this thread answers the threads (their messages wait for a free turn).
  const turn = () => new Promise<void>((r) => setImmediate(r));
  const drain = async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      done.set(name, await here(name));
      await turn();
    }
  };
  await drain();
  await Promise.all(finished);
  // What a failed thread gave back after the queue ran dry.
  await drain();
  return done;
}

/**
 * Runs the generators, one unit per connector plus one for the tree, each keyed by the hash of
 * everything it depends on: a unit whose inputs did not change comes from the cache.
 */
async function generateAll(
  model: SchemaModel,
  only: ReadonlySet<string> | undefined,
  s: RunSettings,
): Promise<GenerateResult> {
  try {
    return await generateUnits(model, only, s);
  } finally {
    // What was stored becomes visible to other runs (the pack's index is written).
    await s.cache?.close();
  }
}

async function generateUnits(
  model: SchemaModel,
  only: ReadonlySet<string> | undefined,
  s: RunSettings,
): Promise<GenerateResult> {
  const code = runCodeHash(s.generators);
  // Loaded on the first cache miss this thread generates only.
  let loaded: Promise<readonly Generator[]> | undefined;
  const generators = () => (loaded ??= Promise.all(s.generators.map((g) => g.load())));
  const keys = new Map(model.connectors.map((c) => [c.name, connectorKey(model, c, code, s.salt)]));
  const results: GenerateResult[] = [];
  const misses: string[] = [];
  // Cache entries are read all at once: one after another, the process mostly waited on the disk.
  const wanted = model.connectors.filter((c) => !only || only.has(c.name));
  const hits = await Promise.all(wanted.map(async (c) => s.cache?.get(keys.get(c.name)!)));
  wanted.forEach((c, i) => {
    const hit = hits[i];
    if (hit) {
      s.stats.connectorsFromCache++;
      results.push(hit);
    } else misses.push(c.name);
  });
  s.stats.connectorsGenerated += misses.length;
  // Record schemas belong to no connector: their files are part of the tree unit's key.
  const recordDocs = [
    ...new Set((model.records ?? []).flatMap((r) => [...reachableDocs(model, r)])),
  ]
    .map((p) => model.docs.get(p)!)
    .sort((a, b) => a.rel.localeCompare(b.rel))
    .map((d) => `${d.rel}\n${d.draft}\n${d.source.text}`);
  const tkey = treeKey([...[...keys.values()].sort(), ...recordDocs], code, s.salt);
  const treeHit = await s.cache?.get(tkey);
  if (treeHit) s.stats.treeFromCache = true;
  // Each unit's cache entry is written as soon as it is made, while the rest generates: set()
  // appends synchronously and never rejects (a write that fails is only a miss later, cache.ts);
  // close() makes the entries visible at the end.
  const remember = (key: string, r: GenerateResult) => void s.cache?.set(key, r);
  const treeDone = (r: GenerateResult) => {
    if (!treeHit) remember(tkey, r);
    results.push(r);
  };
  // What is generated (not what comes from the cache: mostly as on disk already) is staged at once.
  const staged = (r: GenerateResult): GenerateResult => {
    if (s.staging && !hasErrors(r.diagnostics)) for (const f of r.files) s.staging.stage(f);
    return r;
  };
  // A connector generated here or on a thread is staged and cached as soon as it is made (a
  // rejection is cached like output: it follows from the same inputs).
  const produced = (name: string, r: GenerateResult) => {
    remember(keys.get(name)!, staged(r));
    return r;
  };
  const treeUnit = async () =>
    treeDone(treeHit ?? staged(await runTreeGenerators(model, await generators())));
  const byName = new Map(model.connectors.map((c) => [c.name, c]));
  const here = async (name: string) =>
    produced(name, await runConnectorGenerators(model, await generators(), byName.get(name)!));
  const jobs = s.jobs === 0 ? (misses.length >= LARGE_RUN ? 2 : 1) : s.jobs;
  const parallel =
    jobs > 1 &&
    misses.length >= 2 * MIN_CONNECTORS_PER_WORKER &&
    s.generators.every((g) => g.spec !== undefined);
  let generated: Map<string, GenerateResult> | undefined;
  const fromThreads = (results: readonly { name: string; result: GenerateResult }[]) => {
    s.stats.unitsOnThreads = (s.stats.unitsOnThreads ?? 0) + results.length;
    for (const r of results) produced(r.name, r.result);
  };
  if (parallel) {
    // Threads started now load the generators while this one runs the tree unit.
    const threadCount = Math.min(
      jobs - 1,
      Math.floor(misses.length / MIN_CONNECTORS_PER_WORKER) - 1,
    );
    const threads = Array.from(
      { length: Math.max(1, threadCount) },
      () => new GeneratorThread({ generators: s.generators.map((g) => g.spec!), cwd: s.cwd }),
    );
    try {
      generated = await inThreads(model, misses, threads, here, treeUnit, fromThreads);
    } finally {
      await Promise.all(threads.map((t) => t.close()));
    }
  } else await treeUnit();
  for (const name of misses) results.push(generated?.get(name) ?? (await here(name)));
  return collectOutput(results);
}
