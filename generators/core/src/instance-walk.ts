import { derefBundled } from "./bundle.js";
import { escapeToken } from "./pointer.js";
import { isObject, type JsonObject } from "./walk.js";
import { isSecret } from "./vocabulary.js";

export interface InstanceVisit {
  schema: JsonObject;
  /** Instance path pattern, "*" for any array index or additional property name. */
  path: string;
  /** Whether this node is a branch of a oneOf/anyOf. */
  inBranch: boolean;
}

/**
 * Visits the schema nodes of a bundled schema together with the instance path they apply to.
 * Composition keywords keep the path; local recursive references are followed a bounded
 * number of times.
 */
export function walkInstance(root: JsonObject, visit: (v: InstanceVisit) => void, maxDepth = 24): void {
  const go = (raw: unknown, path: string, inBranch: boolean, depth: number, refs: number) => {
    if (depth > maxDepth || !isObject(raw)) return;
    const viaRef = typeof raw.$ref === "string";
    if (viaRef && refs > 2) return;
    const schema = derefBundled(root, raw);
    const nextRefs = viaRef ? refs + 1 : refs;
    visit({ schema, path, inBranch });
    if (isObject(schema.properties))
      for (const [name, sub] of Object.entries(schema.properties)) go(sub, `${path}/${escapeToken(name)}`, false, depth + 1, nextRefs);
    if (isObject(schema.patternProperties))
      for (const sub of Object.values(schema.patternProperties)) go(sub, `${path}/*`, false, depth + 1, nextRefs);
    if (isObject(schema.additionalProperties)) go(schema.additionalProperties, `${path}/*`, false, depth + 1, nextRefs);
    if (isObject(schema.items)) go(schema.items, `${path}/*`, false, depth + 1, nextRefs);
    if (Array.isArray(schema.items)) schema.items.forEach((s) => go(s, `${path}/*`, false, depth + 1, nextRefs));
    for (const k of ["allOf", "anyOf", "oneOf"] as const)
      if (Array.isArray(schema[k])) (schema[k] as unknown[]).forEach((s) => go(s, path, k !== "allOf", depth + 1, nextRefs));
    for (const k of ["if", "then", "else"] as const) go(schema[k], path, true, depth + 1, nextRefs);
  };
  go(root, "", false, 0, 0);
}

/** Instance path patterns of every secret value in a bundled schema. */
export function secretPaths(root: JsonObject): string[] {
  const paths = new Set<string>();
  walkInstance(root, ({ schema, path }) => {
    if (isSecret(schema) && path !== "") paths.add(path);
  });
  return [...paths].sort();
}
