import { existsSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Argv } from "../args.js";
import {
  connectorsWithErrors,
  hasErrors,
  loadTree,
  withoutConnectors,
  type Diagnostic,
  type SchemaModel,
} from "@onespec/core";
import {
  checkVersions,
  diffDiagnostics,
  diffTrees,
  type ConnectorDiff,
  type DeclaredMigrations,
  type VersionCheck,
} from "@onespec/diff";
import type { MigrationCheck } from "@onespec/migrate";
import type { BaseSchemaFile } from "../base-schemas.js";
import { loadProjectConfig } from "../project-config.js";
import { printDiagnostics, type OutputFormat } from "../report.js";
import { escapeControls, terminalSafeJson } from "../terminal-text.js";
import { BaseError, commitOf, defaultBase, gitTop, materialise } from "../git-base.js";

export interface DiffArgs {
  base?: string;
  schemas?: string;
  entry?: string[];
  format: OutputFormat;
  writeBaseSchemas?: boolean;
}

interface Base {
  /** What the user sees: the revision (and commit) or the folder. */
  label: string;
  model: SchemaModel;
  cleanup(): void;
}

/** The base tree: a folder when `base` names one, else a git revision (default: the merge base with the default branch). */
async function loadBase(
  base: string | undefined,
  schemas: string,
  entries: string[] | undefined,
): Promise<Base> {
  const cwd = process.cwd();
  if (base !== undefined && existsSync(base) && statSync(base).isDirectory())
    return {
      label: `folder ${base}`,
      model: await loadTree({ root: path.resolve(base), entries, cwd }),
      cleanup: () => {},
    };
  const top = gitTop(cwd);
  if (!top)
    throw new BaseError(
      base === undefined
        ? "This is not a git repository, so there is no default base to compare with."
        : `${JSON.stringify(base)} is neither a folder nor a git revision (this is not a git repository).`,
      "Give the old schema tree as a folder: onespec diff <folder>.",
    );
  let rev: string;
  let commit: string;
  if (base === undefined) ({ rev, commit } = defaultBase(top));
  else {
    const found = commitOf(top, base);
    if (!found)
      throw new BaseError(
        `${JSON.stringify(base)} is neither a folder nor a revision of this repository.`,
        "Name a branch, tag or commit (git rev-parse must know it), or a folder holding the old schema tree.",
      );
    [rev, commit] = [base, found];
  }
  const schemasReal = realpathSync(schemas);
  const rel = path.relative(top, schemasReal);
  if (rel.startsWith("..") || path.isAbsolute(rel))
    throw new BaseError(
      `The schemas folder ${schemas} is outside the git repository at ${top}.`,
      "Give the old schema tree as a folder instead of a revision.",
    );
  const tree = materialise(top, commit, rel);
  // Loaded with the working directory mapped into the copy, so its files are shown with the
  // same paths as the work tree's.
  const cwdInCopy = path.join(tree.dir, path.relative(top, realpathSync(cwd)));
  try {
    const model = await loadTree({ root: path.join(tree.dir, rel), entries, cwd: cwdInCopy });
    return { label: `${rev} (${commit.slice(0, 12)})`, model, cleanup: tree.cleanup };
  } catch (error) {
    tree.cleanup();
    throw error;
  }
}

/** Connectors whose base schema has errors are compared as new, with a warning saying so. */
function usableBase(model: SchemaModel): { model: SchemaModel; warnings: Diagnostic[] } {
  const broken = connectorsWithErrors(model, model.diagnostics);
  const warnings = [...broken].sort().map((name): Diagnostic => ({
    severity: "warning",
    code: "diff/base-invalid",
    message: `The base's schema of ${name} has errors (${model.diagnostics.find((d) => d.severity === "error")?.message ?? "see onespec check"}); it is compared as if the connector were new.`,
    connector: name,
    hint: "Nothing to do here: the base is history. Its changes are not classified.",
  }));
  return { model: broken.size > 0 ? withoutConnectors(model, broken) : model, warnings };
}

/**
 * Each connector's declared migrations, checked: the chain from its base version is applied to
 * every old fixture and to random old configs, and the results validated with the new schema.
 * A chain that does all of that handles the connector's breaking changes; one that fails on a
 * config is an error (its users' upgrades would fail), located at the migration file.
 * `declared` says, per connector with a chain (or with migration files that cannot be read),
 * whether it handles the changes; a connector absent from it has no migration for them.
 */
