import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { compile } from "json-schema-to-typescript";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, sharedDocs } from "@onespec/core";
import { caseNames, loadCase, REPO_SCHEMAS } from "@onespec/test-fixtures";
import { JSTT_OPTIONS } from "../src/jstt-options.js";
import { moduleViews } from "../src/module-views.js";
import { buildNamingTable } from "../src/naming-table.js";
import { protectPrototypeNames } from "../src/own-names.js";

// What the build makes of jstt-stages.ts (scripts/bundle-jstt.mjs): json-schema-to-typescript's
// stages in one module, without its formatter and reference resolver, compiling as jstt does.
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const BUNDLE = path.join(DIST, "jstt-stages.js");
const scratch = mkdtempSync(path.join(tmpdir(), "gen-types-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Every module the child loads: ESM through a resolve hook, CommonJS from require's cache.
const HOOK = `
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TRACE, r.url + "\\n");
  return r;
}`;
const REGISTER = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;
const CHILD = `
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
const { jsttPipeline } = await import(${JSON.stringify(path.join(DIST, "jstt-pipeline.js"))});
const { JSTT_OPTIONS } = await import(${JSON.stringify(path.join(DIST, "jstt-options.js"))});
const compileView = jsttPipeline(JSTT_OPTIONS);
const views = JSON.parse(readFileSync(process.env.VIEWS, "utf8"));
const out = views.map(({ name, schema }) => compileView(schema, name));
const cjs = Object.keys(createRequire(import.meta.url).cache);
writeFileSync(process.env.OUT, JSON.stringify({ out, cjs }));
`;

describe("the bundle of json-schema-to-typescript's stages", () => {
  it("compiles the views of the golden cases and this repository's schemas as compile does, loading neither prettier nor the $ref parser nor jstt", async () => {
    expect(existsSync(BUNDLE), `${BUNDLE}: run npm run build first`).toBe(true);
    const views: { name: string; schema: unknown }[] = [];
    const trees = [
      ...caseNames().map((name) => () => loadCase(name)),
      () => loadTree({ root: REPO_SCHEMAS, cwd: REPO_SCHEMAS }),
    ];
    for (const load of trees) {
      const model = await load();
      const table = buildNamingTable(model);
      const entries = model.connectors.map((c) => model.docs.get(c.entry)!);
      for (const doc of [...sharedDocs(model), ...entries])
        for (const v of moduleViews(model, doc, table, true).views)
          views.push({ name: v.name, schema: protectPrototypeNames(v.view).schema });
    }
    expect(views.length).toBeGreaterThan(20);
    const files = { VIEWS: "views.json", OUT: "out.json", TRACE: "trace.txt", CHILD: "child.mjs" };
    const at = (f: string) => path.join(scratch, f);
    writeFileSync(at(files.VIEWS), JSON.stringify(views));
    writeFileSync(at(files.CHILD), CHILD);
    const r = spawnSync(
      process.execPath,
      ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, at(files.CHILD)],
      {
        encoding: "utf8",
        env: { ...process.env, VIEWS: at(files.VIEWS), OUT: at(files.OUT), TRACE: at(files.TRACE) },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const { out, cjs } = JSON.parse(readFileSync(at(files.OUT), "utf8")) as {
      out: string[];
      cjs: string[];
    };
    const loaded = [...readFileSync(at(files.TRACE), "utf8").split("\n"), ...cjs];
    expect(loaded.some((u) => u.includes("/node_modules/lodash/"))).toBe(true);
    expect(
      loaded.filter((u) =>
        /node_modules\/(prettier|@apidevtools|js-yaml|json-schema-to-typescript)\//.test(u),
      ),
    ).toEqual([]);
    for (const [i, { name, schema }] of views.entries())
      expect(out[i], name).toBe(
        await compile(structuredClone(schema as object), name, JSTT_OPTIONS),
      );
  });

  // esbuild heads each module it bundles with its path: anything else bundled (prettier, had its
  // stub gone) would be loaded with the bundle instead of from node_modules, unseen above.
  it("holds jstt's own modules and the stubs of what it leaves out, nothing else", () => {
    const modules = readFileSync(BUNDLE, "utf8")
      .split("\n")
      .filter((l) => /^\/\/ \S+$/.test(l))
      .map((l) => l.slice(3));
    expect(modules.filter((m) => m.startsWith("left-out:")).sort()).toEqual([
      "left-out:@apidevtools/json-schema-ref-parser",
      "left-out:js-yaml",
      "left-out:prettier",
    ]);
    expect(
      modules.filter(
        (m) =>
          !m.startsWith("left-out:") &&
          m !== "src/jstt-stages.ts" &&
          !/(^|\/)node_modules\/json-schema-to-typescript\/dist\/src\/[\w/]+\.js$/.test(m),
      ),
    ).toEqual([]);
  });

  // Its debug log (VERBOSE) is left out, as jsttPipeline leaves out compile's: each log call read
  // the environment to print nothing.
  it("reads no environment variable", () => {
    expect(readFileSync(BUNDLE, "utf8")).not.toMatch(/process\.env/);
  });

  it("carries json-schema-to-typescript's licence", () => {
    const require = createRequire(import.meta.url);
    const jsttDir = path.dirname(require.resolve("json-schema-to-typescript/package.json"));
    const licence = readFileSync(path.join(jsttDir, "LICENCE.md"), "utf8");
    const { version } = require("json-schema-to-typescript/package.json") as { version: string };
    const head = readFileSync(BUNDLE, "utf8").slice(0, 4000);
    expect(head).toContain(`json-schema-to-typescript ${version} `);
    for (const line of licence.split("\n").filter((l) => l.trim()))
      expect(head).toContain(` * ${line.trimEnd()}`);
  });
});
