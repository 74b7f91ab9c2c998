/**
 * The project's settings: onespec.config.ts, .mts, .js, .mjs or .json in the folder onespec
 * runs from. Command-line flags override them. Paths in a config are relative to its folder.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  DiagnosticError,
  isObject,
  locate,
  parseSource,
  type Diagnostic,
  type Generator,
  type SourceFile,
} from "@onespec/core";
import { importModule, type GeneratorSpec } from "./generators.js";

/** The names a config file may have, in the order they are looked for. */
export const CONFIG_FILES = [
  "onespec.config.ts",
  "onespec.config.mts",
  "onespec.config.js",
  "onespec.config.mjs",
  "onespec.config.json",
] as const;

export type LintSetting = "off" | "info" | "warn" | "warning" | "error";

/** What a config file holds. */
export interface OnespecConfig {
  /** Root of the schema tree [default: schemas]. */
  schemas?: string;
  /** Globs of entry schemas under `schemas`, one connector each [default: connectors/<name>/connection.json]. */
  entry?: string[];
  /** Output folder [default: generated]. */
  out?: string;
  /** Generate every connector without errors instead of stopping at the first error. */
  keepGoing?: boolean;
  /**
   * The generators to run, in order: built-in names ("types", "validators", "forms",
   * "fixtures", "docs", "registry"), module paths relative to the config ("./gen/zod.mjs"),
   * installed package names, `[name or path, options]`, or (in a .ts/.js config) generator
   * objects [default: every built-in one].
   */
  generators?: GeneratorSpec[];
  /** Lint rule → setting, for `onespec check`. */
  lint?: Record<string, LintSetting>;
}

/** Types a config in onespec.config.ts or .js: `export default defineConfig({ … })`. */
export function defineConfig(config: OnespecConfig): OnespecConfig {
  return config;
}

/** A config as read: paths made absolute, and where it came from. */
export interface LoadedProjectConfig extends OnespecConfig {
  /** The config file, relative to the folder it was looked for in; undefined when there is none. */
  file?: string;
  /** The folder module paths in `generators` are resolved from (the config's). */
  base: string;
}

type FieldType = "string" | "string[]" | "boolean" | "rules" | "generators";
const FIELDS: Record<keyof OnespecConfig, FieldType> = {
  schemas: "string",
  entry: "string[]",
  out: "string",
  keepGoing: "boolean",
  generators: "generators",
  lint: "rules",
};
const SETTINGS: readonly string[] = ["off", "info", "warn", "warning", "error"];

function isGeneratorObject(value: unknown): value is Generator {
  return (
    isObject(value) &&
    typeof value.name === "string" &&
    (typeof value.connector === "function" || typeof value.tree === "function")
  );
}

/** Unknown settings reported one by one; the rest are counted in one diagnostic. */
const MAX_UNKNOWN_SETTINGS = 20;

/**
 * Checks a config's settings; every problem is a diagnostic, located when the config is JSON.
 * Returns the config with paths resolved from `base`.
 */
