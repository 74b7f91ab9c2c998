import {
  appendToDescription,
  applySchemaTyping,
  escapeBlockComment,
  isSchemaLike,
  justName,
  Parent,
  toSafeString,
  traverse,
  type JSONSchema,
  type Options,
} from "./jstt-stages.js";

/*
 * json-schema-to-typescript's validator and normalizer walk the whole schema once per rule: 6
 * walks to validate and 20 to normalize, each through `traverse`, which filters every node's keys
 * again. Most of gen-types' time in jstt went there. Here the nodes are listed by one `traverse`
 * (so the set is exactly the one each rule would visit), and every rule runs on every node from
 * that list.
 *
 * That is what jstt does, in another order, only when no rule reads or changes another node or
 * changes which nodes a later rule's walk reaches. Schemas that could (see `onePassApplies`) go
 * through jstt's own stages instead. Where that holds, each rule reads and writes its own node
 * only, so running rule after rule on one node, then the next node, leaves every node as rule
 * after rule over the whole tree does.
 */

type Node = Record<string | symbol, unknown>;

/** The nodes jstt's rules visit, by the walk they use, in its order. */
export function schemaNodes(schema: JSONSchema): Node[] {
  const nodes: Node[] = [];
  traverse(schema as never, (node) => void nodes.push(node as unknown as Node));
  return nodes;
}

/**
 * Whether the one pass does what jstt's stages do for these nodes. Not when a rule would act
 * across nodes or change the walk: `extends` (made an array, its schema then walked), `definitions`
 * or `$defs` (renamed; `nullable` reads the root's), `nullable` (moves keywords into a new
 * `anyOf`), `id` (moved to `$id`, or an error thrown midway), a `const` holding objects (walked
 * until it becomes an `enum`), a node that is an array, and the `minItems`/`maxItems` rules that
 * read the parent (only when jstt is told to keep them).
 */
export function onePassApplies(nodes: readonly Node[], options: Options): boolean {
  if (!options.ignoreMinAndMaxItems) return false;
  for (const node of nodes) {
    if (Array.isArray(node)) return false;
    if ("extends" in node || "definitions" in node || "$defs" in node) return false;
    if ("nullable" in node || "id" in node) return false;
    if (typeof node.const === "object" && node.const !== null) return false;
  }
  return true;
}

/** Whether any node breaks one of the rules of jstt's validator (validator.ts), which says which. */
export function breaksValidation(nodes: readonly Node[]): boolean {
  for (const node of nodes) {
    const { enum: members, tsEnumNames, maxItems, minItems, deprecated } = node;
    if (
      members &&
      tsEnumNames &&
      (members as unknown[]).length !== (tsEnumNames as unknown[]).length
    )
      return true;
    // Not an array: jstt's rule throws; let it.
    if (
      tsEnumNames &&
      (!Array.isArray(tsEnumNames) || tsEnumNames.some((n) => typeof n !== "string"))
    )
      return true;
    if (typeof maxItems === "number" && typeof minItems === "number" && maxItems < minItems)
      return true;
    if (typeof maxItems === "number" && maxItems < 0) return true;
    if (typeof minItems === "number" && minItems < 0) return true;
    if (typeof deprecated !== "boolean" && typeof deprecated !== "undefined") return true;
  }
  return false;
}

function hasType(node: Node, type: string): boolean {
  return node.type === type || (Array.isArray(node.type) && node.type.includes(type));
}
function isObjectType(node: Node): boolean {
  return node.properties !== undefined || hasType(node, "object") || hasType(node, "any");
}
function isArrayType(node: Node): boolean {
  return node.items !== undefined || hasType(node, "array") || hasType(node, "any");
}

/**
 * jstt's normalizer rules (normalizer.ts), in its order, on each node where `onePassApplies`: the
 * ones that cannot apply there (ids, `extends`, `definitions`, `nullable`, the `minItems` and
 * `maxItems` rules other than their removal and JSDoc) are left out.
 */
export function normalizeInOnePass(
  nodes: readonly Node[],
  fileName: string,
  options: Options,
): void {
  for (const node of nodes) {
    // Remove `type=["null"]` if `enum=[null]`
    if (
      Array.isArray(node.enum) &&
      node.enum.some((e) => e === null) &&
      Array.isArray(node.type) &&
      node.type.includes("null")
    )
      node.type = (node.type as unknown[]).filter((t) => t !== "null");
    // Destructure unary types
    if (node.type && Array.isArray(node.type) && node.type.length === 1) node.type = node.type[0];
    // Add empty `required` property if none is defined
    if (isObjectType(node) && !("required" in node)) node.required = [];
    // Transform `required`=false to `required`=[]
    if (node.required === false) node.required = [];
    // Default additionalProperties
    if (
      isObjectType(node) &&
      !("additionalProperties" in node) &&
      node.patternProperties === undefined
    )
      node.additionalProperties = options.additionalProperties;
    // Add an $id to anything that needs it: the root only, as nothing was dereferenced.
    if (!node.$id && !node[Parent] && isSchemaLike(node))
      node.$id = toSafeString(justName(fileName));
    // Escape closing JSDoc comment
    escapeBlockComment(node);
    if (isArrayType(node)) {
      // Add JSDoc comments for minItems and maxItems
      const comments = [
        "minItems" in node ? `@minItems ${node.minItems as number}` : "",
        "maxItems" in node ? `@maxItems ${node.maxItems as number}` : "",
      ].filter(Boolean);
      if (comments.length)
        node.description = appendToDescription(node.description as string, ...comments);
      // Optionally remove maxItems and minItems (ignoreMinAndMaxItems, as onePassApplies asks)
      if ("minItems" in node) delete node.minItems;
      if ("maxItems" in node) delete node.maxItems;
    }
    // Transform const to singleton enum
    let fromConst = false;
    if (node.const !== undefined) {
      node.enum = [node.const];
      fromConst = true;
      delete node.const;
    }
    // Add tsEnumNames to enum types
    if (
      !fromConst &&
      options.inferStringEnumKeysFromValues &&
      node.type === "string" &&
      node.enum !== undefined &&
      (node.enum as unknown[]).every((v) => typeof v === "string") &&
      node.tsEnumNames === undefined
    )
      node.tsEnumNames = (node.enum as unknown[]).map(String);
    // Pre-calculate schema types and intersections
    if (node !== null && typeof node === "object") applySchemaTyping(node as never);
  }
}
