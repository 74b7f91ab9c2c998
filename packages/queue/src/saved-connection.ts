/**
 * A run of a connection saved by `onespec serve`: the worker reads it from serve's store (its
 * secrets decrypted with the store's key: ONESPEC_SECRET_KEY or the key file beside the store,
 * as serve does), and writes a workflow file for `onespec run` in a private temporary folder.
 * The file holds no secret: each one becomes `${ONESPEC_SAVED_SECRET_<n>}` and its value goes
 * to that run's environment only, so `onespec run` substitutes it and redacts it like any value
 * from the environment. The job names the store, the connection id and the catalog; nothing more.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { splitPointer } from "@onespec/runtime";

export interface SavedTarget {
  /** Absolute path of serve's store (its SQLite file). */
  store: string;
  /** The saved connection's id. */
  id: string;
  /** Absolute path of the SQLite catalog the run writes. */
  catalog: string;
}

/** A problem with the target itself (no store, no such connection): a config error. */
export class SavedConnectionError extends Error {}

/** The key of "one run at a time" for a saved connection. */
export const savedConnectionKey = (t: SavedTarget): string => `saved:${t.store}#${t.id}`;

/** `${` in a value that is not a secret stays literal: `$${` is the workflow's escape for it. */
function escapeReferences(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\$\{/g, "$${");
  if (Array.isArray(value)) return value.map(escapeReferences);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeReferences(v)]));
  return value;
}

function setAt(target: unknown, pointer: string, value: string): void {
  const tokens = splitPointer(pointer);
  let node = target as Record<string, unknown>;
  for (const token of tokens.slice(0, -1)) node = node[token] as Record<string, unknown>;
  node[tokens.at(-1)!] = value;
}

export interface SavedWorkflow {
  file: string;
  /** The secrets, by the environment variable the workflow names them with. */
  env: Record<string, string>;
  /** Deletes the temporary folder. */
  remove(): void;
}

export async function savedConnectionWorkflow(target: SavedTarget): Promise<SavedWorkflow> {
  if (!existsSync(target.store))
    throw new SavedConnectionError(`serve's store ${target.store} does not exist on this worker`);
  // Loaded only for saved connections: workflow runs never need the server package.
  const { ConnectionStore } = await import("@onespec/server");
  const store = new ConnectionStore(target.store);
  let saved;
  let secrets;
  try {
    saved = store.get(target.id);
    if (!saved)
      throw new SavedConnectionError(
        `there is no saved connection ${target.id} in ${target.store}`,
      );
    secrets = store.secrets(target.id);
  } finally {
    store.close();
  }
  const config = escapeReferences(saved.config);
  const env: Record<string, string> = {};
  secrets.forEach((secret, i) => {
    const name = `ONESPEC_SAVED_SECRET_${i}`;
    env[name] = secret.value;
    setAt(config, secret.pointer, `\${${name}}`);
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), "onespec-saved-"));
  const file = path.join(dir, "workflow.json");
  writeFileSync(
    file,
    JSON.stringify({
      source: { connector: saved.connector, service: saved.connector, config },
      sink: { type: "sqlite", path: target.catalog },
    }),
    { mode: 0o600 },
  );
  return { file, env, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
