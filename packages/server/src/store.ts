/**
 * Saved connections in SQLite. A connection's config is stored with its secrets replaced by
 * the mask; the secrets themselves live in their own table, keyed by connection and JSON
 * pointer, encrypted (AES-256-GCM, secret-cipher.ts), and are only ever read back to run the
 * connector.
 *
 * At rest:
 * - The key is kept apart from the database: `options.key`, else `ONESPEC_SECRET_KEY` (base64 of
 *   32 bytes), else a key file next to the store (`<store>.key`), created 0600 on first use.
 * - The database, its -wal and -shm files and the key file are 0600 (the database is created
 *   0600 before SQLite opens it, and SQLite gives -wal and -shm the database's mode).
 * - `secure_delete` zeroes replaced and deleted rows, and every write of secrets ends with a
 *   `wal_checkpoint(TRUNCATE)`, so no earlier value is left in the WAL or in free pages.
 * - `rotateKey` re-encrypts every secret under a new key in one transaction.
 */
import { randomUUID } from "node:crypto";
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { MASK } from "@onespec/runtime";
import {
  mergeSecrets,
  secretEntries,
  withSecretsReplaced,
  type SecretEntry,
} from "./secret-fields.js";
import {
  SECRET_KEY_ENV,
  SecretKeyError,
  checkKey,
  generateKey,
  parseKey,
  seal,
  unseal,
} from "./secret-cipher.js";
import type { SavedConnection } from "@onespec/runtime/serve-api";

export interface StoreOptions {
  /** The 32-byte key. Default: `ONESPEC_SECRET_KEY`, else the key file. */
  key?: Buffer;
  /** The key file used when no key is given (default `<store>.key`). */
  keyFile?: string;
}

interface Row {
  id: string;
  connector: string;
  name: string;
  config: string;
  created_at: string;
  updated_at: string;
  connector_version: string | null;
}

/** Owner read/write only. */
const PRIVATE = 0o600;
/** What the key check value holds and is bound to; a wrong key fails to open it. */
const KEY_CHECK = "onespec secret store";
const KEY_CHECK_CONTEXT = "key-check";

/** Where a secret is stored: the authenticated context of its sealed value. */
const secretContext = (connectionId: string, pointer: string) => `${connectionId}\u0000${pointer}`;

export class ConnectionStore {
  private readonly db: Database.Database;
  private readonly file: string;
  private key: Buffer;
  /** The key file, when the key comes from one (not from options or the environment). */
  private keyFile: string | undefined;

