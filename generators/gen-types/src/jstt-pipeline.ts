import {
  DEFAULT_OPTIONS,
  error,
  generate,
  link,
  merge,
  nameAnonymousRecursiveTypes,
  normalize,
  optimize,
  parse,
  validate,
  validateOptions,
  ValidationError,
  type JSONSchema,
  type Options,
} from "./jstt-stages.js";
import {
  breaksValidation,
  normalizeInOnePass,
  onePassApplies,
  schemaNodes,
} from "./jstt-one-pass.js";

/** Compiles one schema without `$ref` to TypeScript declarations, unformatted. */
export type CompileView = (schema: JSONSchema, name: string) => string;

/**
 * json-schema-to-typescript's `compile` (its index.ts), stage for stage, for schemas that hold no
 * `$ref` and output that is not formatted: what gen-types hands it. Left out are the stages that
 * then do nothing but cost a walk of the schema per call (dereferencing, and rewriting `nullable`
 * next to a `$ref`), the formatter, the clone of the input, and the debug log (VERBOSE). The
 * options are validated and merged over jstt's defaults once, here, not per schema. Validation
 * and normalization walk the schema once, not once per rule, where that is the same
 * (jstt-one-pass.ts).
 *
 * The schema is the pipeline's to change (jstt's stages annotate it in place): pass a tree built
 * for this one call, with no object shared with anything else.
 */
export function jsttPipeline(options: Partial<Options>): CompileView {
  validateOptions(options);
  const merged: Options = merge({}, DEFAULT_OPTIONS, options);
  if (!merged.cwd.endsWith("/")) merged.cwd += "/";
  if (merged.format)
    throw new Error("Internal error: jsttPipeline formats nothing; pass format: false.");
  return (schema, name) => {
    refuseRefs(schema, name);
    // What the resolver reports as dereferenced; nothing here.
    const dereferencedPaths = new WeakMap<JSONSchema, string>();
    const linked = link(schema);
    const nodes = schemaNodes(linked);
    const onePass = onePassApplies(nodes, merged);
    // jstt's validator names what is wrong; the one pass only finds that something is.
    const errors = onePass && !breaksValidation(nodes) ? [] : validate(linked, name);
    if (errors.length) {
      errors.forEach((e) => error(e));
      throw new ValidationError();
    }
    if (onePass) normalizeInOnePass(nodes, name, merged);
    const normalized = onePass ? linked : normalize(linked, dereferencedPaths, name, merged);
    const processed = new Map();
    const usedNames = new Set<string>();
    const parsed = parse(normalized, merged, undefined, processed, usedNames);
    nameAnonymousRecursiveTypes(parsed, processed, dereferencedPaths, usedNames);
    return generate(optimize(parsed, merged), merged);
  };
}

/**
 * Without a `$ref` key anywhere (in data too: jstt's resolver would act on `{"$ref": "…"}` in an
 * enum), dereferencing is the identity and `nullable` next to a `$ref` has nothing to rewrite.
 * tsView turns every reference into a named type and protectPrototypeNames hides the `$ref` keys
 * of data, so one reaching here is a bug in gen-types, not in the schema.
 */
function refuseRefs(schema: unknown, name: string): void {
  // Where the $ref is only matters once there is one: the walk that names it runs then.
  if (hasRef(schema, new Set())) pointToRef(schema, name);
}

function hasRef(node: unknown, seen: Set<object>): boolean {
  if (node === null || typeof node !== "object" || seen.has(node)) return false;
  seen.add(node);
  if (Array.isArray(node)) return node.some((v) => hasRef(v, seen));
  if (Object.prototype.hasOwnProperty.call(node, "$ref")) return true;
  for (const value of Object.values(node)) if (hasRef(value, seen)) return true;
  return false;
}

function pointToRef(schema: unknown, name: string): void {
  const seen = new Set<object>();
  const path: string[] = [];
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (!Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, "$ref")) {
      const at = path.map((k) => `/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("");
      throw new Error(
        `Internal error: the schema of type ${name} handed to json-schema-to-typescript has a $ref at ${at || "/"}; gen-types resolves references itself.`,
      );
    }
    for (const [key, value] of Object.entries(node)) {
      path.push(key);
      walk(value);
      path.pop();
    }
  };
  walk(schema);
}
