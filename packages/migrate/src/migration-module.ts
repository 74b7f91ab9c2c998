/**
 * A TypeScript migration (the escape hatch) is edited in the schema tree and copied by `generate`
 * beside the connector's upgrade module, so it may import nothing but types, and its types only
 * from its own connector's generated `upgrade-types/` (or `@onespec/runtime`): a value import
 * would be a module the copy cannot reach, and a type import from elsewhere one tsc cannot find.
 */
import path from "node:path";
import type { Diagnostic, MigrationSource } from "@onespec/core";
import { importSpecifiers, type ImportSpecifier } from "./module-imports.js";

/** Where an allowed type import points once the migration is copied beside upgrade.ts. */
export interface TypeImport extends ImportSpecifier {
  /** The specifier in the generated copy: `../upgrade-types/<module>.js`, or as written. */
  local: string;
}

const RUNTIME = "@onespec/runtime";
/** `…/connectors/<name>/upgrade-types/<module>.js`, resolved from the file. */
const UPGRADE_TYPES = /(?:^|\/)connectors\/([^/]+)\/upgrade-types\/([^/]+\.js)$/;

/**
 * Where a type import points: `@onespec/runtime` as it is; a path into the connector's own
 * upgrade-types, written from where the migration is edited (into the generate output folder,
 * `../../../../generated/connectors/<name>/upgrade-types/index.js`) or from where its copy lands
 * (`../upgrade-types/index.js`), as the copy's local path; anything else is refused.
 */
function localSpecifier(specifier: string, file: string, connector: string): string | undefined {
  if (specifier === RUNTIME) return specifier;
  if (/^\.\.\/upgrade-types\/[^/]+\.js$/.test(specifier)) return specifier;
  if (!specifier.startsWith("./") && !specifier.startsWith("../")) return undefined;
  const resolved = path.posix.join(path.dirname(file).replace(/\\/g, "/"), specifier);
  const m = UPGRADE_TYPES.exec(resolved);
  return m && m[1] === connector ? `../upgrade-types/${m[2]}` : undefined;
}

/**
 * A TypeScript migration's imports checked: each one left in esbuild's output (with
 * `verbatimModuleSyntax`, what is not written `import type` is kept) is a value import, and an
 * error at its line; each type import must point at the connector's upgrade-types or at
 * @onespec/runtime. A module esbuild cannot parse is an error at the place it names. Returns the
 * type imports with the specifier each one has in the generated copy.
 */
export async function checkMigrationModule(
  source: MigrationSource,
  connector: string,
): Promise<{ diagnostics: Diagnostic[]; imports: TypeImport[] }> {
  const shown = source.displayPath;
  const diagnostics: Diagnostic[] = [];
  const values: { line: number; specifier: string }[] = [];
  const { build } = await import("esbuild");
  const PLUGIN = "onespec-migration-imports";
  try {
    await build({
      stdin: { contents: source.text, loader: "ts", sourcefile: shown },
      bundle: true,
      write: false,
      format: "esm",
      platform: "node",
      logLevel: "silent",
      tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
      // Nothing is resolved or read: every import esbuild keeps is reported where it is written.
      plugins: [
        {
          name: PLUGIN,
          setup: (b) => b.onResolve({ filter: /.*/ }, (a) => ({ errors: [{ text: a.path }] })),
        },
      ],
    });
  } catch (error) {
    const errors = (error as { errors?: import("esbuild").Message[] }).errors;
    if (!errors) throw error;
    for (const e of errors) {
      const at = e.location ? { line: e.location.line, column: e.location.column + 1 } : {};
      if (e.pluginName === PLUGIN) {
        values.push({ line: e.location?.line ?? 0, specifier: e.text });
        diagnostics.push({
          severity: "error",
          code: "migration/value-import",
          message: `The migration imports ${JSON.stringify(e.text)} as a value: a TypeScript migration may import nothing but types (generate copies it beside the upgrade module, where nothing else is).`,
          file: shown,
          ...at,
          connector,
          hint: "Write `import type { … }` (types only, from the connector's upgrade-types or @onespec/runtime), and put the helper's code in the migration itself.",
        });
      } else
        diagnostics.push({
          severity: "error",
          code: "migration/syntax",
          message: `The migration is not a TypeScript module that compiles: ${e.text}`,
          file: shown,
          ...at,
          connector,
          hint: "Fix it where it says; the migration must compile on its own.",
        });
    }
  }
  if (diagnostics.some((d) => d.code === "migration/syntax")) return { diagnostics, imports: [] };
  const imports: TypeImport[] = [];
  for (const found of importSpecifiers(source.text)) {
    if (values.some((v) => v.line === found.line && v.specifier === found.specifier)) continue;
    const local = localSpecifier(found.specifier, source.file, connector);
    if (local !== undefined) {
      imports.push({ ...found, local });
      continue;
    }
    diagnostics.push({
      severity: "error",
      code: "migration/type-import",
      message: `The migration imports types from ${JSON.stringify(found.specifier)}: a TypeScript migration imports types only from its connector's upgrade-types or @onespec/runtime.`,
      file: shown,
      line: found.line,
      column: found.column,
      connector,
      hint: `Import from the generated connectors/${connector}/upgrade-types/index.js, by its path from this file (e.g. "../../../../generated/connectors/${connector}/upgrade-types/index.js", with your generate output folder); generate rewrites it to ../upgrade-types/index.js in its copy.`,
    });
  }
  return { diagnostics, imports };
}

/** The migration's text as generate copies it beside upgrade.ts: each type import made local. */
export function localCopy(text: string, imports: readonly TypeImport[]): string {
  let out = "";
  let at = 0;
  for (const i of [...imports].sort((a, b) => a.start - b.start)) {
    if (i.local === i.specifier) continue;
    const quote = text[i.start];
    out += text.slice(at, i.start) + quote + i.local + quote;
    at = i.end;
  }
  return out + text.slice(at);
}
