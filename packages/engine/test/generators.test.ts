import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { DiagnosticError, loadTree, type Diagnostic } from "@onespec/core";
import { DEFAULT_GENERATORS, loadGenerators, runCodeHash } from "../src/generators.js";

const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(SCRATCH, "gen-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function problems(...args: Parameters<typeof loadGenerators>): Promise<Diagnostic[]> {
  try {
    await loadGenerators(...args);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error("loadGenerators did not fail");
}

describe("loadGenerators", () => {
  it("loads the six built-in generators by default, in order", async () => {
    const loaded = await loadGenerators();
    expect(loaded.map((g) => g.name)).toEqual([...DEFAULT_GENERATORS]);
    expect((await Promise.all(loaded.map((g) => g.load()))).map((g) => g.name)).toEqual([
      ...DEFAULT_GENERATORS,
    ]);
    expect(loaded.every((g) => /^[0-9a-f]{64}$/.test(g.codeHash))).toBe(true);
  });

  it("loads a module of the user's by path (JavaScript or TypeScript), a factory with options", async () => {
    const dir = folder({
      "plain.mjs": `export default { name: "plain", connector: (model, c) => [{ path: c.name + ".txt", contents: "x" }] };\n`,
      "factory.ts": `export default (options: { suffix: string }) => ({ name: "factory" + options.suffix, tree: () => [] });\n`,
    });
    const loaded = await loadGenerators(["./plain.mjs", ["./factory.ts", { suffix: "-1" }]], dir);
    expect(loaded.map((g) => g.name)).toEqual(["plain", "factory-1"]);
    expect(loaded[1].spec).toEqual([path.join(dir, "factory.ts"), { suffix: "-1" }]);
  });

  it("reports every bad entry at once, each with what to do", async () => {
    const dir = folder({
      "nothing.mjs": `export const x = 1;\n`,
      "broken.mjs": `throw new Error("bad module");\n`,
      "twin.mjs": `export default { name: "types", tree: () => [] };\n`,
    });
    const found = await problems(
      ["typos", "./missing.mjs", "./nothing.mjs", "./broken.mjs", "types", "./twin.mjs"],
      dir,
    );
    expect(found.map((d) => d.message)).toEqual([
      'Generator "typos" was not found.',
      'Generator "./missing.mjs" was not found.',
      "./nothing.mjs does not export a generator.",
      'Generator "./broken.mjs" failed to load: bad module',
      '2 generators are called "types".',
    ]);
    expect(found.every((d) => d.code === "config/generator" && d.hint)).toBe(true);
  });

  it("hashes the code: another generator, other options or edited code give another hash", async () => {
    const dir = folder({ "g.mjs": `export default (o) => ({ name: "g", tree: () => [] });\n` });
    const a = runCodeHash(await loadGenerators(["types", "./g.mjs"], dir));
    expect(runCodeHash(await loadGenerators(["types", "./g.mjs"], dir))).toBe(a);
    expect(runCodeHash(await loadGenerators(["types", ["./g.mjs", { x: 1 }]], dir))).not.toBe(a);
    expect(runCodeHash(await loadGenerators(["types"], dir))).not.toBe(a);
    writeFileSync(
      path.join(dir, "g.mjs"),
      `export default (o) => ({ name: "g", tree: () => [] }); // edited\n`,
    );
    const edited = runCodeHash(await loadGenerators(["types", "./g.mjs"], dir));
    expect(edited).not.toBe(a);
    expect(edited).toBeDefined();
  });

  it("does not hash the modules a generator imports, but does hash its version", async () => {
    const g = `import { VERSION } from "./impl.mjs";\nexport default { name: "g", version: VERSION, tree: () => [] };\n`;
    const hash = async (version: string) =>
      runCodeHash(
        await loadGenerators(
          ["./g.mjs"],
          folder({ "impl.mjs": `export const VERSION = "${version}";\n`, "g.mjs": g }),
        ),
      );
    expect(await hash("1")).toBe(await hash("1"));
    expect(await hash("2")).not.toBe(await hash("1"));
  });

  it("gives each generator the names of the run", async () => {
    const dir = folder({
      "seen.mjs": `export default { name: "seen", tree: (model, run) => [{ path: "run.json", contents: JSON.stringify(run.generators) }] };\n`,
    });
    const [types, seen] = await loadGenerators(["types", "./seen.mjs"], dir);
    const { runTreeGenerators } = await import("@onespec/core");
    const model = await loadTree({ root: dir, entries: [] });
    const result = await runTreeGenerators(model, [await types.load(), await seen.load()]);
    expect(result.files.find((f) => f.path === "run.json")?.contents).toBe('["types","seen"]');
  });
});

describe("the generation cache key", () => {
  // A project with two installed generator packages, one of them in the config, and a test-only
  // package beside them (as tooling/test-servers sits beside the generators in this repository).
  const pkg = (name: string) => JSON.stringify({ name, type: "module", main: "src/index.mjs" });
  const generator = (name: string) =>
    `export default { name: "${name}", tree: () => [{ path: "${name}.txt", contents: "1" }] };\n`;
  const dir = folder({
    "node_modules/gen-a/package.json": pkg("gen-a"),
    "node_modules/gen-a/src/index.mjs": generator("gen-a"),
    "node_modules/gen-b/package.json": pkg("gen-b"),
    "node_modules/gen-b/src/index.mjs": generator("gen-b"),
    "tooling/test-servers/package.json": pkg("@onespec/test-servers"),
    "tooling/test-servers/src/hostile-server.ts": "export const PORT = 1;\n",
  });
  // Code hashes are kept per process (the generators stay loaded), so each key is taken by a
  // fresh copy of the engine's modules, as a new `onespec generate` would take it.
  const key = async (): Promise<string> => {
    vi.resetModules();
    const engine = await import("../src/generators.js");
    return engine.runCodeHash(await engine.loadGenerators(["types", "gen-a"], dir));
  };
  const edit = (rel: string) => writeFileSync(path.join(dir, rel), "// edited\n", { flag: "a" });

  it("does not change when code that does not run is edited", async () => {
    const before = await key();
    edit("node_modules/gen-b/src/index.mjs");
    edit("tooling/test-servers/src/hostile-server.ts");
    expect(await key()).toBe(before);
  });

  it("changes when a generator of the run is edited", async () => {
    const before = await key();
    edit("node_modules/gen-a/src/index.mjs");
    expect(await key()).not.toBe(before);
  });
});
