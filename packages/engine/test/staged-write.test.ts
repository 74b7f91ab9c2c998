import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { placeStaged, writeStaged, type StagedChanges } from "../src/staged-write.js";
import { cleanupTestdirs, testdir } from "../../core/test/testdir.js";

afterAll(cleanupTestdirs);

/** Every file under `dir` with its contents (relative paths, forward slashes), staging aside. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
    .filter((f) => !f.startsWith(".onespec-tmp-"))
    .sort();
  return Object.fromEntries(
    await Promise.all(files.map(async (f) => [f, await readFile(path.join(dir, f), "utf8")])),
  );
}

const cases: {
  name: string;
  in: { before: Record<string, string>; changes: StagedChanges };
  out: Record<string, string>;
}[] = [
  {
    name: "writes new files, creating their folders",
    in: { before: {}, changes: { write: [{ path: "a/b/c.ts", contents: "c" }] } },
    out: { "a/b/c.ts": "c" },
  },
  {
    name: "replaces an existing file and leaves the others alone",
    in: {
      before: { "x.ts": "old", "y.ts": "kept" },
      changes: { write: [{ path: "x.ts", contents: "new" }] },
    },
    out: { "x.ts": "new", "y.ts": "kept" },
  },
  {
    name: "removes files; a removal that is not there is not an error",
    in: {
      before: { "gone.ts": "g", "stays.ts": "s" },
      changes: { write: [], remove: ["gone.ts", "never-was.ts"] },
    },
    out: { "stays.ts": "s" },
  },
  {
    name: "a removed folder is replaced whole by the files written into it",
    in: {
      before: { "pkg/old.ts": "o", "pkg/same.ts": "1" },
      changes: { write: [{ path: "pkg/same.ts", contents: "2" }], remove: ["pkg"] },
    },
    out: { "pkg/same.ts": "2" },
  },
];

describe("writeStaged", () => {
  for (const c of cases)
    it(c.name, async () => {
      const root = await testdir(c.in.before);
      await writeStaged(root, c.in.changes);
      expect(await snapshot(root)).toEqual(c.out);
    });

  it("a step that fails leaves the root exactly as it was, folders and staging included", async () => {
    // `blocker` is a file, so the folder `blocker/` cannot be created.
    const before = { "a.ts": "a", "pkg/p.ts": "p", blocker: "not a folder" };
    const root = await testdir(before);
    const changes: StagedChanges = {
      write: [
        { path: "a.ts", contents: "changed" },
        { path: "new/deep/n.ts", contents: "n" },
        { path: "blocker/x.ts", contents: "x" },
      ],
      remove: ["pkg"],
    };
    await expect(writeStaged(root, changes)).rejects.toThrow(/blocker/);
    expect(await snapshot(root)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["a.ts", "blocker", "pkg"]);
  });

  it("a root it had to create is gone again after a failure", async () => {
    const parent = await testdir({ blocker: "file" });
    const root = path.join(parent, "out");
    await expect(
      writeStaged(root, {
        write: [
          { path: "ok.ts", contents: "ok" },
          { path: "../blocker/x.ts", contents: "x" },
        ],
      }),
    ).rejects.toThrow();
    expect(existsSync(root)).toBe(false);
  });
});

describe("placeStaged", () => {
  it("rollback after a successful placement restores what was replaced and removed", async () => {
    const before = { "pkg/old.ts": "o", "x.ts": "1" };
    const root = await testdir(before);
    const placed = await placeStaged(root, {
      write: [
        { path: "pkg/new.ts", contents: "n" },
        { path: "x.ts", contents: "2" },
        { path: "fresh/f.ts", contents: "f" },
      ],
      remove: ["pkg"],
    });
    expect(await snapshot(root)).toEqual({ "pkg/new.ts": "n", "x.ts": "2", "fresh/f.ts": "f" });
    await placed.rollback();
    expect(await snapshot(root)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["pkg", "x.ts"]);
  });

  it("many files at once: placed, then rolled back to exactly what was there", async () => {
    const before: Record<string, string> = {};
    for (let i = 0; i < 60; i++) before[`c${i % 7}/f${i}.ts`] = `old ${i}`;
    const root = await testdir(before);
    const write = Array.from({ length: 150 }, (_, i) => ({
      path: `c${i % 9}/f${i}.ts`,
      contents: `new ${i}`,
    }));
    const placed = await placeStaged(root, { write, remove: ["c6"] });
    const after = await snapshot(root);
    for (const f of write) expect(after[f.path]).toBe(f.contents);
    expect(Object.keys(after).filter((p) => p.startsWith("c6/"))).toEqual(
      write
        .filter((f) => f.path.startsWith("c6/"))
        .map((f) => f.path)
        .sort(),
    );
    await placed.rollback();
    expect(await snapshot(root)).toEqual(before);
    expect((await readdir(root)).sort()).toEqual(["c0", "c1", "c2", "c3", "c4", "c5", "c6"]);
  });

  it("keeps what it replaced aside until commit, then drops it", async () => {
    const root = await testdir({ "x.ts": "1" });
    const placed = await placeStaged(root, { write: [{ path: "x.ts", contents: "2" }] });
    const staging = (await readdir(root)).filter((n) => n.startsWith(".onespec-tmp-"));
    expect(staging).toHaveLength(1);
    expect(await snapshot(path.join(root, staging[0]))).toEqual({ "old/0": "1" });
    await placed.commit();
    expect(await readdir(root)).toEqual(["x.ts"]);
  });
});
