import { problemsOf, type CompiledValidator, type Problem } from "./problems.js";
import { redactSecrets } from "./redact.js";
import { fillDefaults } from "./defaults.js";

/** Thrown by parse(): lists every problem; never carries a secret value. */
export class ConfigValidationError extends Error {
  readonly connector: string;
  readonly problems: readonly Problem[];
  constructor(connector: string, problems: readonly Problem[]) {
    super(
      `Invalid ${connector} config (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n` +
        problems.map((p) => `  ${p.pointer || "(root)"}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigValidationError";
    this.connector = connector;
    this.problems = problems;
  }
}

/** What a generated `validator.ts` exports, bundled in one object. */
export interface ConfigValidator<T> {
  readonly connector: string;
  readonly secretPaths: readonly string[];
  /** true when the config is valid; narrows its type. */
  validate(data: unknown): data is T;
  /** Every problem (empty when valid), secrets redacted. */
  problems(data: unknown): Problem[];
  /**
   * Returns the config typed, with its defaults filled in (a copy, when the schema has any), or
   * throws ConfigValidationError listing every problem.
   */
  parse(data: unknown): T;
  /** A copy safe to log. */
  redact<V>(data: V): V;
}

/** Wraps a precompiled ajv function with problem lists, parse and redaction. */
export function createValidator<T>(
  connector: string,
  compiled: CompiledValidator,
  secretPaths: readonly string[],
  /** What defaultsSchema (@onespec/core) made of the schema: parse fills in these defaults. */
  defaults?: object,
): ConfigValidator<T> {
  const problems = (data: unknown): Problem[] =>
    compiled(data) ? [] : problemsOf(compiled.errors, data, secretPaths);
  return {
    connector,
    secretPaths,
    validate: (data: unknown): data is T => compiled(data),
    problems,
    parse(data: unknown): T {
      // The config that runs is the filled one, so that is the one checked.
      const filled = defaults === undefined ? data : fillDefaults(defaults, data);
      const found = problems(filled);
      if (found.length > 0) throw new ConfigValidationError(connector, found);
      return filled as T;
    },
    redact: <V>(data: V): V => redactSecrets(data, secretPaths),
  };
}
