/**
 * Schema trees and instances for the differential test: each connector's fixtures
 * (gen-fixtures' sampler, valid and invalid configs) and mutations of them.
 */
import { bundle, loadTree, reachableDocs, type SchemaModel } from "@onespec/core";
// gen-fixtures depends on this package, so it is read from its sources, not as a dependency
// (a devDependency would make a cycle in the workspace graph).
import { fixturesFor } from "../../../gen-fixtures/src/index.js";
import { ownValidator } from "../../src/in-process.js";
import { needsOwnProperties } from "../../src/model-ajv.js";
import { documentView } from "../../src/views.js";
import { ajvFunction, referenceAjv, run, same, type Outcome } from "./differential.js";

export async function loadModel(root: string, entries?: string[]): Promise<SchemaModel> {
  return loadTree({ root, cwd: root, ...(entries ? { entries } : {}) });
}

/** Values that break a config in the ways a schema checks: each member replaced or removed. */
export function mutations(config: unknown, limit = 120): unknown[] {
  const out: unknown[] = [{}, [], "text", 1.5, null, true];
  const replacements: unknown[] = [
    null,
    "x",
    "",
    -1,
    0.5,
    12345678901,
    true,
    {},
    [],
    ["a", "a"],
    { "extra/~key": 1 },
    "not-a-uri:// \u2028",
  ];
  const walk = (node: unknown, set: (v: unknown) => unknown, depth: number) => {
    if (out.length >= limit || depth > 6) return;
    for (const r of replacements) out.push(set(r));
    if (Array.isArray(node)) {
      node.forEach((item, i) =>
        walk(item, (v) => set(node.map((x, j) => (j === i ? v : x))), depth + 1),
      );
      out.push(set([...node, ...node]));
    } else if (node !== null && typeof node === "object") {
      const obj = node as Record<string, unknown>;
      for (const k of Object.keys(obj)) {
        const { [k]: _dropped, ...rest } = obj;
        out.push(set(rest));
        walk(obj[k], (v) => set({ ...obj, [k]: v }), depth + 1);
      }
      out.push(set({ ...obj, zz_extra: "x" }));
    }
  };
  walk(config, (v) => v, 0);
  return out.slice(0, limit);
}

export interface TreeReport {
  connectors: number;
  supported: number;
  instances: number;
  /** Instances ajv rejects. */
  invalid: number;
  mismatches: string[];
  unsupported: string[];
}

/** Compares the own in-process validator of every connector of `model` with ajv's. */
export function compareTree(model: SchemaModel, maxInstances = 150): TreeReport {
  const report: TreeReport = {
    connectors: 0,
    supported: 0,
    instances: 0,
    invalid: 0,
    mismatches: [],
    unsupported: [],
  };
  for (const c of model.connectors) {
    const doc = model.docs.get(c.entry)!;
    if (doc.draft !== "draft-07") continue;
    report.connectors++;
    const reach = [...reachableDocs(model, c)].sort();
    const ownProperties = needsOwnProperties(model, reach);
    const own = ownValidator(model, c, "draft-07", ownProperties);
    if (!own) {
      report.unsupported.push(c.name);
      continue;
    }
    const views = new Map(
      reach.map((p) => [model.docs.get(p)!.uri, documentView(model, p, "draft-07").view]),
    );
    const reference = ajvFunction(referenceAjv(views, ownProperties), doc.uri);
    if (typeof reference === "string") {
      report.mismatches.push(`${c.name}: ajv refuses what the own compiler compiled: ${reference}`);
      continue;
    }
    report.supported++;
    const fixtures = fixturesFor(c.name, bundle(model, { doc: c.entry, pointer: "" }));
    const configs = [...fixtures.valid, ...fixtures.invalid].map((f) => f.config);
    const instances = [...configs, ...configs.slice(0, 3).flatMap((x) => mutations(x, 60))].slice(
      0,
      maxInstances,
    );
    for (const data of instances) {
      report.instances++;
      const a: Outcome = run(reference, data);
      const o: Outcome = run(own, data);
      if (!a.valid) report.invalid++;
      if (!same(a, o))
        report.mismatches.push(
          `${c.name}: ${JSON.stringify(data).slice(0, 300)}\n  ajv: ${JSON.stringify(a).slice(0, 600)}\n  own: ${JSON.stringify(o).slice(0, 600)}`,
        );
    }
  }
  return report;
}
