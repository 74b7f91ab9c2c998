/**
 * Forms in the browser (part of `npm run bench`; alone: `BENCH_ONLY=browser npm run bench` or
 * `npx tsx scripts/bench-browser.ts`).
 *
 * Generates three fixture forms with `onespec generate` into a scratch folder (a 10-branch
 * discriminated oneOf, 10 if/then/else rules and a one-field form:
 * scripts/bench-browser/fixture-schemas.ts), builds the page in scripts/bench-browser/ with Vite
 * (production React), serves it on 127.0.0.1 and drives it in Chromium. Measures, in the same run:
 *   first render  createRoot().render(<ConnectionForm>) of the largest form in generated/ until
 *                 the form is in the DOM (and until the next frame), against the one-field form
 *                 mounted the same way (the fixed cost of a form) and against @rjsf/core's own
 *                 <Form> with its default registry on the same schema; median of BENCH_MOUNTS
 *                 (15) mounts after 3 warm-up mounts, plus the first mount after a page load
 *                 (median of BENCH_COLD_LOADS, 5); and of a form with 10 if/then/else rules, all on;
 *   typing        per-keystroke latency typing BENCH_KEYS (50) characters into a text field of the
 *                 selected (last) branch of the 10-branch oneOf, with ConnectionForm
 *                 (DiscriminatedOneOfField), with a copy of its <Form> props using RJSF's default
 *                 OneOfField, into a text field of the 10-rule if/then/else form (every rule on),
 *                 and into a plain <input> (the floor); BENCH_ROUNDS (4) rounds
 *                 (after a warm-up pass), the first 10 keys of each dropped; median and p95.
 * Timing happens in the page with performance.now(); asserts nothing about speed. Exits non-zero
 * only when something fails (a build, the page, keys that do not arrive).
 *
 * Env: BENCH_MOUNTS (15), BENCH_COLD_LOADS (5), BENCH_KEYS (50), BENCH_ROUNDS (4),
 * CHROMIUM_PATH (/usr/bin/chromium), BENCH_CPU_PROF=<dir>: build unminified, write a CPU profile
 * (Chrome DevTools format) of the first typing round of each oneOf variant into <dir> and print
 * where its time goes.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "@onespec/test-servers";
import { build } from "vite";
import react from "@vitejs/plugin-react";
import { benchSchemaTree } from "./bench-browser/fixture-schemas.js";
import {
  CONDITIONAL,
  ONE_FIELD,
  ONEOF,
  SELECTED_BRANCH,
  type KeystrokeSamples,
  type MountResult,
  type MountVariant,
  type TypingVariant,
} from "./bench-browser/protocol.js";

const REPO = fileURLToPath(new URL("../", import.meta.url));
const PAGE_ROOT = path.join(REPO, "scripts/bench-browser");
const GENERATED = path.join(REPO, "generated");

const int = (name: string, fallback: number, min: number) =>
  Math.max(min, Math.floor(Number(process.env[name] ?? fallback)) || fallback);
const MOUNTS = int("BENCH_MOUNTS", 15, 1);
const WARMUP_MOUNTS = 3;
const COLD_LOADS = int("BENCH_COLD_LOADS", 5, 1);
const KEYS = int("BENCH_KEYS", 50, 1);
const ROUNDS = int("BENCH_ROUNDS", 4, 1);
const WARMUP_KEYS = 10;
const CPU_PROF = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
// window.gc(), called before each mount so that a collection of the previous one does not land in it.
const EXTRA_CHROMIUM_ARGS = ["--js-flags=--expose-gc"];

// ---------------------------------------------------------------------------------------------
// Statistics and printing

function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
const median = (values: number[]) => quantile(values, 0.5);
const p95 = (values: number[]) => quantile(values, 0.95);
const ms = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
const ratio = (value: number, base: number) => `${(value / base).toFixed(2)}x`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("   ")
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join("\n");
}

// ---------------------------------------------------------------------------------------------
// Which generated form is the largest

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The field schemas of a bundled form schema: every entry of every `properties`, in nested
 * objects, array items and every oneOf/anyOf branch (values of `default`, `examples`, `const`
 * and `enum` are data, not schemas).
 */
