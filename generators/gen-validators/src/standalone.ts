/**
 * ajv's standalone output still uses `require()` for its runtime helpers and function formats
 * even in ESM mode. Rewrite those into imports so the module works in Node ESM and in bundlers.
 */
/**
 * Run-time helpers replaced in generated code: ajv's deep equality (fast-deep-equal) calls a
 * value's own valueOf/toString, so `{"valueOf": 1}` in a config made validation throw.
 */
const REPLACED_HELPERS: Record<string, string> = {
  "ajv/dist/runtime/equal": "@onespec/runtime/equal",
};

export function requireToImport(code: string): string {
  const imports: string[] = [];
  const seen = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)/g, (_m, spec: string) => {
    let name = seen.get(spec);
    if (!name) {
      name = `__import${seen.size}`;
      seen.set(spec, name);
      const withExt = REPLACED_HELPERS[spec] ?? (/\.(c|m)?js$/.test(spec) ? spec : `${spec}.js`);
      imports.push(`import * as ${name}_ns from ${JSON.stringify(withExt)};`);
      // Node ESM hands a CommonJS module over as { default: module.exports }; vite/vitest and
      // some bundlers unwrap modules marked __esModule and hand over their exports directly.
      imports.push(
        `const ${name} = ${name}_ns.default && ${name}_ns.default.__esModule ? ${name}_ns.default : ${name}_ns;`,
      );
    }
    return name;
  });
  return body.replace(/^"use strict";/, `"use strict";${imports.join("")}`);
}

/**
 * ajv's standalone code as a TypeScript module: `// @ts-nocheck` (the code is ajv's, not ours
 * to type-check) with each named export annotated, so `tsc` emits it with the rest of the output
 * (`--outDir` keeps it, declarations are typed) and nobody needs `allowJs`. Only the first
 * `export const <name> = ` of each export is touched: ajv writes its exports before any schema
 * text, so text inside a schema's strings is never rewritten.
 */
export function standaloneAsTypeScript(
  code: string,
  exports: readonly string[],
  header: string,
  typeImport: string,
  exportType: string,
): string {
  // A module is strict already; ajv's directive would stop being one after the type import.
  const body = code.replace(/^\s*"use strict";/, "");
  // One pass over the code (it is megabytes on a large tree): annotate the first declaration of each export.
  const pending = new Set(exports);
  const typed = body.replace(/export const ([A-Za-z_$][\w$]*) = /g, (match, name: string) => {
    if (!pending.delete(name)) return match;
    return `export const ${name}: ${exportType} = `;
  });
  if (pending.size > 0)
    throw new Error(`ajv's standalone code has no export ${[...pending].join(", ")}`);
  return `${header}\n// @ts-nocheck\n${typeImport}\n${typed}\n`;
}
