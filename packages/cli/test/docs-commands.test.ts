/**
 * Every command the docs show still runs and prints what is pasted under it.
 *
 * Reads README.md and docs/**\/*.md. In a ```console block, a line starting with `$ ` is a
 * command (a trailing `\` continues it on the next line) and the lines after it, up to the next
 * command, are what it prints, stdout and stderr together. Conventions, so the pages stay
 * honest without becoming test scripts:
 *
 * - Each page runs in its own folder outside the repository, its blocks in order, so a later
 *   block sees what an earlier one wrote. `node_modules` there is a link to the repository's,
 *   so generated code resolves `@onespec/runtime` and `npx <bin>` runs the repository's bin
 *   (`npx onespec` is packages/cli/bin/onespec.js, the built CLI). The generation cache goes
 *   to a folder of its own (ONESPEC_CACHE_DIR), so every page starts cold and nothing in the
 *   repository is written.
 * - `<!-- docs-test: copy <repo path> [to <path>] -->` anywhere in a page copies a file or
 *   folder of the repository into the page's folder before its first block.
 * - A fenced block whose info string has `file=<path>` (```yaml file=config.yaml) is written
 *   to that path when the page reaches it.
 * - `<!-- docs-test: not run: <reason> -->` right before a block skips it; the reason is
 *   required, so the page says why.
 * - A pasted line `…` stands for any number of lines. A command with nothing pasted under it
 *   is run but its output is not compared.
 *
 * Normalised, because they cannot be pasted: durations (`3 ms`, `0.51s`) become `<time>`,
 * together with the spaces that pad them into a column. Trailing spaces and trailing empty
 * lines are ignored. Nothing else is.
 */
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO } from "./helpers.js";

interface Command {
  line: number;
  command: string;
  expected: string[];
}
type Step =
  | { kind: "file"; path: string; contents: string }
  | { kind: "console"; line: number; commands: Command[] }
  | { kind: "skipped"; line: number; reason: string };
interface Page {
  file: string;
  copies: { from: string; to: string }[];
  steps: Step[];
}

const FENCE = /^(`{3,})(\S*)(.*)$/;
const SKIP = /^<!--\s*docs-test:\s*not run:(.*?)-->\s*$/;
const COPY = /<!--\s*docs-test:\s*copy\s+(\S+)(?:\s+to\s+(\S+))?\s*-->/g;

export function parsePage(file: string, text: string): Page {
  const lines = text.split("\n");
  const copies = [...text.matchAll(COPY)].map((m) => ({ from: m[1], to: m[2] ?? m[1] }));
  const steps: Step[] = [];
  let skipReason: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const skip = SKIP.exec(lines[i]);
    if (skip) {
      skipReason = skip[1].trim();
      if (!skipReason) throw new Error(`${file}:${i + 1}: "not run" needs a reason`);
      continue;
    }
    const open = FENCE.exec(lines[i]);
    if (!open) {
      if (lines[i].trim() !== "") skipReason = undefined;
      continue;
    }
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith(open[1]); i++) body.push(lines[i]);
    const [lang, info] = [open[2], open[3]];
    const target = /\bfile=(\S+)/.exec(info)?.[1];
    if (skipReason !== undefined) {
      if (lang === "console") steps.push({ kind: "skipped", line: start + 1, reason: skipReason });
    } else if (target) steps.push({ kind: "file", path: target, contents: body.join("\n") + "\n" });
    else if (lang === "console")
      steps.push({ kind: "console", line: start + 1, commands: parseConsole(body, start + 2) });
    skipReason = undefined;
  }
  return { file, copies, steps };
}

function parseConsole(body: string[], firstLine: number): Command[] {
  const commands: Command[] = [];
  for (let i = 0; i < body.length; i++) {
    const text = body[i];
    if (text.startsWith("$ ")) {
      let command = text.slice(2);
      const line = firstLine + i;
      while (command.endsWith("\\") && i + 1 < body.length)
        command = command.slice(0, -1) + "\n" + body[++i];
      commands.push({ line, command, expected: [] });
    } else if (commands.length > 0) commands.at(-1)!.expected.push(text);
    else throw new Error(`line ${firstLine + i}: output before any "$ " command`);
  }
  return commands;
}

export function normalise(text: string): string[] {
  const lines = text
    .split("\n")
    .map((l) => l.replace(/ *\b\d+(?:\.\d+)? ?(?:ms|s)\b/g, " <time>").trimEnd());
  while (lines.length > 0 && lines.at(-1) === "") lines.pop();
  return lines;
}

/** Does `actual` match `expected`, where an expected line "…" stands for any number of lines? */
export function matches(expected: string[], actual: string[]): boolean {
  const memo = new Map<string, boolean>();
  const go = (e: number, a: number): boolean => {
    const key = `${e},${a}`;
    if (memo.has(key)) return memo.get(key)!;
    let ok: boolean;
    if (e === expected.length) ok = a === actual.length;
    else if (expected[e] === "…") ok = go(e + 1, a) || (a < actual.length && go(e, a + 1));
    else ok = a < actual.length && expected[e] === actual[a] && go(e + 1, a + 1);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

function markdownFiles(extra: string[] = []): string[] {
  const found = ["README.md", ...extra];
  const walk = (dir: string) => {
    for (const entry of readdirSync(path.join(REPO, dir), { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const rel = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".md")) found.push(rel);
    }
  };
  walk("docs");
  return found;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** `npx <bin>` runs the linked node_modules/.bin/<bin> directly: npx's own start-up is slow and would look it up there anyway. */
const PRELUDE = 'npx() { "$@"; }\n';

function run(command: string, cwd: string, cacheDir: string): string {
  const r = spawnSync("bash", ["-c", `${PRELUDE}{\n${command}\n} 2>&1`], {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
    env: {
      ...process.env,
      PATH: `${path.join(cwd, "node_modules/.bin")}:${process.env.PATH}`,
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      ONESPEC_CACHE_DIR: cacheDir,
    },
  });
  if (r.error) throw r.error;
  return r.stdout;
}

describe("the harness", () => {
  it.each([
    ["an exact match", ["a", "b"], ["a", "b"], true],
    ["a different line", ["a", "b"], ["a", "c"], false],
    ["a missing line", ["a", "b"], ["a"], false],
    ["… for several lines", ["a", "…", "d"], ["a", "b", "c", "d"], true],
    ["… for none", ["a", "…", "d"], ["a", "d"], true],
    ["… does not excuse a wrong last line", ["a", "…", "d"], ["a", "b", "c"], false],
  ])("%s", (_name, expected, actual, want) => {
    expect(matches(expected, actual)).toBe(want);
  });

  it("normalises durations and their padding, nothing else", () => {
    expect(normalise("✓ Check   passed     12 ms  3 steps\nok (0.51s)\n\n")).toEqual([
      "✓ Check   passed <time>  3 steps",
      "ok ( <time>)",
    ]);
  });

  it("finds the pages with commands, so an empty run cannot pass for a green one", () => {
    expect(pages.map((p) => p.file)).toEqual(
      expect.arrayContaining([
        "README.md",
        "docs/getting-started.md",
        "docs/cli.md",
        "docs/running.md",
      ]),
    );
  });

  it("reads commands, continuations, written files and skipped blocks", () => {
    const page = parsePage(
      "x.md",
      [
        "<!-- docs-test: copy examples to ex -->",
        "```yaml file=a.yaml",
        "k: v",
        "```",
        "<!-- docs-test: not run: needs a server -->",
        "```console",
        "$ serve",
        "```",
        "```console",
        "$ echo a \\",
        "  b",
        "a b",
        "$ true",
        "```",
      ].join("\n"),
    );
    expect(page.copies).toEqual([{ from: "examples", to: "ex" }]);
    expect(page.steps).toEqual([
      { kind: "file", path: "a.yaml", contents: "k: v\n" },
      { kind: "skipped", line: 6, reason: "needs a server" },
      {
        kind: "console",
        line: 9,
        commands: [
          { line: 10, command: "echo a \n  b", expected: ["a b"] },
          { line: 13, command: "true", expected: [] },
        ],
      },
    ]);
    expect(() => parsePage("y.md", "<!-- docs-test: not run: -->\n```console\n$ x\n```")).toThrow(
      /needs a reason/,
    );
  });
});

