import type { SchemaModel } from "@onespec/core";
import type { ConnectorDiff } from "./types.js";

export type Bump = "major" | "minor" | "patch" | "none";

const RANK: Record<Bump, number> = { none: 0, patch: 1, minor: 2, major: 3 };

/**
 * The semver bump a set of changes needs: major for a breaking one, minor for a compatible one
 * that changes what is accepted, patch for documentation alone. An unknown change proposes
 * minor: it is reported for a person to decide, and does not by itself demand a major version.
 */
export function proposeBump(changes: readonly Pick<ConnectorDiff, "verdict" | "kind">[]): Bump {
  let bump: Bump = "none";
  for (const c of changes) {
    const need: Bump =
      c.verdict === "breaking" ? "major" : c.kind === "doc-changed" ? "patch" : "minor";
    if (RANK[need] > RANK[bump]) bump = need;
  }
  return bump;
}

interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version | undefined {
  const m = /^v?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:[-+].*)?$/.exec(text.trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]) } : undefined;
}

/**
 * The bump from one version to another, read as npm's caret ranges read it: below 1.0.0 the first
 * non-zero part is the major one (0.1.0 → 0.2.0 is a major bump, 0.1.0 → 0.1.1 a minor one).
 */
export function bumpBetween(from: string, to: string): Bump | "down" | "invalid" {
  const a = parseVersion(from);
  const b = parseVersion(to);
  if (!a || !b) return "invalid";
  const parts = (v: Version) => [v.major, v.minor, v.patch];
  const [x, y] = [parts(a), parts(b)];
  const lead = x.findIndex((n) => n !== 0);
  // Which part counts as major, minor, patch for the old version.
  const shift = lead === -1 ? 2 : lead;
  for (let i = 0; i < 3; i++) {
    if (y[i] === x[i]) continue;
    if (y[i] < x[i]) return "down";
    const level = i - shift;
    return level <= 0 ? "major" : level === 1 ? "minor" : "patch";
  }
  return "none";
}

/** One connector's versions, the bump its changes need and the one it got. */
export interface VersionCheck {
  connector: string;
  from?: string;
  to?: string;
  proposed: Bump;
  actual: Bump | "down" | "invalid";
  /** False when the version bump is smaller than the changes need and no migration handles them. */
  ok: boolean;
  /** The migration chain that turns every old config into a valid new one, when one does ("1.0.0-2.0.0"). */
  migrated?: string[];
}

/**
 * Checks each changed connector's `version` in connector.json against the bump its changes need.
 * A breaking change is also handled by a declared migration that turns every old config into a
 * valid new one (`migrated`: connector → the chain, as @onespec/migrate's checkMigrations finds).
 */
export function checkVersions(
  before: SchemaModel,
  after: SchemaModel,
  changes: readonly ConnectorDiff[],
  migrated: ReadonlyMap<string, string[]> = new Map(),
): VersionCheck[] {
  const old = new Map(before.connectors.map((c) => [c.name, c]));
  const out: VersionCheck[] = [];
  for (const connector of after.connectors) {
    const was = old.get(connector.name);
    if (!was) continue;
    const proposed = proposeBump(changes.filter((c) => c.connector === connector.name));
    const from = was.metadata.version;
    const to = connector.metadata.version;
    const actual = bumpBetween(from, to);
    const chain = migrated.get(connector.name);
    const ok =
      actual !== "down" &&
      actual !== "invalid" &&
      (RANK[actual] >= RANK[proposed] || (proposed === "major" && chain !== undefined));
    if (proposed !== "none" || actual !== "none")
      out.push({
        connector: connector.name,
        from,
        to,
        proposed,
        actual,
        ok,
        ...(chain ? { migrated: chain } : {}),
      });
  }
  return out;
}
