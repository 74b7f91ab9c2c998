/**
 * Secrets at rest: encrypted in the SQLite store, files owner-only, nothing left behind in the
 * WAL or free pages, clear errors for a wrong or missing key, and key rotation. Every check
 * reads the raw bytes of the files on disk.
 */
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConnectionStore, SecretKeyError, buildApp } from "../src/index.js";
import { SECRET_KEY_ENV, generateKey } from "../src/secret-cipher.js";
import { catalog } from "./catalog.js";

const root = mkdtempSync(path.join(os.tmpdir(), "onespec-store-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dir: string;
let file: string;
const open: ConnectionStore[] = [];
const openStore = (options?: ConstructorParameters<typeof ConnectionStore>[1]) => {
  const s = new ConnectionStore(file, options);
  open.push(s);
  return s;
};
beforeEach(() => {
  dir = mkdtempSync(path.join(root, "case-"));
  file = path.join(dir, "nested", "connections.db");
  delete process.env[SECRET_KEY_ENV];
});
afterEach(() => {
  for (const s of open.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed
    }
  }
  delete process.env[SECRET_KEY_ENV];
});

const PATHS = ["/password"];
const secret = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;
const config = (password: string) => ({ host: "db.example", port: 5432, password });
const storeFiles = () => [file, `${file}-wal`, `${file}-shm`, `${file}.key`];
/** Every byte of the store's files on disk, as text (latin1 keeps each byte). */
const onDisk = () =>
  storeFiles()
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString("latin1"))
    .join("\n");
/** The sealed value of a secret as the database holds it (read apart from the store). */
const sealedValue = (id: string) => {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return (
      db.prepare("SELECT value FROM connection_secrets WHERE connection_id = ?").get(id) as {
        value: string;
      }
    ).value;
  } finally {
    db.close();
  }
};
const mode = (f: string) => statSync(f).mode & 0o777;

describe("encrypted at rest", () => {
  it.each([
    ["a short secret", 0],
    ["a long secret (overflow pages)", 20_000],
  ])(
    "the db, -wal and key files never hold %s in clear, nor a replaced secret's ciphertext",
    (_what, padding) => {
      const store = openStore();
      const first = "p".repeat(padding) + secret("First");
      const second = "q".repeat(padding) + secret("Second");
      const saved = store.create("postgres", "c", config(first), PATHS);
      const sealed1 = sealedValue(saved.id);
      expect(sealed1).toMatch(/^v1:/);
      expect(onDisk()).not.toContain(first);
      expect(store.secrets(saved.id)).toEqual([{ pointer: "/password", value: first }]);

      store.update(saved.id, "c", config(second), PATHS);
      const sealed2 = sealedValue(saved.id);
      expect(sealed2).not.toBe(sealed1);
      let bytes = onDisk();
      expect(bytes).not.toContain(first);
      expect(bytes).not.toContain(second);
      // secure_delete and the checkpoint leave no old copy, in the page or in freed overflow pages
      expect(bytes).not.toContain(sealed1.slice(0, 48));
      expect(bytes).not.toContain(sealed1.slice(-48));
      expect(existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0).toBe(0);

      expect(store.delete(saved.id)).toBe(true);
      bytes = onDisk();
      expect(bytes).not.toContain(sealed2.slice(0, 48));
      expect(bytes).not.toContain(sealed2.slice(-48));
      store.close();
      expect(onDisk()).not.toContain(second);
    },
  );

  it("the same secret sealed twice gives two different values (random IV)", () => {
    const store = openStore();
    const s = secret("Same");
    const a = store.create("postgres", "a", config(s), PATHS);
    const b = store.create("postgres", "b", config(s), PATHS);
    expect(sealedValue(a.id)).not.toBe(sealedValue(b.id));
  });

  it("a sealed value moved to another connection does not open (bound to its row): a clear error, and a 500 JSON from the API", async () => {
    const store = openStore();
    const a = store.create("postgres", "a", config(secret("A")), PATHS);
    const b = store.create("postgres", "b", config(secret("B")), PATHS);
    const db = new Database(file);
    db.prepare("UPDATE connection_secrets SET value = ? WHERE connection_id = ?").run(
      sealedValue(a.id),
      b.id,
    );
    db.close();
    expect(() => store.secrets(b.id)).toThrow(SecretKeyError);
    expect(() => store.secrets(b.id)).toThrow(
      `the stored secret at /password of connection ${b.id} does not decrypt with the current key`,
    );
    const app = buildApp({ catalog, store });
    try {
      const r = await app.inject({
        method: "POST",
        url: "/api/connectors/postgres/test",
        headers: { host: "localhost:80" },
        payload: { connectionId: b.id },
      });
      expect(r.statusCode).toBe(500);
      expect(r.json().error).toMatch(/does not decrypt with the current key/);
    } finally {
      await app.close();
    }
  });
});

