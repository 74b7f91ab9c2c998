import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { DiagnosticError, type Diagnostic } from "@onespec/core";
import { loadConfig } from "../src/index.js";

// Config files are imported by Node, so they live inside the repository (its node_modules
// resolve @onespec/engine for a .ts or .js config).
const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(SCRATCH, "config-"));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) writeFileSync(path.join(dir, rel), text);
  return dir;
}

async function problems(dir: string): Promise<Diagnostic[]> {
  try {
    await loadConfig(dir);
  } catch (e) {
    if (e instanceof DiagnosticError) return e.diagnostics;
    throw e;
  }
  throw new Error("loadConfig did not fail");
}

describe("loadConfig", () => {
  it("without a config file holds only the base folder", async () => {
    const dir = project({});
    expect(await loadConfig(dir)).toEqual({ base: dir });
  });

  it("reads onespec.config.json, paths relative to its folder", async () => {
    const dir = project({
      "onespec.config.json": JSON.stringify({
        schemas: "spec",
        out: "src/gen",
        entry: "**/*Connection.json",
        generators: ["types", ["registry", { package: { name: "x" } }]],
      }),
    });
    expect(await loadConfig(dir)).toEqual({
      schemas: path.join(dir, "spec"),
      out: path.join(dir, "src/gen"),
      entry: ["**/*Connection.json"],
      generators: ["types", ["registry", { package: { name: "x" } }]],
      file: "onespec.config.json",
      base: dir,
    });
  });

  it.each([
    [
      "onespec.config.ts",
      `import { defineConfig } from "@onespec/engine";\nconst out: string = "gen";\nexport default defineConfig({ out, keepGoing: true });\n`,
    ],
    ["onespec.config.mjs", `export default { out: "gen", keepGoing: true };\n`],
  ])("reads %s", async (name, text) => {
    const dir = project({ [name]: text });
    expect(await loadConfig(dir)).toMatchObject({
      out: path.join(dir, "gen"),
      keepGoing: true,
      file: name,
    });
  });

  it("keeps generator objects from a .js config", async () => {
    const dir = project({
      "onespec.config.mjs": `export default { generators: [{ name: "mine", connector: () => [] }] };\n`,
    });
    const config = await loadConfig(dir);
    expect(config.generators).toHaveLength(1);
    expect((config.generators![0] as { name: string }).name).toBe("mine");
  });

  it("reports wrong settings where they are in a JSON config", async () => {
    const dir = project({
      "onespec.config.json": `{\n  "shemas": "x",\n  "out": 3,\n  "generators": ["types", 7],\n  "lint": { "lint/x": "loud" }\n}\n`,
    });
    const found = await problems(dir);
    expect(found.map((d) => [d.code, d.pointer, d.line])).toEqual([
      ["config/unknown-setting", "/shemas", 2],
      ["config/invalid", "/out", 3],
      ["config/invalid", "/generators/1", 4],
      ["config/invalid", "/lint/lint/x", 5],
    ]);
    expect(found.every((d) => d.file === "onespec.config.json")).toBe(true);
  });

  it("refuses two config files", async () => {
    const dir = project({
      "onespec.config.json": "{}",
      "onespec.config.mjs": "export default {};",
    });
    expect((await problems(dir)).map((d) => d.code)).toEqual(["config/ambiguous"]);
  });

  it("reports a config that throws or exports nothing, without a stack trace", async () => {
    const throws = project({ "onespec.config.mjs": `throw new Error("boom");\n` });
    const [d] = await problems(throws);
    expect(d.code).toBe("config/load-failed");
    expect(d.message).toBe("onespec.config.mjs failed to load: boom");
    const empty = project({ "onespec.config.mjs": `export const x = 1;\n` });
    expect((await problems(empty)).map((p) => p.code)).toEqual(["config/invalid"]);
  });
});

describe("loadConfig on hostile JSON", () => {
  it("refuses a setting written twice, at the second one", async () => {
    const found = await problems(
      project({ "onespec.config.json": '{"schemas": "x",\n "schemas": "y"}' }),
    );
    expect(found.map((d) => [d.severity, d.code, d.line])).toEqual([
      ["error", "parse/duplicate-key", 2],
    ]);
  });

  it("reports the first 20 of 90,000 unknown settings one by one and counts the rest (linear, not one search per key)", async () => {
    const keys = Array.from({ length: 90_000 }, (_, i) => `"k${i}": 1`).join(",\n");
    const found = await problems(project({ "onespec.config.json": `{${keys}}` }));
    expect(found).toHaveLength(21);
    expect(
      found.slice(0, 20).every((d) => d.code === "config/unknown-setting" && (d.line ?? 0) > 0),
    ).toBe(true);
    expect(found[20].message).toBe("89980 more unknown settings (90000 in all).");
  });
});
