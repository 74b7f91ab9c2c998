import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generate, type GenerateOptions } from "../src/index.js";

// What a run's per-document checks gave is kept in the cache folder (checked-docs.ts); the next
// run checks and repairs only the documents whose text changed, and reports what a cold run would.
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "checked-docs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemas = path.join(dir, "schemas");
cpSync(path.join(REPO, "schemas"), schemas, { recursive: true });
const cacheDir = path.join(dir, "cache");
const options: GenerateOptions = {
  schemas,
  out: path.join(dir, "out"),
  cacheDir,
  generators: ["types"],
  cwd: dir,
};
const sqlite = path.join(schemas, "connectors/sqlite/connection.json");
const remembered = () => {
  const files = readdirSync(cacheDir).filter((f) => /^checked-docs-.*\.json$/.test(f));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(cacheDir, files[0]), "utf8")) as [string, object][];
};
const codes = (r: Awaited<ReturnType<typeof generate>>) =>
  r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort();

describe("documents a past run checked", () => {
  it("are remembered in the cache folder, and a run with a fresh cache says the same", async () => {
    const first = await generate(options);
    expect(first.ok).toBe(true);
    const keys = remembered();
    expect(keys.length).toBeGreaterThan(3);
    writeFileSync(
      sqlite,
      readFileSync(sqlite, "utf8").replace(
        '"type": "string"',
        '"type": "string", "enum": ["a", "a"]',
      ),
    );
    const edited = await generate(options);
    const cold = await generate({ ...options, cacheDir: path.join(dir, "other-cache") });
    expect(codes(edited)).toEqual(codes(cold));
    expect(
      codes(edited).some(
        (c) => c.includes("sqlite/connection.json") && c.endsWith("duplicate-enum-value"),
      ),
    ).toBe(true);
    // The edited document was checked again and added, with its warning; the rest is as it was.
    const after = remembered();
    expect(after.slice(0, keys.length)).toEqual(keys);
    expect(after.slice(keys.length)).toHaveLength(1);
    expect(JSON.stringify(after[keys.length][1])).toContain("duplicate-enum-value");
    // A third run (the file written again, so the no-op fast path does not answer) takes it from
    // the map and still says what a cold run says.
    writeFileSync(sqlite, readFileSync(sqlite));
    const third = await generate(options);
    expect(third.model).toBeDefined();
    expect(codes(third)).toEqual(codes(cold));
    expect(remembered()).toEqual(after);
  });

  it("are not written without a cache folder", async () => {
    await generate({
      ...options,
      out: path.join(dir, "out-2"),
      cache: false,
      cacheDir: path.join(dir, "no-cache"),
    });
    expect(() => readdirSync(path.join(dir, "no-cache"))).toThrow();
  });
});

describe("secret-value warnings a past run found", () => {
  const secretDir = mkdtempSync(path.join(SCRATCH, "secret-values-"));
  afterAll(() => rmSync(secretDir, { recursive: true, force: true }));
  const secretSchemas = path.join(secretDir, "schemas");
  cpSync(path.join(REPO, "schemas"), secretSchemas, { recursive: true });
  const postgres = path.join(secretSchemas, "connectors/postgres/connection.json");
  // A secret with examples: generate leaves them out and says so, located at them.
  writeFileSync(
    postgres,
    readFileSync(postgres, "utf8").replace('"secret": true,', '"secret": true, "examples": ["x"],'),
  );
  const secretCache = path.join(secretDir, "cache");
  const opts: GenerateOptions = {
    schemas: secretSchemas,
    out: path.join(secretDir, "out"),
    cacheDir: secretCache,
    generators: ["types"],
    cwd: secretDir,
  };
  const memoFile = () => {
    const files = readdirSync(secretCache).filter((f) => /^secret-values-.*\.json$/.test(f));
    expect(files).toHaveLength(1);
    return path.join(secretCache, files[0]);
  };
  const warnings = (r: Awaited<ReturnType<typeof generate>>) =>
    r.diagnostics
      .filter((d) => d.code === "generate/secret-value-left-out")
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.pointer} ${d.message}`);

  it("are remembered, taken from the cache folder by the next run, and the same as a cold run's", async () => {
    const first = await generate(opts);
    expect(warnings(first)).toHaveLength(1);
    expect(warnings(first)[0]).toContain("connectors/postgres/connection.json");
    // What the next run reports is what the file holds: tamper with it to see it is read.
    const file = memoFile();
    const stored = JSON.parse(readFileSync(file, "utf8")) as [string, { message: string }[]][];
    const withWarning = stored.find(([, list]) => list.length > 0)!;
    withWarning[1][0].message = "remembered";
    writeFileSync(file, JSON.stringify(stored));
    writeFileSync(sqliteOf(secretSchemas), readFileSync(sqliteOf(secretSchemas)));
    const second = await generate(opts);
    expect(second.model).toBeDefined();
    expect(warnings(second).map((w) => w.endsWith(" remembered"))).toEqual([true]);
    // A cold run (fresh cache) says what the first did.
    const cold = await generate({ ...opts, cacheDir: path.join(secretDir, "cold-cache") });
    expect(warnings(cold)).toEqual(warnings(first));
  });
});

function sqliteOf(root: string): string {
  return path.join(root, "connectors/sqlite/connection.json");
}
