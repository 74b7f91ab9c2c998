/**
 * The config fields a test-connection step exercises (test-connection.json's `fields`): a guess
 * from the step's name and the connection schema's properties, for the scaffold and the importer
 * to write, and the check that every declared field is one the connection schema describes.
 */
import { getAtPointer, joinPointer, parsePointer } from "./pointer.js";
import { followRef, nodeAt, type SchemaModel, type ResolvedNode } from "./model.js";
import { isObject, type JsonObject } from "./walk.js";

/**
 * Words of a name, lower case, each with its singular: "GetTables" → get, tables, table. Both,
 * because "tls" and "ssl" end in s.
 */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .flatMap((w) => {
      const word = w.toLowerCase();
      const one = singular(word);
      return one === word ? [word] : [word, one];
    });
}

function singular(word: string): string {
  if (/(x|ch|sh|ss)es$/.test(word)) return word.slice(0, -2);
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/[^s]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * Words of a property that reaches the server: its address, the credentials, TLS, a tunnel. Not
 * "endpoint": an API's endpoints are what later steps read, its address is a URL.
 */
const ACCESS_WORDS = new Set([
  "host",
  "hostname",
  "server",
  "port",
  "url",
  "uri",
  "dsn",
  "account",
  "region",
  "database",
  "path",
  "file",
  "user",
  "username",
  "password",
  "token",
  "key",
  "secret",
  "auth",
  "authentication",
  "credential",
  "role",
  "ssl",
  "tls",
  "certificate",
  "tunnel",
  "timeout",
]);
const AUTH_WORDS = new Set([
  "auth",
  "authentication",
  "credential",
  "user",
  "username",
  "password",
  "token",
  "key",
  "secret",
  "role",
]);
/** Step nouns that properties spell another way. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  page: ["pagination", "endpoint", "record"],
  record: ["endpoint", "record"],
};
/** Words of a step name that say nothing about what it reads. */
const VERBS = new Set(["get", "list", "fetch", "read", "check", "test", "first", "all"]);

/** The property names of the config's top level, in schema order, across root branches and local $refs. */
function topLevelProperties(schema: unknown): string[] {
  const names: string[] = [];
  const seen = new Set<unknown>();
  const visit = (node: unknown) => {
    if (!isObject(node) || seen.has(node)) return;
    seen.add(node);
    if (typeof node.$ref === "string" && node.$ref.startsWith("#"))
      visit(getAtPointer(schema, decodeURIComponent(node.$ref.slice(1))));
    if (isObject(node.properties))
      for (const name of Object.keys(node.properties)) if (!names.includes(name)) names.push(name);
    for (const key of ["allOf", "anyOf", "oneOf"])
      if (Array.isArray(node[key])) for (const branch of node[key]) visit(branch);
    for (const key of ["then", "else"]) visit(node[key]);
    for (const key of ["dependencies", "dependentSchemas"])
      if (isObject(node[key])) for (const branch of Object.values(node[key])) visit(branch);
  };
  visit(schema);
  return names;
}

/**
 * The fields (JSON pointers to top-level properties) a step of this name most likely exercises
 * in a config of this connection schema. A step that checks access (CheckAccess, Connect…)
 * exercises the address, credentials, TLS and tunnel settings; Authenticate the credentials;
 * any other step the properties named after what it lists (GetTables → /table_filter).
 *
 * The scaffold writes these into test-connection.json; an importer that makes steps calls it the
 * same way, once per step: `{ ...step, fields: stepFieldsFor(connection, step.name) }`.
 */
export function stepFieldsFor(schema: unknown, stepName: string): string[] {
  const words = nameWords(stepName);
  const properties = topLevelProperties(schema);
  const pointers = (keep: (w: string[], name: string) => boolean) =>
    properties.filter((p) => keep(nameWords(p), p)).map((p) => joinPointer("", p));
  // Which tables or views to read is not how to reach the server.
  const isSelection = (w: string[]) =>
    w[0] === "include" || w.includes("filter") || w.includes("exclude");
  if (words.some((w) => ["access", "connect", "connection", "ping"].includes(w)))
    return pointers((w) => !isSelection(w) && w.some((x) => ACCESS_WORDS.has(x)));
  if (words.some((w) => ["authenticate", "auth", "login", "token"].includes(w)))
    return pointers((w) => !isSelection(w) && w.some((x) => AUTH_WORDS.has(x)));
  const nouns = new Set(
    words.filter((w) => !VERBS.has(w)).flatMap((w) => [w, ...(SYNONYMS[w] ?? [])]),
  );
  return pointers((w) => w.some((x) => nouns.has(x)));
}

/**
 * Whether the connection schema describes a config value at `pointer`: each token is a property
 * (of the schema or of any branch it may take: allOf/anyOf/oneOf, then/else, dependencies,
 * through $refs), a patternProperties match, an additionalProperties schema, or an array index.
 */
export function schemaHasField(model: SchemaModel, entry: string, pointer: string): boolean {
  let current: ResolvedNode[] = [nodeAt(model, { doc: entry, pointer: "" })];
  for (const token of parsePointer(pointer)) {
    const next: ResolvedNode[] = [];
    for (const at of current.flatMap((n) => branches(model, n))) {
      const child = (...path: string[]) =>
        next.push(nodeAt(model, { doc: at.doc.path, pointer: joinPointer(at.pointer, ...path) }));
      const { node } = at;
      if (isObject(node.properties) && Object.hasOwn(node.properties, token))
        child("properties", token);
      if (isObject(node.patternProperties))
        for (const pattern of Object.keys(node.patternProperties))
          if (matches(pattern, token)) child("patternProperties", pattern);
      if (isObject(node.additionalProperties)) child("additionalProperties");
      if (/^(0|[1-9]\d*)$/.test(token)) {
        if (isObject(node.items)) child("items");
        if (isObject(node.additionalItems)) child("additionalItems");
        for (const key of ["items", "prefixItems"])
          if (Array.isArray(node[key]) && Number(token) < (node[key] as unknown[]).length)
            child(key, token);
      }
    }
    if (next.length === 0) return false;
    current = next;
  }
  return true;
}

function matches(pattern: string, name: string): boolean {
  try {
    return new RegExp(pattern, "u").test(name);
  } catch {
    return false;
  }
}

/** A schema and every subschema whose properties also describe its instance. */
function branches(model: SchemaModel, start: ResolvedNode): ResolvedNode[] {
  const out: ResolvedNode[] = [];
  const seen = new Set<string>();
  const stack = [start];
  while (stack.length > 0) {
    const at = followRef(model, stack.pop()!);
    const key = `${at.doc.path}#${at.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(at);
    const sub = (...path: string[]) =>
      stack.push(nodeAt(model, { doc: at.doc.path, pointer: joinPointer(at.pointer, ...path) }));
    const node: JsonObject = at.node;
    for (const key of ["allOf", "anyOf", "oneOf"])
      if (Array.isArray(node[key])) (node[key] as unknown[]).forEach((_, i) => sub(key, String(i)));
    for (const key of ["then", "else"]) if (isObject(node[key])) sub(key);
    for (const key of ["dependencies", "dependentSchemas"])
      if (isObject(node[key]))
        for (const [name, value] of Object.entries(node[key])) if (isObject(value)) sub(key, name);
  }
  return out;
}
