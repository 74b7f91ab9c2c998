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
export function walkInstance(
  root: JsonObject,
  visit: (v: InstanceVisit) => void,
  maxDepth = 24,
): void {
  const go = (raw: unknown, path: string, inBranch: boolean, depth: number, refs: number) => {
    if (depth > maxDepth || !isObject(raw)) return;
    const viaRef = typeof raw.$ref === "string";
    if (viaRef && refs > 2) return;
    const schema = derefBundled(root, raw);
    const nextRefs = viaRef ? refs + 1 : refs;
    visit({ schema, path, inBranch });
    if (isObject(schema.properties))
      for (const [name, sub] of Object.entries(schema.properties))
        go(sub, `${path}/${escapeToken(name)}`, false, depth + 1, nextRefs);
    if (isObject(schema.patternProperties))
      for (const sub of Object.values(schema.patternProperties))
        go(sub, `${path}/*`, false, depth + 1, nextRefs);
    if (isObject(schema.additionalProperties))
      go(schema.additionalProperties, `${path}/*`, false, depth + 1, nextRefs);
    if (isObject(schema.items)) go(schema.items, `${path}/*`, false, depth + 1, nextRefs);
    if (Array.isArray(schema.items))
      schema.items.forEach((s) => go(s, `${path}/*`, false, depth + 1, nextRefs));
    for (const k of ["allOf", "anyOf", "oneOf"] as const)
      if (Array.isArray(schema[k]))
        (schema[k] as unknown[]).forEach((s) => go(s, path, k !== "allOf", depth + 1, nextRefs));
    for (const k of ["if", "then", "else"] as const) go(schema[k], path, true, depth + 1, nextRefs);
  };
  go(root, "", false, 0, 0);
}

/** A schema whose values hold other values (an object, an array, or a choice between schemas). */
function isContainer(schema: JsonObject): boolean {
  const types = Array.isArray(schema.type) ? schema.type : [schema.type];
  return (
    types.includes("object") ||
    types.includes("array") ||
    isObject(schema.properties) ||
    isObject(schema.patternProperties) ||
    isObject(schema.additionalProperties) ||
    schema.items !== undefined ||
    ["oneOf", "anyOf", "allOf"].some((k) => Array.isArray(schema[k]))
  );
}

/**
 * Instance path patterns of every secret value in a bundled schema. A secret marker on a
 * container (an object, or a oneOf of credentials) makes the values inside it secret, not the
 * container: its choices (a `const` tag, an `enum`) stay readable so a form can still show which
 * option it holds, and a masked container would no longer be an object. A container with no
 * values declared inside is secret whole.
 */
export function secretPaths(root: JsonObject): string[] {
  // A frozen schema (a connector's shared bundle, connector-schema.ts) cannot change: its paths
  // are worked out once, however many generators ask.
  if (!Object.isFrozen(root)) return findSecretPaths(root);
  let found = secretsOfFrozen.get(root);
  if (!found) secretsOfFrozen.set(root, (found = findSecretPaths(root)));
  return [...found];
}

const secretsOfFrozen = new WeakMap<JsonObject, string[]>();

function findSecretPaths(root: JsonObject): string[] {
  const paths = new Set<string>();
  const containers = new Set<string>();
  const values: string[] = [];
  walkInstance(root, ({ schema, path }) => {
    const container = isContainer(schema);
    if (isSecret(schema) && path !== "") (container ? containers : paths).add(path);
    if (!container && !("const" in schema) && !Array.isArray(schema.enum)) values.push(path);
  });
  for (const c of containers) {
    const inside = values.filter((p) => p.startsWith(`${c}/`));
    if (inside.length === 0) paths.add(c);
    for (const p of inside) paths.add(p);
  }
  // A value both inside a secret container and secret itself is listed once.
  return [...paths].filter((p) => ![...paths].some((q) => q !== p && p.startsWith(`${q}/`))).sort();
}
