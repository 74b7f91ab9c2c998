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

// The documents a run found clean are kept in the cache folder (clean-docs.ts); the next run
// checks and repairs only the documents whose text changed, and reports what a cold run would.
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "clean-docs-"));
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
  const files = readdirSync(cacheDir).filter((f) => /^clean-docs-.*\.json$/.test(f));
  expect(files).toHaveLength(1);
  return JSON.parse(readFileSync(path.join(cacheDir, files[0]), "utf8")) as string[];
};
const codes = (r: Awaited<ReturnType<typeof generate>>) =>
  r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`).sort();

describe("documents a past run found clean", () => {
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
    // The edited document is no longer clean: nothing was added for it.
    expect(remembered()).toEqual(keys);
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
