import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { DiagnosticError, parseSource, locate, isObject, type Diagnostic } from "@onespec/core";

export const CONFIG_FILE = "onespec.config.json";

/** Settings read from onespec.config.json; command-line flags override them. */
export interface OnespecConfig {
  schemas?: string;
  entry?: string[];
  out?: string;
  keepGoing?: boolean;
  /** Lint rule → "off" | "info" | "warn" | "warning" | "error". */
  lint?: Record<string, "off" | "info" | "warn" | "warning" | "error">;
}

const FIELDS: Record<keyof OnespecConfig, "string" | "string[]" | "boolean" | "rules"> = {
  schemas: "string",
  entry: "string[]",
  out: "string",
  keepGoing: "boolean",
  lint: "rules",
};
const SETTINGS = ["off", "info", "warn", "warning", "error"];

/** Reads onespec.config.json from `cwd` if there is one; paths in it are relative to its folder. */
export function readConfig(cwd: string, file = path.join(cwd, CONFIG_FILE)): OnespecConfig {
  if (!existsSync(file)) return {};
  const shown = path.relative(cwd, file) || file;
  const { source, diagnostics } = parseSource(shown, readFileSync(file, "utf8"));
  if (!source) throw new DiagnosticError(diagnostics);
  const problems: Diagnostic[] = [];
  const json = source.json;
  if (!isObject(json)) {
    throw new DiagnosticError([{ severity: "error", code: "config/invalid", message: `${CONFIG_FILE} must hold a JSON object.`, file: shown, line: 1, column: 1 }]);
  }
  const config: OnespecConfig = {};
  const base = path.dirname(file);
  for (const [key, value] of Object.entries(json)) {
    if (key === "$schema") continue;
    const type = FIELDS[key as keyof OnespecConfig];
    const at = { file: shown, pointer: `/${key}`, ...locate(source, `/${key}`, true) };
    if (!type) {
      problems.push({ severity: "error", code: "config/unknown-setting", message: `Unknown setting "${key}".`, ...at, hint: `Known settings: ${Object.keys(FIELDS).join(", ")}.` });
      continue;
    }
    const entries = typeof value === "string" && type === "string[]" ? [value] : value;
    if (type === "rules") {
      if (!isObject(value)) {
        problems.push({ severity: "error", code: "config/invalid", message: `"lint" must map rule codes to one of ${SETTINGS.join(", ")}.`, ...at });
        continue;
      }
      for (const [rule, setting] of Object.entries(value))
        if (typeof setting !== "string" || !SETTINGS.includes(setting))
          problems.push({ severity: "error", code: "config/invalid", message: `lint setting for "${rule}" must be one of ${SETTINGS.join(", ")}.`, file: shown, pointer: `/lint/${rule}`, ...locate(source, `/lint/${rule}`) });
      config.lint = value as OnespecConfig["lint"];
      continue;
    }
    const ok =
      type === "string" ? typeof value === "string" : type === "boolean" ? typeof value === "boolean" : Array.isArray(entries) && entries.every((e) => typeof e === "string");
    if (!ok) {
      problems.push({ severity: "error", code: "config/invalid", message: `"${key}" must be a ${type === "string[]" ? "string or an array of strings" : type}.`, ...at });
      continue;
    }
    if (key === "schemas" || key === "out") config[key] = path.resolve(base, value as string);
    else if (key === "entry") config.entry = entries as string[];
    else config.keepGoing = value as boolean;
  }
  if (problems.length) throw new DiagnosticError(problems);
  return config;
}
