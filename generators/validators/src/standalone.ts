/**
 * ajv's standalone output still uses `require()` for its runtime helpers and function formats
 * even in ESM mode. Rewrite those into imports so the module works in Node ESM and in bundlers.
 */
export function requireToImport(code: string): string {
  const imports: string[] = [];
  const seen = new Map<string, string>();
  const body = code.replace(/require\("([^"]+)"\)/g, (_m, spec: string) => {
    let name = seen.get(spec);
    if (!name) {
      name = `__import${seen.size}`;
      seen.set(spec, name);
      const withExt = /\.(c|m)?js$/.test(spec) ? spec : `${spec}.js`;
      imports.push(`import * as ${name}_ns from ${JSON.stringify(withExt)};`);
      // Node ESM hands a CommonJS module over as { default: module.exports }; vite/vitest and
      // some bundlers unwrap modules marked __esModule and hand over their exports directly.
      imports.push(`const ${name} = ${name}_ns.default && ${name}_ns.default.__esModule ? ${name}_ns.default : ${name}_ns;`);
    }
    return name;
  });
  return body.replace(/^"use strict";/, `"use strict";${imports.join("")}`);
}
