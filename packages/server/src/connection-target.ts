/**
 * The connection target of a config: the non-secret fields that decide where its secrets are
 * sent (host, port, URLs, account, database path, SSH tunnel host and port, …). A stored secret
 * is only filled into a config whose target is the one it was saved with; otherwise anyone who
 * can send a config could point a saved password at a server of their own.
 *
 * The target is derived from the connector's JSON Schema (connector metadata has no field to
 * list it): every non-secret property, at any depth and in every `oneOf`/`anyOf`/`allOf`
 * branch, whose name has a word from TARGET_WORDS (`host`, `tunnel_host`, `baseUrl`,
 * `bootstrap_servers`, `database_path`, …) and whose value is a scalar or an array of scalars.
 * An object-valued property is not compared whole; its own properties are judged by name.
 */
import { MASK, type Problem } from "@onespec/runtime";
import { canonicalJson, escapePointerToken, matchPointers } from "@onespec/sdk";
import {
  MaskOutsideSecretError,
  RefusedConfigError,
  masksOutsideSecrets,
  mergeSecrets,
  secretEntries,
  withSecretsReplaced,
  type SecretEntry,
} from "./secret-fields.js";

/** A word that makes a property part of the target (plurals count: `hosts`, `servers`). */
const TARGET_WORDS = new Set([
  "host",
  "hostname",
  "port",
  "url",
  "uri",
  "endpoint",
  "account",
  "server",
  "address",
  "path",
]);
/** Whole names that are part of the target. */
const TARGET_NAMES = new Set(["base_url", "database_path"]);

/** One target field: a pointer pattern (`*` for array items and free keys) and its schema default. */
export interface TargetField {
  pattern: string;
  /** The schema's default, as canonical JSON: an absent value counts as this. */
  defaultJson?: string;
}

/** Splits a property name into lower-case words: `tunnel_host`, `baseUrl`, `bootstrap-servers`. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Whether a property of this name decides where secrets go. */
export function isTargetName(name: string): boolean {
  if (TARGET_NAMES.has(name.toLowerCase())) return true;
  return words(name).some(
    (w) =>
      TARGET_WORDS.has(w) ||
      (w.endsWith("s") && TARGET_WORDS.has(w.slice(0, -1))) ||
      (w.endsWith("es") && TARGET_WORDS.has(w.slice(0, -2))),
  );
}

type Schema = Record<string, unknown>;
const isSchema = (s: unknown): s is Schema =>
  s !== null && typeof s === "object" && !Array.isArray(s);

/** The JSON types a property schema allows, looking through its branches. */
function types(schema: Schema, seen = new Set<Schema>()): Set<string> {
  const out = new Set<string>();
  if (seen.has(schema)) return out;
  seen.add(schema);
  const t = schema.type;
  if (typeof t === "string") out.add(t);
  else if (Array.isArray(t)) for (const x of t) if (typeof x === "string") out.add(x);
  if (isSchema(schema.properties) || isSchema(schema.additionalProperties)) out.add("object");
  if (schema.items !== undefined) out.add("array");
  for (const key of ["oneOf", "anyOf", "allOf"])
    if (Array.isArray(schema[key]))
      for (const b of schema[key] as unknown[])
        if (isSchema(b)) for (const x of types(b, seen)) out.add(x);
  return out;
}

/** True for a value compared as a whole: scalars and arrays of scalars (or no type said). */
function comparedWhole(schema: Schema): boolean {
  const t = types(schema);
  if (t.has("object")) return false;
  if (t.has("array")) {
    const items = schema.items;
    return !(isSchema(items) && types(items).has("object"));
  }
  return true;
}

/**
 * The target fields of a connector, from its (bundled, `$ref`-free) schema and its secret
 * paths. `extra` adds explicit pointer patterns (for a connector whose names say too little).
 */
