/**
 * Fills in a config's absent values from a schema's defaults, the way every onespec layer that
 * runs a connector does (the server before test connection, the generated `parse`). The schema
 * is a bundled one whose defaults were read by onespec's rule (withEffectiveDefaults in
 * @onespec/core, docs/dialect.md "Defaults"): each property's `default` is already the one that
 * wins, so filling only takes the deepest.
 */
type Json = Record<string, unknown>;

/** A copy of a JSON value (configs and defaults are JSON; runtime targets any JS host). */
const clone = <V>(v: V): V => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as V));

const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * A copy of `value` with every absent property that has a default set to it, in present objects
 * and in the defaults themselves, in array items, and in the oneOf/anyOf branch the value's
 * discriminator (a `const` property it carries) selects. Nothing without a default is invented:
 * no empty object, no branch the config did not choose, no array item.
 */
export function fillDefaults<T>(schema: object, value: T): T {
  return fill(schema, clone(value), schema as Json, 0) as T;
}

function fill(raw: unknown, value: unknown, root: Json, depth: number): unknown {
  // Recursive schemas are bounded by the value, which is finite; the depth guards a schema
  // whose $ref points at itself without consuming any of the value.
  if (depth > 64) return value;
  const node = deref(raw, root);
  if (value === undefined) {
    if (node.default === undefined) return undefined;
    value = clone(node.default);
  }
  if (Array.isArray(value)) {
    const tuple = Array.isArray(node.prefixItems)
      ? node.prefixItems
      : Array.isArray(node.items)
        ? node.items
        : undefined;
    return value.map((item, i) => {
      const sub = tuple ? tuple[i] : node.items;
      return sub === undefined || item === undefined ? item : fill(sub, item, root, depth + 1);
    });
  }
  if (!isObject(value)) return value;
  for (const member of members(node, value, root)) {
    if (!isObject(member.properties)) continue;
    for (const [key, sub] of Object.entries(member.properties)) {
      const filled = fill(sub, Object.hasOwn(value, key) ? value[key] : undefined, root, depth + 1);
      if (filled !== undefined) value[key] = filled;
    }
  }
  return value;
}

/** The schemas describing an object: the node, its allOf members, and the chosen oneOf/anyOf branch. */
function members(node: Json, value: Json, root: Json): Json[] {
  const out = [node];
  if (Array.isArray(node.allOf))
    for (const m of node.allOf) out.push(...members(deref(m, root), value, root));
  for (const k of ["oneOf", "anyOf"] as const) {
    if (!Array.isArray(node[k])) continue;
    const branches = (node[k] as unknown[]).map((b) => deref(b, root));
    const chosen = branches.filter((b) => selects(b, value, root));
    if (chosen.length === 1) out.push(...members(chosen[0], value, root));
  }
  return out;
}

/** Whether the value carries a `const` property of the branch with the branch's value. */
function selects(branch: Json, value: Json, root: Json): boolean {
  if (!isObject(branch.properties)) return false;
  let tagged = false;
  for (const [key, sub] of Object.entries(branch.properties)) {
    const s = deref(sub, root);
    if (!("const" in s)) continue;
    if (!Object.hasOwn(value, key) || JSON.stringify(value[key]) !== JSON.stringify(s.const))
      return false;
    tagged = true;
  }
  return tagged;
}

/** A local `#/definitions/…` or `#/$defs/…` reference followed, its siblings over the target's keywords. */
function deref(raw: unknown, root: Json): Json {
  let node = isObject(raw) ? raw : {};
  for (let i = 0; i < 32 && typeof node.$ref === "string"; i++) {
    const m = /^#\/(definitions|\$defs)\/(.+)$/.exec(node.$ref);
    const defs = m ? root[m[1]] : undefined;
    const target = isObject(defs)
      ? defs[decodeURIComponent(m![2]).replace(/~1/g, "/").replace(/~0/g, "~")]
      : undefined;
    if (!isObject(target)) break;
    const { $ref: _ref, ...siblings } = node;
    node = { ...target, ...siblings };
  }
  return node;
}
