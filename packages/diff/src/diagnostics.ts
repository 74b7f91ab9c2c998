import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  locate,
  parseSource,
  type Connector,
  type Diagnostic,
  type SchemaModel,
} from "@onespec/core";
import type { ConnectorDiff } from "./types.js";
import { suggest, type VersionCheck } from "./bump.js";

/**
 * What a breaking change's connectors still lack, and only that: the major bump, a migration, a
 * migration that works; or that the migration handles it.
 */
function breakingHint(
  checks: readonly (VersionCheck | undefined)[],
  handledBy: readonly string[] | undefined,
  addMigration: string | undefined,
): string {
  const unbumped = checks.some((v) => !v || !v.bumped);
  const missing = checks.some((v) => !v || v.migration === "missing");
  const failing = checks.some((v) => v?.migration === "fails");
  const bump = "Bump the connector's major version in connector.json";
  const target = checks.length === 1 ? checks[0]?.migratesTo : undefined;
  if (unbumped && target !== undefined)
    return `${bump} to ${target}, the version its migration goes to: the migration runs once the connector has that version.`;
  if (handledBy)
    return unbumped
      ? `${bump}: the migration ${handledBy.join(", ")} handles this change (every old config it was tried on upgrades to a valid one), and the bump tells its users that saved configs are upgraded.`
      : `Handled by the migration ${handledBy.join(", ")}: every old config it was tried on upgrades to a valid one.`;
  const add = `add a migration${addMigration ? ` (${addMigration})` : ""} that upgrades the configs saved for the old one`;
  const fix = "fix the declared migration (its error says what fails)";
  const todo = [...(unbumped ? [bump] : []), ...(missing ? [add] : []), ...(failing ? [fix] : [])];
  if (todo.length === 0) return `${bump} and ${add}, or make the change compatible.`;
  const text = todo.length === 1 ? todo[0] : `${todo.slice(0, -1).join(", ")} and ${todo.at(-1)}`;
  return `${text[0].toUpperCase()}${text.slice(1)}, or make the change compatible.`;
}

/** The diagnostic codes of `onespec diff`. */
export const DIFF_CODES = {
  breaking: "diff/breaking",
  compatible: "diff/compatible",
  unknown: "diff/unknown",
  versionNotBumped: "diff/version-not-bumped",
  migrationMissing: "diff/migration-missing",
} as const;

/**
 * The changes and the version checks as located diagnostics. One change of a shared definition
 * is one diagnostic naming every connector it reaches. Breaking and unknown changes are warnings
 * (a reviewer looks at them), compatible ones info; a version bump smaller than a breaking change
 * needs is an error, smaller than a compatible one a warning; a breaking change that no declared
 * migration handles is an error of its own, at the connector's first breaking change.
 */
