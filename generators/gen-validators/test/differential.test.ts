/**
 * The own compiler (src/codegen) against ajv on the schemas onespec is tested with: every
 * connector (its module's functions and those of the modules it imports, as the in-process
 * validator links them) and every suite schema compiled by both, every instance validated by
 * both, validity and errors equal (deep-equal error objects, in ajv's order). The draft-2020
 * case is left out: the own compiler compiles draft-07 only. Coverage (connectors or suite
 * groups the own compiler supports) is printed, and held at the floor measured when this was
 * written so it cannot drop unnoticed.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { caseNames, CASES_DIR, OPENMETADATA_DIR } from "@onespec/test-fixtures";
import { buildConnectorTree, buildMetadataTree } from "../../../scripts/bench-tree-builder.js";
import { ajvFunction, ownFunctions, referenceAjv, run, same } from "./support/differential.js";
import { compareTree, loadModel } from "./support/trees.js";

const REPO = path.resolve(import.meta.dirname, "../../..");
const SUITE = path.join(REPO, "packages/core/test/json-schema-test-suite/draft7");
const scratch = mkdtempSync(path.join(os.tmpdir(), "onespec-differential-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A suite schema as a validator view: its `#…` references made canonical under `uri`. */
function suiteView(schema: unknown, uri: string): unknown {
  const rewrite = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(rewrite);
    if (node === null || typeof node !== "object") return node;
    return Object.fromEntries(
      Object.entries(node).map(([k, v]) => [
        k,
        k === "$ref" && typeof v === "string" && v.startsWith("#") ? uri + v : rewrite(v),
      ]),
    );
  };
  return typeof schema === "boolean" ? schema : { $id: uri, ...(rewrite(schema) as object) };
}

/** References to other documents and embedded `$id`s need the loader's resolution: not here. */
const needsLoader = (schema: unknown) => /"\$ref":"(?!#)|"\$id"/.test(JSON.stringify(schema));

describe("own compiler vs ajv", () => {
  it.each([false, true])(
    "the draft-07 JSON-Schema-Test-Suite (ownProperties: %s)",
    (ownProperties) => {
      let groups = 0;
      let supported = 0;
      let tests = 0;
      const mismatches: string[] = [];
      const unsupported = new Map<string, number>();
      for (const file of readdirSync(SUITE)
        .filter((f) => f.endsWith(".json"))
        .sort()) {
        const list = JSON.parse(readFileSync(path.join(SUITE, file), "utf8")) as Array<{
          description: string;
          schema: unknown;
          tests: Array<{ description: string; data: unknown }>;
        }>;
        list.forEach((group, i) => {
          groups++;
          const why = needsLoader(group.schema) ? "references another document" : undefined;
          const uri = `urn:suite:${file}:${i}`;
          const views = new Map([[uri, suiteView(group.schema, uri)]]);
          const own = why ?? ownFunctions(views, [uri], ownProperties);
          if (typeof own === "string") {
            unsupported.set(own, (unsupported.get(own) ?? 0) + 1);
            return;
          }
          const reference = ajvFunction(referenceAjv(views, ownProperties), uri);
          if (typeof reference === "string") {
            mismatches.push(`${file} #${i}: ajv refuses it (${reference}), the own compiler not`);
            return;
          }
          supported++;
          for (const t of group.tests) {
            tests++;
            const a = run(reference, t.data);
            const o = run(own.get(uri)!, t.data);
            if (!same(a, o))
              mismatches.push(
                `${file} #${i} ${group.description} / ${t.description}\n  ajv: ${JSON.stringify(a)}\n  own: ${JSON.stringify(o)}`,
              );
          }
        });
      }
      console.log(
        `JSON-Schema-Test-Suite draft7, ownProperties ${ownProperties}: own compiler supports ${supported} of ${groups} groups (${tests} tests compared); not supported: ${JSON.stringify([...unsupported])}`,
      );
      expect(mismatches).toEqual([]);
      expect(supported).toBeGreaterThanOrEqual(223);
      expect(tests).toBeGreaterThanOrEqual(800);
    },
    60_000,
  );

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
      instances: 200,
      floor: (n) => n,
    },
    {
      name: "the Airbyte corpus",
      root: () => path.join(REPO, "tooling/test-fixtures/corpus/airbyte"),
      entries: ["*.json"],
      instances: 150,
      floor: () => 346,
    },
    {
      name: "the OpenMetadata-shaped test tree",
      root: () => OPENMETADATA_DIR,
      entries: ["entity/services/connections/**/*Connection.json"],
      instances: 300,
      floor: (n) => n,
    },
    ...caseNames()
      .filter((c) => c !== "draft-2020")
      .map((c) => ({
        name: `the ${c} case`,
        root: () => path.join(CASES_DIR, c),
        instances: 300,
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
      instances: 150,
      floor: (n) => n,
    },
    {
      name: "the synthetic 1,000-connector bench tree",
      root: () => {
        const dir = path.join(scratch, "synthetic");
        buildConnectorTree(dir, { connectors: 1000, seed: 1014 });
        return dir;
      },
      instances: 30,
      floor: (n) => n,
    },
  ];

  it.each(trees)(
    "$name",
    async ({ name, root, entries, instances, floor }) => {
      const model = await loadModel(root(), entries);
      const report = compareTree(model, instances);
      console.log(
        `${name}: own compiler supports ${report.supported} of ${report.connectors} draft-07 connectors; ${report.instances} instances compared (${report.invalid} invalid); not supported: ${report.unsupported.join(", ") || "none"}`,
      );
      expect(report.mismatches).toEqual([]);
      expect(report.connectors).toBeGreaterThan(0);
      expect(report.supported).toBeGreaterThanOrEqual(floor(report.connectors));
      // The instances must exercise the errors, not only valid configs.
      expect(report.invalid).toBeGreaterThan(report.instances / 4);
    },
    120_000,
  );
});
