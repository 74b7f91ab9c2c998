/** What a sqlite run holds open: the database file, checked before SQLite opens it. */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, statSync } from "node:fs";
import Database from "better-sqlite3";
import { ConfigError, ConnectionError, NotFoundError, SourceError, fileKind } from "@onespec/sdk";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import { openOptions } from "./config.js";
import { translateError } from "./errors.js";

export interface SqliteSession {
  db: Database.Database;
  path: string;
}

/** The first 16 bytes of every SQLite 3 database file (https://www.sqlite.org/fileformat.html). */
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");

/** Files SQLite opens next to a database; each must be a regular file when it exists. */
const SIDE_FILES = ["-wal", "-shm", "-journal"];

/**
 * Checks database_path before SQLite sees it: it must exist and be a regular file (a FIFO would
 * block the process inside open(), beyond the reach of SIGTERM; /dev/zero reads as an empty
 * database), and a non-empty one must start with the SQLite 3 header. Only `stat` and a 16-byte
 * read of a regular file opened non-blocking; nothing is written.
 */
function checkDatabaseFile(path: string): void {
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new NotFoundError(`no SQLite database at ${path}: the file does not exist`, {
        fields: ["/database_path"],
        hint: "Check database_path; relative paths are resolved from the directory onespec runs in.",
      });
    }
    throw new ConnectionError(`cannot read ${path} (${code || "unknown error"})`, {
      retryable: false,
      fields: ["/database_path"],
      hint: "Check that the connector's user can read database_path.",
      cause: error,
    });
  }
  if (!info.isFile()) {
    throw new ConfigError(
      `database_path ${path} is ${fileKind(info)}, not a SQLite database file`,
      {
        problems: [
          {
            pointer: "/database_path",
            message: `is ${fileKind(info)}, not a SQLite database file`,
          },
        ],
        hint: "database_path must name a regular SQLite database file; FIFOs, devices and directories are refused without being opened.",
      },
    );
  }
  for (const suffix of SIDE_FILES) {
    let side;
    try {
      side = lstatSync(path + suffix);
    } catch {
      continue;
    }
    if (!side.isFile()) {
      throw new ConfigError(
        `${path + suffix} (which SQLite opens with ${path}) is ${fileKind(side)}, not a regular file`,
        {
          problems: [
            {
              pointer: "/database_path",
              message: `${suffix} file is ${fileKind(side)}, not a regular file`,
            },
          ],
          hint: "Remove it; SQLite's journal and WAL files must be regular files.",
        },
      );
    }
  }
  if (info.size === 0) return; // SQLite's empty database.
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let read: number;
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const again = fstatSync(fd);
    if (!again.isFile()) {
      throw new ConfigError(
        `database_path ${path} is ${fileKind(again)}, not a SQLite database file`,
        {
          problems: [
            {
              pointer: "/database_path",
              message: `is ${fileKind(again)}, not a SQLite database file`,
            },
          ],
        },
      );
    }
    read = readSync(fd, header, 0, header.length, 0);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new ConnectionError(`cannot read ${path} (${code})`, {
      retryable: false,
      fields: ["/database_path"],
      hint: "Check that the connector's user can read database_path.",
      cause: error,
    });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (read < header.length || !header.equals(SQLITE_HEADER)) {
    throw new SourceError(
      `${path} is not a SQLite 3 database (it does not start with the SQLite 3 file header)`,
      {
        fields: ["/database_path"],
        hint: "It may be another format, or encrypted; check database_path.",
      },
    );
  }
}

export function openSession(config: SqliteConfig): SqliteSession {
  const options = openOptions(config);
  checkDatabaseFile(options.filename);
  let db: Database.Database | undefined;
  try {
    db = new Database(options.filename, {
      readonly: options.readonly,
      fileMustExist: true,
      timeout: options.busyTimeoutMs,
    });
    // better-sqlite3 does not take URI filenames, so immutable=1 cannot be passed; the file is
    // still opened read-only and queried without writes.
    if (options.readonly) db.pragma("query_only = ON");
    // Read the catalog once now: a corrupt or foreign file fails here, before anything is written.
    db.prepare("SELECT count(*) FROM sqlite_schema").get();
    return { db, path: options.filename };
  } catch (error) {
    if (db?.open) db.close();
    throw translateError(error, options.filename);
  }
}

/** Runs a catalog query. */
export function query<T>(session: SqliteSession, sql: string, ...params: unknown[]): T[] {
  try {
    return session.db.prepare(sql).all(...params) as T[];
  } catch (error) {
    throw translateError(error, session.path);
  }
}