export function diffDiagnostics(
  changes: readonly ConnectorDiff[],
  checks: readonly VersionCheck[],
  after: SchemaModel,
  cwd = process.cwd(),
): Diagnostic[] {
  // A change of a shared definition is one group, wherever in each config it lands.
  const groups = new Map<string, { change: ConnectorDiff; uses: ConnectorDiff[] }>();
  for (const c of changes) {
    const key = JSON.stringify([c.file, c.pointer, c.kind, c.verdict, c.reason]);
    const group = groups.get(key);
    if (group) group.uses.push(c);
    else groups.set(key, { change: c, uses: [c] });
  }
  const out: Diagnostic[] = [];
  const shown = new Set([...after.docs.values()].map((d) => d.source.displayPath));
  const gone = (file: string | undefined) => file !== undefined && !shown.has(file);
  // Connectors whose breaking changes a declared migration handles (checkVersions' `migrated`).
  const migrated = new Map(checks.flatMap((v) => (v.migrated ? [[v.connector, v.migrated]] : [])));
  const toAdd = new Map(
    checks.flatMap((v) => (v.addMigration ? [[v.connector, v.addMigration]] : [])),
  );
  const checkOf = new Map(checks.map((v) => [v.connector, v]));
  for (const { change: c, uses } of groups.values()) {
    const connectors = [...new Set(uses.map((u) => u.connector))];
    const paths = new Set(uses.map((u) => u.instancePath));
    const at = (path: string) => (path ? ` at config ${path}` : "");
    const handledBy = connectors.every((name) => migrated.has(name))
      ? [...new Set(connectors.flatMap((name) => migrated.get(name)!))]
      : undefined;
    const who =
      uses.length === 1
        ? `${c.connector}${at(c.instancePath)}`
        : paths.size === 1
          ? `${connectors.length} connectors (${connectors.join(", ")})${at(c.instancePath)}`
          : `${connectors.length === 1 ? c.connector : `${connectors.length} connectors`} (${uses.map((u) => `${connectors.length === 1 ? "" : `${u.connector} `}at config ${u.instancePath || "/"}`).join(", ")})`;
    const where = placeOf(c, gone);
    out.push({
      severity: c.verdict === "compatible" ? "info" : "warning",
      code: DIFF_CODES[c.verdict],
      message: `${c.verdict === "unknown" ? "undecided" : c.verdict} change (${c.kind}) for ${who}: ${c.reason}${where.note}`,
      ...where.place,
      ...(connectors.length === 1 ? { connector: c.connector } : {}),
      ...(c.verdict === "breaking"
        ? {
            hint: breakingHint(
              connectors.map((name) => checkOf.get(name)),
              handledBy,
              connectors.length === 1 ? toAdd.get(c.connector) : undefined,
            ),
          }
        : {}),
      ...(c.verdict === "unknown"
        ? {
            hint: "Check by hand whether every config valid before is still valid and means the same; bump the major version if not.",
          }
        : {}),
    });
  }
  const byName = new Map(after.connectors.map((c) => [c.name, c]));
  for (const check of checks) {
    if (check.ok) continue;
    const connector = byName.get(check.connector);
    if (!check.bumped) {
      const where = connector ? versionLocation(connector, cwd) : {};
      out.push({
        severity: check.proposed === "major" ? "error" : "warning",
        code: DIFF_CODES.versionNotBumped,
        message: `The changes of ${check.connector} need a ${check.proposed} version bump, but its version went from ${check.from} to ${check.to} (${check.actual === "invalid" ? "not a semver version" : check.actual === "down" ? "down" : check.actual === "none" ? "unchanged" : `a ${check.actual} bump`}).`,
        ...where,
        connector: check.connector,
        hint: `Set "version" to ${suggest(check.from ?? "0.0.0", check.proposed)} or later.`,
      });
    }
    if (check.migration === "missing") {
      const breaking = changes.filter(
        (c) => c.connector === check.connector && c.verdict === "breaking",
      );
      const entry = connector && after.docs.get(connector.entry)?.source.displayPath;
      // At the first breaking change: the line a reviewer of the change looks at.
      const where = breaking.length > 0 ? placeOf(breaking[0], gone).place : { file: entry };
      const beside = entry ? ` beside ${entry}` : "";
      out.push({
        severity: "error",
        code: DIFF_CODES.migrationMissing,
        message: `The breaking change${breaking.length === 1 ? "" : `s (${breaking.length})`} of ${check.connector} need${breaking.length === 1 ? "s" : ""} a migration from ${check.from}, and none is declared: configs saved for ${check.from} would stop working. Add ${check.addMigration}${beside}.`,
        ...where,
        connector: check.connector,
        hint: `Write the steps that turn a ${check.from} config into a valid new one (rename, wrap, map, …; docs/migrations.md); onespec diff tries them on every old fixture.`,
      });
    }
  }
  return out;
}

/**
 * Where a change's diagnostic (and GitHub annotation) goes: the changed keyword in the new tree;
 * for a node that is gone, its parent in the new tree, with where it was in the base said in the
 * message; for a file that is gone, its line in the base (no file of that name is there to be
 * misread).
 */
function placeOf(
  c: ConnectorDiff,
  gone: (file: string | undefined) => boolean,
): { place: Pick<Diagnostic, "file" | "pointer" | "line" | "column">; note: string } {
  if (c.side === "after")
    return {
      place: { file: c.file, pointer: c.pointer, line: c.line, column: c.column },
      note: "",
    };
  const was = `${c.file}${c.line ? `:${c.line}` : ""}${c.pointer ? ` at ${c.pointer}` : ""}`;
  if (c.near)
    return {
      place: {
        file: c.near.file,
        pointer: c.near.pointer,
        line: c.near.line,
        column: c.near.column,
      },
      note: ` (gone from the new schema; in the base it was at ${was})`,
    };
  return {
    place: {
      file: c.file,
      pointer: c.pointer,
      ...(gone(c.file) ? { line: c.line, column: c.column } : {}),
    },
    note: " (the place is in the base)",
  };
}

/** Where `version` is written in a connector's metadata file, when it has one. */
function versionLocation(
  connector: Connector,
  cwd: string,
): Pick<Diagnostic, "file" | "pointer" | "line" | "column"> {
  const dir = path.dirname(connector.entry);
  const base = path.basename(connector.entry);
  const file =
    base === "connection.json"
      ? path.join(dir, "connector.json")
      : path.join(dir, `${base.replace(/\.json$/, "")}.connector.json`);
  if (!existsSync(file)) return {};
  const rel = path.relative(cwd, file);
  const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
  try {
    const { source } = parseSource(shown, readFileSync(file, "utf8"));
    if (!source) return { file: shown };
    const { line, column } = locate(source, "/version");
    return { file: shown, pointer: "/version", line, column };
  } catch {
    return { file: shown };
  }
}
