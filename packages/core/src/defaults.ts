/**
 * onespec's one rule for defaults (docs/dialect.md, "Defaults"): the default nearest the root
 * wins. A property's own `default` beside its `$ref` replaces the target's (bundle does that),
 * and an object's default gives the properties it names their defaults, replacing theirs (or
 * their `$ref` target's). Draft-07 validators ignore keywords beside `$ref`; this is how onespec
 * reads them for defaults, and every layer (form, server, fixtures, docs) reads a schema through
 * this function so they fill in the same config.
 */
import { cloneJson, isObject, type JsonObject } from "./walk.js";

/** Keywords holding one subschema, an array of them or a map of them, visited without a default. */
const ONE = ["items", "additionalProperties", "not", "if", "then", "else", "contains"] as const;
const MANY = ["oneOf", "anyOf", "prefixItems"] as const;
const MAP = ["definitions", "$defs", "patternProperties"] as const;

/**
 * A copy of a bundled schema (no `$ref` but local `#/definitions/…`) in which every property's
 * `default` is the one the rule gives it, so a reader that takes the deepest `default` (RJSF,
 * the docs' table, the fixtures' sampler) fills in what the rule says.
 */
export function withEffectiveDefaults<T extends JsonObject>(schema: T): T {
  return visit(cloneJson(schema), undefined) as T;
}

/** Sets `inherited` as the node's default (the ancestor's wins) and pushes object defaults down. */
function visit(node: unknown, inherited: unknown): unknown {
  if (!isObject(node)) return node;
  if (inherited !== undefined) node.default = cloneJson(inherited);
  pushDown(node, isObject(node.default) ? node.default : undefined);
  return node;
}

/**
 * Visits a node's subschemas: the properties (of the node and of its allOf members, which
 * describe the same object) get their entry of `objectDefault`; everything else gets none (a
 * oneOf branch is not the object's value until it is chosen, and an array's default is not an
 * item's).
 */
function pushDown(node: JsonObject, objectDefault: JsonObject | undefined): void {
  if (isObject(node.properties))
    for (const [key, sub] of Object.entries(node.properties))
      visit(
        sub,
        objectDefault && Object.hasOwn(objectDefault, key) ? objectDefault[key] : undefined,
      );
  if (Array.isArray(node.allOf))
    for (const member of node.allOf)
      if (isObject(member))
        pushDown(
          member,
          merged(isObject(member.default) ? member.default : undefined, objectDefault),
        );
  for (const k of ["dependencies", "dependentSchemas"] as const)
    if (isObject(node[k]))
      for (const sub of Object.values(node[k])) if (isObject(sub)) pushDown(sub, objectDefault);
  for (const k of ONE) if (isObject(node[k])) visit(node[k], undefined);
  for (const k of [...MANY, "items"] as const)
    if (Array.isArray(node[k])) for (const sub of node[k] as unknown[]) visit(sub, undefined);
  for (const k of MAP)
    if (isObject(node[k])) for (const sub of Object.values(node[k])) visit(sub, undefined);
}

/** The outer default's entries over the inner one's (the outer wins). */
function merged(
  inner: JsonObject | undefined,
  outer: JsonObject | undefined,
): JsonObject | undefined {
  return inner && outer ? { ...inner, ...outer } : (outer ?? inner);
}

const FILL_BRANCHES = ["allOf", "oneOf", "anyOf"] as const;

/**
 * The part of a bundled schema that filling in defaults needs, its defaults read by the rule:
 * every path down to a `default`, with the `const`s that pick a oneOf branch. undefined when the
 * schema has no default at all. The generated `parse` fills a config from this.
 */
export function defaultsSchema(schema: JsonObject): JsonObject | undefined {
  return defaultsOfEffective(withEffectiveDefaults(schema));
}

/** defaultsSchema of a schema whose defaults withEffectiveDefaults has already read (it is not changed). */
export function defaultsOfEffective(effective: JsonObject): JsonObject | undefined {
  const pruned = prune(effective, effective);
  if (pruned === undefined) return undefined;
  for (const k of ["definitions", "$defs"] as const)
    if (isObject(effective[k])) {
      const defs: JsonObject = {};
      for (const [name, sub] of Object.entries(effective[k]))
        defs[name] = prune(sub, effective) ?? {};
      pruned[k] = defs;
    }
  return pruned;
}

/** The node cut down to what the filler reads, or undefined when nothing under it has a default. */
function prune(node: unknown, root: JsonObject): JsonObject | undefined {
  if (!isObject(node) || !hasDefault(node, root)) return undefined;
  const out: JsonObject = {};
  for (const key of ["default", "const", "$ref"] as const)
    if (node[key] !== undefined) out[key] = cloneJson(node[key]);
  if (isObject(node.properties)) {
    const props: JsonObject = {};
    for (const [name, sub] of Object.entries(node.properties)) {
      const p = prune(sub, root);
      // A branch's tag stays: it is how the filler knows which branch the config chose.
      if (p) props[name] = p;
      else if (isObject(sub) && sub.const !== undefined) props[name] = { const: sub.const };
    }
    out.properties = props;
  }
  const items = prune(node.items, root);
  if (items) out.items = items;
  for (const key of ["items", "prefixItems", ...FILL_BRANCHES] as const)
    if (Array.isArray(node[key]))
      out[key] = (node[key] as unknown[]).map((v) => prune(v, root) ?? {});
  return out;
}

/** Whether a default sits anywhere under the node, references followed (each once). */
function hasDefault(node: unknown, root: JsonObject, seen: Set<string> = new Set()): boolean {
  if (!isObject(node)) return false;
  if (node.default !== undefined) return true;
  if (typeof node.$ref === "string" && !seen.has(node.$ref)) {
    seen.add(node.$ref);
    const m = /^#\/(definitions|\$defs)\/([^/]+)$/.exec(node.$ref);
    const defs = m ? root[m[1]] : undefined;
    if (isObject(defs) && hasDefault(defs[m![2]], root, seen)) return true;
  }
  const under = (v: unknown) => hasDefault(v, root, seen);
  if (isObject(node.properties) && Object.values(node.properties).some(under)) return true;
  if (under(node.items)) return true;
  return ["items", "prefixItems", ...FILL_BRANCHES].some(
    (k) => Array.isArray(node[k]) && (node[k] as unknown[]).some(under),
  );
}
