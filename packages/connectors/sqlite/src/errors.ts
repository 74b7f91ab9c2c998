/** better-sqlite3 errors as typed errors: SQLite's result codes (a file has no sockets). */
import { ConnectionError, SourceError, type ConnectorError } from "@onespec/sdk";

/** Maps a better-sqlite3 error on the database at `path` to a typed error. */
export function translateError(error: unknown, path: string): ConnectorError {
  const code = (error as { code?: string }).code ?? "";
  const message = (error as Error).message;
  if (code === "SQLITE_NOTADB") {
    return new SourceError(`${path} is not a SQLite 3 database (${message})`, {
      fields: ["/database_path"],
      hint: "It may be another format, or encrypted.",
      cause: error,
    });
  }
  if (code === "SQLITE_BUSY" || code === "SQLITE_LOCKED") {
    return new ConnectionError(`${path} is locked by another connection (${message})`, {
      cause: error,
    });
  }
  if (code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM" || code === "SQLITE_READONLY") {
    return new ConnectionError(`cannot open ${path}: ${message}`, {
      fields: ["/database_path"],
      retryable: false,
      cause: error,
    });
  }
  return new SourceError(`SQLite error on ${path}: ${message}`, { cause: error });
}
