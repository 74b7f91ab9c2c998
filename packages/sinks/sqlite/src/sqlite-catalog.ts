/**
 * The embedded default sink: the catalog in a SQLite file (WAL, synchronous=FULL). The file is
 * opened (and created) on first use, so a run that fails before it opens the sink, such as one
 * whose source cannot be read, leaves no file behind.
 */
import { lstatSync, mkdirSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { SinkError, SqlCatalog, fileKind, type SqlDriver } from "@onespec/sdk";

/**
 * The catalog file and the journal files SQLite opens next to it must be regular files when they
 * exist: a FIFO would block inside open(), beyond the reach of SIGTERM, and a device never ends.
 */
function checkCatalogFile(file: string, label: string): void {
  for (const [path, stat] of [
    [file, statSync],
    [`${file}-wal`, lstatSync],
    [`${file}-shm`, lstatSync],
    [`${file}-journal`, lstatSync],
  ] as const) {
    let info;
    try {
      info = stat(path);
    } catch {
      continue;
    }
    if (!info.isFile()) {
      const which = path === file ? label : `${label}${path.slice(file.length)}`;
      throw new SinkError(`the SQLite catalog ${which} is ${fileKind(info)}, not a regular file`, {
        hint: "Point the sink's path at a SQLite file (or a path where one can be created).",
      });
    }
  }
}

function openCatalog(file: string, label: string): Database.Database {
  try {
    checkCatalogFile(file, label);
    mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      // FULL: a committed transaction survives power loss, not only a killed process.
      db.pragma("synchronous = FULL");
      db.pragma("busy_timeout = 5000");
    } catch (error) {
      db.close();
      throw error;
    }
    return db;
  } catch (error) {
    if (error instanceof SinkError) throw error;
    throw new SinkError(`cannot open the SQLite catalog ${label}: ${(error as Error).message}`, {
      hint: "Check that the directory is writable and the file is a SQLite database.",
      cause: error,
    });
  }
}

/** `label` is how messages name the file (default: `path` as given). Opened on first use. */
export function sqliteDriver(path: string, label = path): SqlDriver {
  const file = resolve(path);
  let opened: Database.Database | undefined;
  const db = () => (opened ??= openCatalog(file, label));
  // Prepared once per SQL text: the catalog runs the same few statements for every entity.
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db().prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    description: `SQLite catalog ${label}`,
    prefix: "",
    async exec(sql) {
      db().exec(sql);
    },
    async run(sql, params = []) {
      prepare(sql).run(...params);
    },
    async all<T>(sql: string, params: unknown[] = []) {
      return prepare(sql).all(...params) as T[];
    },
    async begin() {
      db().exec("BEGIN IMMEDIATE");
    },
    async commit() {
      db().exec("COMMIT");
    },
    async rollback() {
      if (opened?.inTransaction) opened.exec("ROLLBACK");
    },
    async close() {
      if (opened?.open) opened.close();
    },
  };
}

export function sqliteCatalog(path: string, label?: string): SqlCatalog {
  return new SqlCatalog(sqliteDriver(path, label));
}
