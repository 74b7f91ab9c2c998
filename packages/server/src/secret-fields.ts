/**
 * Secrets in a saved connection: split out of the config for storage, shown as a mask, and
 * merged back when an edited config comes in. A mask is never stored: submitting the mask keeps
 * the stored secret, submitting a new value replaces it, leaving the field out removes it, and
 * a mask with no stored secret behind it is refused.
 */

/** What every API response shows in place of a stored secret. */
export const MASK = "********";

/** A concrete secret location and its value. */
export interface SecretEntry {
  pointer: string;
  value: string;
}

const unescape = (t: string) => t.replace(/~1/g, "/").replace(/~0/g, "~");
const escape = (t: string) => t.replace(/~/g, "~0").replace(/\//g, "~1");

/** Every (concrete pointer, string value) at the schema's secret paths (`*` expands). */
export function secretEntries(config: unknown, secretPaths: readonly string[]): SecretEntry[] {
  const found = new Map<string, string>();
  const visit = (node: unknown, tokens: string[], at: string) => {
    if (tokens.length === 0) {
      if (typeof node === "string") found.set(at, node);
      return;
    }
    if (node === null || typeof node !== "object") return;
    const [token, ...rest] = tokens as [string, ...string[]];
    const keys = token === "*" ? Object.keys(node) : Object.hasOwn(node, token) ? [token] : [];
    for (const key of keys)
      visit((node as Record<string, unknown>)[key], rest, `${at}/${escape(key)}`);
  };
  for (const pointer of secretPaths)
    visit(config, pointer === "" ? [] : pointer.slice(1).split("/").map(unescape), "");
  return [...found].map(([pointer, value]) => ({ pointer, value }));
}

function setAt(config: unknown, pointer: string, value: unknown): void {
  const tokens = pointer.slice(1).split("/").map(unescape);
  let node = config as Record<string, unknown>;
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
  node[tokens.at(-1)!] = value;
}

/** A copy of the config with every secret replaced by `replacement` (MASK for responses). */
export function withSecretsReplaced(
  config: unknown,
  secretPaths: readonly string[],
  replacement = MASK,
): unknown {
  const copy = structuredClone(config);
  for (const { pointer } of secretEntries(copy, secretPaths)) setAt(copy, pointer, replacement);
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
  for (const { pointer, value } of secretEntries(merged, secretPaths)) {
    if (value !== MASK) continue;
    const kept = byPointer.get(pointer);
    if (kept === undefined) missing.push(pointer);
    else setAt(merged, pointer, kept);
  }
  if (missing.length > 0) throw new MaskWithoutSecretError(missing);
  return merged;
}