function checkConfig(
  json: unknown,
  shown: string,
  base: string,
  source?: SourceFile,
): OnespecConfig {
  const at = (pointer: string, keyOnly = false) => ({
    file: shown,
    pointer,
    ...(source ? locate(source, pointer, keyOnly) : {}),
  });
  if (!isObject(json))
    throw new DiagnosticError([
      {
        severity: "error",
        code: "config/invalid",
        message: `${path.basename(shown)} must hold an object of settings.`,
        ...at(""),
        hint: "See `onespec generate --help` for the settings.",
      },
    ]);
  const problems: Diagnostic[] = [];
  const config: OnespecConfig = {};
  // Each unknown setting is located (a search of the file); past a few, one line counts the rest.
  let unknownSettings = 0;
  for (const [key, value] of Object.entries(json)) {
    if (key === "$schema") continue;
    const type = Object.hasOwn(FIELDS, key) ? FIELDS[key as keyof OnespecConfig] : undefined;
    if (!type && ++unknownSettings > MAX_UNKNOWN_SETTINGS) continue;
    if (!type) {
      problems.push({
        severity: "error",
        code: "config/unknown-setting",
        message: `Unknown setting "${key}".`,
        ...at(`/${key}`, true),
        hint: `Known settings: ${Object.keys(FIELDS).join(", ")}.`,
      });
      continue;
    }
    if (type === "rules") {
      if (!isObject(value)) {
        problems.push({
          severity: "error",
          code: "config/invalid",
          message: `"lint" must map rule codes to one of ${SETTINGS.join(", ")}.`,
          ...at("/lint"),
        });
        continue;
      }
      for (const [rule, setting] of Object.entries(value))
        if (typeof setting !== "string" || !SETTINGS.includes(setting))
          problems.push({
            severity: "error",
            code: "config/invalid",
            message: `lint setting for "${rule}" must be one of ${SETTINGS.join(", ")}.`,
            ...at(`/lint/${rule}`),
          });
      config.lint = value as Record<string, LintSetting>;
      continue;
    }
    if (type === "generators") {
      if (!Array.isArray(value)) {
        problems.push({
          severity: "error",
          code: "config/invalid",
          message: `"generators" must be an array.`,
          ...at("/generators"),
          hint: 'For example: ["types", "validators", "./generators/zod.mjs"].',
        });
        continue;
      }
      value.forEach((entry: unknown, i) => {
        const ok =
          typeof entry === "string" ||
          (Array.isArray(entry) && entry.length === 2 && typeof entry[0] === "string") ||
          isGeneratorObject(entry);
        if (!ok)
          problems.push({
            severity: "error",
            code: "config/invalid",
            message: `generators[${i}] must be a generator name or module path, [name or path, options], or a generator object.`,
            ...at(`/generators/${i}`),
          });
      });
      config.generators = value as GeneratorSpec[];
      continue;
    }
    const entries = typeof value === "string" && type === "string[]" ? [value] : value;
    const ok =
      type === "string"
        ? typeof value === "string"
        : type === "boolean"
          ? typeof value === "boolean"
          : Array.isArray(entries) && entries.every((e) => typeof e === "string");
    if (!ok) {
      problems.push({
        severity: "error",
        code: "config/invalid",
        message: `"${key}" must be a ${type === "string[]" ? "string or an array of strings" : type}.`,
        ...at(`/${key}`),
      });
      continue;
    }
    if (key === "schemas" || key === "out") config[key] = path.resolve(base, value as string);
    else if (key === "entry") config.entry = entries as string[];
    else config.keepGoing = value as boolean;
  }
  if (unknownSettings > MAX_UNKNOWN_SETTINGS)
    problems.push({
      severity: "error",
      code: "config/unknown-setting",
      message: `${unknownSettings - MAX_UNKNOWN_SETTINGS} more unknown settings (${unknownSettings} in all).`,
      ...at(""),
      hint: `Known settings: ${Object.keys(FIELDS).join(", ")}.`,
    });
  if (problems.length) throw new DiagnosticError(problems);
  return config;
}

/** The config files present in a folder. */
export function findConfigFiles(dir: string): string[] {
  return CONFIG_FILES.filter((f) => existsSync(path.join(dir, f)));
}

/**
 * Reads the project's config from `cwd` (or the file given), checked: unknown settings and
 * values of the wrong type are located diagnostics (thrown as DiagnosticError). Without a
 * config file the result holds only `base`.
 */
export async function loadConfig(cwd: string, file?: string): Promise<LoadedProjectConfig> {
  let chosen = file ? path.resolve(cwd, file) : undefined;
  if (!chosen) {
    const found = findConfigFiles(cwd);
    if (found.length > 1)
      throw new DiagnosticError([
        {
          severity: "error",
          code: "config/ambiguous",
          message: `There are ${found.length} config files here: ${found.join(", ")}.`,
          file: found[0],
          hint: "Keep one of them.",
        },
      ]);
    if (found.length === 0) return { base: cwd };
    chosen = path.join(cwd, found[0]);
  }
  const shown = path.relative(cwd, chosen) || chosen;
  const base = path.dirname(chosen);
  if (!existsSync(chosen))
    throw new DiagnosticError([
      {
        severity: "error",
        code: "config/missing",
        message: `${shown} does not exist.`,
        file: shown,
      },
    ]);
  if (chosen.endsWith(".json")) {
    const { source, diagnostics } = parseSource(shown, readFileSync(chosen, "utf8"));
    if (!source) throw new DiagnosticError(diagnostics);
    // A setting written twice is ambiguous (JSON keeps the last one without a word): an error here.
    const duplicates = diagnostics.filter((d) => d.code === "parse/duplicate-key");
    if (duplicates.length > 0)
      throw new DiagnosticError(duplicates.map((d) => ({ ...d, severity: "error" as const })));
    return { ...checkConfig(source.json, shown, base, source), file: shown, base };
  }
  let exported: unknown;
  try {
    const mod = (await importModule(chosen)) as { default?: unknown };
    exported = mod.default;
  } catch (e) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: "config/load-failed",
        message: `${shown} failed to load: ${(e as Error).message.split("\n")[0]}`,
        file: shown,
        hint: "Fix the file so that it runs; it must `export default defineConfig({ … })`.",
      },
    ]);
  }
  if (exported === undefined)
    throw new DiagnosticError([
      {
        severity: "error",
        code: "config/invalid",
        message: `${shown} has no default export.`,
        file: shown,
        hint: "End it with `export default defineConfig({ … })`.",
      },
    ]);
  return { ...checkConfig(exported, shown, base), file: shown, base };
}
