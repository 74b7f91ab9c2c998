import { existsSync } from "node:fs";
import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { placeStaged, Staging, writeStaged, type StagedChanges } from "../src/staged-write.js";
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

/** The files waiting in `root`'s staging folder (none when there is no staging folder). */
async function stagedNames(root: string): Promise<string[]> {
  const staging = (await readdir(root)).filter((n) => n.startsWith(".onespec-tmp-"));
  const names: string[] = [];
  for (const s of staging) names.push(...(await readdir(path.join(root, s, "new"))));
  return names.sort();
}

describe("Staging", () => {
  it("stages files before the plan is known; placing moves the staged copy, not a second write", async () => {
    const root = await testdir({ "keep.ts": "k" });
    const staging = new Staging(root);
    staging.stage({ path: "a/one.ts", contents: "1" });
    staging.stage({ path: "two.ts", contents: "2" });
    const staged = await staging.copyOf({ path: "a/one.ts", contents: "1" });
    expect(await staging.copyOf({ path: "two.ts", contents: "2" })).toBeDefined();
    // Staged is not placed: the root shows nothing new yet, the staging folder holds both.
    expect(await snapshot(root)).toEqual({ "keep.ts": "k" });
    expect(await stagedNames(root)).toHaveLength(2);
    const inode = (await stat(staged!)).ino;
    await writeStaged(root, { write: [{ path: "a/one.ts", contents: "1" }] }, staging);
    expect(await snapshot(root)).toEqual({ "keep.ts": "k", "a/one.ts": "1" });
    // The file in place is the staged one, renamed; what was staged in vain went with the staging folder.
    expect((await stat(path.join(root, "a/one.ts"))).ino).toBe(inode);
    expect((await readdir(root)).sort()).toEqual(["a", "keep.ts"]);
  });

  it("a staged copy whose contents differ from what is placed is not used", async () => {
    const root = await testdir({});
    const staging = new Staging(root);
    staging.stage({ path: "x.ts", contents: "first" });
    const stale = (await staging.copyOf({ path: "x.ts", contents: "first" }))!;
    const inode = (await stat(stale)).ino;
    expect(await staging.copyOf({ path: "x.ts", contents: "second" })).toBeUndefined();
    await writeStaged(root, { write: [{ path: "x.ts", contents: "second" }] }, staging);
    expect(await snapshot(root)).toEqual({ "x.ts": "second" });
    expect((await stat(path.join(root, "x.ts"))).ino).not.toBe(inode);
  });

  it("discard drops what was staged, and a root it had to create", async () => {
    const parent = await testdir({ "other.ts": "o" });
    const root = path.join(parent, "out");
    const staging = new Staging(root);
    staging.stage({ path: "a.ts", contents: "a" });
    expect(await staging.copyOf({ path: "a.ts", contents: "a" })).toBeDefined();
    expect(existsSync(root)).toBe(true);
    await staging.discard();
    expect(existsSync(root)).toBe(false);
    expect(await snapshot(parent)).toEqual({ "other.ts": "o" });
  });

  it("discard in an existing root leaves it as it was", async () => {
    const before = { "a.ts": "a" };
    const root = await testdir(before);
    const staging = new Staging(root);
    staging.stage({ path: "a.ts", contents: "changed" });
    await staging.discard();
    expect(await snapshot(root)).toEqual(before);
    expect(await readdir(root)).toEqual(["a.ts"]);
  });

  it("a placement that fails after staging leaves the root exactly as it was, staging and created root included", async () => {
    const parent = await testdir({ blocker: "file" });
    const root = path.join(parent, "out");
    const staging = new Staging(root);
    const write = [
      { path: "ok.ts", contents: "ok" },
      { path: "../blocker/x.ts", contents: "x" },
    ];
    staging.stage(write[0]);
    await expect(writeStaged(root, { write }, staging)).rejects.toThrow();
    expect(existsSync(root)).toBe(false);
    // Handed over: discarding afterwards is a no-op and does not throw.
    await staging.discard();
    expect(await snapshot(parent)).toEqual({ blocker: "file" });
  });
});
