import type { RJSFSchema, ValidatorType } from "@rjsf/utils";
import { resolveAnyOrOneOfSchemas, retrieveSchemaInternal } from "./rjsf-retrieve.js";
import { isObject, type JsonObject } from "@onespec/core";

/**
 * RJSF's `hashForSchema` (@rjsf/utils 6): Java's string hash, in hex, of the value serialised
 * with sorted keys, leaving out undefined, function and symbol values. Written again here to
 * remember each object's hash: `formSubSchemas` hashes every subtree once for each of its
 * ancestors, which made RJSF's function a tenth of the forms generator's time. The serialisation
 * is never built: Java's hash of a concatenation follows from its parts' (h(ab) = h(a)·31^|b| +
 * h(b), in 32 bits), so each object's hash is made from its members' and kept. A hasher is used
 * only while the objects it saw stay unchanged; the sub-schema tests check its keys against the
 * ones RJSF asks for at run time, over the whole Airbyte corpus.
 */
function schemaHasher(): (schema: unknown) => string {
  /** A text's hash and 31 to the power of its length, both modulo 2^32. */
  type Hashed = { h: number; p: number };
  const memo = new WeakMap<object, Hashed>();
  const ofText = (text: string, into: Hashed = { h: 0, p: 1 }): Hashed => {
    let { h, p } = into;
    for (let i = 0; i < text.length; i++) {
      h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
      p = Math.imul(p, 31);
    }
    return { h, p };
  };
  const append = (a: Hashed, b: Hashed): Hashed => ({
    h: (Math.imul(a.h, b.p) + b.h) | 0,
    p: Math.imul(a.p, b.p),
  });
  const hashed = (value: unknown): Hashed => {
    if (value === null || typeof value !== "object")
      return ofText(JSON.stringify(typeof value === "function" ? null : value) ?? "");
    let out = memo.get(value);
    if (out !== undefined) return out;
    if (Array.isArray(value)) {
      out = ofText("[");
      value.forEach((x, i) => {
        if (i > 0) out = ofText(",", out);
        out = append(out!, x === undefined ? ofText("undefined") : hashed(x));
      });
      out = ofText("]", out);
    } else {
      const record = value as Record<string, unknown>;
      out = ofText("{");
      let first = true;
      for (const key of Object.keys(record).sort()) {
        const v = record[key];
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        out = ofText(`${first ? "" : ","}${JSON.stringify(key)}:`, out);
        out = append(out, hashed(v));
        first = false;
      }
      out = ofText("}", out);
    }
    memo.set(value, out);
    return out;
  };
  return (schema) => hashed(schema).h.toString(16);
}

/** The key RJSF's precompiled validator looks a schema up by (its `$id`, else its hash). */
export function schemaKey(schema: JsonObject, hash = schemaHasher()): string {
  return typeof schema.$id === "string" ? schema.$id : hash(schema);
}

/**
 * Every schema RJSF may hand its validator's `isValid()` while it renders and validates a form
 * (the options of each oneOf/anyOf, their "relaxed" and "augmented" copies, the discriminator
 * property of each option, `if` conditions), keyed as createPrecompiledValidator looks them up,
 * each with that key as its `$id`. The root schema is the first entry.
 *
 * RJSF's own `schemaParser` does the same walk but misses a oneOf inside a branch of another:
 * for each option it walks the container's `properties` instead of the option's (RJSF 6.11), so
 * the nested oneOf's options were never compiled and switching to them threw "No precompiled
 * validator function was found". This walk asks RJSF's own `retrieveSchemaInternal` and
 * `resolveAnyOrOneOfSchemas` (with every branch expanded, as the parser does) at every schema
 * position: under each option's own properties, array items, additional and pattern properties.
 */
export function formSubSchemas(root: JsonObject): Record<string, JsonObject> {
  const found: Record<string, JsonObject> = {};
  const hashForSchema = schemaHasher();
  const add = (schema: JsonObject): void => {
    const key = schemaKey(schema, hashForSchema);
    if (!Object.prototype.hasOwnProperty.call(found, key)) found[key] = { ...schema, $id: key };
  };
  const unexpected = (): never => {
    throw new Error("only isValid() is expected while collecting a form's sub-schemas");
  };
  // Records what RJSF asks about; `false` makes it go on to the next option, as RJSF's ParserValidator does.
  const recorder = {
    isValid(schema: JsonObject) {
      add(schema);
      return false;
    },
    validateFormData: unexpected,
    rawValidation: unexpected,
    toErrorList: unexpected,
  } as unknown as ValidatorType;
  add(root);

  const seen = new Set<string>();
  const rjsfRoot = root as RJSFSchema;
  const visit = (schema: unknown): void => {
    if (!isObject(schema)) return;
    const key = hashForSchema(schema);
    if (seen.has(key)) return;
    seen.add(key);
    for (const local of retrieveSchemaInternal(
      recorder,
      schema as RJSFSchema,
      rjsfRoot,
      undefined,
      true,
    )) {
      const localKey = hashForSchema(local);
      if (localKey !== key) {
        if (seen.has(localKey)) continue;
        seen.add(localKey);
      }
      const options = resolveAnyOrOneOfSchemas(recorder, local, rjsfRoot, true);
      visitChildren(local);
      // An option (merged with the container's other keywords) may hold allOf, if or another oneOf.
      if (options.length !== 1 || options[0] !== local) for (const option of options) visit(option);
    }
  };
  const visitChildren = (schema: JsonObject): void => {
    for (const k of ["properties", "patternProperties"] as const)
      if (isObject(schema[k])) for (const child of Object.values(schema[k])) visit(child);
    for (const k of ["items", "prefixItems"] as const) {
      const value = schema[k];
      if (Array.isArray(value)) value.forEach(visit);
      else visit(value);
    }
    for (const k of ["additionalProperties", "additionalItems"] as const) visit(schema[k]);
  };
  visit(root);
  return found;
}