describe("file modes", () => {
  it("the store's folder is 0700 and the db, -wal, -shm and key files 0600", () => {
    const store = openStore();
    store.create("postgres", "c", config(secret("Mode")), PATHS);
    for (const f of storeFiles()) {
      expect(existsSync(f), f).toBe(true);
      expect(mode(f).toString(8), f).toBe("600");
    }
    expect(mode(path.dirname(file)).toString(8)).toBe("700");
  });

  it("world-readable files from before are made owner-only on open", () => {
    openStore().close();
    for (const f of [file, `${file}.key`]) chmodSync(f, 0o644);
    const store = openStore();
    store.create("postgres", "c", config(secret("Mode")), PATHS);
    for (const f of storeFiles()) expect(mode(f).toString(8), f).toBe("600");
  });
});

describe("the key", () => {
  it("is created once, 0600, next to the store, as base64 of 32 bytes; the same file opens the store again", () => {
    const store = openStore();
    const s = secret("Keep");
    const saved = store.create("postgres", "c", config(s), PATHS);
    store.close();
    const key = readFileSync(`${file}.key`, "utf8").trim();
    expect(Buffer.from(key, "base64")).toHaveLength(32);
    expect(openStore().secrets(saved.id)).toEqual([{ pointer: "/password", value: s }]);
    expect(readFileSync(`${file}.key`, "utf8").trim()).toBe(key);
  });

  it("a wrong key is a clear SecretKeyError, not a crash, and names no key", () => {
    openStore().create("postgres", "c", config(secret("W")), PATHS);
    open[0].close();
    const wrong = generateKey();
    let error: unknown;
    try {
      openStore({ key: wrong });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SecretKeyError);
    expect((error as Error).message).toBe(
      `the key passed to ConnectionStore is not the key the saved secrets in ${file} were encrypted with: use that key (the key file, or ONESPEC_SECRET_KEY); without it the saved secrets cannot be read, and the store must be deleted to start over`,
    );
    expect((error as Error).message).not.toContain(wrong.toString("base64"));

    process.env[SECRET_KEY_ENV] = generateKey().toString("base64");
    expect(() => openStore()).toThrow(
      /^ONESPEC_SECRET_KEY is not the key the saved secrets in .* were encrypted with/,
    );
  });

  it.each([
    [
      "not base64",
      "not base64!",
      /ONESPEC_SECRET_KEY must be the base64 of 32 random bytes \(it is not base64\); make one with: node -e/,
    ],
    [
      "too short",
      randomBytes(16).toString("base64"),
      /ONESPEC_SECRET_KEY must be the base64 of 32 random bytes \(it decodes to 16 bytes\)/,
    ],
  ])("a malformed ONESPEC_SECRET_KEY (%s) is a clear error", (_what, value, message) => {
    process.env[SECRET_KEY_ENV] = value;
    expect(() => openStore()).toThrow(message);
  });

  it("a missing key file, once secrets were sealed with it, is a clear error (a new key is not made)", () => {
    openStore().create("postgres", "c", config(secret("M")), PATHS);
    open[0].close();
    rmSync(`${file}.key`);
    expect(() => openStore()).toThrow(
      `the key file ${file}.key is missing, and the saved secrets in ${file} were encrypted with it: restore it, or set ONESPEC_SECRET_KEY to the key`,
    );
    expect(existsSync(`${file}.key`)).toBe(false);
  });

  it("a folder without a .gitignore gets one that keeps the key file and the store out of git", () => {
    openStore().close();
    const ignore = path.join(path.dirname(file), ".gitignore");
    const lines = readFileSync(ignore, "utf8").split("\n");
    const name = path.basename(file);
    expect(lines).toEqual(
      expect.arrayContaining([`/${name}.key`, `/${name}.key.next`, `/${name}*`]),
    );
  });

  it("a .gitignore the folder has already is left as it is", () => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(path.join(path.dirname(file), ".gitignore"), "mine\n");
    openStore().close();
    expect(existsSync(`${file}.key`)).toBe(true);
    expect(readFileSync(path.join(path.dirname(file), ".gitignore"), "utf8")).toBe("mine\n");
  });

  it("ONESPEC_SECRET_KEY is used instead of a key file, and no key file is written", () => {
    process.env[SECRET_KEY_ENV] = generateKey().toString("base64");
    const s = secret("Env");
    const saved = openStore().create("postgres", "c", config(s), PATHS);
    open[0].close();
    expect(existsSync(`${file}.key`)).toBe(false);
    expect(openStore().secrets(saved.id)).toEqual([{ pointer: "/password", value: s }]);
    expect(onDisk()).not.toContain(s);
  });
});

