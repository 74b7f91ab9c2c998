/**
 * Run-time secrets: substituting `${ENV}` and `{{ secrets.name }}` references in a config,
 * loading a secrets file, and redacting every known secret from output. Nothing here ever
 * puts a secret value in an error message or problem.
 */
import {
  LineCounter,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type Node,
  type YAMLMap,
} from "yaml";
import { escapePointerToken, REDACTED } from "@onespec/runtime";
import { ConfigError } from "./errors.js";
import {
  RegularFileError,
  describeProblem,
  readRegularFile,
  type RegularFileProblem,
} from "./regular-file.js";

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
// The name runs to the closing braces, so a malformed one (`{{secrets.a b}}`) is reported, not left as text.
const referencePattern = /\$\$\{([^}]*)\}|\$\{([^}]*)\}|\{\{\s*secrets\.([^}]*?)\s*\}\}/g;
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

/** A secrets file larger than this is refused before it is read. */
export const MAX_SECRETS_FILE_BYTES = 1024 * 1024;

/**
 * Reads a YAML or JSON file mapping secret names to strings; nested maps give dotted names
 * (`db: {password: x}` → `db.password`). Only a regular file of at most 1 MB is read: its type
 * and size are checked before it is opened, so a FIFO, a device or a directory is refused by
 * type and never blocks. Every problem is a ConfigError naming the file and a line and column,
 * never quoting the file: not a value, and not a key either (a file that is not what it should
 * be, such as /etc/shadow, has its secrets in the keys).
 */
export async function loadSecretsFile(path: string): Promise<Record<string, string>> {
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(path, MAX_SECRETS_FILE_BYTES);
  } catch (error) {
    if (!(error instanceof RegularFileError)) throw error;
    throw secretsFileError(path, error.problem);
  }
  if (bytes.includes(0)) {
    throw new ConfigError(
      `secrets file ${path} is binary (it holds a NUL byte), not YAML or JSON`,
      {
        hint: "Point secrets_file (or --secrets-file) at a YAML or JSON map of secret names to strings.",
      },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(`secrets file ${path} is not UTF-8 text`, {
      hint: "Save it as UTF-8.",
    });
  }

  const lineCounter = new LineCounter();
  // uniqueKeys off: the library's duplicate check is quadratic in the number of keys; every
  // duplicate is still found below, as a dotted name defined twice (linear).
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false, logLevel: "silent" });
  // parseDocument reads the first document only: a second one would be ignored without a word.
  const documents = parseAllDocuments(text, { uniqueKeys: false, logLevel: "silent" });
  if (Array.isArray(documents) && documents.length > 1) {
    const second = documents[1].range?.[0];
    const where = second === undefined ? "" : ` at line ${lineCounter.linePos(second).line}`;
    throw new ConfigError(
      `secrets file ${path} holds ${documents.length} YAML documents; the second starts${where}`,
      {
        hint: "Keep one map of secret names to strings in the file (remove the --- separator and what follows, or merge it into the map).",
      },
    );
  }
  const parseError = doc.errors[0];
  if (parseError !== undefined) {
    // The parser's message quotes the offending line, which may hold a secret: keep only the position.
    const pos = parseError.linePos?.[0];
    const where = pos === undefined ? "" : ` at line ${pos.line}, column ${pos.col}`;
    throw new ConfigError(
      `secrets file ${path} is not valid YAML or JSON${where} (${parseError.code})`,
    );
  }

  const at = (node: { range?: [number, number, number] | null } | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return "";
    const { line, col } = lineCounter.linePos(offset);
    return `, line ${line}, column ${col}`;
  };
  const out: Record<string, string> = {};
  // Where each name was defined, to point at both places of a duplicate.
  const definedAt = new Map<string, string>();
  const set = (name: string, value: string, where: string): void => {
    const earlier = definedAt.get(name);
    if (earlier !== undefined) {
      throw new ConfigError(
        `secrets file ${path}${where}: this secret name is already defined${earlier.replace(/^, /, " at ")}`,
        { hint: "Each name (nested keys joined with dots) may be defined once." },
      );
    }
    definedAt.set(name, where);
    // defineProperty: a "__proto__" key stays a name instead of replacing the prototype.
    Object.defineProperty(out, name, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  };
  const walk = (node: YAMLMap, prefix: string): void => {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const where = at(key) || at(node);
      if (!isScalar(key) || !["string", "number", "boolean"].includes(typeof key.value)) {
        throw new ConfigError(
          `secrets file ${path}${where}: a key must be a plain name (a string), not ${describeNode(key)}`,
        );
      }
      const name = prefix === "" ? String(key.value) : `${prefix}.${String(key.value)}`;
      let value = pair.value as Node | null;
      // An alias may repeat a string; a map repeated by alias could multiply names without bound.
      if (isAlias(value)) {
        const target = value.resolve(doc) as Node | undefined;
        if (!isScalar(target)) {
          throw new ConfigError(
            `secrets file ${path}${where}: an alias must refer to a string, not ${describeNode(target ?? null)}`,
          );
        }
        value = target;
      }
      if (isScalar(value) && typeof value.value === "string") set(name, value.value, where);
      else if (isMap(value)) walk(value, name);
      else {
        throw new ConfigError(
          `secrets file ${path}${where}: the value must be a string, not ${describeNode(value)}`,
          { hint: "Quote the value in the file so it is read as a string." },
        );
      }
    }
  };
  const top = doc.contents as Node | null;
  if (top === null || (isScalar(top) && top.value === null)) return out;
  if (!isMap(top)) {
    throw new ConfigError(
      `secrets file ${path}: its top level must be a map of names to strings, not ${describeNode(top)}`,
    );
  }
  walk(top, "");
  return out;
}

/** "a number", "a list", "null", … for a YAML node (never its text). */
function describeNode(node: Node | null): string {
  if (node === null || node === undefined) return "null";
  if (isMap(node)) return "a map";
  if (isSeq(node)) return "a list";
  if (isAlias(node)) return "an alias";
  if (isScalar(node)) {
    const value: unknown = node.value;
    if (value === null) return "null";
    if (typeof value === "string") return "a string";
    return `a ${typeof value}`;
  }
  return "an unsupported value";
}

function secretsFileError(path: string, problem: RegularFileProblem): ConfigError {
  switch (problem.kind) {
    case "missing":
      return new ConfigError(`secrets file ${path} does not exist`, {
        hint: "Create it (a YAML or JSON map of secret names to strings) or fix the path.",
      });
    case "unreadable":
      return new ConfigError(`cannot read secrets file ${path} (${problem.code})`, {
        hint: "Check that the path is a readable file.",
      });
    case "not-a-file":
      return new ConfigError(`secrets file ${path} ${describeProblem(problem)}`, {
        hint: "Point secrets_file (or --secrets-file) at a YAML or JSON file; FIFOs, devices and directories are refused without being opened.",
      });
    case "too-large":
      return new ConfigError(`secrets file ${path} ${describeProblem(problem)}`, {
        hint: "A secrets file holds names and strings; split it, or check that the path names the right file.",
      });
  }
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
