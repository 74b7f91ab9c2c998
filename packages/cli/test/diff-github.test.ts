import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { BIN, REPO, onespec } from "./helpers.js";

// A pull request's view: main holds two connectors that share a port definition in another
// folder, and a third; the branch narrows the shared port, removes a property of pg, drops the
// (secret) item schema of my's tags and deletes the third connector. Each annotation must land
// on a line of the new files (the changed keyword, or the parent of what is gone), or on the
// deleted file's line in the base.
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const STEPS = {
  steps: [
    { name: "Connect", description: "Connects.", mandatory: true, errorMessage: "Check it." },
  ],
};
const meta = (name: string) => ({
  name,
  displayName: name,
  serviceType: "Database",
  capabilities: ["metadata"],
  version: "1.0.0",
  docsUrl: "https://example.com",
});

let repo: string;
const write = (file: string, value: unknown) => {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), JSON.stringify(value, null, 2) + "\n");
};
const git = (...args: string[]) => {
  const r = spawnSync(
    "git",
    ["-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", ...args],
    { cwd: repo, encoding: "utf8" },
  );
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
};
const connector = (name: string, schema: object) => {
  write(`schemas/connectors/${name}/connection.json`, schema);
  write(`schemas/connectors/${name}/connector.json`, meta(name));
  write(`schemas/connectors/${name}/test-connection.json`, STEPS);
};
const PORT = { $ref: "../../definitions/net/port.json" };
const pg = (props: object) => ({
  $schema: DRAFT_07,
  type: "object",
  additionalProperties: false,
  properties: { host: { type: "string" }, port: PORT, ...props },
});
const my = (tags: object) => ({
  $schema: DRAFT_07,
  type: "object",
  properties: { port: PORT, tags },
});
const port = (maximum: number) => ({ $schema: DRAFT_07, type: "integer", maximum });

/** The 1-based line of the first line of a file of the repo (now, or at main) holding `text`. */
const lineOf = (file: string, text: string, rev?: string) => {
  const content = rev ? git("show", `${rev}:${file}`) : readFileSync(path.join(repo, file), "utf8");
  const index = content.split("\n").findIndex((l) => l.includes(text));
  expect(index, `${text} in ${file}`).toBeGreaterThanOrEqual(0);
  return index + 1;
};

