/**
 * Saved configs written for an older version of their connector, upgraded where they are read.
 * A config file says which version it was written for with a top-level `$version` (like
 * `$schema`, not part of the config); a workflow with `source.connectorVersion` beside
 * `source.config`. Without one, the config is taken as written for the connector's version.
 */
import type { Diagnostic, Location } from "@onespec/core";
import type { Connector } from "@onespec/sdk";
import type { LoadedConfig } from "../config-file.js";
import { MigrationError, type MigrationConfig } from "@onespec/runtime";

/** The key of a config file that names the connector version it was written for. */
export const CONFIG_VERSION_KEY = "$version";

/** What can migrate a config: a connector's generated `migrate` (upgrade.ts). */
export type MigrateFn = (
  config: MigrationConfig,
  fromVersion: string,
) => { config: MigrationConfig; applied: string[] };

/** A config file's value without its `$version`, and the version. */
export function splitVersion(value: unknown): { config: unknown; version?: unknown } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return { config: value };
  if (!Object.prototype.hasOwnProperty.call(value, CONFIG_VERSION_KEY)) return { config: value };
  const { [CONFIG_VERSION_KEY]: version, ...config } = value as Record<string, unknown>;
  return { config, version };
}

export interface UpgradeResult {
  config: unknown;
  /** The migrations applied ("1.0.0-2.0.0"); empty when the config was already current. */
  applied: string[];
}

/**
 * The config migrated from `from` to the connector's version, or diagnostics: a MigrationError
 * becomes one error per problem, located at the migration file and step when a step failed, else
 * at the config (`file`, `versionPointer` for "no migration from that version"). Never a value.
 */
export function upgradeConfig(
  migrate: MigrateFn | undefined,
  config: unknown,
  from: string,
  to: string,
  where: {
    connector: string;
    file: string;
    versionPointer: string;
    locate: (pointer: string) => Location | undefined;
    /** Where the config sits in the file ("" for a config file, "/source/config" in a workflow). */
    prefix: string;
  },
): { result?: UpgradeResult; diagnostics: Diagnostic[] } {
  if (from === to) return { result: { config, applied: [] }, diagnostics: [] };
  if (!migrate)
    return {
      diagnostics: [
        {
          severity: "error",
          code: "config/no-migrations",
          message: `The config was written for ${where.connector} ${from}, and this ${where.connector} connector (${to}) cannot upgrade configs: it has no generated migrate().`,
          file: where.file,
          pointer: where.versionPointer,
          ...where.locate(where.versionPointer),
          hint: "Regenerate the connector's code (npx onespec generate) so that it has upgrade.ts, or rewrite the config for the current version.",
        },
      ],
    };
  try {
    const { config: out, applied } = migrate(config as MigrationConfig, from);
    return { result: { config: out, applied }, diagnostics: [] };
  } catch (error) {
    // By name too: generated code may import another copy of @onespec/runtime.
    const isMigrationError =
      error instanceof MigrationError ||
      (error instanceof Error && error.name === "MigrationError" && "problems" in error);
    if (!isMigrationError) throw error;
    return {
      diagnostics: (error as MigrationError).problems.map((p): Diagnostic => {
        const inConfig =
          p.configPointer !== undefined ? `${where.prefix}${p.configPointer}` : undefined;
        return {
          severity: "error",
          code: "config/migration-failed",
          message: `Upgrading the ${where.connector} config from ${from} to ${to} failed: ${p.message}`,
          ...(p.file !== undefined
            ? { file: p.file, ...(p.pointer !== undefined && { pointer: p.pointer }) }
            : inConfig !== undefined
              ? { file: where.file, pointer: inConfig, ...where.locate(inConfig) }
              : {
                  file: where.file,
                  pointer: where.versionPointer,
                  ...where.locate(where.versionPointer),
                }),
          hint: "Fix the config (or the migration) so that the step applies; docs/migrations.md lists what each step needs.",
        };
      }),
    };
  }
}

/** `$version` of a config file when it is a string, else a located error. */
export function versionOf(
  version: unknown,
  file: string,
  pointer: string,
  locate: (pointer: string) => Location | undefined,
): { version?: string; diagnostics: Diagnostic[] } {
  if (version === undefined) return { diagnostics: [] };
  if (typeof version === "string" && /^\d+\.\d+\.\d+/.test(version))
    return { version, diagnostics: [] };
  return {
    diagnostics: [
      {
        severity: "error",
        code: "config/bad-version",
        message: `${pointer} must be the connector version the config was written for, e.g. "1.2.0".`,
        file,
        pointer,
        ...locate(pointer),
      },
    ],
  };
}

/**
 * A config file as a connector reads it: without its `$version`, upgraded from that version to
 * the connector's when they differ (references still as written, to be resolved next), with a
 * note saying so; or located diagnostics.
 */
export function readSavedConfig(
  connector: Pick<Connector, "version" | "migrate" | "metadata">,
  loaded: LoadedConfig,
  file: string,
): { config?: LoadedConfig; note?: string; diagnostics: Diagnostic[] } {
  const { config, version } = splitVersion(loaded.value);
  const pointer = `/${CONFIG_VERSION_KEY}`;
  const checked = versionOf(version, file, pointer, loaded.locate);
  if (checked.diagnostics.length > 0) return { diagnostics: checked.diagnostics };
  const to = connector.version ?? connector.metadata.version;
  if (checked.version === undefined || checked.version === to)
    return { config: { ...loaded, value: config }, diagnostics: [] };
  const { result, diagnostics } = upgradeConfig(
    connector.migrate?.bind(connector),
    config,
    checked.version,
    to,
    {
      connector: connector.metadata.name,
      file,
      versionPointer: pointer,
      locate: loaded.locate,
      prefix: "",
    },
  );
  if (!result) return { diagnostics };
  return {
    // The upgraded config's pointers are not the file's: problems are not located on its lines.
    config: {
      value: result.config,
      locate: result.applied.length > 0 ? () => undefined : loaded.locate,
    },
    note: `${file}: written for ${connector.metadata.name} ${checked.version}, upgraded to ${to} for this run (${result.applied.join(", ") || "no migration needed"}); \`onespec validate --upgrade\` prints the upgraded file`,
    diagnostics: [],
  };
}
