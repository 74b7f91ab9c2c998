/**
 * The naive baseline of `scripts/bench-trees.ts` (part 3): what a team scripts when it has no
 * onespec, run over a tree in onespec's layout, one schema after another:
 *
 *   for each connectors/<name>/connection.json:
 *     json-schema-to-typescript compile() (it resolves the relative $refs itself)
 *     ajv standalone code for the schema (ajv-formats added; shared definitions registered
 *       once by their $id, so the relative $refs resolve)
 *     prettier on both outputs
 *     write types.ts and validator.js
 *
 * Run in its own process so that the bench times it whole, start-up included, like onespec:
 *
 *   node --import tsx scripts/bench-naive-baseline.ts <schemas> <out> [limit]
 *
 * With `limit`, only the first `limit` connectors (sorted by name) are done. The last line of
 * stdout is JSON: {"done", "total", "setupSeconds", "loopSeconds"}, so the caller can
 * extrapolate the loop linearly to every connector and say so.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import standaloneModule from "ajv/dist/standalone/index.js";
import { compile } from "json-schema-to-typescript";
import * as prettier from "prettier";

type Schema = Record<string, unknown>;
// ajv, ajv-formats and ajv's standalone module are CommonJS: under NodeNext their exports arrive on `.default`.
const Ajv = AjvModule.default;
type Ajv = InstanceType<typeof Ajv>;
const addFormats = addFormatsModule.default;
const standaloneCode = standaloneModule.default;

const [schemasArg, outArg, limitArg] = process.argv.slice(2);
if (!schemasArg || !outArg)
  throw new Error("usage: bench-naive-baseline.ts <schemas> <out> [limit]");
const schemas = path.resolve(schemasArg);
const out = path.resolve(outArg);

const started = performance.now();
const readJson = (file: string): Schema => JSON.parse(readFileSync(file, "utf8")) as Schema;

/** One Ajv for the whole run (a team would not build one per schema), strict off for vendor keywords such as `secret`. */
function makeAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true, esm: true } });
  addFormats(ajv);
  // Every shared definition, by its $id: the connection schemas' relative $refs resolve against their own $id.
  const definitions = path.join(schemas, "definitions");
  for (const rel of readdirSync(definitions, { recursive: true, encoding: "utf8" }).sort()) {
    if (rel.endsWith(".json")) ajv.addSchema(readJson(path.join(definitions, rel)));
  }
  return ajv;
}

/** Type name of a connector, as a team would pick it: "cobalt-billing" → "CobaltBillingConnection". */
const typeName = (name: string): string =>
  name.replace(/(^|-)(.)/g, (_, __, c: string) => c.toUpperCase()) + "Connection";

async function generateOne(ajv: Ajv, name: string): Promise<void> {
  const file = path.join(schemas, "connectors", name, "connection.json");
  // jstt dereferences into the object it is given; ajv gets its own copy.
  const types = await compile(readJson(file), typeName(name), {
    cwd: path.dirname(file),
    format: false,
    bannerComment: "",
  });
  const validate = ajv.compile(readJson(file));
  const validator = standaloneCode(ajv, validate);
  const dir = path.join(out, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "types.ts"), await prettier.format(types, { parser: "typescript" }));
  writeFileSync(
    path.join(dir, "validator.js"),
    await prettier.format(validator, { parser: "babel" }),
  );
}

const names = readdirSync(path.join(schemas, "connectors")).sort();
const limit = limitArg ? Math.min(Number(limitArg), names.length) : names.length;
const ajv = makeAjv();
const loopStarted = performance.now();
for (const name of names.slice(0, limit)) await generateOne(ajv, name);
const finished = performance.now();
console.log(
  JSON.stringify({
    done: limit,
    total: names.length,
    setupSeconds: (loopStarted - started) / 1000,
    loopSeconds: (finished - loopStarted) / 1000,
  }),
);
