/**
 * A connector's bundled schema, as the generators of one connector read it. Each of them bundled
 * the entry document and read its defaults itself: four bundles and four deep copies per
 * connector, a tenth of the generators' time on the metadata bench tree. A connector's generators
 * run one after another, so the last entry asked for is kept per model, and a run holds one
 * connector's schema at a time however many connectors it generates.
 *
 * What these return is shared and deeply frozen: a reader that changes it must copy it first
 * (withEffectiveDefaults and unrollRecursion do); changing it in place throws.
 */
import { bundle } from "./bundle.js";
import { withEffectiveDefaults } from "./defaults.js";
import type { SchemaModel } from "./model.js";
import type { JsonObject } from "./walk.js";

interface Kept {
  entry: string;
  bundled: JsonObject;
  effective?: JsonObject;
}

const kept = new WeakMap<SchemaModel, Kept>();

function keptFor(model: SchemaModel, entry: string): Kept {
  let k = kept.get(model);
  if (k?.entry !== entry) {
    k = { entry, bundled: deepFreeze(bundle(model, { doc: entry, pointer: "" })) };
    kept.set(model, k);
  }
  return k;
}

/** `bundle(model, { doc: entry, pointer: "" })`, shared and frozen. */
export function connectorBundle(model: SchemaModel, entry: string): JsonObject {
  return keptFor(model, entry).bundled;
}

/** `withEffectiveDefaults(connectorBundle(model, entry))`: the defaults as every layer reads them, shared and frozen. */
export function connectorEffectiveSchema(model: SchemaModel, entry: string): JsonObject {
  const k = keptFor(model, entry);
  return (k.effective ??= deepFreeze(withEffectiveDefaults(k.bundled)));
}

/** Freezes a JSON value and everything in it; returns it. */
export function deepFreeze<T>(value: T): T {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || Object.isFrozen(node)) continue;
    Object.freeze(node);
    for (const v of Object.values(node)) if (v !== null && typeof v === "object") stack.push(v);
  }
  return value;
}
