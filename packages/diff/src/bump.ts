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

/** What the CLI found of a connector's declared migrations from its base version to now. */
export interface DeclaredMigrations {
  /** The migrations the chain applies, in order ("1.0.0-2.0.0"); empty when none covers the versions. */
  chain: string[];
  /** The chain turns every old config it was tried on into a valid new one. */
  handled: boolean;
  /**
   * The version the declared migrations go to when it is past the connector's: they were written
   * for a bump connector.json does not have yet, and cannot run until it does.
   */
  pastVersion?: string;
}

/** One connector's versions, the bump its changes need and the one it got. */
export interface VersionCheck {
  connector: string;
  from?: string;
  to?: string;
  proposed: Bump;
  actual: Bump | "down" | "invalid";
  /** The version went up by at least the bump the changes need. */
  bumped: boolean;
  /**
   * For a breaking change, which needs a migration as well as a major bump: "handled" when the
   * declared chain upgrades every old config, "fails" when a declared one does not (or cannot be
   * read), "missing" when none covers the versions. Absent when no change is breaking.
   */
  migration?: "handled" | "fails" | "missing";
  /** The migration file to add beside the schema when `migration` is "missing" ("migrations/2.1.0-3.0.0.json"). */
  addMigration?: string;
  /** The migration chain that turns every old config into a valid new one, when one does ("1.0.0-2.0.0"). */
  migrated?: string[];
  /** The version the declared migrations go to, past the connector's (DeclaredMigrations' `pastVersion`). */
  migratesTo?: string;
  /** The bump is big enough and, for a breaking change, a migration handles it. */
  ok: boolean;
}

/**
 * Checks each changed connector's `version` in connector.json against the bump its changes need.
 * A breaking change needs both a major bump (its users must know that their saved configs are
 * affected) and a declared migration that turns every old config into a valid new one (so that
 * they keep working): `migrations` maps each connector whose migrations were checked to what
 * @onespec/migrate's checkMigrations found; a connector absent from it has none.
 */
export function checkVersions(
  before: SchemaModel,
  after: SchemaModel,
  changes: readonly ConnectorDiff[],
  migrations: ReadonlyMap<string, DeclaredMigrations> = new Map(),
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
    const bumped = actual !== "down" && actual !== "invalid" && RANK[actual] >= RANK[proposed];
    if (proposed === "none" && actual === "none") continue;
    if (proposed !== "major") {
      out.push({ connector: connector.name, from, to, proposed, actual, bumped, ok: bumped });
      continue;
    }
    const declared = migrations.get(connector.name);
    const migration = !declared ? "missing" : declared.handled ? "handled" : "fails";
    // The file is named after the version the connector goes to, or the one it should go to.
    const target = actual === "major" ? to : parseVersion(from) && suggest(from, "major");
    out.push({
      connector: connector.name,
      from,
      to,
      proposed,
      actual,
      bumped,
      migration,
      ...(migration === "missing"
        ? { addMigration: `migrations/${target ? `${from}-${target}` : "<from>-<to>"}.json` }
        : {}),
      ...(migration === "handled" ? { migrated: declared!.chain } : {}),
      ...(declared?.pastVersion !== undefined ? { migratesTo: declared.pastVersion } : {}),
      ok: bumped && migration === "handled",
    });
  }
  return out;
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
