#!/usr/bin/env node
// After build-package.mjs: replaces dist/jstt-stages.js (tsc's re-exports of
// json-schema-to-typescript's internal modules) with a bundle of those modules. Each of them
// reaches jstt's `index`, which requires its formatter (prettier) and its reference resolver
// (@apidevtools/json-schema-ref-parser, with js-yaml through its utils) at the top: ~25 ms of
// loading that gen-types never uses, as it formats nothing and hands jstt no `$ref`. In the bundle
// those three are stubs that throw if called; lodash stays a dependency, loaded as jstt loads it.
// Run from the package's folder: node scripts/bundle-jstt.mjs
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

const require = createRequire(import.meta.url);
const jsttDir = path.dirname(require.resolve("json-schema-to-typescript/package.json"));
const jstt = JSON.parse(readFileSync(path.join(jsttDir, "package.json"), "utf8"));
const licence = readFileSync(path.join(jsttDir, "LICENCE.md"), "utf8").trim();

const unreachable = (what) =>
  `throw new Error("Internal error: ${what} is left out of @onespec/gen-types' bundle of json-schema-to-typescript (gen-types formats nothing and resolves every $ref itself).")`;
/** What each left-out module's stub exports; anything called throws. */
const STUBS = {
  prettier: `exports.format = () => { ${unreachable("prettier")}; };`,
  "@apidevtools/json-schema-ref-parser": `exports.$RefParser = class { constructor() { ${unreachable("the $ref parser")}; } };`,
  // jstt's utils build a YAML schema from these at load time; only `load` does work.
  "js-yaml": [
    `const tag = {};`,
    `exports.CORE_SCHEMA = { withTags: () => ({}) };`,
    `for (const name of ["mergeTag", "timestampTag", "binaryTag", "omapTag", "pairsTag", "setTag"]) exports[name] = tag;`,
    `exports.load = () => { ${unreachable("js-yaml")}; };`,
  ].join("\n"),
};

const licenceComment = licence
  .split("\n")
  .map((line) => ` * ${line}`.trimEnd())
  .join("\n");

await build({
  entryPoints: ["src/jstt-stages.ts"],
  outfile: "dist/jstt-stages.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["lodash", "cli-color"],
  // jstt's debug log (VERBOSE), which jsttPipeline leaves out: the stages read process.env (a
  // lookup in the process's environment each time) on every log call, over 100,000 times for a
  // thousand connectors, to print nothing.
  define: { "process.env.VERBOSE": "undefined" },
  logLevel: "warning",
  banner: {
    js: [
      `/*!`,
      ` * The stages of ${jstt.name} ${jstt.version} (${jstt.homepage}), bundled by`,
      ` * @onespec/gen-types without its formatter and reference resolver. Its licence:`,
      ` *`,
      licenceComment,
      ` */`,
      // jstt is CommonJS: its require() of lodash and of Node's modules needs a require here.
      `import { createRequire as __jsttCreateRequire } from "node:module";`,
      `const require = __jsttCreateRequire(import.meta.url);`,
    ].join("\n"),
  },
  plugins: [
    {
      name: "left-out",
      setup(b) {
        const filter = new RegExp(
          `^(${Object.keys(STUBS)
            .map((s) => s.replace(/[/.]/g, "\\$&"))
            .join("|")})$`,
        );
        b.onResolve({ filter }, (args) => ({ path: args.path, namespace: "left-out" }));
        b.onLoad({ filter: /.*/, namespace: "left-out" }, (args) => ({
          contents: STUBS[args.path],
          loader: "js",
        }));
      },
    },
  ],
});
// tsc's source map was of the re-exports, not of the bundle.
rmSync("dist/jstt-stages.js.map", { force: true });
