/**
 * JSON pointers (RFC 6901) as onespec uses them: pointers into a config, and secret-path
 * patterns, which are pointers whose `*` segments match any one key or index.
 */

/** Escapes one reference token: `~` → `~0`, `/` → `~1`. */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Unescapes one reference token. */
export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** The raw (still escaped) tokens of a pointer; throws a TypeError for text that is not one. */
export function splitPointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/"))
    throw new TypeError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return pointer.slice(1).split("/");
}

/** Joins unescaped tokens into a pointer. */
export function joinPointer(tokens: readonly (string | number)[]): string {
  return tokens.map((t) => "/" + escapePointerToken(String(t))).join("");
}

const own = (node: object, key: string): boolean => Object.prototype.hasOwnProperty.call(node, key);
const isIndex = (token: string, length: number): boolean =>
  /^(0|[1-9]\d*)$/.test(token) && Number(token) < length;

/** The value at a pointer, or undefined when the path does not exist (own properties only). */
export function valueAt(data: unknown, pointer: string): unknown {
  let current: unknown = data;
  for (const raw of splitPointer(pointer)) {
    const token = unescapePointerToken(raw);
    if (current === null || typeof current !== "object") return undefined;
    if (Array.isArray(current) ? !isIndex(token, current.length) : !own(current, token))
      return undefined;
    current = (current as Record<string, unknown>)[token];
  }
  return current;
}

/** A place a pointer pattern matched in a value. */
export interface PointerMatch {
  /** The concrete pointer (no `*`). */
  pointer: string;
  /** The object or array holding the value; undefined for the root. */
  parent: Record<string, unknown> | unknown[] | undefined;
  key: string;
  value: unknown;
}

/**
 * Every place the given pointer patterns match in a value, each once. A `*` segment matches
 * every array item or own property; missing paths match nothing.
 */
export function matchPointers(value: unknown, patterns: readonly string[]): PointerMatch[] {
  const matches = new Map<string, PointerMatch>();
  const visit = (
    node: unknown,
    tokens: readonly string[],
    at: string,
    parent: PointerMatch["parent"],
    key: string,
  ): void => {
    if (tokens.length === 0) {
      matches.set(at, { pointer: at, parent, key, value: node });
      return;
    }
    if (node === null || typeof node !== "object") return;
    const [token, ...rest] = tokens as [string, ...string[]];
    const keys =
      token === "*"
        ? Object.keys(node)
        : (Array.isArray(node) ? isIndex(token, node.length) : own(node, token))
          ? [token]
          : [];
    for (const k of keys)
      visit(
        (node as Record<string, unknown>)[k],
        rest,
        `${at}/${escapePointerToken(k)}`,
        node as PointerMatch["parent"],
        k,
      );
  };
  for (const pattern of patterns)
    visit(value, splitPointer(pattern).map(unescapePointerToken), "", undefined, "");
  return [...matches.values()];
}

/** Whether a pointer falls on or under one of the secret-path patterns. */
export function isSecretPointer(pointer: string, secretPaths: readonly string[]): boolean {
  const segments = splitPointer(pointer);
  return secretPaths.some((path) => {
    const pattern = splitPointer(path);
    if (pattern.length > segments.length) return false;
    return pattern.every((p, i) => p === "*" || p === segments[i]);
  });
}

/** Whether the value at a pointer is, contains, or lies under a secret (so it must never be shown). */
export function mayHoldSecret(pointer: string, secretPaths: readonly string[]): boolean {
  const segments = splitPointer(pointer);
  return secretPaths.some((path) => {
    const pattern = splitPointer(path);
    const n = Math.min(pattern.length, segments.length);
    for (let i = 0; i < n; i++) if (pattern[i] !== "*" && pattern[i] !== segments[i]) return false;
    return true;
  });
}
