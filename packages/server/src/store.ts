/**
 * Saved connections in SQLite. A connection's config is stored with its secrets replaced by
 * the mask; the secrets themselves live in their own table, keyed by connection and JSON
 * pointer, and are only ever read back to run the connector.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import {
  MASK,
  mergeSecrets,
  secretEntries,
  withSecretsReplaced,
  type SecretEntry,
} from "./secret-fields.js";

export interface SavedConnection {
  id: string;
  connector: string;
  name: string;
  /** Secrets masked. */
  config: unknown;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  id: string;
  connector: string;
  name: string;
  config: string;
  created_at: string;
  updated_at: string;
}

export class ConnectionStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS connections (
        id TEXT PRIMARY KEY, connector TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS connection_secrets (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        pointer TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (connection_id, pointer));`);
  }

  list(): SavedConnection[] {
    return (
      this.db.prepare("SELECT * FROM connections ORDER BY created_at, id").all() as Row[]
    ).map(toSaved);
  }

  get(id: string): SavedConnection | undefined {
    const row = this.db.prepare("SELECT * FROM connections WHERE id = ?").get(id) as
      Row | undefined;
    return row && toSaved(row);
  }

  /** The stored secrets of a connection. */
  secrets(id: string): SecretEntry[] {
    return this.db
      .prepare(
        "SELECT pointer, value FROM connection_secrets WHERE connection_id = ? ORDER BY pointer",
      )
      .all(id) as SecretEntry[];
  }

  /** The full config, secrets included: only for running the connector. */
  fullConfig(id: string, secretPaths: readonly string[]): unknown {
    const saved = this.get(id);
    return saved && mergeSecrets(saved.config, this.secrets(id), secretPaths);
  }

  /** Saves a full config (secrets in it, no mask) as a new connection. */
  create(
    connector: string,
    name: string,
    config: unknown,
    secretPaths: readonly string[],
  ): SavedConnection {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO connections (id, connector, name, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .run(
          id,
          connector,
          name,
          JSON.stringify(withSecretsReplaced(config, secretPaths)),
          now,
          now,
        );
      this.writeSecrets(id, config, secretPaths);
    })();
    return this.get(id)!;
  }

  /** Replaces a connection's config (a full config: masks already merged back). */
  update(
    id: string,
    name: string,
    config: unknown,
    secretPaths: readonly string[],
  ): SavedConnection {
    this.db.transaction(() => {
      this.db
        .prepare("UPDATE connections SET name = ?, config = ?, updated_at = ? WHERE id = ?")
        .run(
          name,
          JSON.stringify(withSecretsReplaced(config, secretPaths)),
          new Date().toISOString(),
          id,
        );
      this.db.prepare("DELETE FROM connection_secrets WHERE connection_id = ?").run(id);
      this.writeSecrets(id, config, secretPaths);
    })();
    return this.get(id)!;
  }

  delete(id: string): boolean {
    return this.db.prepare("DELETE FROM connections WHERE id = ?").run(id).changes > 0;
  }

  close(): void {
    this.db.close();
  }

  private writeSecrets(id: string, config: unknown, secretPaths: readonly string[]): void {
    const insert = this.db.prepare(
      "INSERT INTO connection_secrets (connection_id, pointer, value) VALUES (?, ?, ?)",
    );
    for (const { pointer, value } of secretEntries(config, secretPaths)) {
      if (value === MASK) throw new Error(`refusing to store the mask as the secret at ${pointer}`);
      insert.run(id, pointer, value);
    }
  }
}

function toSaved(row: Row): SavedConnection {
  return {
    id: row.id,
    connector: row.connector,
    name: row.name,
    config: JSON.parse(row.config) as unknown,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
