import { isObject, type JsonObject } from "./walk.js";

export type Literal = string | number | boolean | null;

export interface Discriminator {
  propertyName: string;
  /** The constant of each branch, in branch order. */
  values: Literal[];
  /** Whether each branch lists the property in `required`. */
  required: boolean[];
}

/** The constant a property schema pins: `const`, or an `enum` with exactly one value. */
export function constOf(schema: unknown): { value: Literal } | undefined {
  if (!isObject(schema)) return undefined;
  if ("const" in schema) return { value: schema.const as Literal };
  if (Array.isArray(schema.enum) && schema.enum.length === 1)
    return { value: schema.enum[0] as Literal };
  return undefined;
}

/** Properties a branch declares, including those of its allOf members. */
function branchProperties(
  branch: JsonObject,
  resolve: (n: unknown) => JsonObject,
): { props: JsonObject; required: Set<string> } {
  const props: JsonObject = {};
  const required = new Set<string>();
  const visit = (node: JsonObject, depth: number) => {
    if (depth > 8) return;
    if (isObject(node.properties)) Object.assign(props, node.properties);
    if (Array.isArray(node.required))
      node.required.forEach((r) => typeof r === "string" && required.add(r));
    if (Array.isArray(node.allOf)) node.allOf.forEach((m) => visit(resolve(m), depth + 1));
  };
  visit(branch, 0);
  return { props, required };
}

/**
 * Finds the property whose constant tells the branches of a oneOf/anyOf apart: present in every
 * branch, pinned to a different literal in each.
 */
export function findDiscriminator(
  branches: unknown[],
  resolve: (n: unknown) => JsonObject = (n) => (isObject(n) ? n : {}),
): Discriminator | undefined {
  if (branches.length < 1) return undefined;
  const infos = branches.map((b) => branchProperties(resolve(b), resolve));
  const candidates = Object.keys(infos[0].props);
  for (const name of candidates) {
    const values: Literal[] = [];
    let ok = true;
    for (const info of infos) {
      const c = constOf(resolve(info.props[name]));
      if (!c) {
        ok = false;
        break;
      }
      values.push(c.value);
    }
    if (!ok) continue;
    if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) continue;
    return { propertyName: name, values, required: infos.map((i) => i.required.has(name)) };
  }
  return undefined;
}

/**
 * The tag of a oneOf that ajv's `discriminator` keyword accepts: a property declared directly in
 * every branch, pinned to a distinct string, and required (in the branch or the parent). With it,
 * validation errors come from the chosen branch only. `resolveBranch` returns undefined for a
 * branch ajv could not inspect.
 */
export function ajvDiscriminatorTag(
  holder: JsonObject,
  resolveBranch: (branch: unknown, index: number) => JsonObject | undefined,
): string | undefined {
  if (!Array.isArray(holder.oneOf) || holder.oneOf.length < 1) return undefined;
  const branches = holder.oneOf.map(resolveBranch);
  if (branches.some((b) => !b)) return undefined;
  const parentRequired = new Set(Array.isArray(holder.required) ? holder.required : []);
  const first = branches[0]!;
  for (const tag of Object.keys(isObject(first.properties) ? first.properties : {})) {
    const values = new Set<string>();
    const ok = branches.every((b) => {
      const prop = isObject(b!.properties) ? b!.properties[tag] : undefined;
      if (isObject(prop) && typeof prop.$ref === "string") return false;
      const c = constOf(prop);
      const required =
        parentRequired.has(tag) || (Array.isArray(b!.required) && b!.required.includes(tag));
      if (!c || typeof c.value !== "string" || !required || values.has(c.value)) return false;
      values.add(c.value);
      return true;
    });
    if (ok) return tag;
  }
  return undefined;
}