async function migrationChecks(
  before: SchemaModel,
  after: SchemaModel,
  changes: readonly ConnectorDiff[],
): Promise<{
  checks: MigrationCheck[];
  declared: Map<string, DeclaredMigrations>;
  diagnostics: Diagnostic[];
}> {
  const checks: MigrationCheck[] = [];
  const declared = new Map<string, DeclaredMigrations>();
  const diagnostics: Diagnostic[] = [];
  const old = new Set(before.connectors.map((c) => c.name));
  const concerned = after.connectors.filter(
    (connector) =>
      old.has(connector.name) &&
      (connector.migrations !== undefined ||
        changes.some((c) => c.connector === connector.name && c.verdict !== "compatible")),
  );
  if (concerned.length === 0) return { checks, declared, diagnostics };
  // Loaded only when there is something to check: it brings the fixtures sampler and ajv.
  const { checkMigrations, loadMigrations, versionsOfFile } = await import("@onespec/migrate");
  const { compareVersions } = await import("@onespec/runtime");
  // A migration's TypeScript escape hatch is imported through tsx as an ES module, whatever the
  // package.json around it says (a registered loader took a .ts file outside an ESM package for
  // CommonJS, and failed on its `export`).
  const importModule = async (file: string) =>
    (await import("tsx/esm/api")).tsImport(pathToFileURL(file).href, import.meta.url);
  for (const connector of concerned) {
    const loaded = await loadMigrations(connector, { importModule });
    diagnostics.push(...loaded.diagnostics);
    const errors = loaded.diagnostics.filter((d) => d.severity === "error");
    if (errors.length > 0) {
      // Its errors are reported; saying "add a migration" beside them would mislead. A chain
      // that only goes past the connector's version is one written for a bump not made yet.
      const past = errors.every((d) => d.code === "migration/past-version")
        ? (connector.migrations ?? [])
            .flatMap((m) => versionsOfFile(m.file)?.to ?? [])
            .sort(compareVersions)
            .at(-1)
        : undefined;
      declared.set(connector.name, {
        chain: [],
        handled: false,
        ...(past !== undefined && { pastVersion: past }),
      });
      continue;
    }
    const check = checkMigrations(before, after, connector.name, loaded.migrations);
    if (!check || (check.chain.length === 0 && check.failures.length === 0)) continue;
    checks.push(check);
    declared.set(connector.name, { chain: check.chain, handled: check.handled });
    const more =
      check.failures.length > 1
        ? ` (${check.failures.length} problems; --format json lists them)`
        : "";
    for (const f of check.failures.slice(0, 1))
      diagnostics.push({
        severity: "error",
        code: "diff/migration-fails",
        message: `The migrations of ${connector.name} from ${check.from} to ${check.to}${check.chain.length > 0 ? ` (${check.chain.join(", ")})` : ""} do not upgrade every old config: ${f.config ? `${f.config}: ` : ""}${f.message}${more}`,
        ...(f.file !== undefined && { file: f.file }),
        ...(f.pointer !== undefined && { pointer: f.pointer }),
        ...(f.line !== undefined && { line: f.line, column: f.column }),
        connector: connector.name,
        hint: "Add or fix a step so that every config valid before is valid after it (docs/migrations.md).",
      });
  }
  return { checks, declared, diagnostics };
}

/** What a breaking change still lacks, for the summary line. */
function lacking(versions: readonly VersionCheck[]): string {
  const breaking = versions.filter((v) => v.proposed === "major");
  const unbumped = breaking.some((v) => !v.bumped);
  const unmigrated = breaking.some((v) => v.migration === "missing");
  return unbumped && unmigrated
    ? "; a breaking change has neither a major version bump nor a migration"
    : unbumped
      ? "; a breaking change has no major version bump"
      : unmigrated
        ? "; a breaking change has no migration"
        : "";
}

function summary(changes: readonly ConnectorDiff[], checks: readonly VersionCheck[]): string[] {
  const names = [...new Set(changes.map((c) => c.connector))].sort();
  if (names.length === 0) return [];
  const rows = names.map((name) => {
    const mine = changes.filter((c) => c.connector === name);
    const count = (v: string) => mine.filter((c) => c.verdict === v).length;
    const check = checks.find((c) => c.connector === name);
    const version = check ? `${check.from} → ${check.to}` : "";
    const bump = check
      ? [
          `needs ${check.proposed}`,
          ...(check.bumped ? [] : ["NOT BUMPED"]),
          ...(check.migrated ? [`migrated (${check.migrated.join(", ")})`] : []),
          ...(check.migration === "missing" ? ["NO MIGRATION"] : []),
          ...(check.migration === "fails" ? ["MIGRATION FAILS"] : []),
        ].join(", ")
      : "";
    return [
      escapeControls(name),
      String(count("breaking")),
      String(count("compatible")),
      String(count("unknown")),
      escapeControls(version),
      bump,
    ];
  });
  const head = ["connector", "breaking", "compatible", "unknown", "version", "bump"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows].map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i]))
      .join("  ")
      .trimEnd(),
  );
}

