/**
 * ajv numbers the names of its scope (validate12, schema40, pattern3, …) per ajv instance, in
 * the order it compiles. One ajv compiles every module of a run (model-ajv.ts), so the raw
 * numbers depend on what else was compiled first; a module must depend only on its own
 * inputs (the cache and `--check` compare it byte for byte). This renumbers each prefix from 0 in
 * the order of first appearance, outside string literals and comments (schema text may contain
 * "validate3") and regular-expression literals (ajv writes a format given as a RegExp as
 * `const formats3 = /…/`, and its text may hold a quote): the same module then reads the same
 * whatever was compiled before it.
 */
const TOKENS =
  /=\s*\/(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\[\n])+\/[a-z]*|"(?:[^"\\]|\\.)*"|\/\*[\s\S]*?\*\/|\b(validate|schema|pattern|func|wrapper|formats|root|keyword|Error|parse|serialize)(\d+)\b/g;

export function renumberScopeNames(code: string): string {
  const renamed = new Map<string, string>();
  const counters = new Map<string, number>();
  return code.replace(TOKENS, (token, prefix: string | undefined) => {
    if (prefix === undefined) return token;
    let name = renamed.get(token);
    if (name === undefined) {
      const next = counters.get(prefix) ?? 0;
      counters.set(prefix, next + 1);
      name = `${prefix}${next}`;
      renamed.set(token, name);
    }
    return name;
  });
}
