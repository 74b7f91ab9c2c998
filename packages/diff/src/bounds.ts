import type { JsonObject } from "@onespec/core";

/** One end of a range: a value and whether it is excluded. Absent: unbounded. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** The range keywords, by what they bound: [lower keyword, upper keyword, what the bound counts]. */
export const LENGTH_BOUNDS = [
  ["minLength", "maxLength", "string length"],
  ["minItems", "maxItems", "number of items"],
  ["minProperties", "maxProperties", "number of properties"],
] as const;

const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/**
 * The lower and upper bound of a number. Draft-04's boolean `exclusiveMinimum` was turned into
 * the numeric form by the loader. For integers an exclusive bound is the next integer in, so
 * `exclusiveMinimum: 4` and `minimum: 5` compare equal.
 */
export function numberBounds(node: JsonObject, integer: boolean): { lower?: Bound; upper?: Bound } {
  const pick = (inclusive: unknown, exclusive: unknown, lower: boolean): Bound | undefined => {
    const i = num(inclusive);
    const e = num(exclusive);
    let bound: Bound | undefined;
    if (i !== undefined) bound = { value: i, exclusive: false };
    // Both written: the tighter one holds.
    if (e !== undefined && (bound === undefined || (lower ? e >= bound.value : e <= bound.value)))
      bound = { value: e, exclusive: true };
    if (bound && integer) {
      const inward = lower
        ? bound.exclusive
          ? Math.floor(bound.value) + 1
          : Math.ceil(bound.value)
        : bound.exclusive
          ? Math.ceil(bound.value) - 1
          : Math.floor(bound.value);
      bound = { value: inward, exclusive: false };
    }
    return bound;
  };
  return {
    lower: pick(node.minimum, node.exclusiveMinimum, true),
    upper: pick(node.maximum, node.exclusiveMaximum, false),
  };
}

export function lengthBounds(
  node: JsonObject,
  min: string,
  max: string,
): { lower?: Bound; upper?: Bound } {
  const lo = num(node[min]);
  const hi = num(node[max]);
  return {
    lower: lo === undefined ? undefined : { value: lo, exclusive: false },
    upper: hi === undefined ? undefined : { value: hi, exclusive: false },
  };
}

/** -1: the new lower bound lets in less (narrowed), 1: more (widened), 0: the same. */
export function compareLower(before: Bound | undefined, after: Bound | undefined): -1 | 0 | 1 {
  if (!before && !after) return 0;
  if (!after) return 1;
  if (!before) return -1;
  if (after.value !== before.value) return after.value > before.value ? -1 : 1;
  if (after.exclusive === before.exclusive) return 0;
  return after.exclusive ? -1 : 1;
}

export function compareUpper(before: Bound | undefined, after: Bound | undefined): -1 | 0 | 1 {
  const flip = (b: Bound | undefined) =>
    b ? { value: -b.value, exclusive: b.exclusive } : undefined;
  return compareLower(flip(before), flip(after));
}

export function showBound(b: Bound | undefined, lower: boolean): string {
  if (!b) return "none";
  return `${lower ? (b.exclusive ? ">" : ">=") : b.exclusive ? "<" : "<="} ${b.value}`;
}

/** Whether every multiple of `before` is a multiple of `after`. */
export function multipleCovers(before: number, after: number): boolean {
  const q = before / after;
  return Math.abs(q - Math.round(q)) < 1e-9;
}
