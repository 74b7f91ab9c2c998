import { existsSync } from "node:fs";
import { readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MANIFEST_FILE, commit, contentHash, plan } from "../src/emit.js";
import { type OutputFile } from "../src/index.js";
import { cleanupTestdirs, testdir } from "../../core/test/testdir.js";

afterAll(cleanupTestdirs);

const files: OutputFile[] = [
  { path: "index.ts", contents: "export * from './alpha/types.js';\n" },
  { path: "alpha/types.ts", contents: "export interface AlphaConfig {\n  host: string;\n}\n" },
  { path: "docs/alpha.md", contents: "# Alpha\n" },
  { path: "registry.json", contents: '{ "connectors": ["alpha"] }\n' },
];

/** Every file under `dir`, relative, with forward slashes, sorted. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .sort();
}

async function stagingLeftovers(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => n.startsWith(".onespec-tmp-"));
}

async function manifestOf(
  dir: string,
): Promise<{ generator: string; files: Record<string, string> }> {
  return JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), "utf8"));
}

describe("emit: plan + commit", () => {
  it("first run writes every file and the manifest; the second writes nothing; a dropped file is removed", async () => {
    const out = path.join(await testdir({}), "generated");

    // 1. First run: everything is new.
    const first = await plan(out, files);
    expect(first.write.map((f) => f.path)).toEqual([
      MANIFEST_FILE,
      "alpha/types.ts",
      "docs/alpha.md",
      "index.ts",
      "registry.json",
    ]);
    expect(first.unchanged).toEqual([]);
    expect(first.remove).toEqual([]);
    await commit(out, first);
    expect(await tree(out)).toEqual([
      MANIFEST_FILE,
      "alpha/types.ts",
      "docs/alpha.md",
      "index.ts",
      "registry.json",
    ]);
    for (const f of files) expect(await readFile(path.join(out, f.path), "utf8")).toBe(f.contents);
    expect(await manifestOf(out)).toEqual({
      generator: "onespec",
      files: Object.fromEntries(
        [...files]
          .sort((a, b) => (a.path < b.path ? -1 : 1))
          .map((f) => [f.path, contentHash(f.contents)]),
      ),
    });
    expect(Object.keys((await manifestOf(out)).files)).toEqual([
      "alpha/types.ts",
      "docs/alpha.md",
      "index.ts",
      "registry.json",
    ]);
    expect(await stagingLeftovers(out)).toEqual([]);

    // 2. Identical run: nothing to write, nothing touched.
    const mtimes = await Promise.all(
      (await tree(out)).map(async (p) => (await stat(path.join(out, p))).mtimeMs),
    );
    const second = await plan(out, files);
    expect(second).toEqual({
      write: [],
      unchanged: [MANIFEST_FILE, "alpha/types.ts", "docs/alpha.md", "index.ts", "registry.json"],
      remove: [],
      foreign: [],
      files: expect.any(Array),
      status: expect.any(Map),
    });
    await commit(out, second);
    expect(
      await Promise.all(
        (await tree(out)).map(async (p) => (await stat(path.join(out, p))).mtimeMs),
      ),
    ).toEqual(mtimes);
    expect(await stagingLeftovers(out)).toEqual([]);

    // 3. A run without docs/alpha.md: it is listed in the manifest, so it is removed.
    const without = files.filter((f) => f.path !== "docs/alpha.md");
    const third = await plan(out, without);
    expect(third.write.map((f) => f.path)).toEqual([MANIFEST_FILE]);
    expect(third.unchanged).toEqual(["alpha/types.ts", "index.ts", "registry.json"]);
    expect(third.remove).toEqual(["docs/alpha.md"]);
    await commit(out, third);
    expect(existsSync(path.join(out, "docs/alpha.md"))).toBe(false);
    expect(Object.keys((await manifestOf(out)).files)).toEqual([
      "alpha/types.ts",
      "index.ts",
      "registry.json",
    ]);
    expect(await stagingLeftovers(out)).toEqual([]);

    // 4. A changed file is rewritten, with the manifest.
    const changed = without.map((f) =>
      f.path === "index.ts" ? { ...f, contents: "export {};\n" } : f,
    );
    const fourth = await plan(out, changed);
    expect(fourth.write.map((f) => f.path)).toEqual([MANIFEST_FILE, "index.ts"]);
    await commit(out, fourth);
    expect(await readFile(path.join(out, "index.ts"), "utf8")).toBe("export {};\n");
    expect((await manifestOf(out)).files["index.ts"]).toBe(contentHash("export {};\n"));
    expect(await stagingLeftovers(out)).toEqual([]);
  });

  it("trusts a recorded hash while the file's status is as recorded, and reads it once it is not", async () => {
    const out = path.join(await testdir({}), "generated");
    await commit(out, await plan(out, files));
    const file = path.join(out, "index.ts");
    const status = await stat(file);
    // The record says the file holds other contents than it does: only a plan that did not read
    // the file can take it for unchanged.
    const wanted = { path: "index.ts", contents: "export {};\n" };
    const known = new Map([
      [
        "index.ts",
        {
          size: status.size,
          mtimeMs: status.mtimeMs,
          ctimeMs: status.ctimeMs,
          hash: contentHash(wanted.contents),
        },
      ],
    ]);
    const trusted = await plan(out, [wanted, ...files.slice(1)], () => true, known);
    expect(trusted.unchanged).toContain("index.ts");
    expect(trusted.write.map((f) => f.path)).not.toContain("index.ts");
    // Touched since the record (as an editor saving it would): read, found different, rewritten.
    await writeFile(file, await readFile(file, "utf8"));
    const read = await plan(out, [wanted, ...files.slice(1)], () => true, known);
    expect(read.write.map((f) => f.path)).toContain("index.ts");
  });

  it("never removes files it did not write", async () => {
    const out = await testdir({ "README.txt": "hand-written\n" });
    await commit(out, await plan(out, files));
    const next = await plan(out, files.slice(0, 1));
    expect(next.remove).toEqual(["alpha/types.ts", "docs/alpha.md", "registry.json"]);
    await commit(out, next);
    expect(await tree(out)).toEqual([MANIFEST_FILE, "README.txt", "index.ts"]);
  });

  it("keeps files that removeStale protects, in the manifest too", async () => {
    const out = await testdir({});
    await commit(out, await plan(out, files));
    const onlyAlpha = await plan(
      out,
      files.filter((f) => f.path.startsWith("alpha/")),
      (p) => p.startsWith("alpha/"),
    );
    expect(onlyAlpha.remove).toEqual([]);
    expect(onlyAlpha.write).toEqual([]);
    await commit(out, onlyAlpha);
    expect(await tree(out)).toEqual([
      MANIFEST_FILE,
      "alpha/types.ts",
      "docs/alpha.md",
      "index.ts",
      "registry.json",
    ]);
    expect(Object.keys((await manifestOf(out)).files)).toEqual([
      "alpha/types.ts",
      "docs/alpha.md",
      "index.ts",
      "registry.json",
    ]);
  });

  it("rewrites a file changed by hand on disk", async () => {
    const out = await testdir({});
    await commit(out, await plan(out, files));
    await writeFile(path.join(out, "index.ts"), "// edited\n");
    const next = await plan(out, files);
    expect(next.write.map((f) => f.path)).toEqual(["index.ts"]);
    await commit(out, next);
    expect(await readFile(path.join(out, "index.ts"), "utf8")).toBe(files[0].contents);
  });

  it("a failing commit leaves no staging folder behind", async () => {
    // `blocker` is a file, so the folder `blocker/` cannot be created.
    const out = await testdir({ blocker: "not a folder\n" });
    const p = await plan(out, [...files, { path: "blocker/x.ts", contents: "export {};\n" }]);
    await expect(commit(out, p)).rejects.toThrow();
    expect(await stagingLeftovers(out)).toEqual([]);
  });

  it("a failing commit leaves the output folder exactly as it was", async () => {
    const out = await testdir({ blocker: "not a folder\n" });
    await commit(out, await plan(out, files));
    const before = await Promise.all(
      (await tree(out)).map(async (p) => [p, await readFile(path.join(out, p), "utf8")]),
    );
    const changed = files.map((f) => ({ ...f, contents: f.contents + "// v2\n" }));
    const p = await plan(out, [...changed, { path: "blocker/x.ts", contents: "export {};\n" }]);
    await expect(commit(out, p)).rejects.toThrow();
    const after = await Promise.all(
      (await tree(out)).map(async (p) => [p, await readFile(path.join(out, p), "utf8")]),
    );
    expect(after).toEqual(before);
  });

  it("files already in a folder without a manifest: the same are unchanged, others foreign, wherever they are", async () => {
    const out = await testdir({
      "index.ts": files[0].contents,
      "alpha/types.ts": "// someone else's\n",
      "docs/ALPHA.md": "# not ours\n",
      "docs/other.md": "# also not ours, but not ours to write either\n",
    });
    const p = await plan(out, files);
    expect(p.unchanged).toEqual(["index.ts"]);
    expect(p.foreign).toEqual(["alpha/types.ts"]);
    expect(p.write.map((f) => f.path)).toEqual([
      MANIFEST_FILE,
      "alpha/types.ts",
      "docs/alpha.md",
      "registry.json",
    ]);
  });

  it("commit of an empty plan does not even create the folder", async () => {
    const out = path.join(await testdir({}), "never");
    await commit(out, { write: [], unchanged: [], remove: [], foreign: [] });
    expect(existsSync(out)).toBe(false);
  });
});