function countFields(schema: unknown): number {
  let fields = 0;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === "default" || key === "examples" || key === "const" || key === "enum") continue;
      if (key === "properties" && isObject(value)) {
        fields += Object.keys(value).length;
        Object.values(value).forEach(visit);
      } else visit(value);
    }
  };
  visit(schema);
  return fields;
}

interface FormSize {
  name: string;
  fields: number;
  bytes: number;
}

async function formSizes(): Promise<FormSize[]> {
  const root = path.join(GENERATED, "connectors");
  const sizes: FormSize[] = [];
  for (const name of readdirSync(root).sort()) {
    const file = path.join(root, name, "form.ts");
    let form: { schema: unknown };
    try {
      form = (await import(pathToFileURL(file).href)) as { schema: unknown };
    } catch (error) {
      throw new Error(
        `cannot load ${path.relative(REPO, file)} (run npm run generate?): ${(error as Error).message}`,
        { cause: error },
      );
    }
    sizes.push({
      name,
      fields: countFields(form.schema),
      bytes: JSON.stringify(form.schema).length,
    });
  }
  if (sizes.length === 0) throw new Error("generated/connectors is empty: run npm run generate");
  return sizes.sort((a, b) => b.fields - a.fields || b.bytes - a.bytes);
}

// ---------------------------------------------------------------------------------------------
// Fixtures, page, server

function generateFixtures(scratch: string): string {
  const schemas = path.join(scratch, "schemas");
  for (const [rel, json] of Object.entries(benchSchemaTree())) {
    mkdirSync(path.dirname(path.join(schemas, rel)), { recursive: true });
    writeFileSync(path.join(schemas, rel), JSON.stringify(json, null, 2));
  }
  const out = path.join(scratch, "generated");
  const r = spawnSync(
    process.execPath,
    [
      path.join(REPO, "packages/cli/bin/onespec.js"),
      "generate",
      "--schemas",
      schemas,
      "--out",
      out,
    ],
    {
      cwd: REPO,
      encoding: "utf8",
      env: {
        ...process.env,
        ONESPEC_CACHE_DIR: path.join(scratch, "cache"),
        NO_COLOR: "1",
        FORCE_COLOR: "0",
      },
    },
  );
  if (r.status !== 0)
    throw new Error(
      `onespec generate of the bench fixtures failed (${r.status}):\n${(r.stdout + r.stderr).slice(-2000)}`,
    );
  return out;
}

async function buildPage(
  outDir: string,
  forms: Record<string, string>,
  cacheDir: string,
): Promise<void> {
  await build({
    configFile: false,
    root: PAGE_ROOT,
    mode: "production",
    logLevel: "warn",
    cacheDir,
    plugins: [react()],
    resolve: {
      alias: Object.entries(forms).map(([name, file]) => ({
        find: `@bench-forms/${name}`,
        replacement: file,
      })),
    },
    build: {
      outDir,
      emptyOutDir: true,
      minify: CPU_PROF === undefined,
      sourcemap: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 8192,
      // When profiling, one chunk per library, so a profile's URLs say whose code ran.
      ...(CPU_PROF
        ? {
            rolldownOptions: {
              output: {
                codeSplitting: {
                  includeDependenciesRecursively: false,
                  groups: [{ name: chunkOf }],
                },
              },
            },
          }
        : {}),
    },
  });
}