export function connectionTarget(
  schema: unknown,
  secretPaths: readonly string[],
  extra: readonly string[] = [],
): TargetField[] {
  const secret = new Set(secretPaths);
  const found = new Map<string, { defaults: Set<string> }>();
  const add = (pattern: string, prop: Schema | undefined) => {
    const entry = found.get(pattern) ?? { defaults: new Set<string>() };
    found.set(pattern, entry);
    if (prop && "default" in prop) entry.defaults.add(canonicalJson(prop.default));
  };
  const visiting = new Set<Schema>();
  const walk = (node: unknown, at: string, depth: number): void => {
    if (!isSchema(node) || visiting.has(node) || depth > 64) return;
    visiting.add(node);
    for (const key of ["oneOf", "anyOf", "allOf"])
      if (Array.isArray(node[key])) for (const b of node[key] as unknown[]) walk(b, at, depth + 1);
    for (const key of ["if", "then", "else"]) walk(node[key], at, depth + 1);
    if (isSchema(node.properties))
      for (const [name, prop] of Object.entries(node.properties)) {
        const pointer = `${at}/${escapePointerToken(name)}`;
        if (secret.has(pointer) || !isSchema(prop)) continue;
        if (isTargetName(name) && comparedWhole(prop)) add(pointer, prop);
        else walk(prop, pointer, depth + 1);
      }
    for (const key of ["additionalProperties", "items"]) walk(node[key], `${at}/*`, depth + 1);
    if (isSchema(node.patternProperties))
      for (const p of Object.values(node.patternProperties)) walk(p, `${at}/*`, depth + 1);
    visiting.delete(node);
  };
  walk(schema, "", 0);
  for (const pattern of extra) add(pattern, undefined);
  return [...found].map(([pattern, { defaults }]) => ({
    pattern,
    // A default counts only when every branch agrees on it.
    ...(defaults.size === 1 && { defaultJson: [...defaults][0] }),
  }));
}

/**
 * The target fields (concrete pointers) whose values differ between the stored config and the
 * submitted one. Secrets are left out of the comparison; an absent value counts as its default.
 */
export function changedTarget(
  target: readonly TargetField[],
  stored: unknown,
  submitted: unknown,
  secretPaths: readonly string[],
): string[] {
  const before = withSecretsReplaced(stored, secretPaths, MASK);
  const after = withSecretsReplaced(submitted, secretPaths, MASK);
  const changed = new Set<string>();
  for (const field of target) {
    const values = (config: unknown) =>
      new Map(
        matchPointers(config, [field.pattern])
          .filter((m) => m.value !== undefined)
          .map((m) => [m.pointer, canonicalJson(m.value)]),
      );
    const a = values(before);
    const b = values(after);
    for (const pointer of new Set([...a.keys(), ...b.keys()]))
      if ((a.get(pointer) ?? field.defaultJson) !== (b.get(pointer) ?? field.defaultJson))
        changed.add(pointer);
  }
  return [...changed].sort();
}

/** Masked secrets submitted with a changed target: the secrets must be typed again (422). */
export class TargetChangedError extends RefusedConfigError {
  constructor(
    readonly changed: string[],
    readonly masked: string[],
  ) {
    const fields = changed.join(", ");
    super(
      `the connection target changed (${fields}), so the stored secret${masked.length === 1 ? "" : "s"} at ${masked.join(", ")} will not be sent there: type ${masked.length === 1 ? "it" : "them"} again (a stored secret is only used with the target it was saved for)`,
      masked.map((pointer) => ({
        pointer,
        keyword: "secretTarget",
        message: `type the secret again: the connection target changed (${fields})`,
      })),
    );
  }

  /** Adds the config's other problems (the validator's), so one answer lists them all. */
  withOtherProblems(others: readonly Problem[]): this {
    this.problems.unshift(...others);
    return this;
  }
}

/**
 * The config a request means, with each mask filled from the saved connection's secrets (none
 * for a request without one). Refuses the mask in a non-secret field, and a mask when the
 * target differs from the saved config's.
 */
export function fillStoredSecrets(
  submitted: unknown,
  saved: { config: unknown; secrets: readonly SecretEntry[] } | undefined,
  secretPaths: readonly string[],
  target: readonly TargetField[],
): unknown {
  const outside = masksOutsideSecrets(submitted, secretPaths);
  if (outside.length > 0) throw new MaskOutsideSecretError(outside);
  if (!saved) return mergeSecrets(submitted, [], secretPaths);
  const masked = secretEntries(submitted, secretPaths)
    .filter((e) => e.value === MASK)
    .map((e) => e.pointer);
  if (masked.length > 0) {
    const changed = changedTarget(target, saved.config, submitted, secretPaths);
    if (changed.length > 0) throw new TargetChangedError(changed, masked);
  }
  return mergeSecrets(submitted, saved.secrets, secretPaths);
}
