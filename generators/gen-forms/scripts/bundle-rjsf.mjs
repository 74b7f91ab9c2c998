#!/usr/bin/env node
// After build-package.mjs: replaces dist/rjsf-retrieve.js (tsc's re-export of two functions of
// @rjsf/utils) with a bundle of those functions and what they use, in one ES module: loading
// them from @rjsf/utils walked 25 of its modules and their dependencies. @rjsf/utils and what it
// depends on stay dependencies of this package (generated forms import it), so their licences
// are installed beside the bundle.
// Run from the package's folder: node scripts/bundle-rjsf.mjs
import { build } from "esbuild";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// @rjsf/utils exports no package.json: its folder is the one above lib/.
let utilsDir = path.dirname(
  fileURLToPath(import.meta.resolve("@rjsf/utils/lib/schema/retrieveSchema.js")),
);
while (path.basename(utilsDir) !== "lib") utilsDir = path.dirname(utilsDir);
utilsDir = path.dirname(utilsDir);
const utils = JSON.parse(readFileSync(path.join(utilsDir, "package.json"), "utf8"));

await build({
  entryPoints: ["src/rjsf-retrieve.ts"],
  outfile: "dist/rjsf-retrieve.js",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  legalComments: "inline",
  banner: {
    js: [
      `/*!`,
      ` * resolveAnyOrOneOfSchemas and retrieveSchemaInternal of ${utils.name} ${utils.version}`,
      ` * (${utils.license}, ${utils.homepage ?? "https://github.com/rjsf-team/react-jsonschema-form"}),`,
      ` * with the modules they use, bundled by @onespec/gen-forms.`,
      ` */`,
    ].join("\n"),
  },
});
// tsc's source map was of the re-export, not of the bundle.
rmSync("dist/rjsf-retrieve.js.map", { force: true });
