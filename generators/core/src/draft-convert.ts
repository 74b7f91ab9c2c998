import type { Draft } from "./ajv.js";
import { isObject, type JsonObject } from "./walk.js";

/**
 * Rewrites the draft-specific keywords of one schema node (its children already converted) so a
 * document written for one draft can be compiled together with documents of another: tuples
 * (`items: [...]`/`additionalItems` ↔ `prefixItems`/`items`) and `dependencies` ↔
 * `dependentRequired`/`dependentSchemas`. Everything else means the same in both.
 */
export function convertDraftKeywords(node: JsonObject, from: Draft, to: Draft): JsonObject {
  if (from === to) return node;
  const out: JsonObject = { ...node };
  if (from === "draft-07" && to === "2020-12") {
    if (Array.isArray(out.items)) {
      out.prefixItems = out.items;
      delete out.items;
      if (out.additionalItems !== undefined) out.items = out.additionalItems;
      delete out.additionalItems;
    } else if (out.additionalItems !== undefined) {
      delete out.additionalItems; // ignored without a tuple
    }
    if (isObject(out.dependencies)) {
      for (const [key, value] of Object.entries(out.dependencies)) {
        const target = Array.isArray(value) ? "dependentRequired" : "dependentSchemas";
        out[target] = { ...(isObject(out[target]) ? out[target] : {}), [key]: value };
      }
      delete out.dependencies;
    }
  } else if (from === "2020-12" && to === "draft-07") {
    if (Array.isArray(out.prefixItems)) {
      const rest = out.items;
      out.items = out.prefixItems;
      delete out.prefixItems;
      if (rest !== undefined) out.additionalItems = rest;
    }
    const deps: JsonObject = {};
    for (const key of ["dependentRequired", "dependentSchemas"] as const) {
      if (isObject(out[key])) Object.assign(deps, out[key]);
      delete out[key];
    }
    if (Object.keys(deps).length) out.dependencies = { ...(isObject(out.dependencies) ? out.dependencies : {}), ...deps };
  }
  return out;
}
