/**
 * The form validators the own compiler writes (src/own-form-validator.ts) against ajv made with
 * RJSF's exact configuration (createRjsfAjv, with onespec's overrides as index.ts passes them):
 * every form sub-schema of every draft-07 connector of the repo's schemas/, the Airbyte corpus
 * and the bench trees compiled by both; every instance (the connector's fixtures and their
 * mutations, as gen-validators' differential test builds them, and the objects inside them, as
 * RJSF asks about a field's value) validated by both; validity and errors deep-equal, verbose
 * fields (schema, parentSchema, data) included. Coverage is printed and held at a floor.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { bundle } from "@onespec/core";
import { caseNames, CASES_DIR } from "@onespec/test-fixtures";
import { instantiate, namesPrototypeMembers, runtimeHelpers } from "@onespec/gen-validators";
import { buildConnectorTree, buildMetadataTree } from "../../../scripts/bench-tree-builder.js";
// gen-validators' differential helpers and gen-fixtures' sampler, from their sources.
import { fixturesFor } from "../../gen-fixtures/src/index.js";
import { run, same } from "../../gen-validators/test/support/differential.js";
import { loadModel, mutations } from "../../gen-validators/test/support/trees.js";
import { withJsonEqual } from "../../gen-validators/src/json-equal.js";
import { formSchema } from "../src/index.js";
import { annotationFormats, ownFormValidators } from "../src/own-form-validator.js";
import { createRjsfAjv } from "../src/rjsf-ajv.js";
import { formSubSchemas } from "../src/sub-schemas.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "onespec-forms-differential-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Fn = { (data: unknown): boolean; errors?: unknown[] | null };

/** The instance and the objects and arrays inside it (RJSF validates a field's own value too). */
function values(instance: unknown, limit: number): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, depth: number) => {
    if (out.length >= limit) return;
    out.push(v);
    if (depth < 3 && v !== null && typeof v === "object")
      for (const child of Object.values(v))
        if (child !== null && typeof child === "object") walk(child, depth + 1);
  };
  walk(instance, 0);
  return out;
}

interface Report {
  connectors: number;
  supported: number;
  subSchemas: number;
  runs: number;
  invalid: number;
  mismatches: string[];
  unsupported: string[];
}

async function compareTree(root: string, entries: string[] | undefined, maxInstances: number) {
  const model = await loadModel(root, entries);
  const report: Report = {
    connectors: 0,
    supported: 0,
    subSchemas: 0,
    runs: 0,
    invalid: 0,
    mismatches: [],
    unsupported: [],
  };
  for (const c of model.connectors) {
    if (model.docs.get(c.entry)!.draft !== "draft-07") continue;
    report.connectors++;
    const schema = formSchema(model, c);
    const subs = Object.values(formSubSchemas(schema));
    const ownProperties = namesPrototypeMembers(schema);
    const customFormats = annotationFormats(schema);
    const own = ownFormValidators(subs, "draft-07", ownProperties, customFormats);
    if ("unsupported" in own) {
      report.unsupported.push(`${c.name} (${own.unsupported})`);
      continue;
    }
    const ajv = createRjsfAjv(customFormats, {
      discriminator: true,
      validateSchema: false,
      ownProperties,
      schemas: subs,
    });
    const instance = instantiate(own.compiled, runtimeHelpers());
    const byLocal = new Map(
      Object.entries(own.compiled.exports).map(([name, local]) => [local, instance.exports[name]]),
    );
    report.supported++;
    const fixtures = fixturesFor(c.name, bundle(model, { doc: c.entry, pointer: "" }));
    const configs = [...fixtures.valid, ...fixtures.invalid].map((f) => f.config);
    const instances = [...configs, ...configs.slice(0, 3).flatMap((x) => mutations(x, 60))]
      .slice(0, maxInstances)
      .flatMap((x) => values(x, 4));
    for (const sub of subs) {
      report.subSchemas++;
      const id = sub.$id as string;
      const reference = withJsonEqual(() => ajv.getSchema(id)) as Fn;
      const mine = byLocal.get(own.functions[id]) as Fn;
      for (const data of instances) {
        report.runs++;
        const a = run(reference, data);
        const o = run(mine, data);
        if (!a.valid) report.invalid++;
        if (!same(a, o) && report.mismatches.length < 20)
          report.mismatches.push(
            `${c.name} ${id}: ${JSON.stringify(data).slice(0, 200)}\n  ajv: ${JSON.stringify(a).slice(0, 1500)}\n  own: ${JSON.stringify(o).slice(0, 1500)}`,
          );
      }
    }
  }
  return report;
}

