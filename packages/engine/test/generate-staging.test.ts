/**
 * generate() stages each connector's files as soon as they are generated (staged-write.ts,
 * Staging), before it knows whether the run will write anything: a run that ends without
 * writing must leave the output folder exactly as it found it, staging folder included.
 */
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticError, type Generator } from "@onespec/core";
import { generate } from "../src/generate.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The repository's schema tree in a project of its own. */
function project(): string {
  const dir = mkdtempSync(path.join(SCRATCH, "staging-"));
  dirs.push(dir);
  cpSync(path.join(REPO, "schemas"), path.join(dir, "schemas"), { recursive: true });
  mkdirSync(path.join(dir, "node_modules"));
  return dir;
}

/** One file per connector; `failing` throws instead, after the others were generated. */
function oneFileEach(failing?: string): Generator {
  return {
    name: "one-file-each",
    connector: (_model, c) => {
      if (c.name === failing)
        throw new DiagnosticError([
          {
            severity: "error",
            code: "test/refused",
            message: `refused ${c.name}`,
          },
        ]);
      return [{ path: `connectors/${c.name}/file.txt`, contents: `${c.name}\n` }];
    },
  };
}

describe("generate: files staged while generating", () => {
  it("a run that fails after generating leaves no output folder it did not find", async () => {
    const dir = project();
    const outcome = await generate({
      schemas: "schemas",
      out: "generated",
      cwd: dir,
      cache: false,
      jobs: 1,
      generators: [oneFileEach("sqlite")],
    });
    expect(outcome.ok).toBe(false);
    expect(outcome.diagnostics.map((d) => d.code)).toContain("test/refused");
    expect(existsSync(path.join(dir, "generated"))).toBe(false);
  });

  it("a run refused for files onespec did not write leaves the folder as it was", async () => {
    const dir = project();
    const out = path.join(dir, "generated");
    mkdirSync(path.join(out, "connectors/postgres"), { recursive: true });
    writeFileSync(path.join(out, "connectors/postgres/file.txt"), "mine\n");
    const outcome = await generate({
      schemas: "schemas",
      out: "generated",
      cwd: dir,
      cache: false,
      jobs: 1,
      generators: [oneFileEach()],
    });
    expect(outcome.diagnostics.map((d) => d.code)).toContain("emit/not-owned");
    expect(readdirSync(out)).toEqual(["connectors"]);
    expect(readdirSync(path.join(out, "connectors"))).toEqual(["postgres"]);
  });

  it("a run that succeeds leaves only its files: nothing staged in vain stays behind", async () => {
    const dir = project();
    const first = await generate({
      schemas: "schemas",
      out: "generated",
      cwd: dir,
      cache: false,
      jobs: 1,
      generators: [oneFileEach()],
    });
    expect(first.ok).toBe(true);
    // Again: every file is generated and staged, and none needs writing.
    const again = await generate({
      schemas: "schemas",
      out: "generated",
      cwd: dir,
      cache: false,
      jobs: 1,
      generators: [oneFileEach()],
    });
    expect(again.plan?.write).toEqual([]);
    const names = readdirSync(path.join(dir, "generated")).sort();
    expect(names).toEqual([".onespec-manifest.json", "connectors"]);
  });
});
