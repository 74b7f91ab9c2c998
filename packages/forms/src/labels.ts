/**
 * Labels for fields whose schema has no `title`: RJSF would show the raw key (`tokenUrl`,
 * `client_id`), and error messages would repeat it ("tokenUrl is required"). The form gets a
 * `ui:title` made from the key instead ("Token URL", "Client ID"), so the label and every message
 * about the field read the same. A `title` in the schema or a `ui:title` always wins.
 */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { resolved } from "./errors.js";

/** Words shown in capitals wherever they appear in a key. */
const ACRONYMS = new Set([
  "api",
  "aws",
  "ca",
  "cdc",
  "cpu",
  "csv",
  "db",
  "dns",
  "gcp",
  "gcs",
  "http",
  "https",
  "id",
  "ids",
  "ip",
  "jdbc",
  "json",
  "jwt",
  "kms",
  "ldap",
  "oauth",
  "os",
  "pem",
  "rpc",
  "s3",
  "sasl",
  "sftp",
  "sql",
  "ssh",
  "ssl",
  "sso",
  "tcp",
  "tls",
  "ttl",
  "ui",
  "uri",
  "url",
  "urls",
  "utc",
  "uuid",
  "vpc",
  "xml",
]);

/** "token_url" / "tokenUrl" / "token-url" → "Token URL"; "client_id" → "Client ID". */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[\s_\-.]+/)
    .filter(Boolean);
  if (words.length === 0) return key;
  return words
    .map((w, i) => {
      const lower = w.toLowerCase();
      if (ACRONYMS.has(lower))
        return lower === "ids" ? "IDs" : lower === "urls" ? "URLs" : lower.toUpperCase();
      return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
    })
    .join(" ");
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === "object" && v !== null && !Array.isArray(v);

/** A local `$ref` followed (errors.ts's reading, shared). */
function resolve(root: Node, node: unknown): Node | undefined {
  return resolved(root, node);
}

/**
 * `uiSchema` with a `ui:title` for every property (at any depth, in every oneOf/anyOf/allOf
 * branch and array item) whose schema has no `title` and whose uiSchema has none. The uiSchema
 * given is not changed; nodes are copied on the way to a change.
 */
export function withFieldTitles(schema: RJSFSchema, uiSchema: UiSchema | undefined): UiSchema {
  const root = schema as Node;
  const visit = (node: Node | undefined, ui: Node, depth: number, seen: Set<Node>): Node => {
    if (!node || depth > 32 || seen.has(node)) return ui;
    seen = new Set(seen).add(node);
    let out = ui;
    const set = (key: string, value: Node) => {
      if (out === ui) out = { ...ui };
      out[key] = value;
    };
    if (isNode(node.properties))
      for (const [key, raw] of Object.entries(node.properties)) {
        const child = resolve(root, raw);
        const childUi = isNode(out[key]) ? out[key] : {};
        let next = visit(child, childUi, depth + 1, seen);
        const titled =
          (isNode(raw) && typeof raw.title === "string") || typeof child?.title === "string";
        if (!titled && typeof next["ui:title"] !== "string")
          next = { ...next, "ui:title": humanizeKey(key) };
        if (next !== childUi) set(key, next);
      }
    if (isNode(node.items)) {
      const itemsUi = isNode(out.items) ? out.items : {};
      const next = visit(resolve(root, node.items), itemsUi, depth + 1, seen);
      if (next !== itemsUi) set("items", next);
    }
    for (const key of ["oneOf", "anyOf", "allOf"] as const)
      if (Array.isArray(node[key]))
        for (const branch of node[key] as unknown[]) {
          // RJSF renders a branch's properties with the uiSchema of the object holding the oneOf.
          const next = visit(resolve(root, branch), out, depth + 1, seen);
          if (next !== out) out = next;
        }
    // Fields a condition brings in (if/then/else, dependencies) render at the same level too.
    const conditional: unknown[] = [node.then, node.else];
    for (const key of ["dependencies", "dependentSchemas"] as const)
      if (isNode(node[key])) conditional.push(...Object.values(node[key]));
    for (const branch of conditional) {
      if (!isNode(branch)) continue;
      const next = visit(resolve(root, branch), out, depth + 1, seen);
      if (next !== out) out = next;
    }
    return out;
  };
  return visit(resolve(root, root), (uiSchema ?? {}) as Node, 0, new Set()) as UiSchema;
}

/**
 * A section whose field is titled like the section ("Authentication" over "Authentication"):
 * the field's label says nothing new under the heading, so it is marked `onespecSectionLabel`
 * and shown to screen readers only. Reads the groups the form config declares at the root.
 */
export function withSectionLabels(schema: RJSFSchema, uiSchema: UiSchema): UiSchema {
  const root = resolve(schema, schema) ?? {};
  const options = isNode(uiSchema["ui:options"]) ? (uiSchema["ui:options"] as Node) : {};
  const groups = Array.isArray(options.groups) ? options.groups : [];
  const properties = isNode(root.properties) ? root.properties : {};
  let out: Node = uiSchema as Node;
  for (const group of groups) {
    if (!isNode(group) || typeof group.title !== "string" || !Array.isArray(group.fields)) continue;
    for (const name of group.fields) {
      if (typeof name !== "string") continue;
      const fieldUi = isNode(out[name]) ? out[name] : {};
      const own = resolve(schema, properties[name]);
      const title =
        typeof fieldUi["ui:title"] === "string"
          ? fieldUi["ui:title"]
          : typeof own?.title === "string"
            ? own.title
            : undefined;
      if (title?.trim().toLowerCase() !== group.title.trim().toLowerCase()) continue;
      const fieldOptions = isNode(fieldUi["ui:options"]) ? fieldUi["ui:options"] : {};
      if (out === uiSchema) out = { ...out };
      out[name] = { ...fieldUi, "ui:options": { ...fieldOptions, onespecSectionLabel: true } };
    }
  }
  return out as UiSchema;
}
