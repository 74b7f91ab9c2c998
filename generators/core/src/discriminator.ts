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
  if (Array.isArray(schema.enum) && schema.enum.length === 1) return { value: schema.enum[0] as Literal };
  return undefined;
}

/** Properties a branch declares, including those of its allOf members. */
function branchProperties(branch: JsonObject, resolve: (n: unknown) => JsonObject): { props: JsonObject; required: Set<string> } {
  const props: JsonObject = {};
  const required = new Set<string>();
  const visit = (node: JsonObject, depth: number) => {
    if (depth > 8) return;
    if (isObject(node.properties)) Object.assign(props, node.properties);
    if (Array.isArray(node.required)) node.required.forEach((r) => typeof r === "string" && required.add(r));
    if (Array.isArray(node.allOf)) node.allOf.forEach((m) => visit(resolve(m), depth + 1));
  };
  visit(branch, 0);
  return { props, required };
}

/**
 * Finds the property whose constant tells the branches of a oneOf/anyOf apart: present in every
 * branch, pinned to a different literal in each.
 */
export function findDiscriminator(branches: unknown[], resolve: (n: unknown) => JsonObject = (n) => (isObject(n) ? n : {})): Discriminator | undefined {
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
