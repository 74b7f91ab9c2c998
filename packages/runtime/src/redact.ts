import { escapePointerToken, isSecretPointer, matchPointers } from "./pointer.js";

/** What is shown in place of a secret value. */
export const REDACTED = "[redacted]";

/**
 * The placeholder a server sends instead of a stored secret. A secret field that still holds
 * it on submit means "keep the stored value".
 */
export const MASK = "********";

export function isMasked(value: unknown, mask: string = MASK): boolean {
  return value === mask;
}

/**
 * A deep copy of a JSON value with every value on or under a secret path replaced by
 * `[redacted]` (null and absent values stay as they are). Redacts by position, never by
 * text, so the result is still the same shape of JSON.
 */
export function redactSecrets<V>(data: V, secretPaths: readonly string[], pointer = ""): V {
  if (
    pointer !== "" &&
    data !== undefined &&
    data !== null &&
    isSecretPointer(pointer, secretPaths)
  )
    return REDACTED as V;
  if (Array.isArray(data))
    return data.map((v, i) => redactSecrets(v, secretPaths, `${pointer}/${i}`)) as V;
  if (data !== null && typeof data === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data))
      Object.defineProperty(out, k, {
        value: redactSecrets(v, secretPaths, `${pointer}/${escapePointerToken(k)}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return out as V;
  }
  return data;
}

/**
 * A deep copy of a JSON value with whatever the pointer patterns match (`*` segments allowed)
 * replaced by `replacement`.
 */
export function replaceAtPointers(
  value: unknown,
  patterns: readonly string[],
  replacement: unknown = REDACTED,
): unknown {
  const copy = cloneJson(value);
  for (const match of matchPointers(copy, patterns)) {
    if (match.parent === undefined) return replacement;
    (match.parent as Record<string, unknown>)[match.key] = replacement;
  }
  return copy;
}

/** The non-empty strings, and finite numbers as strings, found at the pointer patterns. */
export function valuesAtPointers(value: unknown, patterns: readonly string[]): string[] {
  const found = new Set<string>();
  for (const { value: v } of matchPointers(value, patterns)) {
    if (typeof v === "string" && v !== "") found.add(v);
    else if (typeof v === "number" && Number.isFinite(v)) found.add(String(v));
  }
  return [...found];
}

/** A deep copy of plain JSON data (objects, arrays, primitives); keys such as `__proto__` stay data. */
function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value))
    Object.defineProperty(out, k, {
      value: cloneJson(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return out;
}
