/**
 * Secrets in a saved connection: split out of the config for storage, shown as a mask, and
 * merged back when an edited config comes in. A mask is never stored: submitting the mask keeps
 * the stored secret, submitting a new value replaces it, leaving the field out removes it, and
 * a mask with no stored secret behind it is refused.
 */

import { matchPointers } from "@onespec/sdk";

/** What every API response shows in place of a stored secret. */
export const MASK = "********";

/** A concrete secret location and its value. */
export interface SecretEntry {
  pointer: string;
  value: string;
}

/** Every (concrete pointer, string value) at the schema's secret paths (`*` expands). */
export function secretEntries(config: unknown, secretPaths: readonly string[]): SecretEntry[] {
  return matchPointers(config, secretPaths).flatMap(({ pointer, value }) =>
    typeof value === "string" && pointer !== "" ? [{ pointer, value }] : [],
  );
}

/** Sets the value at each secret location of `config` (a copy we own) that holds a string. */
function replaceSecrets(
  config: unknown,
  secretPaths: readonly string[],
  replace: (m: SecretEntry) => string,
): void {
  for (const match of matchPointers(config, secretPaths)) {
    if (typeof match.value !== "string" || match.parent === undefined) continue;
    (match.parent as Record<string, unknown>)[match.key] = replace({
      pointer: match.pointer,
      value: match.value,
    });
  }
}

/** A copy of the config with every secret replaced by `replacement` (MASK for responses). */
export function withSecretsReplaced(
  config: unknown,
  secretPaths: readonly string[],
  replacement = MASK,
): unknown {
  const copy = structuredClone(config);
  replaceSecrets(copy, secretPaths, () => replacement);
  return copy;
}

export class MaskWithoutSecretError extends Error {
  constructor(readonly pointers: string[]) {
    super(
      `${pointers.join(", ")}: the mask ${JSON.stringify(MASK)} stands for a stored secret, and none is stored there; type the secret`,
    );
  }
}

/**
 * The config to validate and store: each MASK replaced by the stored secret at the same
 * pointer. Throws MaskWithoutSecretError when a MASK has nothing stored behind it.
 */
export function mergeSecrets(
  submitted: unknown,
  stored: readonly SecretEntry[],
  secretPaths: readonly string[],
): unknown {
  const merged = structuredClone(submitted);
  const byPointer = new Map(stored.map((e) => [e.pointer, e.value]));
  const missing: string[] = [];
  replaceSecrets(merged, secretPaths, ({ pointer, value }) => {
    if (value !== MASK) return value;
    const kept = byPointer.get(pointer);
    if (kept === undefined) missing.push(pointer);
    return kept ?? value;
  });
  if (missing.length > 0) throw new MaskWithoutSecretError(missing);
  return merged;
}