const CHUNKS: [RegExp, string][] = [
  [/node_modules\/(react|react-dom|scheduler)\//, "react"],
  [/node_modules\/@rjsf\/utils\//, "rjsf-utils"],
  [/node_modules\/@rjsf\/core\//, "rjsf-core"],
  [/node_modules\/@rjsf\/validator-ajv8\//, "rjsf-validator"],
  [/node_modules\/(ajv|ajv-formats|fast-deep-equal|fast-uri|json-schema-traverse)\//, "ajv"],
  [/node_modules\/fast-equals\//, "fast-equals"],
  [/node_modules\/(lodash|lodash-es)\//, "lodash"],
  [/node_modules\//, "other-deps"],
  [/\/packages\/forms\//, "onespec-forms"],
  [/\/form(-validator)?\.(ts|js)$/, "generated-forms"],
];

function chunkOf(id: string): string | null {
  const file = id.split(path.sep).join("/");
  return CHUNKS.find(([re]) => re.test(file))?.[1] ?? null;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

function serve(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    const file = path.join(dir, pathname === "/" ? "index.html" : pathname);
    if (!file.startsWith(dir + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = readFileSync(file);
      res
        .writeHead(200, {
          "content-type": TYPES[path.extname(file)] ?? "application/octet-stream",
          "cache-control": "no-store",
          // Cross-origin isolation: performance.now() and event timestamps in 5 µs steps instead of 100 µs.
          "cross-origin-opener-policy": "same-origin",
          "cross-origin-embedder-policy": "require-corp",
        })
        .end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }),
    );
  });
}

// ---------------------------------------------------------------------------------------------
// In the browser

async function load(page: Page, url: string): Promise<void> {
  await page.goto(url, { waitUntil: "load" });
  await page.waitForFunction(() => window.bench !== undefined, undefined, { timeout: 10_000 });
}

const mountOnce = (page: Page, variant: MountVariant) =>
  page.evaluate((v) => window.bench!.mount(v), variant);

async function firstRender(page: Page, url: string, variants: MountVariant[]) {
  const warm = Object.fromEntries(variants.map((v) => [v, [] as MountResult[]])) as Record<
    MountVariant,
    MountResult[]
  >;
  const cold = Object.fromEntries(variants.map((v) => [v, [] as MountResult[]])) as Record<
    MountVariant,
    MountResult[]
  >;
  // Interleaved, so that drift (thermal, other processes) spreads over every variant alike.
  for (let i = 0; i < WARMUP_MOUNTS; i++) for (const v of variants) await mountOnce(page, v);
  for (let i = 0; i < MOUNTS; i++) for (const v of variants) warm[v].push(await mountOnce(page, v));
  for (let i = 0; i < COLD_LOADS; i++) {
    for (const v of variants) {
      await load(page, url);
      cold[v].push(await mountOnce(page, v));
    }
  }
  return { warm, cold };
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Where a CPU profile's time went: self time per library (the chunk a function's code is in,
 * see CHUNKS), and inclusive time of the functions outside React, the largest first.
 */
function profileSummary(profile: CpuProfile, top: number): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const chunk = (id: number) => {
    const { url, functionName } = byId.get(id)!.callFrame;
    if (!url) return functionName.startsWith("(") ? functionName : "(browser)";
    const name = /\/assets\/(.+?)-[\w-]{8}\.js$/.exec(url)?.[1];
    return name === undefined || name === "index" ? "bench page" : name;
  };
  const label = (id: number) => {
    const { functionName, lineNumber } = byId.get(id)!.callFrame;
    return `${functionName || "(anonymous)"} [${chunk(id)}:${lineNumber + 1}]`;
  };
  const perChunk = new Map<string, number>();
  const total = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const own = chunk(id);
    if (own === "(idle)" || own === "(program)" || own === "(root)") return;
    busy += dt;
    perChunk.set(own, (perChunk.get(own) ?? 0) + dt);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      if (chunk(at) === "react" || chunk(at).startsWith("(")) continue;
      const name = label(at);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + dt);
    }
  });
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(
        ([name, t]) =>
          `      ${ms(t).padStart(9)}  ${((100 * t) / busy).toFixed(0).padStart(3)}%  ${name}`,
      )
      .join("\n");
  return `    busy (not idle): ${ms(busy)}; self time per library:\n${list(perChunk, 12)}\n    inclusive, functions outside React:\n${list(total, top)}`;
}

/** Types `text` into what startTyping focused, one key at a time, each after the previous was measured. */
async function typeText(
  page: Page,
  variant: TypingVariant,
  text: string,
  around?: { typing(): Promise<void>; typed(): Promise<void> },
): Promise<KeystrokeSamples> {
  await page.evaluate((v) => window.bench!.startTyping(v), variant);
  await around?.typing();
  for (let i = 0; i < text.length; i++) {
    await page.keyboard.press(text[i]);
    await page.evaluate((n) => window.bench!.measured(n), i + 1);
  }
  await around?.typed();
  const value = await page.evaluate(() => window.bench!.focusedValue());
  const samples = await page.evaluate(() => window.bench!.stopTyping());
  if (value !== text)
    throw new Error(
      `${variant}: the field holds ${JSON.stringify(value)}, not the ${text.length} characters typed`,
    );
  if (samples.paint.length !== text.length)
    throw new Error(
      `${variant}: ${samples.paint.length} keystrokes measured, ${text.length} typed`,
    );
  return samples;
}

async function typing(page: Page, variants: TypingVariant[]) {
  const results = Object.fromEntries(
    variants.map((v): [TypingVariant, KeystrokeSamples] => [
      v,
      { handler: [], work: [], paint: [] },
    ]),
  ) as Record<TypingVariant, KeystrokeSamples>;
  const profiles: string[] = [];
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const text = Array.from(
    { length: WARMUP_KEYS + KEYS },
    (_, i) => alphabet[i % alphabet.length],
  ).join("");
  // A pass that is not recorded, so that the JIT has compiled the code every variant shares
  // before any is measured (otherwise the first oneOf variant typed pays for the others).
  for (const v of variants) await typeText(page, v, text.slice(0, 2 * WARMUP_KEYS));
  for (let round = 0; round < ROUNDS; round++) {
    // Forwards, then backwards: over two rounds each variant comes before and after each other.
    const order = round % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) {
      const profiling = CPU_PROF !== undefined && round === 0 && v.startsWith("oneof");
      const cdp = profiling ? await page.context().newCDPSession(page) : undefined;
      // Profiles the keystrokes only, not the mount before them.
      const samples = await typeText(
        page,
        v,
        text,
        cdp && {
          async typing() {
            await cdp.send("Profiler.enable");
            await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
            await cdp.send("Profiler.start");
          },
          async typed() {
            const { profile } = (await cdp.send("Profiler.stop")) as unknown as {
              profile: CpuProfile;
            };
            await cdp.detach();
            mkdirSync(CPU_PROF!, { recursive: true });
            const file = path.join(CPU_PROF!, `typing-${v}.cpuprofile`);
            writeFileSync(file, JSON.stringify(profile));
            profiles.push(
              `  ${v} (${text.length} keystrokes): ${file}\n${profileSummary(profile, 25)}`,
            );
          },
        },
      );
      results[v].handler.push(...samples.handler.slice(WARMUP_KEYS));
      results[v].work.push(...samples.work.slice(WARMUP_KEYS));
      results[v].paint.push(...samples.paint.slice(WARMUP_KEYS));
    }
  }
  return { results, profiles, chars: text.length };
}

// ---------------------------------------------------------------------------------------------

let interrupted = false;

async function main(): Promise<void> {
  const started = performance.now();
  // Inside the repository (ignored by packages/cli/.gitignore, like bench.mjs's scratch), so the
  // generated forms resolve @rjsf/validator-ajv8 and ajv from the repo's node_modules.
  const scratch = mkdtempSync(path.join(REPO, "packages/cli/.tmp-bench-browser-"));
  let server: Server | undefined;
  let browser: Browser | undefined;
  let cleaned = false;
  const cleanup = async () => {
    if (cleaned) return;
    cleaned = true;
    await browser?.close().catch(() => undefined);
    server?.closeAllConnections();
    server?.close();
    rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    void cleanup().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  try {
    const sizes = await formSizes();
    const largest = sizes[0];
    const fixtures = generateFixtures(scratch);
    const dist = path.join(scratch, "dist");
    await buildPage(
      dist,
      {
        largest: path.join(GENERATED, "connectors", largest.name, "form.ts"),
        "one-field": path.join(fixtures, "connectors", ONE_FIELD.connector, "form.ts"),
        oneof: path.join(fixtures, "connectors", ONEOF.connector, "form.ts"),
        conditional: path.join(fixtures, "connectors", CONDITIONAL.connector, "form.ts"),
      },
      path.join(scratch, "vite-cache"),
    );
    const served = await serve(dist);
    server = served.server;

    // Signals are handled above (close the browser, then remove the scratch folder), not by playwright.
    browser = await launchChromium({ extraArgs: EXTRA_CHROMIUM_ARGS, handleSignals: false });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") pageErrors.push(message.text());
    });
    await load(page, served.url);
    const setup = (performance.now() - started) / 1000;

    const isolated = await page.evaluate(() => crossOriginIsolated);
    console.log(
      `\nbrowser bench: Chromium ${browser.version()} headless (software rendering), ${availableParallelism()} cores; ` +
        `page built with Vite, production React${CPU_PROF ? ", unminified (BENCH_CPU_PROF)" : ""}; ` +
        `timer steps ${isolated ? "5 µs" : "100 µs (not cross-origin isolated)"}; setup (generate, build, launch) ${setup.toFixed(1)} s\n`,
    );

    // 1. First render of the largest form
    const mountVariants: MountVariant[] = ["one-field", "largest", "largest-rjsf", "conditional"];
    const { warm, cold } = await firstRender(page, served.url, mountVariants);
    const others = sizes
      .slice(1)
      .map((s) => `${s.name} ${s.fields} (${(s.bytes / 1024).toFixed(0)} KB)`)
      .join(", ");
    console.log(
      `First render: createRoot().render(form) until the form is in the DOM, and until the frame after it.\n` +
        `Largest form: ${largest.name}, ${largest.fields} fields in its bundled schema, ${(largest.bytes / 1024).toFixed(0)} KB of JSON (others: ${others}).\n` +
        `  Picked by field count (property schemas in nested objects and in every oneOf branch), not bytes: RJSF's\n` +
        `  work grows with the field schemas it resolves, fills defaults for and renders, while much of a schema's\n` +
        `  bytes are descriptions and examples, which cost it next to nothing.\n` +
        `Baseline: the one-field form generated by onespec generate, mounted the same way: what any form costs.\n` +
        `Also: @rjsf/core's <Form> with its default registry, same schema and precompiled validator (no onespec\n` +
        `  fields, templates or widgets): what onespec's layer adds or saves.\n` +
        `Warm: median of ${MOUNTS} mounts per form after ${WARMUP_MOUNTS} warm-up mounts, interleaved. Cold: the first mount after a page load, median of ${COLD_LOADS} loads.\n`,
    );
    const names: Record<MountVariant, string> = {
      "one-field": "ConnectionForm, one-field form (baseline)",
      largest: `ConnectionForm, ${largest.name}`,
      "largest-rjsf": `RJSF <Form>, default registry, ${largest.name}`,
      conditional: `ConnectionForm, ${CONDITIONAL.rules} if/then/else rules on`,
    };
    // Every rule on: name, the endpoint, the ten rule selects and the ten fields they bring in.
    const conditionalInputs = warm.conditional[0].inputs;
    if (conditionalInputs !== 2 + 2 * CONDITIONAL.rules)
      throw new Error(
        `the conditional form rendered ${conditionalInputs} inputs, not ${2 + 2 * CONDITIONAL.rules}: its rules did not apply`,
      );
    const base = median(warm["one-field"].map((r) => r.dom));
    const coldBase = median(cold["one-field"].map((r) => r.dom));
    const formAt = median(warm.largest.map((r) => r.dom));
    console.log(
      table(
        [
          "form",
          "inputs",
          "warm: in DOM",
          "next frame",
          "vs baseline",
          "vs ConnectionForm",
          "cold: in DOM",
          "vs baseline",
        ],
        mountVariants.map((v) => {
          const dom = median(warm[v].map((r) => r.dom));
          const coldDom = median(cold[v].map((r) => r.dom));
          return [
            names[v],
            String(warm[v][0].inputs),
            ms(dom),
            ms(median(warm[v].map((r) => r.paint))),
            ratio(dom, base),
            ratio(dom, formAt),
            ms(coldDom),
            ratio(coldDom, coldBase),
          ];
        }),
      ),
    );

    // 2. Typing into the 10-branch oneOf
    const typingVariants: TypingVariant[] = [
      "plain-input",
      "one-field",
      "oneof",
      "oneof-rjsf-field",
      "conditional",
    ];
    const { results, profiles, chars } = await typing(page, typingVariants);
    const n = results["plain-input"].work.length;
    console.log(
      `\nTyping: ${chars} characters, one key at a time (each after the previous was measured), into ${ONEOF.property}.${ONEOF.field}\n` +
        `of the selected branch (${SELECTED_BRANCH + 1} of ${ONEOF.branches}, the last) of a oneOf of ${ONEOF.branches} branches with 9 fields each, discriminated by\n` +
        `"${ONEOF.discriminator}" (form generated by onespec generate, precompiled validator). ${n} keystrokes per row\n` +
        `(after a warm-up pass over every input; ${ROUNDS} round${ROUNDS > 1 ? "s" : ""}, forwards then backwards; the first ${WARMUP_KEYS} keys of each dropped).\nPer keystroke:\n` +
        `  handler = the input event's dispatch, first listener to last: React's render and commit of the change;\n` +
        `  to DOM  = keydown's timeStamp until then: also input delivery and the browser's own keydown/keypress work;\n` +
        `  frame   = keydown's timeStamp until the first task after the next frame (includes waiting for vsync).\n` +
        `The if/then/else row types into ${CONDITIONAL.field} of a form whose ${CONDITIONAL.rules} rules (an allOf of if/then/else, each on a\n` +
        `  select of its own) are all on, so each keystroke resolves ten conditions and renders the ten fields they bring in.\n`,
    );
    const typingNames: Record<TypingVariant, string> = {
      "plain-input": "plain <input> (floor)",
      "one-field": "ConnectionForm, one-field form",
      oneof: "ConnectionForm (DiscriminatedOneOfField)",
      "oneof-rjsf-field": "ConnectionForm with RJSF's default OneOfField",
      conditional: `ConnectionForm, ${CONDITIONAL.rules} if/then/else rules on`,
    };
    const floor = median(results["plain-input"].work);
    const rjsfHandler = median(results["oneof-rjsf-field"].handler);
    const stat = (values: number[]) => `${ms(median(values))} / ${ms(p95(values))}`;
    console.log(
      table(
        [
          "input (median / p95)",
          "handler",
          "to DOM",
          "frame",
          "to DOM vs floor",
          "handler vs RJSF OneOfField",
        ],
        typingVariants.map((v) => [
          typingNames[v],
          stat(results[v].handler),
          stat(results[v].work),
          stat(results[v].paint),
          ratio(median(results[v].work), floor),
          v.startsWith("oneof") ? ratio(median(results[v].handler), rjsfHandler) : "",
        ]),
      ),
    );
    const ours = median(results.oneof.handler);
    console.log(
      `\n  ConnectionForm handles a keystroke in ${ms(ours)} (median), RJSF's default OneOfField in ${ms(rjsfHandler)}: ` +
        `${(rjsfHandler / ours).toFixed(2)}x faster; to DOM ${ms(median(results.oneof.work) - floor)} above the plain input.`,
    );
    if (profiles.length > 0)
      console.log(
        `\nCPU profiles of the first typing round (sampled every 0.1 ms; includes the driver's idle gaps):\n${profiles.join("\n")}`,
      );
    if (pageErrors.length > 0)
      console.log(`\npage errors:\n  ${pageErrors.slice(0, 10).join("\n  ")}`);
    console.log(`\nbrowser bench took ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await cleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

main().catch((error: unknown) => {
  if (interrupted) return; // the browser went away under the run; the signal handler exits
  console.error(
    `browser bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
});
