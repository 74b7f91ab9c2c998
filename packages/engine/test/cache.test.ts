import { cp, readFile, readdir, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, type GenerateResult } from "@onespec/core";
import { GenerationCache, connectorKey, shapeKey, treeKey } from "../src/cache.js";
import { contentHash } from "../src/emit.js";
import { hashOf } from "../src/emit.js";
import { connectorFiles } from "../../core/test/fixtures.js";
import { cleanupTestdirs, testdir } from "../../core/test/testdir.js";

afterAll(cleanupTestdirs);

const DRAFT7 = "http://json-schema.org/draft-07/schema#";

/** Two connectors; alpha reaches a shared definition, beta does not. */
function tree(): Record<string, string | object> {
  return {
    ...connectorFiles("alpha", {
      $schema: DRAFT7,
      type: "object",
      properties: {
        host: { type: "string", description: "Host" },
        auth: { $ref: "../../definitions/auth.json" },
      },
    }),
    ...connectorFiles("beta", {
      $schema: DRAFT7,
      type: "object",
      properties: { path: { type: "string" } },
    }),
    "definitions/auth.json": {
      $schema: DRAFT7,
      type: "object",
      properties: { user: { type: "string" } },
    },
  };
}

/** The keys of a tree after `edit` has changed some of its files. */
async function keysOf(edit: (files: Record<string, string | object>) => void) {
  const files = tree();
  edit(files);
  const root = await testdir(files);
  const model = await loadTree({ root, cwd: root });
  const byName = (name: string) => model.connectors.find((c) => c.name === name)!;
  return {
    shape: shapeKey(model),
    alpha: connectorKey(model, byName("alpha"), "code"),
    beta: connectorKey(model, byName("beta"), "code"),
  };
}

type Changed = { shape: boolean; alpha: boolean; beta: boolean };
const json = (files: Record<string, string | object>, file: string) =>
  files[file] as Record<string, any>;

// Each edit against the unedited tree: which keys it changes. A key that stays the same where its
// output could differ would serve a stale entry; one that changes for nothing regenerates in vain.
const edits: {
  name: string;
  in: (files: Record<string, string | object>) => void;
  out: Changed;
}[] = [
  { name: "nothing changed", in: () => {}, out: { shape: false, alpha: false, beta: false } },
  {
    name: "a description in alpha's schema: alpha only, not the shape",
    in: (f) =>
      (json(f, "connectors/alpha/connection.json").properties.host.description = "The host"),
    out: { shape: false, alpha: true, beta: false },
  },
  {
    name: "the shared definition alpha reaches: alpha only",
    in: (f) => (json(f, "definitions/auth.json").properties.user.minLength = 1),
    out: { shape: false, alpha: true, beta: false },
  },
  {
    name: "only the formatting of beta's file: beta (the text is hashed)",
    in: (f) =>
      (f["connectors/beta/connection.json"] = JSON.stringify(
        json(f, "connectors/beta/connection.json"),
      )),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "beta's connector.json: beta only",
    in: (f) => (json(f, "connectors/beta/connector.json").displayName = "Beta 2"),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "beta's test-connection steps: beta only",
    in: (f) => (json(f, "connectors/beta/test-connection.json").steps[0].description = "Other."),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "a $ref from beta to a target alpha already uses: beta only (the targets are the same)",
    in: (f) =>
      (json(f, "connectors/beta/connection.json").properties.auth = {
        $ref: "../../definitions/auth.json",
      }),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "a $ref to a new target: the shape, so both",
    in: (f) =>
      (json(f, "connectors/beta/connection.json").properties.user = {
        $ref: "../../definitions/auth.json#/properties/user",
      }),
    out: { shape: true, alpha: true, beta: true },
  },
  {
    name: "a new connector: the shape, so both",
    in: (f) => Object.assign(f, connectorFiles("gamma", { $schema: DRAFT7, type: "object" })),
    out: { shape: true, alpha: true, beta: true },
  },
  {
    name: "a migration beside beta's schema: beta only",
    in: (f) => (f["connectors/beta/migrations/0.9.0-1.0.0.json"] = { steps: [] }),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "an earlier version's schema beside beta's migrations (its types are beta's output): beta only",
    in: (f) =>
      (f["connectors/beta/migrations/0.9.0.schema.json"] = { $schema: DRAFT7, type: "object" }),
    out: { shape: false, alpha: false, beta: true },
  },
  {
    name: "a schema file nobody reaches is not read: nothing",
    in: (f) => (f["definitions/unused.json"] = { $schema: DRAFT7, type: "string" }),
    out: { shape: false, alpha: false, beta: false },
  },
];

