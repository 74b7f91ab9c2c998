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
import type { VersionCheck } from "./bump.js";

/** The diagnostic codes of `onespec diff`. */
export const DIFF_CODES = {
  breaking: "diff/breaking",
  compatible: "diff/compatible",
  unknown: "diff/unknown",
  versionNotBumped: "diff/version-not-bumped",
} as const;

/**
 * The changes and the version checks as located diagnostics. One change of a shared definition
 * is one diagnostic naming every connector it reaches. Breaking and unknown changes are warnings
 * (a reviewer looks at them), compatible ones info; a version bump smaller than a breaking change
 * needs is an error, smaller than a compatible one a warning.
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
  for (const { change: c, uses } of groups.values()) {
    const connectors = [...new Set(uses.map((u) => u.connector))];
    const paths = new Set(uses.map((u) => u.instancePath));
    const at = (path: string) => (path ? ` at config ${path}` : "");
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
            hint: "Bump the connector's major version in connector.json (and give its users a migration), or make the change compatible.",
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
    const where = connector ? versionLocation(connector, cwd) : {};
    const breaking = check.proposed === "major";
    out.push({
      severity: breaking ? "error" : "warning",
      code: DIFF_CODES.versionNotBumped,
      message: `The changes of ${check.connector} need a ${check.proposed} version bump, but its version went from ${check.from} to ${check.to} (${check.actual === "invalid" ? "not a semver version" : check.actual === "down" ? "down" : check.actual === "none" ? "unchanged" : `a ${check.actual} bump`}).`,
      ...where,
      connector: check.connector,
      hint: `Set "version" to ${suggest(check.from ?? "0.0.0", check.proposed)} or later.`,
    });
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

/** The version the old one becomes with a bump, caret-style below 1.0.0 (0.1.2 major → 0.2.0). */
export function suggest(from: string, bump: string): string {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(from);
  if (!m) return "a valid semver version";
  let [x, y, z] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const level = ["major", "minor", "patch"].indexOf(bump);
  const lead = x !== 0 ? 0 : y !== 0 ? 1 : 2;
  const at = Math.min(2, lead + Math.max(0, level));
  if (at === 0) [x, y, z] = [x + 1, 0, 0];
  else if (at === 1) [y, z] = [y + 1, 0];
  else z += 1;
  return `${x}.${y}.${z}`;
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
