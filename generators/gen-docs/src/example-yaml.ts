import { Document, stringify } from "yaml";

/*
 * The example config as YAML, exactly as `yaml`'s stringify(value, { lineWidth: 0 }) writes it.
 * Building yaml's document of nodes cost a third of a page; an example config is nearly always
 * maps, lists, numbers, booleans, null and one-line strings, which are written here directly.
 * Anything else (a string yaml escapes, folds or writes as a block, a key it makes explicit, an
 * object met twice, which yaml anchors) hands the whole value to yaml.
 */

/** yaml's own tests for a plain scalar read back as something else than a string ("42", "true"). */
const NOT_A_STRING: RegExp[] = (() => {
  const { tags, compat } = new Document().schema;
  return [...tags, ...(compat ?? [])]
    .filter((t) => t.default && t.tag !== "tag:yaml.org,2002:str" && t.test)
    .map((t) => t.test!);
})();

/**
 * What yaml's plainString refuses to write plain (its test): an indicator first, `- ` or `? `
 * first, `: ` or ` #` inside, a space or `:` last.
 */
const NOT_PLAIN =
  /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** Line breaks, tabs, control characters and lone surrogates: yaml escapes or folds them. */
const NOT_ONE_LINE = /[\x00-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/**
 * A string as yaml writes it, for one that stays on one line: plain, or in double quotes as JSON
 * writes it (yaml's double quotes differ only for what NOT_ONE_LINE leaves out). undefined when
 * yaml would write it otherwise: a key over 1,024 characters becomes an explicit `? key`.
 */
function stringText(text: string, at: "root key" | "key" | "value"): string | undefined {
  if (NOT_ONE_LINE.test(text) || (at !== "value" && text.length > 1000)) return undefined;
  if (NOT_PLAIN.test(text)) return quoted(text);
  // A document marker (`---`, `...`, `%`) starting a key of the root map.
  if (at === "root key" && /^(%|---|\.\.\.)/.test(text)) return quoted(text);
  if (NOT_A_STRING.some((t) => t.test(text))) return quoted(text);
  return text;
}

/** yaml's quotedString: single quotes for text with `"` and no `'`, else double. */
function quoted(text: string): string {
  return text.includes('"') && !text.includes("'") ? `'${text}'` : JSON.stringify(text);
}

/** Thrown inside the writer when yaml would write the value otherwise. */
class AskYaml extends Error {}

export function exampleYaml(value: unknown): string {
  return plainYaml(value) ?? stringify(value, { lineWidth: 0 });
}

/** The YAML of a map that holds only what is written here; undefined for anything else. */
export function plainYaml(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  try {
    return writeYaml(value as Record<string, unknown>);
  } catch (e) {
    if (!(e instanceof AskYaml)) throw e;
    return undefined;
  }
}

function writeYaml(root: Record<string, unknown>): string {
  const seen = new Set<object>();
  const out: string[] = [];
  const scalar = (v: unknown): string => {
    if (v === null) return "null";
    if (typeof v === "boolean") return v ? "true" : "false";
    if (typeof v === "number" && Number.isFinite(v))
      return Object.is(v, -0) ? "-0" : JSON.stringify(v);
    const text = typeof v === "string" ? stringText(v, "value") : undefined;
    if (text === undefined) throw new AskYaml();
    return text;
  };
  const enter = (v: object) => {
    if (seen.has(v)) throw new AskYaml();
    seen.add(v);
  };
  /** A value after `key:` or `- `: inline when a scalar or empty, else on the lines after. */
  const value = (v: unknown, indent: string, inSeq: boolean): void => {
    if (Array.isArray(v)) {
      enter(v);
      if (v.length === 0) return void out.push(" []\n");
      if (inSeq) {
        out.push(" ");
        return seq(v, indent, true);
      }
      out.push("\n");
      return seq(v, indent, false);
    }
    if (v !== null && typeof v === "object") {
      enter(v);
      const entries = Object.entries(v);
      if (entries.length === 0) return void out.push(" {}\n");
      if (inSeq) {
        out.push(" ");
        return map(entries, indent, true);
      }
      out.push("\n");
      return map(entries, indent, false);
    }
    out.push(" ", scalar(v), "\n");
  };
  /** The pairs of a map at `indent`, the first already placed when `inline`. */
  const map = (entries: [string, unknown][], indent: string, inline: boolean): void => {
    entries.forEach(([k, v], i) => {
      if (v === undefined || typeof v === "function" || typeof v === "symbol") throw new AskYaml();
      const key = stringText(k, indent === "" && !inline ? "root key" : "key");
      if (key === undefined) throw new AskYaml();
      out.push(i === 0 && inline ? "" : indent, key, ":");
      value(v, `${indent}  `, false);
    });
  };
  /** The items of a list at `indent`, the first already placed when `inline`. */
  const seq = (items: unknown[], indent: string, inline: boolean): void => {
    for (let i = 0; i < items.length; i++) {
      if (!(i in items) || items[i] === undefined) throw new AskYaml();
      out.push(i === 0 && inline ? "" : indent, "-");
      value(items[i], `${indent}  `, true);
    }
  };
  enter(root);
  const entries = Object.entries(root);
  if (entries.length === 0) return "{}\n";
  map(entries, "", false);
  return out.join("");
}