describe("key rotation", () => {
  it("re-encrypts every secret under a new key written to the key file; the old key no longer opens the store", () => {
    const store = openStore();
    const values = [secret("R1"), secret("R2")];
    const ids = values.map((v, i) => store.create("postgres", `c${i}`, config(v), PATHS).id);
    const oldKey = Buffer.from(readFileSync(`${file}.key`, "utf8").trim(), "base64");
    const oldSealed = ids.map(sealedValue);

    const newKey = store.rotateKey();
    expect(newKey.equals(oldKey)).toBe(false);
    expect(readFileSync(`${file}.key`, "utf8").trim()).toBe(newKey.toString("base64"));
    expect(mode(`${file}.key`).toString(8)).toBe("600");
    expect(existsSync(`${file}.key.next`)).toBe(false);
    expect(ids.map((id) => store.secrets(id)[0].value)).toEqual(values);
    const bytes = onDisk();
    for (const s of [...values, ...oldSealed]) expect(bytes).not.toContain(s);
    store.close();

    expect(ids.map((id) => openStore().secrets(id)[0].value)).toEqual(values);
    expect(() => openStore({ key: oldKey })).toThrow(SecretKeyError);
  });

  it("with a key from the environment, the new key is returned for you to store", () => {
    const first = generateKey();
    process.env[SECRET_KEY_ENV] = first.toString("base64");
    const store = openStore();
    const s = secret("EnvRotate");
    const id = store.create("postgres", "c", config(s), PATHS).id;
    const next = generateKey();
    expect(store.rotateKey(next)).toBe(next);
    store.close();
    expect(existsSync(`${file}.key`)).toBe(false);
    expect(() => openStore()).toThrow(SecretKeyError);
    process.env[SECRET_KEY_ENV] = next.toString("base64");
    expect(openStore().secrets(id)).toEqual([{ pointer: "/password", value: s }]);
  });

  it("a rotation interrupted before the key file was replaced is finished on the next open", () => {
    const store = openStore();
    const s = secret("Interrupted");
    const id = store.create("postgres", "c", config(s), PATHS).id;
    const oldKeyText = readFileSync(`${file}.key`, "utf8");
    const next = store.rotateKey();
    store.close();
    // As if the process stopped after the database changed: old key file, new key staged.
    writeFileSync(`${file}.key`, oldKeyText, { mode: 0o600 });
    writeFileSync(`${file}.key.next`, next.toString("base64"), { mode: 0o600 });
    expect(openStore().secrets(id)).toEqual([{ pointer: "/password", value: s }]);
    expect(readFileSync(`${file}.key`, "utf8").trim()).toBe(next.toString("base64"));
    expect(existsSync(`${file}.key.next`)).toBe(false);
  });

  it("refuses a new key of the wrong size", () => {
    expect(() => openStore().rotateKey(randomBytes(16))).toThrow(
      "the new key must be 32 bytes, not 16",
    );
  });
});

describe("a store from before encryption", () => {
  it("has its plain secrets encrypted on open, with no plain copy left on disk (free pages included), and its files made 0600", () => {
    const plain = secret("Legacy");
    const replaced = secret("LegacyReplaced");
    mkdirSync(path.dirname(file), { recursive: true });
    const old = new Database(file);
    old.pragma("journal_mode = WAL");
    old.exec(`
      CREATE TABLE connections (id TEXT PRIMARY KEY, connector TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL);
      CREATE TABLE connection_secrets (connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        pointer TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (connection_id, pointer));`);
    old
      .prepare("INSERT INTO connections VALUES ('c1', 'postgres', 'old', ?, 'x', 'x')")
      .run(JSON.stringify(config("********")));
    old.prepare("INSERT INTO connection_secrets VALUES ('c1', '/password', ?)").run(plain);
    // A long secret deleted back then: without secure_delete its overflow pages went to the
    // free list as they were, where only rewriting the file (VACUUM) clears them.
    old
      .prepare("INSERT INTO connection_secrets VALUES ('c1', '/ssl/client_key', ?)")
      .run("k".repeat(20_000) + replaced);
    old.prepare("DELETE FROM connection_secrets WHERE pointer = '/ssl/client_key'").run();
    old.pragma("wal_checkpoint(TRUNCATE)");
    old.close();
    chmodSync(file, 0o644);
    expect(readFileSync(file).toString("latin1")).toContain(plain);
    expect(readFileSync(file).toString("latin1")).toContain(replaced);

    const store = openStore();
    expect(store.secrets("c1")).toEqual([{ pointer: "/password", value: plain }]);
    expect(onDisk()).not.toContain(plain);
    expect(onDisk()).not.toContain(replaced); // the file was rewritten (VACUUM)
    for (const f of storeFiles()) expect(mode(f).toString(8), f).toBe("600");
  });
});
