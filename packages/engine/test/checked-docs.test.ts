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
