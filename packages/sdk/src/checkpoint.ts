/**
 * Checkpoints of streams read in key order within one scope (a database, a schema): the scope
 * being read and the key of the last entity done in it, stored as `{[scopeKey]: name, after:
 * key}` (mysql: `{schema, after}`, postgres: `{database, after}`).
 */
import type { JsonValue } from "./types.js";

export interface KeysetPosition {
  scope: string;
  after: string[];
}

/** The position a stream's state holds, or undefined for a fresh start (or a state of another shape). */
export function keysetPosition(
  state: JsonValue | undefined,
  scopeKey: string,
): KeysetPosition | undefined {
  if (!state || typeof state !== "object" || Array.isArray(state)) return undefined;
  const scope = state[scopeKey];
  const after = state["after"];
  if (typeof scope !== "string" || !Array.isArray(after)) return undefined;
  return { scope, after: after.map(String) };
}