const trees: Array<{
  name: string;
  root: () => string;
  entries?: string[];
  instances: number;
  floor: (connectors: number) => number;
}> = [
  {
    name: "the repo's schemas/",
    root: () => path.join(REPO, "schemas"),
    instances: 100,
    floor: (n) => n,
  },
  {
    name: "the Airbyte corpus",
    root: () => path.join(REPO, "tooling/test-fixtures/corpus/airbyte"),
    entries: ["*.json"],
    instances: 30,
    floor: (n) => n,
  },
  ...caseNames()
    .filter((c) => c !== "draft-2020")
    .map((c) => ({
      name: `the ${c} case`,
      root: () => path.join(CASES_DIR, c),
      instances: 100,
      floor: (n: number) => n,
    })),
  {
    name: "the metadata bench tree",
    root: () => {
      const dir = path.join(scratch, "metadata");
      buildMetadataTree(dir, { seed: 14 });
      return dir;
    },
    entries: ["entity/services/connections/**/*Connection.json"],
    instances: 25,
    floor: (n) => n,
  },
  {
    name: "the synthetic 1,000-connector bench tree",
    root: () => {
      const dir = path.join(scratch, "synthetic");
      buildConnectorTree(dir, { connectors: 1000, seed: 1014 });
      return dir;
    },
    instances: 8,
    floor: (n) => n,
  },
];

const SUITE = path.join(REPO, "packages/core/test/json-schema-test-suite/draft7");

/** References to other documents and embedded `$id`s need a loader: not form sub-schemas. */
const needsLoader = (schema: unknown) => /"\$ref":"(?!#)|"\$id"/.test(JSON.stringify(schema));

