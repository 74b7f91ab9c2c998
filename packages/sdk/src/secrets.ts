/**
 * Run-time secrets: substituting `${ENV}` and `{{ secrets.name }}` references in a config,
 * loading a secrets file, and redacting every known secret from output. Nothing here ever
 * puts a secret value in an error message or problem.
 */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { escapePointerToken, REDACTED } from "@onespec/runtime";
import { ConfigError } from "./errors.js";

export interface SecretSources {
  /** Environment variables for `${NAME}` (typically process.env). */
  env?: Record<string, string | undefined>;
  /** Named secrets for `{{ secrets.name }}` (typically from `loadSecretsFile`). */
  secrets?: Record<string, string>;
}

export interface SecretProblem {
  /** RFC 6901 pointer to the string holding the bad reference. */
  pointer: string;
  message: string;
}

export interface ResolvedSecrets {
  /** A copy of the input with references substituted. */
  value: unknown;
  /** Every non-empty substituted value, for the redactor. */
  resolved: string[];
  problems: SecretProblem[];
}

// `$${…}` (escape), `${…}` (environment variable) or `{{ secrets.… }}`.
const referencePattern = /\$\$\{([^}]*)\}|\$\{([^}]*)\}|\{\{\s*secrets\.([^}\s]*)\s*\}\}/g;
const envName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const secretName = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/**
 * Substitutes, inside every string of a JSON value, `${NAME}` with the environment variable
 * and `{{secrets.name}}` / `{{ secrets.name }}` with the named secret; `$${X}` stands for a
 * literal `${X}`. Unset variables, unknown secrets and malformed references become problems
 * (naming the reference, never a value); the input is not modified.
 */
export function resolveSecrets(value: unknown, sources: SecretSources): ResolvedSecrets {
  const env = sources.env ?? {};
  const secrets = sources.secrets ?? {};
  const resolved = new Set<string>();
  const problems: SecretProblem[] = [];

  const substitute = (text: string, pointer: string): string =>
    text.replace(
      referencePattern,
      (match, escaped?: string, variable?: string, secret?: string) => {
        if (escaped !== undefined) return `\${${escaped}}`;
        let found: string | undefined;
        if (variable !== undefined) {
          if (!envName.test(variable)) {
            // Not quoted: the text may be part of a literal password.
            problems.push({
              pointer,
              message:
                "invalid environment variable reference: ${…} must hold a name like DB_PASSWORD (write $${…} for a literal ${…})",
            });
            return match;
          }
          found = Object.hasOwn(env, variable) ? env[variable] : undefined;
          if (found === undefined) {
            problems.push({ pointer, message: `environment variable ${variable} is not set` });
            return match;
          }
        } else {
          const name = secret ?? "";
          if (!secretName.test(name)) {
            problems.push({
              pointer,
              message:
                "invalid secret reference: {{ secrets.… }} must hold a name like db.password",
            });
            return match;
          }
          found = Object.hasOwn(secrets, name) ? secrets[name] : undefined;
          if (typeof found !== "string") {
            problems.push({ pointer, message: `unknown secret "${name}"` });
            return match;
          }
        }
        if (found !== "") resolved.add(found);
        return found;
      },
    );

  const walk = (node: unknown, pointer: string): unknown => {
    if (typeof node === "string") return substitute(node, pointer);
    if (Array.isArray(node)) return node.map((item, i) => walk(item, `${pointer}/${i}`));
    if (node !== null && typeof node === "object") {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(node))
        out[key] = walk(item, `${pointer}/${escapePointerToken(key)}`);
      return out;
    }
    return node;
  };

  return { value: walk(value, ""), resolved: [...resolved], problems };
}

/**
 * Reads a YAML or JSON file mapping secret names to strings; nested maps give dotted names
 * (`db: {password: x}` → `db.password`). Missing files, parse errors, non-string values and
 * duplicate names are ConfigErrors naming the file (and key), never quoting its contents.
 */