  constructor(file: string, options: StoreOptions = {}) {
    const inMemory = file === ":memory:";
    this.file = inMemory ? file : path.resolve(file);
    if (!inMemory) createPrivate(this.file);
    this.db = new Database(this.file);
    try {
      this.db.pragma("secure_delete = ON");
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("foreign_keys = ON");
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS connections (
          id TEXT PRIMARY KEY, connector TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
          created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS connection_secrets (
          connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
          pointer TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (connection_id, pointer));
        CREATE TABLE IF NOT EXISTS store_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);`);
      // The connector version each config was saved for (stores from before it have none).
      const columns = this.db.prepare("PRAGMA table_info(connections)").all() as { name: string }[];
      if (!columns.some((c) => c.name === "connector_version"))
        this.db.exec("ALTER TABLE connections ADD COLUMN connector_version TEXT");
      if (!inMemory) restrictModes(this.file);
      this.key = this.openKey(options, inMemory);
    } catch (error) {
      this.db.close();
      throw error;
    }
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

  /** The stored secrets of a connection, decrypted. */
  secrets(id: string): SecretEntry[] {
    const rows = this.db
      .prepare(
        "SELECT pointer, value FROM connection_secrets WHERE connection_id = ? ORDER BY pointer",
      )
      .all(id) as SecretEntry[];
    return rows.map(({ pointer, value }) => {
      const plain = unseal(this.key, value, secretContext(id, pointer));
      if (plain === undefined)
        throw new SecretKeyError(
          `the stored secret at ${pointer} of connection ${id} does not decrypt with the current key: the store was altered or its key replaced`,
        );
      return { pointer, value: plain };
    });
  }

  /** The full config, secrets included: only for running the connector. */
  fullConfig(id: string, secretPaths: readonly string[]): unknown {
    const saved = this.get(id);
    return saved && mergeSecrets(saved.config, this.secrets(id), secretPaths);
  }

  /** Saves a full config (secrets in it, no mask) as a new connection, written for `version` of its connector. */
  create(
    connector: string,
    name: string,
    config: unknown,
    secretPaths: readonly string[],
    version?: string,
  ): SavedConnection {
    const id = randomUUID();
    const now = new Date().toISOString();
    this.db.transaction(() => {
      this.db
        .prepare(
          "INSERT INTO connections (id, connector, name, config, created_at, updated_at, connector_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          id,
          connector,
          name,
          JSON.stringify(withSecretsReplaced(config, secretPaths)),
          now,
          now,
          version ?? null,
        );
      this.writeSecrets(id, config, secretPaths);
    })();
    this.checkpoint();
    return this.get(id)!;
  }

  /** Replaces a connection's config (a full config: masks already merged back), now written for `version`. */
  update(
    id: string,
    name: string,
    config: unknown,
    secretPaths: readonly string[],
    version?: string,
  ): SavedConnection {
    this.db.transaction(() => {
      this.db
        .prepare(
          "UPDATE connections SET name = ?, config = ?, updated_at = ?, connector_version = ? WHERE id = ?",
        )
        .run(
          name,
          JSON.stringify(withSecretsReplaced(config, secretPaths)),
          new Date().toISOString(),
          version ?? null,
          id,
        );
      this.db.prepare("DELETE FROM connection_secrets WHERE connection_id = ?").run(id);
      this.writeSecrets(id, config, secretPaths);
    })();
    this.checkpoint();
    return this.get(id)!;
  }

  delete(id: string): boolean {
    const deleted = this.db.prepare("DELETE FROM connections WHERE id = ?").run(id).changes > 0;
    this.checkpoint();
    return deleted;
  }

  /**
   * Re-encrypts every stored secret under `next` (default: a new random key) and returns it.
   * With a key file, the new key is staged beside it (`<key>.next`) before the database
   * changes and renamed over it after, so an interrupted rotation is finished on the next open.
   * With a key from `ONESPEC_SECRET_KEY` or the options, store the returned key there yourself.
   */
  rotateKey(next: Buffer = generateKey()): Buffer {
    checkKey(next, "the new key");
    const staged = this.keyFile && `${this.keyFile}.next`;
    if (staged) {
      rmSync(staged, { force: true });
      writeKeyFile(staged, next);
    }
    const rows = this.db
      .prepare("SELECT connection_id, pointer, value FROM connection_secrets")
      .all() as { connection_id: string; pointer: string; value: string }[];
    const update = this.db.prepare(
      "UPDATE connection_secrets SET value = ? WHERE connection_id = ? AND pointer = ?",
    );
    this.db.transaction(() => {
      for (const row of rows) {
        const context = secretContext(row.connection_id, row.pointer);
        const plain = unseal(this.key, row.value, context);
        if (plain === undefined)
          throw new SecretKeyError(
            `cannot rotate the key: the stored secret at ${row.pointer} of connection ${row.connection_id} does not decrypt with the current key`,
          );
        update.run(seal(next, plain, context), row.connection_id, row.pointer);
      }
      this.setMeta("key_check", seal(next, KEY_CHECK, KEY_CHECK_CONTEXT));
    })();
    this.checkpoint();
    this.key = next;
    if (staged) renameSync(staged, this.keyFile!);
    return next;
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
      insert.run(id, pointer, seal(this.key, value, secretContext(id, pointer)));
    }
  }

  /** Copies the WAL into the database and empties it, so no replaced page lingers there. */
  private checkpoint(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  private meta(name: string): string | undefined {
    const row = this.db.prepare("SELECT value FROM store_meta WHERE name = ?").get(name) as
      { value: string } | undefined;
    return row?.value;
  }

  private setMeta(name: string, value: string): void {
    this.db
      .prepare(
        "INSERT INTO store_meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      )
      .run(name, value);
  }

  /** Finds the key, checks it against the store, and encrypts a store written before encryption. */
  private openKey(options: StoreOptions, inMemory: boolean): Buffer {
    const check = this.meta("key_check");
    const fromEnv = process.env[SECRET_KEY_ENV];
    let key: Buffer;
    let source: string;
    if (options.key) {
      source = "the key passed to ConnectionStore";
      key = checkKey(options.key, source);
    } else if (fromEnv !== undefined && fromEnv !== "") {
      source = SECRET_KEY_ENV;
      key = parseKey(fromEnv, source);
    } else if (inMemory) {
      source = "a random key for this in-memory store";
      key = generateKey();
    } else {
      const keyFile = path.resolve(options.keyFile ?? `${this.file}.key`);
      this.keyFile = keyFile;
      source = `the key file ${keyFile}`;
      if (existsSync(keyFile)) key = readKeyFile(keyFile);
      else if (check === undefined) {
        key = generateKey();
        writeKeyFile(keyFile, key);
        ignoreInGit(keyFile, this.file);
      } else
        throw new SecretKeyError(
          `the key file ${keyFile} is missing, and the saved secrets in ${this.file} were encrypted with it: restore it, or set ${SECRET_KEY_ENV} to the key`,
        );
    }

    if (check === undefined) {
      this.encryptLegacySecrets(key);
      return key;
    }
    if (unseal(key, check, KEY_CHECK_CONTEXT) !== undefined) return key;
    // A rotation that stopped after the database changed leaves the new key staged.
    const staged = this.keyFile && `${this.keyFile}.next`;
    if (staged && existsSync(staged)) {
      const next = readKeyFile(staged);
      if (unseal(next, check, KEY_CHECK_CONTEXT) !== undefined) {
        renameSync(staged, this.keyFile!);
        return next;
      }
    }
    throw new SecretKeyError(
      `${source} is not the key the saved secrets in ${this.file} were encrypted with: use that key (the key file, or ${SECRET_KEY_ENV}); without it the saved secrets cannot be read, and the store must be deleted to start over`,
    );
  }

  /**
   * First use of a key: records its check value. A store from before encryption holds plain
   * secrets; they are encrypted in place, and the database is rewritten (VACUUM) and its WAL
   * emptied so no plain copy is left behind.
   */
  private encryptLegacySecrets(key: Buffer): void {
    const rows = this.db
      .prepare("SELECT connection_id, pointer, value FROM connection_secrets")
      .all() as { connection_id: string; pointer: string; value: string }[];
    const update = this.db.prepare(
      "UPDATE connection_secrets SET value = ? WHERE connection_id = ? AND pointer = ?",
    );
    this.db.transaction(() => {
      for (const row of rows)
        update.run(
          seal(key, row.value, secretContext(row.connection_id, row.pointer)),
          row.connection_id,
          row.pointer,
        );
      this.setMeta("key_check", seal(key, KEY_CHECK, KEY_CHECK_CONTEXT));
    })();
    if (rows.length > 0) this.db.exec("VACUUM");
    this.checkpoint();
  }
}

/** Creates the store's folder (0700) and an empty database file (0600) before SQLite opens it. */
function createPrivate(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, "a", PRIVATE));
  restrictModes(file);
}

/** Makes the database and its -wal and -shm files owner-only (a store from before was 0644). */
function restrictModes(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, PRIVATE);
}

function readKeyFile(file: string): Buffer {
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, PRIVATE);
  return parseKey(readFileSync(file, "utf8"), `the key file ${file}`);
}

/** Creates a key file, owner-only from the start, and syncs it; an existing file is not replaced. */
function writeKeyFile(file: string, key: Buffer): void {
  const fd = openSync(file, "wx", PRIVATE);
  try {
    writeSync(fd, key.toString("base64") + "\n");
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  chmodSync(file, PRIVATE);
}

/**
 * A key file (and the store beside it) must never reach version control: the key decrypts every
 * saved secret. Where the folder holding it has no `.gitignore`, one is written naming both; a
 * folder with its own `.gitignore` is the user's to manage and is left alone.
 */
function ignoreInGit(keyFile: string, store: string): void {
  const ignore = path.join(path.dirname(keyFile), ".gitignore");
  if (existsSync(ignore)) return;
  const names = [path.basename(keyFile), `${path.basename(keyFile)}.next`];
  if (path.dirname(store) === path.dirname(keyFile)) names.push(`${path.basename(store)}*`);
  try {
    writeFileSync(
      ignore,
      `# Written by onespec: the key that decrypts the saved secrets, and the store they are in.\n${names.map((n) => `/${n}`).join("\n")}\n`,
      { flag: "wx" },
    );
  } catch {
    // Another process wrote one first, or the folder is read-only: nothing more to do here.
  }
}

function toSaved(row: Row): SavedConnection {
  return {
    id: row.id,
    connector: row.connector,
    name: row.name,
    // An object: the API saves only configs that are one (its body schema says so).
    config: JSON.parse(row.config) as Record<string, unknown>,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    ...(row.connector_version !== null && { connectorVersion: row.connector_version }),
  };
}
