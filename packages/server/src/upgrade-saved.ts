/**
 * A saved connection written for an older version of its connector, upgraded on read with the
 * connector's migrations. The config is migrated twice: as stored (secrets masked), for what the
 * API shows, so that no secret value is ever put where the new schema might not mask it; and with
 * its stored secrets in place, for what a test runs and what saving keeps, so that a secret moved
 * by a migration is found at its new place. The store keeps the old version until the
 * connection is saved again.
 */
import {
  applyMigrations,
  MASK,
  matchPointers,
  MigrationError,
  planChain,
  type Migration,
} from "@onespec/runtime";
import type { SavedConnection } from "@onespec/runtime/serve-api";
import { secretEntries, type SecretEntry } from "./secret-fields.js";

export interface UpgradeTarget {
  metadata: { version: string };
  migrations?: readonly Migration[];
  validator: { secretPaths: readonly string[] };
}

/** The stored config with each stored secret back at its pointer (where the mask holds its place). */
function withStoredSecrets(config: unknown, stored: readonly SecretEntry[]): unknown {
  const copy = structuredClone(config);
  for (const { pointer, value } of stored)
    for (const m of matchPointers(copy, [pointer]))
      if (m.value === MASK && m.parent) (m.parent as Record<string, unknown>)[m.key] = value;
  return copy;
}

/**
 * The connection as the connector's current version reads it, with its secrets at their new
 * places; unchanged when it was saved for the current version (or before versions were stored).
 * A chain that cannot be applied leaves it as stored, with `upgradeProblem` saying why.
 */
export function upgradeSaved(
  saved: SavedConnection,
  stored: readonly SecretEntry[],
  connector: UpgradeTarget,
): { saved: SavedConnection; secrets: SecretEntry[] } {
  const from = saved.connectorVersion;
  const to = connector.metadata.version;
  if (from === undefined || from === to) return { saved, secrets: [...stored] };
  try {
    const chain = planChain(connector.migrations ?? [], from, to);
    const shown = applyMigrations(saved.config, chain).config;
    const full = applyMigrations(withStoredSecrets(saved.config, stored), chain).config;
    return {
      saved: { ...saved, config: shown, connectorVersion: to, upgradedFrom: from },
      secrets: secretEntries(full, connector.validator.secretPaths),
    };
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    // Its messages name steps and pointers, never a value.
    return {
      saved: { ...saved, upgradeProblem: error.message },
      secrets: [...stored],
    };
  }
}
