import { pathToFileURL } from "node:url";
import type { Connector, Diagnostic } from "@onespec/core";
import { compareVersions, type Migration, type MigrationConfig } from "@onespec/runtime";
import { checkMigrationModule } from "./migration-module.js";
import { parseMigrationFile, versionsOfFile } from "./parse.js";

/**
 * A connector's migrations, read from what the loader found beside its schema: JSON files parsed
 * and checked, TypeScript modules (the escape hatch) imported for their `migrate(config)`. Two
 * migrations from one version, or one past the connector's version, are errors; the chain is
 * returned sorted by version.
 */
export async function loadMigrations(
  connector: Pick<Connector, "name" | "metadata" | "migrations">,
  options: { importModule?: (file: string) => Promise<unknown> } = {},
): Promise<{ migrations: Migration[]; diagnostics: Diagnostic[] }> {
  const importModule = options.importModule ?? ((file) => import(pathToFileURL(file).href));
  const diagnostics: Diagnostic[] = [];
  const migrations: Migration[] = [];
  for (const source of connector.migrations ?? []) {
    if (source.file.endsWith(".json")) {
      const parsed = parseMigrationFile(source);
      diagnostics.push(...parsed.diagnostics.map((d) => ({ ...d, connector: connector.name })));
      if (parsed.migration) migrations.push(parsed.migration);
      continue;
    }
    const versions = versionsOfFile(source.file)!;
    // Checked before it runs: a value import would run here, and fail in generate's copy.
    const checked = await checkMigrationModule(source, connector.name);
    if (checked.diagnostics.length > 0) {
      diagnostics.push(...checked.diagnostics);
      continue;
    }
    let mod: { migrate?: unknown };
    try {
      mod = (await importModule(source.file)) as { migrate?: unknown };
    } catch (error) {
      diagnostics.push({
        severity: "error",
        code: "migration/unloadable",
        message: `The migration module ${source.displayPath} cannot be loaded: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`,
        file: source.displayPath,
        connector: connector.name,
        hint: "It must be a TypeScript module that compiles on its own and exports migrate(config).",
      });
      continue;
    }
    if (typeof mod.migrate !== "function") {
      diagnostics.push({
        severity: "error",
        code: "migration/no-migrate",
        message: `The migration module ${source.displayPath} does not export a function migrate(config).`,
        file: source.displayPath,
        connector: connector.name,
        hint: "export function migrate(config: MigrationConfig): MigrationConfig { … } (types from @onespec/runtime).",
      });
      continue;
    }
    migrations.push({
      ...versions,
      file: source.displayPath,
      migrate: mod.migrate as (config: MigrationConfig) => MigrationConfig,
    });
  }
  migrations.sort((a, b) => compareVersions(a.from, b.from) || compareVersions(a.to, b.to));
  diagnostics.push(...chainProblems(migrations, connector));
  return { migrations, diagnostics };
}

/**
 * What is wrong with a connector's chain as a whole (sorted by version): two migrations from
 * one version, one starting inside another's range, one past the connector's version.
 */
export function chainProblems(
  migrations: readonly Pick<Migration, "from" | "to" | "file">[],
  connector: Pick<Connector, "name" | "metadata">,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const [i, m] of migrations.entries()) {
    const twin = migrations[i + 1];
    if (twin && compareVersions(twin.from, m.from) === 0)
      diagnostics.push({
        severity: "error",
        code: "migration/ambiguous",
        message: `${m.file} and ${twin.file} both start at ${m.from}: which one a config of ${m.from} takes would be a guess.`,
        file: twin.file,
        connector: connector.name,
        hint: "Keep one migration per starting version; chain them (1.0.0-2.0.0, 2.0.0-3.0.0).",
      });
    if (twin && compareVersions(twin.from, m.to) < 0 && compareVersions(twin.from, m.from) > 0)
      diagnostics.push({
        severity: "error",
        code: "migration/overlap",
        message: `${twin.file} starts inside the range of ${m.file} (${m.from} to ${m.to}).`,
        file: twin.file,
        connector: connector.name,
        hint: "Migrations chain end to start: the next one starts where the last one ends.",
      });
    if (compareVersions(m.to, connector.metadata.version) > 0)
      diagnostics.push({
        severity: "error",
        code: "migration/past-version",
        message: `${m.file} goes to ${m.to}, past the connector's version ${connector.metadata.version}.`,
        file: m.file,
        connector: connector.name,
        hint: "Set connector.json's version to the migration's target, or rename the file.",
      });
  }
  return diagnostics;
}
