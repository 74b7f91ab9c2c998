/** The embedded default sink: the catalog in a SQLite file (WAL, synchronous=FULL). */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { SinkError } from "../errors.js";
import { SqlCatalog, type SqlDriver } from "../sql-catalog.js";

/** `label` is how messages name the file (default: `path` as given). */
export function sqliteDriver(path: string, label = path): SqlDriver {
  const file = resolve(path);
  let db: Database.Database;
  try {
    mkdirSync(dirname(file), { recursive: true });
    db = new Database(file);
    db.pragma("journal_mode = WAL");
    // FULL: a committed transaction survives power loss, not only a killed process.
    db.pragma("synchronous = FULL");
    db.pragma("busy_timeout = 5000");
  } catch (error) {
    throw new SinkError(`cannot open the SQLite catalog ${path}: ${(error as Error).message}`, {
      hint: "Check that the directory is writable and the file is a SQLite database.",
      cause: error,
    });
  }
  // Prepared once per SQL text: the catalog runs the same few statements for every entity.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    description: `SQLite catalog ${label}`,
    prefix: "",
    async exec(sql) {
      db.exec(sql);
    },
    async run(sql, params = []) {
      prepare(sql).run(...(params as unknown[]));
    },
    async all<T>(sql: string, params: unknown[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async begin() {
      db.exec("BEGIN IMMEDIATE");
    },
    async commit() {
      db.exec("COMMIT");
    },
    async rollback() {
      if (db.inTransaction) db.exec("ROLLBACK");
    },
    async close() {
      if (db.open) db.close();
    },
  };
}

export function sqliteCatalog(path: string, label?: string): SqlCatalog {
  return new SqlCatalog(sqliteDriver(path, label));
}
