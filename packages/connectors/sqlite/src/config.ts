import { parse } from "@onespec/generated/connectors/sqlite/validator";
import type { SqliteConfig } from "@onespec/generated/connectors/sqlite/types";
import { defaulted } from "@onespec/runtime";

/**
 * Returns `input` typed as a SqliteConfig, or throws the generated
 * ConfigValidationError (every problem listed) untouched.
 */
export function parseConfig(input: unknown): SqliteConfig {
  return parse(input);
}

/** sqlite3_open_v2 flags (https://www.sqlite.org/c3ref/c_open_autoproxy.html). */
export const SQLITE_OPEN_READONLY = 0x00000001;
export const SQLITE_OPEN_READWRITE = 0x00000002;
export const SQLITE_OPEN_CREATE = 0x00000004;
export const SQLITE_OPEN_URI = 0x00000040;

export type OpenMode = NonNullable<SqliteConfig["mode"]>;

/** How to open the database: for sqlite3_open_v2-style drivers (flags + URI) and better-sqlite3. */
export interface SqliteOpenOptions {
  /** The path as configured. */
  filename: string;
  /** SQLite URI filename carrying mode (and immutable) as URI parameters. */
  uri: string;
  /** sqlite3_open_v2 flags; never SQLITE_OPEN_CREATE, so a wrong path fails. */
  flags: number;
  /** better-sqlite3 `readonly`. */
  readonly: boolean;
  /** better-sqlite3 `fileMustExist`: neither mode creates a missing file. */
  fileMustExist: true;
  immutable: boolean;
  /** PRAGMA busy_timeout, and better-sqlite3 `timeout`. */
  busyTimeoutMs: number;
}

/** sqlite3_open_v2 flags for an open mode. */
export function openFlags(mode: OpenMode): number {
  switch (mode) {
    case "ro":
      return SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
    case "rw":
      return SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI;
    default: {
      const unreachable: never = mode;
      throw new Error(`unknown open mode ${String(unreachable)}`);
    }
  }
}

/**
 * A SQLite URI filename (https://www.sqlite.org/uri.html) for a path: "?", "#" and "%" are
 * percent-encoded, Windows separators become "/", and a drive-letter path gets a leading "/".
 */
export function fileUri(path: string, params: Record<string, string>): string {
  let p = path.replace(/\\/g, "/");
  if (/^[A-Za-z]:\//.test(p)) p = "/" + p;
  p = p.replace(/[%?#]/g, (c) => "%" + c.charCodeAt(0).toString(16).toUpperCase());
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join("&");
  return `file:${p}${query ? "?" + query : ""}`;
}

/** Open options derived from a parsed config (parse filled in the schema's defaults). */
export function openOptions(config: SqliteConfig): SqliteOpenOptions {
  const mode = defaulted(config, "mode");
  const immutable = defaulted(config, "immutable");
  return {
    filename: config.database_path,
    uri: fileUri(config.database_path, { mode, ...(immutable && { immutable: "1" }) }),
    flags: openFlags(mode),
    readonly: mode === "ro",
    fileMustExist: true,
    immutable,
    busyTimeoutMs: defaulted(config, "busy_timeout_ms"),
  };
}
