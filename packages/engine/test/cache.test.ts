import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
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

  const entries: { name: string; in: string | undefined; out: GenerateResult | undefined }[] = [
    { name: "no entry", in: undefined, out: undefined },
    { name: "an entry", in: JSON.stringify(result), out: result },
    { name: "an entry cut short", in: JSON.stringify(result).slice(0, 20), out: undefined },
    { name: "an entry without files", in: JSON.stringify({ diagnostics: [] }), out: undefined },
    {
      name: "an entry whose files are not a list",
      in: JSON.stringify({ files: {}, diagnostics: [] }),
      out: undefined,
    },
  ];
  it.each(entries)("get: $name", async (c) => {
    const dir = await testdir(c.in === undefined ? {} : { "k.json": c.in });
    expect(await new GenerationCache(dir).get("k")).toEqual(c.out);
  });

  it("set then get gives the files and diagnostics back, and leaves no temporary file", async () => {
    const dir = path.join(await testdir({}), "cache", "deep");
    const cache = new GenerationCache(dir);
    await cache.set("k", { ...result, extra: "not stored" } as GenerateResult);
    expect(await cache.get("k")).toEqual(result);
    expect((await readdir(dir)).sort()).toEqual(["k.contents.txt", "k.json"]);
  });

  it("contents are stored as text cut by lengths, read back exactly from disk (multi-byte text too)", async () => {
    const dir = await testdir({});
    const files = [
      { path: "a.ts", contents: 'export const a = "caf\u00e9 \u{1F680} \u4e2d\u6587";\n' },
      { path: "empty.txt", contents: "" },
      { path: "b.md", contents: '# B\n\n"quoted" \\ back\\slash\n' },
    ];
    await new GenerationCache(dir).set("t", { files, diagnostics: [] });
    expect((await readdir(dir)).sort()).toEqual(["t.contents.txt", "t.json"]);
    expect(await readFile(path.join(dir, "t.contents.txt"), "utf8")).toBe(
      files.map((f) => f.contents).join(""),
    );
    // Read from disk (another folder: this process remembers the entries it wrote).
    const copy = await testdir({});
    for (const name of await readdir(dir))
      await writeFile(path.join(copy, name), await readFile(path.join(dir, name)));
    const hit = await new GenerationCache(copy).get("t");
    expect(hit!.files.map((f) => [f.path, f.contents])).toEqual(
      files.map((f) => [f.path, f.contents]),
    );
    // A text whose length does not add up is damaged, said when its contents are asked for.
    const other = await testdir({});
    await writeFile(path.join(other, "t.json"), await readFile(path.join(dir, "t.json")));
    await writeFile(path.join(other, "t.contents.txt"), "too short");
    const damaged = await new GenerationCache(other).get("t");
    expect(() => damaged!.files[0].contents).toThrow(/t\.contents\.txt is damaged/);
  });

  it("a text UTF-8 cannot carry (a lone surrogate) is stored as JSON and read back exactly", async () => {
    const dir = await testdir({});
    const files = [{ path: "odd.ts", contents: "const s = '\ud800';\n" }];
    await new GenerationCache(dir).set("s", { files, diagnostics: [] });
    expect((await readdir(dir)).sort()).toEqual(["s.contents.json", "s.json"]);
    const copy = await testdir({});
    for (const name of await readdir(dir))
      await writeFile(path.join(copy, name), await readFile(path.join(dir, name)));
    const hit = await new GenerationCache(copy).get("s");
    expect(hit!.files[0].contents).toBe(files[0].contents);
  });

  it("an entry read from disk gives paths and hashes at once, and reads the contents only when asked", async () => {
    const dir = await testdir({});
    const files = [
      { path: "a.ts", contents: "export const a = 1;\n" },
      { path: "b.md", contents: "# B\n" },
    ];
    await writeFile(
      path.join(dir, "lazy.json"),
      JSON.stringify({
        files: files.map((f) => ({ path: f.path, hash: contentHash(f.contents) })),
        diagnostics: [],
      }),
    );
    await writeFile(path.join(dir, "lazy.contents.json"), JSON.stringify(["damaged"]));
    const hit = await new GenerationCache(dir).get("lazy");
    // Paths and hashes come from the index alone: the damaged contents file is not read for them.
    expect(hit!.files.map((f) => f.path)).toEqual(["a.ts", "b.md"]);
    expect(hit!.files.map((f) => hashOf(f))).toEqual(files.map((f) => contentHash(f.contents)));
    expect(() => hit!.files[0].contents).toThrow(/lazy\.contents\.json is damaged/);
    // Repaired, the contents are read on first use.
    await writeFile(
      path.join(dir, "lazy2.json"),
      await readFile(path.join(dir, "lazy.json"), "utf8"),
    );
    await writeFile(
      path.join(dir, "lazy2.contents.json"),
      JSON.stringify(files.map((f) => f.contents)),
    );
    const good = await new GenerationCache(dir).get("lazy2");
    expect(good!.files.map((f) => f.contents)).toEqual(files.map((f) => f.contents));
    // An index whose contents file is missing is a miss, not a crash later.
    await writeFile(
      path.join(dir, "orphan.json"),
      await readFile(path.join(dir, "lazy.json"), "utf8"),
    );
    expect(await new GenerationCache(dir).get("orphan")).toBeUndefined();
  });

  it("a write that fails is not an error: the entry is simply missing", async () => {
    const dir = await testdir({});
    // A folder where the temporary file would go: writing it fails.
    await mkdir(path.join(dir, `k.json.${process.pid}.tmp`));
    const cache = new GenerationCache(dir);
    await expect(cache.set("k", result)).resolves.toBeUndefined();
    expect(await cache.get("k")).toBeUndefined();
    await writeFile(path.join(dir, "other.json"), JSON.stringify(result));
    expect(await cache.get("other")).toEqual(result);
  });
});