describe("own form validators vs ajv made as RJSF makes it", () => {
  // The suite exercises what the connector trees' sub-schemas do not: inlined and called `$ref`s,
  // multipleOf with fractions, formats (color and data-url below), boolean schemas, ….
  it.each([false, true])(
    "the draft-07 JSON-Schema-Test-Suite, as form sub-schemas (ownProperties: %s)",
    (ownProperties) => {
      const extra = {
        description: "RJSF's formats and an annotation format",
        schema: {
          properties: {
            c: { format: "color" },
            d: { format: "data-url" },
            x: { format: "x-custom" },
            n: { multipleOf: 0.01 },
          },
        },
        tests: [
          { data: { c: "#abc", d: "data:text/plain;base64,SGk=", x: "?", n: 0.07 } },
          { data: { c: "rgb(1,2,3)", n: 1.1 } },
          { data: { c: "nope", d: "data:x", x: 1, n: 0.001 } },
          { data: { c: 1, d: "", n: 0.075 } },
        ],
      };
      // A discriminator follows a `$ref` whose siblings are no ajv rules (RJSF's ajv registers no
      // vendor keywords).
      const discriminator = {
        description: "a discriminator over $ref branches with non-rule siblings",
        schema: {
          type: "object",
          required: ["kind"],
          discriminator: { propertyName: "kind" },
          oneOf: [
            { $ref: "#/definitions/a", "x-order": 1 },
            { $ref: "#/definitions/b", title: "B" },
          ],
          definitions: {
            a: { properties: { kind: { const: "a" }, n: { type: "integer" } } },
            b: { properties: { kind: { const: "b" }, s: { $ref: "#/definitions/s" } } },
            s: { type: "string", minLength: 2 },
          },
        },
        tests: [
          { data: { kind: "a", n: 1 } },
          { data: { kind: "a", n: "x" } },
          { data: { kind: "b", s: "x" } },
          { data: { kind: "c" } },
          { data: { kind: 1 } },
        ],
      };
      let groups = 0;
      let supported = 0;
      let tests = 0;
      const mismatches: string[] = [];
      const unsupported = new Map<string, number>();
      const files = readdirSync(SUITE)
        .filter((f) => f.endsWith(".json"))
        .sort()
        .map((f) => [f, JSON.parse(readFileSync(path.join(SUITE, f), "utf8"))] as const);
      files.push(["rjsf", [extra, discriminator]]);
      for (const [file, list] of files as Array<
        readonly [
          string,
          Array<{ description: string; schema: unknown; tests: Array<{ data: unknown }> }>,
        ]
      >) {
        list.forEach((group, i) => {
          if (typeof group.schema !== "object" || group.schema === null) return;
          groups++;
          if (needsLoader(group.schema)) {
            unsupported.set("needs a loader", (unsupported.get("needs a loader") ?? 0) + 1);
            return;
          }
          const id = `suite-${file.replace(/\W/g, "")}-${i}`;
          const sub = { ...group.schema, $id: id };
          const customFormats = annotationFormats(sub);
          const own = ownFormValidators([sub], "draft-07", ownProperties, customFormats);
          if ("unsupported" in own) {
            unsupported.set(own.unsupported, (unsupported.get(own.unsupported) ?? 0) + 1);
            return;
          }
          let reference: Fn;
          try {
            const ajv = createRjsfAjv(customFormats, {
              discriminator: true,
              validateSchema: false,
              ownProperties,
              schemas: [sub],
            });
            reference = withJsonEqual(() => ajv.getSchema(id)) as Fn;
          } catch (e) {
            mismatches.push(`${file} #${i}: ajv refuses it (${(e as Error).message})`);
            return;
          }
          const mine = instantiate(own.compiled, runtimeHelpers()).exports.f0;
          supported++;
          for (const t of group.tests) {
            tests++;
            const a = run(reference, t.data);
            const o = run(mine, t.data);
            if (!same(a, o))
              mismatches.push(
                `${file} #${i} ${group.description}: ${JSON.stringify(t.data)}\n  ajv: ${JSON.stringify(a)}\n  own: ${JSON.stringify(o)}`,
              );
          }
        });
      }
      console.log(
        `JSON-Schema-Test-Suite draft7 as form sub-schemas, ownProperties ${ownProperties}: own compiler supports ${supported} of ${groups} groups (${tests} tests compared); not supported: ${JSON.stringify([...unsupported])}`,
      );
      expect(mismatches).toEqual([]);
      expect(supported).toBeGreaterThanOrEqual(223);
    },
    60_000,
  );

  it.each(trees)(
    "$name",
    async ({ name, root, entries, instances, floor }) => {
      const report = await compareTree(root(), entries, instances);
      console.log(
        `${name}: own compiler supports the form sub-schemas of ${report.supported} of ${report.connectors} draft-07 connectors (${report.subSchemas} sub-schemas, ${report.runs} validations compared, ${report.invalid} invalid); not supported: ${report.unsupported.join(", ") || "none"}`,
      );
      expect(report.mismatches).toEqual([]);
      expect(report.connectors).toBeGreaterThan(0);
      expect(report.supported).toBeGreaterThanOrEqual(floor(report.connectors));
      expect(report.invalid).toBeGreaterThan(report.runs / 4);
      expect(report.invalid).toBeLessThan(report.runs);
    },
    300_000,
  );
});
