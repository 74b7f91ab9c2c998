/** Include/exclude name filters (schemas/definitions/filter-pattern.json). */
import { ConfigError } from "./errors.js";

/** Structurally the generated `FilterPattern` (generated/definitions/filter-pattern.ts). */
export interface FilterPattern {
  /** Regexes of names to keep; empty or absent keeps everything. */
  includes?: string[];
  /** Regexes of names to drop; they win over includes. */
  excludes?: string[];
  /** Default true. */
  case_sensitive?: boolean;
}

/** V8 says "Invalid regular expression: /(/: Unterminated group"; keep the last part. */
function reason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(": ").at(-1) ?? message;
}

/**
 * Compiles a filter pattern into a predicate: a name is kept when it matches at least one
 * include (or there are none) and no exclude. Patterns are JavaScript regexes searched
 * anywhere in the name, with the `i` flag when `case_sensitive` is false. An invalid regex
 * throws a ConfigError naming `where` (e.g. "schemaFilterPattern") and the pattern.
 */
export function compileFilter(
  pattern: FilterPattern | undefined,
  where: string,
): (name: string) => boolean {
  if (pattern === undefined) return () => true;
  const flags = pattern.case_sensitive === false ? "i" : "";
  const compile = (list: string[] | undefined, field: string): RegExp[] =>
    (list ?? []).map((source, index) => {
      try {
        return new RegExp(source, flags);
      } catch (error) {
        throw new ConfigError(
          `${where}.${field}[${index}]: invalid regular expression ${JSON.stringify(source)}: ${reason(error)}`,
          {
            hint: "Patterns use JavaScript regular expression syntax; escape special characters such as . ( [ with \\.",
          },
        );
      }
    });
  const includes = compile(pattern.includes, "includes");
  const excludes = compile(pattern.excludes, "excludes");
  return (name) =>
    (includes.length === 0 || includes.some((re) => re.test(name))) &&
    !excludes.some((re) => re.test(name));
}
