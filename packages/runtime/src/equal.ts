/**
 * Deep equality of JSON values, comparing objects by their own keys only. Precompiled validators
 * need it for `const`, `enum` and `uniqueItems`; ajv's own (fast-deep-equal) calls a value's
 * `valueOf` and `toString` when they are not Object.prototype's, so a config holding
 * `{"valueOf": 1}` made it throw ("a.valueOf is not a function") instead of validating.
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === "number" && typeof b === "number") return Number.isNaN(a) && Number.isNaN(b);
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(b, key)) return false;
    if (!jsonEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]))
      return false;
  }
  return true;
}

/** `@onespec/runtime/equal` stands in for `ajv/dist/runtime/equal` in generated validators. */
export default jsonEqual;