describe("cache keys", () => {
  it.each(edits)("$name", async (c) => {
    const [before, after] = await Promise.all([keysOf(() => {}), keysOf(c.in)]);
    expect({
      shape: before.shape !== after.shape,
      alpha: before.alpha !== after.alpha,
      beta: before.beta !== after.beta,
    }).toEqual(c.out);
  });

  it("the generators' code and the salt are part of every key", async () => {
    const root = await testdir(tree());
    const model = await loadTree({ root, cwd: root });
    const alpha = model.connectors.find((c) => c.name === "alpha")!;
    const keys = [
      connectorKey(model, alpha, "code"),
      connectorKey(model, alpha, "other code"),
      connectorKey(model, alpha, "code", "salt"),
      treeKey(["a"], "code"),
      treeKey(["a"], "other code"),
      treeKey(["a"], "code", "salt"),
      treeKey(["b"], "code"),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(connectorKey(model, alpha, "code")).toBe(keys[0]);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
  });

  it("parts are delimited: moving text from one part to the next changes the key", () => {
    expect(treeKey(["ab", "c"], "x")).not.toBe(treeKey(["a", "bc"], "x"));
  });
});

describe("GenerationCache", () => {
  const result: GenerateResult = {
    files: [{ path: "connectors/alpha/types.ts", contents: "export {};\n" }],
    diagnostics: [{ severity: "warning", code: "x/y", message: "said once" }],
  };

  /** A copy of `dir` (this process remembers the entries it wrote: a copy is read from disk). */
  async function copyOf(dir: string): Promise<string> {
    const copy = await testdir({});
    for (const name of await readdir(dir))
      await writeFile(path.join(copy, name), await readFile(path.join(dir, name)));
    return copy;
  }

  /** Stores `entries` in a fresh cache folder and closes it; returns the folder. */
  async function stored(entries: Record<string, GenerateResult>): Promise<string> {
    const dir = path.join(await testdir({}), "cache", "deep");
    const cache = new GenerationCache(dir);
    for (const [key, r] of Object.entries(entries)) await cache.set(key, r);
    await cache.close();
    return dir;
  }

  const kinds = async (dir: string) => (await readdir(dir)).map((n) => path.extname(n)).sort();

  it("get on an empty or missing folder is a miss", async () => {
    expect(await new GenerationCache(await testdir({})).get("k")).toBeUndefined();
    expect(await new GenerationCache("/nonexistent/onespec-cache").get("k")).toBeUndefined();
  });

  it("set then get gives the files and diagnostics back; close leaves one pack and its index, no temporary file", async () => {
    const dir = path.join(await testdir({}), "cache", "deep");
    const cache = new GenerationCache(dir);
    await cache.set("k", { ...result, extra: "not stored" } as GenerateResult);
    await cache.set("k2", { files: [], diagnostics: [] });
    expect(await cache.get("k")).toEqual(result);
    await cache.close();
    expect(await kinds(dir)).toEqual([".index", ".pack"]);
    const fresh = new GenerationCache(await copyOf(dir));
    expect(await fresh.get("k")).toEqual(result);
    expect(await fresh.get("k2")).toEqual({ files: [], diagnostics: [] });
    expect(await fresh.get("k3")).toBeUndefined();
  });

  it("entries without text (a rejected unit, empty files) need no pack", async () => {
    const rejected: GenerateResult = {
      files: [],
      diagnostics: [{ severity: "error", code: "x/no", message: "rejected" }],
    };
    const empty: GenerateResult = { files: [{ path: "empty.ts", contents: "" }], diagnostics: [] };
    const dir = await stored({ rejected, empty });
    expect(await kinds(dir)).toEqual([".index"]);
    const fresh = new GenerationCache(await copyOf(dir));
    expect(await fresh.get("rejected")).toEqual(rejected);
    expect(await fresh.get("empty")).toEqual(empty);
  });

  it("another process finds an entry only once the cache that stored it is closed", async () => {
    const dir = await testdir({});
    const cache = new GenerationCache(dir);
    await cache.set("k", result);
    expect(await new GenerationCache(await copyOf(dir)).get("k")).toBeUndefined();
    await cache.close();
    expect(await new GenerationCache(await copyOf(dir)).get("k")).toEqual(result);
  });

  it("texts are stored as UTF-8 one after another and read back exactly from disk (multi-byte text too)", async () => {
    const files = [
      { path: "a.ts", contents: 'export const a = "caf\u00e9 \u{1F680} \u4e2d\u6587";\n' },
      { path: "empty.txt", contents: "" },
      { path: "b.md", contents: '# B\n\n"quoted" \\ back\\slash\n' },
    ];
    const dir = await stored({
      first: { files: [{ path: "x", contents: "before" }], diagnostics: [] },
      t: { files, diagnostics: [] },
    });
    const pack = (await readdir(dir)).find((n) => n.endsWith(".pack"))!;
    expect(await readFile(path.join(dir, pack), "utf8")).toBe(
      "before" + files.map((f) => f.contents).join(""),
    );
    const hit = await new GenerationCache(await copyOf(dir)).get("t");
    expect(hit!.files.map((f) => [f.path, f.contents])).toEqual(
      files.map((f) => [f.path, f.contents]),
    );
  });

  it("a text UTF-8 cannot carry (a lone surrogate) is kept in the index and read back exactly", async () => {
    const files = [{ path: "odd.ts", contents: "const s = '\ud800';\n" }];
    const dir = await stored({ s: { files, diagnostics: [] } });
    const hit = await new GenerationCache(await copyOf(dir)).get("s");
    expect(hit!.files[0].contents).toBe(files[0].contents);
    expect(hashOf(hit!.files[0])).toBe(contentHash(files[0].contents));
  });

  it("an entry read from disk gives paths and hashes at once, and reads the texts only when asked, checked against their hashes", async () => {
    const files = [
      { path: "a.ts", contents: "export const a = 1;\n" },
      { path: "b.md", contents: "# B\n" },
    ];
    const dir = await stored({ lazy: { files, diagnostics: [] } });
    const pack = (await readdir(dir)).find((n) => n.endsWith(".pack"))!;
    // Same length, other bytes: the hashes catch it.
    const damaged = await copyOf(dir);
    await writeFile(path.join(damaged, pack), "export const a = 2;\n# B\n");
    const hit = await new GenerationCache(damaged).get("lazy");
    expect(hit!.files.map((f) => f.path)).toEqual(["a.ts", "b.md"]);
    expect(hit!.files.map((f) => hashOf(f))).toEqual(files.map((f) => contentHash(f.contents)));
    expect(() => hit!.files[0].contents).toThrow(/pack .*\.pack is damaged/);
    // Cut short: said too.
    const short = await copyOf(dir);
    await writeFile(path.join(short, pack), "export");
    const cut = await new GenerationCache(short).get("lazy");
    expect(() => cut!.files[1].contents).toThrow(/is damaged/);
    // Whole, the texts are read on first use.
    const good = await new GenerationCache(await copyOf(dir)).get("lazy");
    expect(good!.files.map((f) => f.contents)).toEqual(files.map((f) => f.contents));
  });

  it("an index that is not one, an entry not well-formed, a missing pack or one outside the folder are misses", async () => {
    const dir = await stored({ k: result });
    const index = (await readdir(dir)).find((n) => n.endsWith(".index"))!;
    const pack = (await readdir(dir)).find((n) => n.endsWith(".pack"))!;
    const text = await readFile(path.join(dir, index), "utf8");
    const entry = (JSON.parse(text) as { entries: Record<string, Record<string, unknown>> }).entries
      .k;
    const cases: Record<string, string> = {
      "not JSON": text.slice(0, 20),
      "no version": JSON.stringify({ entries: { k: entry } }),
      "files not a list": JSON.stringify({
        onespecCache: 1,
        entries: { k: { ...entry, files: {} } },
      }),
      "no diagnostics": JSON.stringify({
        onespecCache: 1,
        entries: { k: { ...entry, diagnostics: undefined } },
      }),
      "a negative size": JSON.stringify({
        onespecCache: 1,
        entries: { k: { ...entry, files: [["a", "h", -1]] } },
      }),
      "a pack outside the folder": JSON.stringify({
        onespecCache: 1,
        entries: { k: { ...entry, pack: `../${pack}` } },
      }),
      "a pack that is not there": JSON.stringify({
        onespecCache: 1,
        entries: { k: { ...entry, pack: "gone.pack" } },
      }),
    };
    for (const [name, body] of Object.entries(cases)) {
      // In a folder of its own, with a good copy of the pack beside it, outside it.
      const bad = path.join(await testdir({}), "cache");
      await cp(dir, bad, { recursive: true });
      await cp(path.join(dir, pack), path.join(bad, "..", pack));
      await writeFile(path.join(bad, index), body);
      expect({ name, hit: await new GenerationCache(bad).get("k") }).toEqual({
        name,
        hit: undefined,
      });
    }
  });

  it("a write that fails is not an error: the entry is simply missing", async () => {
    const parent = await testdir({ cache: "a file where the folder should be" });
    const cache = new GenerationCache(path.join(parent, "cache", "generate"));
    await expect(cache.set("k", result)).resolves.toBeUndefined();
    await expect(cache.close()).resolves.toBeUndefined();
    expect(
      await new GenerationCache(path.join(parent, "cache", "generate")).get("k"),
    ).toBeUndefined();
  });

  it("past 8 index files, the cache closed last merges them into one; the newest entry of a key wins; old packs no entry is in, old temporary files and entries from before packs go", async () => {
    const dir = await testdir({});
    for (let i = 0; i < 8; i++) {
      const cache = new GenerationCache(dir);
      await cache.set(`run${i}`, { files: [{ path: "f", contents: `run ${i}` }], diagnostics: [] });
      await cache.set("shared", {
        files: [],
        diagnostics: [{ severity: "info", code: "x/run", message: `run ${i}` }],
      });
      await cache.close();
      // Each index a second newer than the one before (the order a merge keeps).
      const index = (await readdir(dir))
        .filter((n) => n.endsWith(".index"))
        .find((n) => !seen.has(n))!;
      seen.add(index);
      await utimes(path.join(dir, index), 1_000_000 + i, 1_000_000 + i);
    }
    // An old pack no index lists (its writer died before writing one) and a young one; a
    // temporary file so left, old and young; entries as onespec stored them before packs.
    await writeFile(path.join(dir, "orphan-old.pack"), "x");
    await utimes(path.join(dir, "orphan-old.pack"), 1000, 1000);
    await writeFile(path.join(dir, "orphan-young.pack"), "x");
    await writeFile(path.join(dir, "a.index.123.tmp"), "x");
    await utimes(path.join(dir, "a.index.123.tmp"), 1000, 1000);
    await writeFile(path.join(dir, "b.index.123.tmp"), "x");
    const legacy = ["json", "contents.txt", "contents.json"].map(
      (ext) => `${"ab".repeat(32)}.${ext}`,
    );
    for (const name of legacy) await writeFile(path.join(dir, name), "{}");
    expect((await readdir(dir)).filter((n) => n.endsWith(".index"))).toHaveLength(8);
    const last = new GenerationCache(dir);
    await last.set("run9", { files: [{ path: "f", contents: "run 9" }], diagnostics: [] });
    await last.close();
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith(".index"))).toHaveLength(1);
    expect(names).not.toContain("orphan-old.pack");
    expect(names).toContain("orphan-young.pack");
    expect(names).not.toContain("a.index.123.tmp");
    expect(names).toContain("b.index.123.tmp");
    for (const name of legacy) expect(names).not.toContain(name);
    const fresh = new GenerationCache(await copyOf(dir));
    for (const i of [0, 1, 2, 3, 4, 5, 6, 7, 9])
      expect((await fresh.get(`run${i}`))!.files[0].contents).toBe(`run ${i}`);
    expect((await fresh.get("shared"))!.diagnostics[0].message).toBe("run 7");
  });
  const seen = new Set<string>();
});