const pages = markdownFiles()
  .map((file) => parsePage(file, readFileSync(path.join(REPO, file), "utf8")))
  .filter((page) => page.steps.some((s) => s.kind === "console"));

describe.each(pages.map((page) => [page.file, page] as const))("%s", (file, page) => {
  const blocks = page.steps.filter((s) => s.kind === "console").length;
  it(`runs its ${blocks} console block(s) as pasted`, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-docs-"));
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), "onespec-docs-cache-"));
    scratch.push(dir, cacheDir);
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    for (const { from, to } of page.copies)
      cpSync(path.join(REPO, from), path.join(dir, to), { recursive: true });
    for (const step of page.steps) {
      if (step.kind === "file") {
        mkdirSync(path.dirname(path.join(dir, step.path)), { recursive: true });
        writeFileSync(path.join(dir, step.path), step.contents);
      } else if (step.kind === "console") {
        for (const { line, command, expected } of step.commands) {
          const output = run(command, dir, cacheDir);
          if (expected.length === 0) continue;
          const actual = normalise(output);
          const want = normalise(expected.join("\n"));
          if (!matches(want, actual))
            expect(actual.join("\n"), `${file}:${line}: $ ${command}`).toBe(want.join("\n"));
        }
      }
    }
  });
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(text: string): Set<string> {
  const prose = text.replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...prose.matchAll(/^#+\s+(.*)$/gm)].map((m) => slug(m[1])));
}

describe("links between the docs", () => {
  const files = markdownFiles(["ARCHITECTURE.md", "BENCHMARKS.md"]);
  it.each(files)(
    "%s: every relative link names a file that exists, and a heading in it",
    (file) => {
      const text = readFileSync(path.join(REPO, file), "utf8");
      const broken: string[] = [];
      for (const [, target] of text
        .replace(/^```[\s\S]*?^```/gm, "")
        .matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?|mailto):/.test(target)) continue;
        const [ref, anchor] = target.split("#") as [string, string | undefined];
        const resolved = ref
          ? path.join(path.dirname(path.join(REPO, file)), ref)
          : path.join(REPO, file);
        if (!existsSync(resolved)) broken.push(`${target}: no such file`);
        else if (
          anchor &&
          resolved.endsWith(".md") &&
          !anchorsOf(readFileSync(resolved, "utf8")).has(anchor)
        )
          broken.push(`${target}: no such heading`);
      }
      expect(broken).toEqual([]);
    },
  );

  it("slugs headings as GitHub does", () => {
    expect(slug("The form component (`packages/forms`)")).toBe("the-form-component-packagesforms");
    expect(slug("2. Generate")).toBe("2-generate");
  });
});