export async function loadSecretsFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw new ConfigError(`secrets file ${path} does not exist`, {
        hint: "Create it (a YAML or JSON map of secret names to strings) or fix the path.",
      });
    }
    throw new ConfigError(`cannot read secrets file ${path} (${code ?? "unknown error"})`, {
      hint: "Check that the path is a readable file.",
    });
  }

  let data: unknown;
  try {
    // logLevel "error": still throw on errors, but print no warnings (they quote the source).
    data = parse(text, { logLevel: "error" });
  } catch (error) {
    // The parser's message quotes the offending line, which may hold a secret: keep only the position.
    const pos = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    const where = pos === undefined ? "" : ` at line ${pos.line}, column ${pos.col}`;
    const code = (error as { code?: unknown }).code;
    throw new ConfigError(
      `secrets file ${path} is not valid YAML or JSON${where}${typeof code === "string" ? ` (${code})` : ""}`,
    );
  }

  const out: Record<string, string> = {};
  if (data === null || data === undefined) return out;
  const walk = (node: unknown, prefix: string): void => {
    if (node === null || typeof node !== "object" || Array.isArray(node)) {
      const what = prefix === "" ? "its top level" : `key "${prefix}"`;
      throw new ConfigError(`secrets file ${path}: ${what} must be a map of names to strings`);
    }
    for (const [key, item] of Object.entries(node)) {
      const name = prefix === "" ? key : `${prefix}.${key}`;
      if (typeof item === "string") {
        if (Object.hasOwn(out, name))
          throw new ConfigError(`secrets file ${path}: secret "${name}" is defined twice`);
        out[name] = item;
      } else if (item !== null && typeof item === "object" && !Array.isArray(item)) {
        walk(item, name);
      } else {
        const type = item === null ? "null" : Array.isArray(item) ? "a list" : `a ${typeof item}`;
        throw new ConfigError(`secrets file ${path}: key "${name}" must be a string, not ${type}`, {
          hint: "Quote the value in the file so it is read as a string.",
        });
      }
    }
  };
  walk(data, "");
  return out;
}

/**
 * Replaces known secrets in text with `[redacted]`, including their URL-encoded and
 * JSON-escaped forms. Every occurrence of every secret is covered, even overlapping ones;
 * adjacent or overlapping matches collapse into one marker. Only empty strings are ignored.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  /** The secrets and their encoded forms, longest first; rebuilt lazily after `add`. */
  private forms: string[] | undefined;

  constructor(secrets: Iterable<string> = []) {
    this.add(...secrets);
  }

  /** Distinct secrets known (not counting encoded forms). */
  get size(): number {
    return this.secrets.size;
  }

  add(...values: string[]): this {
    for (const value of values) {
      if (typeof value === "string" && value !== "" && !this.secrets.has(value)) {
        this.secrets.add(value);
        this.forms = undefined;
      }
    }
    return this;
  }

  redact(text: string): string {
    if (this.secrets.size === 0 || text === "") return text;
    this.forms ??= this.computeForms();
    // Mark every covered character, then replace each covered run once.
    const covered = new Uint8Array(text.length);
    let any = false;
    for (const form of this.forms) {
      for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) {
        covered.fill(1, i, i + form.length);
        any = true;
      }
    }
    if (!any) return text;
    let out = "";
    for (let i = 0; i < text.length;) {
      if (covered[i] === 1) {
        while (i < text.length && covered[i] === 1) i++;
        out += REDACTED;
      } else {
        const start = i;
        while (i < text.length && covered[i] === 0) i++;
        out += text.slice(start, i);
      }
    }
    return out;
  }

  /**
   * A deep copy of a JSON value with every string redacted, every key that is a secret replaced,
   * and numbers equal to a secret become `[redacted]`. Serialise the result: it is still the same
   * JSON structure, which redacting serialised text does not guarantee.
   */
  redactValue(value: unknown): unknown {
    if (typeof value === "string") return this.redact(value);
    if (typeof value === "number" || typeof value === "bigint") {
      const text = String(value);
      return this.redact(text) === text ? value : this.redact(text);
    }
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item));
    if (value !== null && typeof value === "object") {
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === "function") return this.redactValue(toJSON.call(value));
      const out: Record<string, unknown> = {};
      const forms = (this.forms ??= this.computeForms());
      for (const [key, item] of Object.entries(value)) {
        // A key is structure: replaced only when it is a secret itself, never cut into, so "steps"
        // stays "steps" even when a one-letter secret is known. defineProperty: a "__proto__"
        // key stays data instead of replacing the prototype.
        const shownKey = forms.includes(key) ? REDACTED : key;
        Object.defineProperty(out, shownKey, {
          value: this.redactValue(item),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    return value;
  }

  private computeForms(): string[] {
    const forms = new Set<string>();
    for (const secret of this.secrets) {
      forms.add(secret);
      forms.add(encodeURIComponent(secret));
      forms.add(JSON.stringify(secret).slice(1, -1));
    }
    return [...forms].sort((a, b) => b.length - a.length);
  }
}
