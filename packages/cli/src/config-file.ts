import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseDocument, isCollection, LineCounter } from "yaml";
import { locate, parseSource, parsePointer, type Diagnostic, type Location } from "@onespec/core";

export interface LoadedConfig {
  value: unknown;
  /** Line and column of the value at a JSON pointer, for pointing at problems. */
  locate(pointer: string): Location | undefined;
}

/** Reads a config from JSON or YAML, keeping positions; problems come back as diagnostics. */
export async function readConfigFile(file: string): Promise<{ config?: LoadedConfig; diagnostics: Diagnostic[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      diagnostics: [
        {
          severity: "error",
          code: "config/unreadable",
          message: code === "ENOENT" ? `Config file not found: ${file}.` : `Cannot read ${file} (${code}).`,
          file,
          hint: "Check the path.",
        },
      ],
    };
  }
  const ext = path.extname(file).toLowerCase();
  if (ext === ".yaml" || ext === ".yml") {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      return {
        diagnostics: doc.errors.slice(0, 3).map((e) => {
          const pos = lineCounter.linePos(e.pos[0]);
          return {
            severity: "error" as const,
            code: "config/invalid-yaml",
            message: `Invalid YAML: ${e.message.split("\n")[0]}`,
            file,
            line: pos.line,
            column: pos.col,
            hint: "Fix the YAML syntax at this position.",
          };
        }),
      };
    }
    return {
      diagnostics: [],
      config: {
        value: doc.toJS(),
        locate(pointer) {
          let tokens: string[];
          try {
            tokens = parsePointer(pointer);
          } catch {
            return undefined;
          }
          for (let depth = tokens.length; depth >= 0; depth--) {
            const node = depth === 0 ? doc.contents : doc.getIn(tokens.slice(0, depth).map((t) => (/^\d+$/.test(t) ? Number(t) : t)), true);
            const range = (node as { range?: [number, number, number] } | undefined)?.range;
            if (range && (depth === 0 || node !== undefined)) {
              const pos = lineCounter.linePos(range[0]);
              return { line: pos.line, column: pos.col };
            }
            void isCollection;
          }
          return undefined;
        },
      },
    };
  }
  const parsed = parseSource(file, text);
  if (!parsed.source) return { diagnostics: parsed.diagnostics.map((d) => ({ ...d, code: d.code.replace(/^parse\//, "config/") })) };
  const source = parsed.source;
  return { diagnostics: [], config: { value: source.json, locate: (pointer) => locate(source, pointer) } };
}

/** `${NAME}` anywhere in a string value of a config. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a config with the environment variable NAME, so configs
 * can keep secrets out of the file. Returns the pointers of references to unset variables.
 */
export function substituteEnv(value: unknown, env: NodeJS.ProcessEnv, pointer = "", missing: { pointer: string; name: string }[] = []): { value: unknown; missing: { pointer: string; name: string }[] } {
  const go = (v: unknown, p: string): unknown => {
    if (typeof v === "string")
      return v.replace(ENV_REFERENCE, (whole, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ pointer: p, name });
          return whole;
        }
        return found;
      });
    if (Array.isArray(v)) return v.map((item, i) => go(item, `${p}/${i}`));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, go(item, `${p}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`)]));
    return v;
  };
  return { value: go(value, pointer), missing };
}
