/**
 * A connector's sync into a SQLite catalog file, read back: what the connectors' extraction
 * tests compare with their golden catalogs, and the test that a killed sync resumes. A subpath
 * of its own, so that importing the servers does not load the SDK and the SQLite driver.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import {
  runSync,
  type Connector,
  type RunOptions,
  type RunSummary,
  type StoredEntity,
} from "@onespec/sdk";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import { killUntilDone } from "./kill-run.js";

/** Runs the sync into `catalog` (a fresh file or one a previous run left) and reads it back. */
export async function syncToCatalog(options: Omit<RunOptions, "sink"> & { catalog: string }) {
  const { catalog, ...run } = options;
  const summary = await runSync({ ...run, sink: sqliteCatalog(catalog) });
  const reader = sqliteCatalog(catalog);
  const entities = await reader.entities(options.service);
  await reader.close();
  return { summary, entities, catalog };
}

/** Entities without run-dependent timestamps, for golden files. */
export function stable(entities: StoredEntity[]) {
  return entities.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
}

export interface KilledSyncCase {
  /** The CLI's bin script, and where it runs. */
  bin: string;
  cwd: string;
  /** A scratch folder for the workflow and the catalogs. */
  dir: string;
  connector: Connector;
  service: string;
  /** The connector's config; its `password` reaches the CLI through the environment only. */
  config: Record<string, unknown> & { password: string };
  /** Stored batches after which each run is killed (see `killUntilDone`). */
  kills: number[];
}

/**
 * A sync that `onespec run` starts, that is SIGKILLed after each count in `kills` and started
 * again, resumes from its checkpoint and ends with exactly the catalog of an uninterrupted run;
 * the password appears in no output of any run.
 */
export async function expectKilledSyncResumes(k: KilledSyncCase): Promise<void> {
  const name = k.connector.metadata.name;
  const variable = `ONESPEC_TEST_${name.toUpperCase().replace(/\W/g, "_")}_PASSWORD`;
  const killed = path.join(k.dir, "killed.db");
  const workflow = path.join(k.dir, "killed.yaml");
  // YAML: each value as JSON, the password as the environment reference `onespec run` resolves.
  const config = Object.entries(k.config).map(([key, value]) =>
    key === "password" ? `    password: \${${variable}}` : `    ${key}: ${JSON.stringify(value)}`,
  );
  writeFileSync(
    workflow,
    [
      "source:",
      `  connector: ${name}`,
      `  service: ${k.service}`,
      "  config:",
      ...config,
      "sink:",
      "  type: sqlite",
      `  path: ${killed}`,
      "options:",
      "  batch_size: 2",
      "  # Paced so every kill lands mid-run, never after the run has finished.",
      "  rate_limit_per_second: 40",
      "",
    ].join("\n"),
  );
  const reference = await syncToCatalog({
    connector: k.connector,
    config: k.config,
    service: k.service,
    catalog: path.join(k.dir, "reference.db"),
    batchSize: 2,
  });
  expect(reference.summary.status).toBe("ok");
  const { interrupted, final, outputs } = await killUntilDone(k.bin, workflow, k.kills, {
    cwd: k.cwd,
    env: { [variable]: k.config.password },
  });
  expect(interrupted).toBeGreaterThanOrEqual(k.kills.length - 1);
  expect(final?.code, final?.stderr).toBe(0);
  const summary = JSON.parse(final.stdout) as RunSummary;
  expect(summary.resumed).toBe(true);
  expect(summary.entities).toEqual(reference.summary.entities);
  const reader = sqliteCatalog(killed);
  const got = await reader.entities(k.service);
  await reader.close();
  expect(stable(got)).toEqual(stable(reference.entities));
  for (const text of outputs) expect(text).not.toContain(k.config.password);
}