beforeAll(() => {
  repo = realpathSync(mkdtempSync(path.join(tmpdir(), "onespec-diff-github-")));
  git("init", "-q", "-b", "main");
  connector("pg", pg({ legacy: { type: "string" } }));
  connector("my", my({ type: "array", items: { type: "string", secret: true } }));
  connector("old", pg({}));
  write("schemas/definitions/net/port.json", port(65535));
  git("add", "-A");
  git("commit", "-q", "-m", "one");
  git("checkout", "-q", "-b", "feature");
  connector("pg", pg({}));
  connector("my", my({ type: "array" }));
  rmSync(path.join(repo, "schemas/connectors/old"), { recursive: true });
  write("schemas/definitions/net/port.json", port(1024));
  git("add", "-A");
  git("commit", "-q", "-m", "two");
});
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe("onespec diff --format github", () => {
  it("annotates the changed keyword, the parent of what is gone, and a deleted file's line in the base", () => {
    const r = onespec(["diff", "main", "--format", "github"], repo);
    const lines = r.stdout.trim().split("\n");
    expect(
      lines.every((l) => l.startsWith("::")),
      r.stdout,
    ).toBe(true);
    const find = (pattern: RegExp) => {
      const hits = lines.filter((l) => pattern.test(l));
      expect(hits, `${pattern} in\n${r.stdout}`).toHaveLength(1);
      return hits[0];
    };
    const props = (line: string) =>
      Object.fromEntries(
        /^::\w+ ([^:]*)::/
          .exec(line)![1]
          .split(",")
          .map((p) => p.split("=") as [string, string]),
      );

    // The shared definition: one annotation, on its maximum in the new file, naming both connectors.
    const shared = props(find(/range-narrowed\) for 2 connectors \(my, pg\) at config \/port/));
    expect(shared).toMatchObject({
      file: "schemas/definitions/net/port.json",
      line: String(lineOf("schemas/definitions/net/port.json", '"maximum": 1024')),
      title: "diff/breaking",
    });

    // A property removed: the `properties` that no longer holds it, in the new file.
    const removed = props(find(/property-removed\) for pg at config \/legacy/));
    expect(removed).toMatchObject({
      file: "schemas/connectors/pg/connection.json",
      line: String(lineOf("schemas/connectors/pg/connection.json", '"properties": {')),
    });

    // A node that is gone (tags' item schema, a secret): its parent in the new file, and the
    // message says where it was in the base.
    const secretLine = find(/secret-removed\) for my at config \/tags\/\*/);
    expect(props(secretLine)).toMatchObject({
      file: "schemas/connectors/my/connection.json",
      line: String(lineOf("schemas/connectors/my/connection.json", '"tags": {')),
    });
    const was = lineOf("schemas/connectors/my/connection.json", '"items": {', "main");
    expect(secretLine).toContain(
      `gone from the new schema; in the base it was at schemas/connectors/my/connection.json:${was} at /properties/tags/items`,
    );

    // A connector deleted: its file is gone, so the annotation names it with its line in the base.
    expect(props(find(/connector-removed\) for old/))).toMatchObject({
      file: "schemas/connectors/old/connection.json",
      line: "1",
    });
  });

  it("runs as docs/examples/schema-diff.yml runs it on a pull request", () => {
    const workflow = parse(readFileSync(path.join(REPO, "docs/examples/schema-diff.yml"), "utf8"));
    // `on: pull_request`, or a map holding it alone.
    const on = typeof workflow.on === "string" ? [workflow.on] : Object.keys(workflow.on);
    expect(on).toEqual(["pull_request"]);
    const steps: { uses?: string; with?: Record<string, unknown>; run?: string }[] =
      workflow.jobs.diff.steps;
    const checkout = steps.find((s) => s.uses?.startsWith("actions/checkout@"));
    expect(checkout?.with?.["fetch-depth"]).toBe(0);
    const run = steps.map((s) => s.run ?? "").find((r) => r.includes("onespec diff"));
    expect(run).toContain("--format github");
    // The pull request's checkout: the target branch as a remote-tracking ref, the head checked
    // out; `npx onespec` is the repository's bin, through a shim on PATH.
    git("update-ref", "refs/remotes/origin/main", "main");
    const shim = mkdtempSync(path.join(tmpdir(), "onespec-shim-"));
    try {
      writeFileSync(
        path.join(shim, "onespec"),
        `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`,
        { mode: 0o755 },
      );
      const command = run!
        .replace(/\$\{\{\s*github\.base_ref\s*\}\}/g, "main")
        .replace(/\bnpx onespec\b/g, "onespec");
      const r = spawnSync("bash", ["-c", command], {
        cwd: repo,
        encoding: "utf8",
        env: { ...process.env, PATH: `${shim}${path.delimiter}${process.env.PATH}`, NO_COLOR: "1" },
      });
      // The versions were not bumped: the check fails, and says where.
      expect(r.status, r.stderr).toBe(1);
      const lines = r.stdout.trim().split("\n");
      expect(
        lines.every((l) => l.startsWith("::")),
        r.stdout,
      ).toBe(true);
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^::warning file=schemas\/definitions\/net\/port\.json,line=\d+,col=\d+,title=diff\/breaking::/,
        ),
      );
      expect(lines).toContainEqual(
        expect.stringMatching(
          /^::error file=schemas\/connectors\/pg\/connector\.json,line=8,col=\d+,title=diff\/version-not-bumped::/,
        ),
      );
    } finally {
      rmSync(shim, { recursive: true, force: true });
    }
  });
});
