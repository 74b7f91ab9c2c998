/**
 * Secrets in a saved connection: split out of the config for storage, shown as a mask, and
 * merged back when an edited config comes in. A mask is never stored: submitting the mask keeps
 * the stored secret, submitting a new value replaces it, leaving the field out removes it, and
 * a mask with no stored secret behind it is refused.
 */

import { MASK, type Problem } from "@onespec/runtime";
import { escapePointerToken, matchPointers } from "@onespec/sdk";

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

/** A config refused as a whole (422), with a problem at each field concerned. */
export class RefusedConfigError extends Error {
  readonly statusCode = 422;
  constructor(
    message: string,
    readonly problems: Problem[],
  ) {
    super(message);
  }
}

/** The mask typed into a field that is not secret: stored as is, it would look like a saved secret. */
export class MaskOutsideSecretError extends RefusedConfigError {
  constructor(readonly pointers: string[]) {
    super(
      `${pointers.join(", ")}: the mask ${JSON.stringify(MASK)} only stands for a stored secret, and ${pointers.length === 1 ? "this field is" : "these fields are"} not secret; type the real value`,
      pointers.map((pointer) => ({
        pointer,
        keyword: "mask",
        message: `${JSON.stringify(MASK)} is the mask of a stored secret, and this field is not secret; type the real value`,
      })),
    );
  }
}

/** The pointers of every string equal to the mask outside the secret paths. */
export function masksOutsideSecrets(config: unknown, secretPaths: readonly string[]): string[] {
  const secret = new Set(secretEntries(config, secretPaths).map((e) => e.pointer));
  const found: string[] = [];
  const visit = (node: unknown, at: string): void => {
    if (node === MASK && !secret.has(at)) found.push(at);
    else if (node !== null && typeof node === "object")
      for (const [key, child] of Object.entries(node))
        visit(child, `${at}/${escapePointerToken(key)}`);
  };
  visit(config, "");
  return found;
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
