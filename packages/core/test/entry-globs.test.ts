import { execFileSync } from "node:child_process";
import { statSync, symlinkSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileEntryGlobs } from "../src/entry-globs.js";
import { loadTree } from "../src/index.js";
import { walkTree } from "../src/tree-walk.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

// The loader matched entry globs with fast-glob until it got its own walk; this file holds the
// new walk + matcher to fast-glob's answers (same options the loader passed) on a tree with the
// awkward parts: dot folders and files, node_modules, nesting, links to folders and to files,
// a broken link, a FIFO, names with spaces and brackets.

let base: string;
let root: string;
beforeAll(async () => {
  base = await testdir({
    "outside/o.json": "{}",
    ...Object.fromEntries(
      [
        "a.json",
        "specs/a.json",
        "specs/b.JSON",
        "specs/x.json",
        "specs/[x].json",
        "specs/a1.json",
        "specs/a2.json",
        "specs/a10.json",
        "specs/.dotfile.json",
        "specs/.dot/x.json",
        "specs/a.connector.json",
        "specs/nested/c.json",
        "specs/nested/deep/d.json",
        ".hidden/h.json",
        ".hidden/deeper/e.json",
        "node_modules/pkg/p.json",
        "specs/node_modules/q.json",
        "with space/s p.json",
        "br[a]ck/k.json",
        "target/t.json",
      ].map((f) => [`root/${f}`, "{}"]),
    ),
  });
  root = path.join(base, "root");
  symlinkSync("../../outside", path.join(root, "specs/linked")); // a folder out of the root
  symlinkSync("..", path.join(root, "specs/nested/up")); // a folder in a circle
  symlinkSync("../target", path.join(root, ".hidden/inner-link")); // inside a dot folder
  symlinkSync("target", path.join(root, ".dotlink")); // a dot-named folder link
  symlinkSync("../../target", path.join(root, "node_modules/pkg/link"));
  symlinkSync("a.json", path.join(root, "specs/alias.json")); // a link to a file
  symlinkSync("nowhere.json", path.join(root, "specs/broken.json"));
  execFileSync("mkfifo", [path.join(root, "specs/pipe.json")]);
});
afterAll(cleanupTestdirs);

/** What the loader kept of fast-glob's answer: everything but folders and links to folders. */
function fastGlob(globs: string[]): string[] {
  return fg
    .sync(globs, {
      cwd: root,
      absolute: true,
      onlyFiles: false,
      followSymbolicLinks: false,
      objectMode: true,
      ignore: ["**/node_modules/**"],
    })
    .filter(({ path: p, dirent }) => !dirent.isDirectory() && !isFolder(p))
    .map(({ path: p }) => path.resolve(p))
    .sort();
}