export const diffCommand = {
  command: "diff [base]",
  describe:
    "Compare the schemas with a git revision or folder: each change, breaking or compatible, and the bump it needs",
  builder: (y: Argv) =>
    y
      .positional("base", {
        type: "string",
        describe:
          "A git revision or a folder holding the old schema tree [default: the merge base with origin/HEAD, main or master]",
      })
      .option("schemas", { type: "string", describe: "Root of the schema tree [default: schemas]" })
      .option("entry", {
        type: "string",
        array: true,
        describe:
          "Glob of entry schemas under --schemas (repeatable) [default: connectors/*/connection.json]",
      })
      .option("format", {
        choices: ["pretty", "json", "github"] as const,
        default: "pretty" as const,
        describe: "Output format",
      })
      .option("write-base-schemas", {
        type: "boolean",
        describe:
          "Write the base's schema of each connector with a breaking change beside its migrations (migrations/<version>.schema.json), so that generate types a TypeScript migration against it",
      })
      .example("$0 diff", "Compare with where this branch left the default branch")
      .example(
        "$0 diff v1.4.0 --format github",
        "Annotate a pull request with the changes since a tag",
      )
      .example("$0 diff ../old-release/schemas", "Compare with a folder")
      .example(
        "$0 diff v2.0.0 --write-base-schemas",
        "Keep each broken connector's 2.0.0 schema beside its migrations",
      )
      .epilog(
        "Exit code 1 when a connector has a breaking change without a major version bump in its connector.json (below 1.0.0, a bump of the first non-zero part) or without a migration (migrations/<from>-<to>.json) that turns every old config into a valid new one, or when a declared migration fails on an old config.",
      ),
  handler: async (args: DiffArgs): Promise<number> => {
    const config = await loadProjectConfig(process.cwd());
    const schemas = args.schemas ?? config.schemas ?? "schemas";
    const entries = args.entry ?? config.entry;
    const fail = (diagnostics: Diagnostic[]) => {
      if (args.format === "json")
        console.log(terminalSafeJson(JSON.stringify({ diagnostics }, null, 2)));
      else printDiagnostics(diagnostics, args.format);
      return 1;
    };
    if (!existsSync(schemas) || !statSync(schemas).isDirectory())
      return fail([
        {
          severity: "error",
          code: "diff/no-schemas",
          message: `The schemas folder ${schemas} does not exist.`,
          hint: "Run it where the schemas are, or name them with --schemas.",
        },
      ]);
    const after = await loadTree({ root: path.resolve(schemas), entries });
    // The tree now must load: its changes cannot be classified otherwise.
    if (hasErrors(after.diagnostics))
      return fail(after.diagnostics.filter((d) => d.severity === "error"));
    let base: Base;
    try {
      base = await loadBase(args.base, schemas, entries);
    } catch (error) {
      if (!(error instanceof BaseError)) throw error;
      return fail([
        { severity: "error", code: "diff/bad-base", message: error.message, hint: error.hint },
      ]);
    }
    try {
      const { model: before, warnings } = usableBase(base.model);
      const changes = diffTrees(before, after);
      const migrations = await migrationChecks(before, after, changes);
      const handled = migrations.checks.filter((m) => m.handled);
      const versions = checkVersions(before, after, changes, migrations.declared);
      // Loaded only when asked for: it brings @onespec/migrate, and with it the fixtures sampler.
      const baseSchemas: BaseSchemaFile[] = args.writeBaseSchemas
        ? (await import("../base-schemas.js")).writeBaseSchemas(before, after, versions)
        : [];
      const diagnostics = [
        ...warnings,
        ...migrations.diagnostics,
        ...diffDiagnostics(changes, versions, after),
      ];
      const failed = diagnostics.some((d) => d.severity === "error");
      const lacks = lacking(versions);
      const line = `onespec diff: compared with ${base.label}: ${changes.length} change${changes.length === 1 ? "" : "s"} in ${new Set(changes.map((c) => c.connector)).size} connector(s), ${changes.filter((c) => c.verdict === "breaking").length} breaking${handled.length > 0 ? `, ${handled.length} connector(s) migrated` : ""}${lacks || (failed ? "; see the errors" : "")}`;
      if (args.format === "json") {
        // Names, reasons and paths can hold text from the schemas: what a terminal would act on is escaped.
        console.log(
          terminalSafeJson(
            JSON.stringify(
              {
                base: base.label,
                changes,
                versions,
                migrations: migrations.checks,
                ...(args.writeBaseSchemas ? { baseSchemas } : {}),
                diagnostics,
              },
              null,
              2,
            ),
          ),
        );
      } else {
        printDiagnostics(diagnostics, args.format);
        if (args.format === "pretty") {
          const table = summary(changes, versions);
          if (table.length > 0) console.error("\n" + table.join("\n"));
        }
        for (const b of baseSchemas)
          console.error(
            escapeControls(
              b.written
                ? `onespec diff: wrote ${b.file} (the schema of ${b.connector} ${b.version}, for its migrations' types)`
                : `onespec diff: kept ${b.file}, already there`,
            ),
          );
        console.error(escapeControls(line));
      }
      return failed ? 1 : 0;
    } finally {
      base.cleanup();
    }
  },
};
