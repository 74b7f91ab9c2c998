/**
 * The shared definitions onespec ships for schema trees that lack them: copies of this
 * repository's schemas/definitions/ files that `init`'s example and `scaffold`'s schemas
 * reference (a test holds them equal). A tree made by `init` starts with only what its example
 * uses, so `scaffold` writes the ones a new connector references when they are missing. One that
 * is there is never replaced: the tree's copy is the user's to edit.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Beside this module in src/ and in dist/ (the build copies JSON files along).
const DIR = fileURLToPath(new URL("./definitions/", import.meta.url));

/** The names of the shipped definitions ("basic-auth", "ssl", …). */
export const SHIPPED_DEFINITIONS: readonly string[] = Object.freeze(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -".json".length))
    .sort(),
);

/** The text of a shipped definition, as the file is written. */
export function shippedDefinition(name: string): string {
  if (!SHIPPED_DEFINITIONS.includes(name))
    throw new Error(`onespec ships no definition named ${name}`);
  return readFileSync(path.join(DIR, `${name}.json`), "utf8");
}

/**
 * The shared definitions a connector schema references, by name: `$ref`s of the form
 * "../../definitions/<name>.json", which is how a schema in connectors/<connector>/ reaches the
 * tree's definitions/ folder.
 */
export function referencedDefinitions(schema: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(walk);
    if (value === null || typeof value !== "object") return;
    for (const [key, child] of Object.entries(value)) {
      const m = key === "$ref" && typeof child === "string" && DEFINITION_REF.exec(child);
      if (m) names.add(m[1]);
      else walk(child);
    }
  };
  walk(schema);
  return [...names].sort();
}
const DEFINITION_REF = /^\.\.\/\.\.\/definitions\/([^/#]+)\.json(?:#.*)?$/;

/**
 * The definitions `schema` references that the tree at `schemaRoot` (relative to `root`) lacks
 * and onespec ships, as files to write (paths relative to `root`, with "/" separators).
 */
export function missingDefinitions(
  root: string,
  schemaRoot: string,
  schema: unknown,
): { path: string; contents: string }[] {
  return referencedDefinitions(schema)
    .filter((name) => SHIPPED_DEFINITIONS.includes(name))
    .map((name) => path.join(schemaRoot, "definitions", `${name}.json`))
    .filter((rel) => !existsSync(path.join(root, rel)))
    .map((rel) => ({
      path: rel.split(path.sep).join("/"),
      contents: shippedDefinition(path.basename(rel, ".json")),
    }));
}