function ours(globs: string[]): string[] {
  const compiled = compileEntryGlobs(root, globs);
  return walkTree(root, compiled.dotFolders)
    .entries.filter((e) => e.kind === "file" && compiled.matches(e.rel))
    .map((e) => path.join(root, e.rel))
    .sort();
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const SAME: string[][] = [
  ["*.json"],
  ["*"],
  ["**"],
  ["**/*"],
  ["**/*.json"],
  ["**/*.JSON"],
  ["specs/*.json"],
  ["specs/**/*.json"],
  ["specs/**"],
  ["specs/nested/**"],
  ["*/*"],
  ["**/deep/*"],
  ["**/s p.json"],
  ["with space/*.json"],
  ["specs/[x].json"],
  ["specs/\\[x\\].json"],
  ["br[a]ck/*.json"],
  ["br\\[a\\]ck/*"],
  ["specs/[ax]*.json"],
  ["specs/a[!1]*.json"],
  ["specs/a[0-9].json"],
  ["specs/a[[:digit:]]*"],
  ["specs/a?.json"],
  ["specs/?.json"],
  ["specs/*.{json,JSON}"],
  ["{specs,.hidden}/*.json"],
  ["specs/a{1..3}.json"],
  ["specs/a{1,10}.json"],
  ["specs/+(a|x).json"],
  ["specs/@(a|b).*"],
  [".*"],
  [".hidden/*.json"],
  [".hidden/**"],
  ["**/.hidden/**/*.json"],
  ["**/.dot/*"],
  ["specs/.*.json"],
  ["specs/.dotfile.json"],
  ["specs/nested/c.json"],
  ["specs/alias.json"],
  ["specs/nowhere.json"],
  ["node_modules/**"],
  ["node_modules/pkg/p.json"],
  ["**/node_modules/**"],
  ["./specs/*.json"],
  ["specs//a.json"],
  ["specs/./nested/*.json"],
  ["specs/../a.json"],
  ["specs/*/../a.json"],
  ["specs/*.json/"],
  ["../root/specs/*.json"],
  ["!specs/*.json"],
  ["specs/**/*.json", "!specs/nested/**"],
  ["**/*.json", "!**/a*.json"],
  ["!**/x.json", "specs/*"],
  ["specs/*", "!specs/.*"],
  ["specs/*.json", "*.json", "specs/a.json"],
];

describe("entry globs: our walk and matcher against fast-glob", () => {
  it.each(SAME.map((globs) => [globs.join(" "), globs]))("%s", (_, globs) => {
    const want = fastGlob(globs);
    expect(ours(globs)).toEqual(want);
  });

  it("the table exercises the tree: most globs match something, and not all the same", () => {
    const answers = SAME.map((g) => fastGlob(g).join("\n"));
    expect(answers.filter((a) => a !== "").length).toBeGreaterThan(SAME.length * 0.8);
    expect(new Set(answers).size).toBeGreaterThan(SAME.length * 0.5);
  });
});

describe("entry globs: where we deliberately differ from fast-glob", () => {
  it("a glob through a link to a folder finds nothing (fast-glob read the linked folder as the glob's base)", () => {
    expect(fastGlob(["specs/linked/*.json"])).toEqual([path.join(root, "specs/linked/o.json")]);
    expect(ours(["specs/linked/*.json"])).toEqual([]);
  });

  it.each([
    ["../outside/*.json"],
    ["<base>/outside/*.json"],
    ["<base>/*/o.json"],
    ["specs/../../outside/*"],
  ])(
    "%s leads outside the root: reported, never listed (fast-glob listed the folder outside)",
    (written) => {
      const glob = written.replace("<base>", base);
      expect(fastGlob([glob]).length).toBeGreaterThan(0);
      const compiled = compileEntryGlobs(root, [glob]);
      expect(compiled.outside).toEqual([glob]);
      expect(ours([glob])).toEqual([]);
    },
  );

  it("an absolute glob under the root means the relative one", () => {
    expect(ours([`${root}/specs/*.json`])).toEqual(ours(["specs/*.json"]));
    expect(ours(["specs/*.json"]).length).toBeGreaterThan(3);
  });
});

describe("folder links: our walk against fast-glob's", () => {
  it("warns about the same links (not inside node_modules or dot folders, nor dot-named ones)", async () => {
    const want = fg
      .sync(["**"], {
        cwd: root,
        absolute: true,
        onlyFiles: false,
        followSymbolicLinks: false,
        objectMode: true,
        ignore: ["**/node_modules/**", "**/.*/**"],
      })
      .filter(({ path: p, dirent }) => dirent.isSymbolicLink() && isFolder(p))
      .map(({ path: p }) => path.relative(root, p))
      .sort();
    expect(want).toEqual(["specs/linked", "specs/nested/up"]);
    const model = await loadTree({ root, cwd: root });
    const links = model.diagnostics.filter((d) => d.code === "load/folder-link");
    expect(links.map((d) => d.file)).toEqual(want);
  });
});

describe("entry globs over an unreadable folder", () => {
  it("a root that cannot be listed → tree/unreadable located at it, then tree/no-entries", async () => {
    const file = path.join(root, "a.json");
    const model = await loadTree({ root: file, cwd: root, entries: ["*.json"] });
    expect(model.diagnostics.map((d) => [d.code, d.file])).toEqual([
      ["tree/unreadable", "a.json"],
      ["tree/no-entries", "a.json"],
    ]);
    expect(model.diagnostics[0].message).toContain("ENOTDIR");
  });

  it("only a folder a glob could reach is reported", () => {
    const reach = compileEntryGlobs(root, ["specs/*.json", "defs/**/*.json"]).reaches;
    expect(["", "specs", "defs", "defs/a/b"].map(reach)).toEqual([true, true, true, true]);
    expect(["specs/nested", "other", "other/defs"].map(reach)).toEqual([false, false, false]);
  });
});
