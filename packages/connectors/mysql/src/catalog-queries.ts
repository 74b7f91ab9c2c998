/**
 * The catalog queries the mysql connector runs: information_schema only, so they work on MySQL
 * 5.7/8.x and MariaDB alike (the few differences are named below). Parameters are filled in by
 * mysql2's client-side formatting (`query`, not `execute`), which expands an array for `IN (?)`.
 *
 * Every query that lists tables is limited to one database (`TABLE_SCHEMA = ?`): that lets the
 * server read one database directory instead of every table definition on the server. Names are
 * compared and ordered as bytes (CAST ... AS BINARY) because information_schema's collations are
 * case-insensitive, and `Orders` and `orders` can both exist when lower_case_table_names = 0.
 */

/** The server's version string: "8.0.36" (MySQL) or "10.11.6-MariaDB-0+deb12u1" (MariaDB). */
export const SERVER_VERSION = `SELECT VERSION() AS version`;

/** Databases (schemas). MariaDB 10.5+ has SCHEMA_COMMENT; MySQL has no database comments. */
export const SCHEMAS_MARIADB = `
SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset,
       DEFAULT_COLLATION_NAME AS collation, SCHEMA_COMMENT AS comment
FROM information_schema.SCHEMATA`;

export const SCHEMAS_MYSQL = `
SELECT SCHEMA_NAME AS name, DEFAULT_CHARACTER_SET_NAME AS charset,
       DEFAULT_COLLATION_NAME AS collation, NULL AS comment
FROM information_schema.SCHEMATA`;

/** Table types read as tables. MariaDB sequences ('SEQUENCE') and views are not. */
export const TABLE_TYPES = ["BASE TABLE", "SYSTEM VERSIONED"];

/** Base tables of one database after a name, in name order: (schema, types, after, limit). */
export const TABLES = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS type, ENGINE AS engine, TABLE_COLLATION AS collation,
       CREATE_OPTIONS AS options, TABLE_COMMENT AS comment
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN (?) AND CAST(TABLE_NAME AS BINARY) > CAST(? AS BINARY)
ORDER BY CAST(TABLE_NAME AS BINARY)
LIMIT ?`;

/** Views of one database after a name, in name order: (schema, after, limit). */
export const VIEWS = `
SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition, DEFINER AS definer,
       SECURITY_TYPE AS security_type, CHECK_OPTION AS check_option, IS_UPDATABLE AS updatable
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = ? AND CAST(TABLE_NAME AS BINARY) > CAST(? AS BINARY)
ORDER BY CAST(TABLE_NAME AS BINARY)
LIMIT ?`;

/** Columns of some relations of one database: (schema, names). */
export const COLUMNS = `
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, ORDINAL_POSITION AS ordinal,
       COLUMN_TYPE AS column_type, IS_NULLABLE AS nullable, COLUMN_DEFAULT AS column_default,
       EXTRA AS extra, GENERATION_EXPRESSION AS generation_expression, COLUMN_COMMENT AS comment
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)
ORDER BY TABLE_NAME, ORDINAL_POSITION`;

/**
 * MariaDB stores JSON as LONGTEXT with a column-level CHECK (json_valid(`col`)) named after the
 * column; COLUMNS reports it as longtext. These are the checks that make a column JSON: (schema, names).
 * (MySQL has a real JSON type, and no TABLE_NAME or LEVEL in CHECK_CONSTRAINTS.)
 */
export const JSON_CHECKS_MARIADB = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS column_name, CHECK_CLAUSE AS clause
FROM information_schema.CHECK_CONSTRAINTS
WHERE CONSTRAINT_SCHEMA = ? AND TABLE_NAME IN (?) AND LEVEL = 'Column'
  AND CHECK_CLAUSE LIKE 'json\\_valid(%'`;

/**
 * Primary-key and foreign-key columns of some tables of one database, each key's columns in key
 * order: (schema, names). A foreign key's row names the referenced column at the same position.
 */
export const KEYS = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS name, COLUMN_NAME AS column_name,
       REFERENCED_TABLE_SCHEMA AS ref_schema, REFERENCED_TABLE_NAME AS ref_table,
       REFERENCED_COLUMN_NAME AS ref_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (?)
  AND (CONSTRAINT_NAME = 'PRIMARY' OR REFERENCED_TABLE_NAME IS NOT NULL)
ORDER BY TABLE_NAME, CAST(CONSTRAINT_NAME AS BINARY), ORDINAL_POSITION`;

/** Names and types of the tables and views of one database, to count and to resolve lineage: (schema). */
export const RELATION_NAMES = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS type
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = ?`;

/**
 * View definitions of one database, for lineage: (schema). Neither MariaDB nor MySQL before
 * 8.0.13 records view dependencies (information_schema.VIEW_TABLE_USAGE), so the connector
 * reads the server's normalised definition, where every table is written `db`.`table`.
 */
export const VIEW_DEFINITIONS = `
SELECT TABLE_NAME AS name, VIEW_DEFINITION AS definition
FROM information_schema.VIEWS
WHERE TABLE_SCHEMA = ?`;

// The rows the queries above return: their column aliases are the field names.

/** A row of SCHEMAS_MARIADB and SCHEMAS_MYSQL. */
export interface SchemaRow {
  name: string;
  charset: string;
  collation: string;
  comment: string | null;
}

/** A row of TABLES. */
export interface TableRow {
  name: string;
  type: string;
  engine: string | null;
  collation: string | null;
  options: string | null;
  comment: string | null;
}

/** A row of VIEWS. */
export interface ViewRow {
  name: string;
  definition: string | null;
  definer: string | null;
  security_type: string | null;
  check_option: string | null;
  updatable: string | null;
}

/** A row of COLUMNS. */
export interface ColumnRow {
  table_name: string;
  name: string;
  ordinal: number | string;
  column_type: string;
  nullable: string;
  column_default: string | null;
  extra: string | null;
  generation_expression: string | null;
  comment: string | null;
}

/** A row of KEYS. */
export interface KeyRow {
  table_name: string;
  name: string;
  column_name: string;
  ref_schema: string | null;
  ref_table: string | null;
  ref_column: string | null;
}
