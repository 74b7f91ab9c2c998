/**
 * The MySQL connector (mysql2, also for MariaDB): test connection and metadata extraction.
 *
 * MySQL has no level between the server and its databases, and a MySQL "database" is what other
 * systems call a schema. As OpenMetadata does, the catalog has one database entity named
 * "default" and every MySQL database is a schema under it: service.default.<database>.<table>.
 */
import mysql from "mysql2/promise";
import type { Connection } from "mysql2/promise";
import {
  AuthError,
  ConfigError,
  ConnectionError,
  ConnectorError,
  SourceError,
  TimeoutError,
  compileFilter,
  defineConnector,
  fqn,
  lineageFqn,
  type Column,
  type Entity,
  type ForeignKey,
  type JsonValue,
  type RunContext,
  type StreamInfo,
} from "@onespec/sdk";
import { metadata, testConnectionSteps } from "@onespec/generated/connectors/mysql/metadata";
import { parse, secretPaths } from "@onespec/generated/connectors/mysql/validator";
import type { MysqlConfig } from "@onespec/generated/connectors/mysql/types";
import { connectionOptions, sslMode } from "./config.js";
import * as Q from "./catalog-queries.js";

/** The name of the single database entity every MySQL database (schema) belongs to. */
export const DEFAULT_DATABASE = "default";

export type MysqlFlavor = "MySQL" | "MariaDB";

export interface MysqlSession {
  config: MysqlConfig;
  /** The open connection; undefined after a fatal error, reopened on the next query. */
  connection: Connection | undefined;
  flavor: MysqlFlavor;
  /** The server's VERSION(). */
  version: string;
}

const TLS_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_UNTRUSTED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "HANDSHAKE_NO_SSL_SUPPORT",
  "ER_SECURE_TRANSPORT_REQUIRED",
]);

/**
 * Maps a mysql2 or socket error to a typed error with advice. Messages name the host, port and
 * user, never the password (the server's own messages do not contain it either). `timeoutMs` is
 * the limit that was exceeded, for timeouts.
 */
export function translateError(error: unknown, where: string, timeoutMs = 0): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const e = error as { code?: unknown; errno?: unknown; message?: unknown };
  const text = typeof e.message === "string" ? e.message : String(error);
  const message = `${where}: ${text}`;
  const code = typeof e.code === "string" ? e.code : "";
  switch (code) {
    case "ER_ACCESS_DENIED_ERROR":
    case "ER_ACCESS_DENIED_NO_PASSWORD_ERROR":
    case "ER_NOT_SUPPORTED_AUTH_MODE":
    case "AUTH_SWITCH_PLUGIN_ERROR":
      return new AuthError(message, {
        hint: "Check the username and password, and that the account 'user'@'client-host' exists for this client's address.",
        cause: error,
      });
    case "ER_HOST_NOT_PRIVILEGED":
      return new AuthError(message, {
        hint: "The server has no account for this user from this client's address: create 'user'@'client-host' (or '%') or connect from an allowed host.",
        cause: error,
      });
    case "ER_DBACCESS_DENIED_ERROR":
    case "ER_TABLEACCESS_DENIED_ERROR":
    case "ER_COLUMNACCESS_DENIED_ERROR":
    case "ER_SPECIFIC_ACCESS_DENIED_ERROR":
    case "ER_PROCACCESS_DENIED_ERROR":
      return new AuthError(message, {
        hint: "Grant the user the privilege named above (SELECT and SHOW VIEW on the databases to read).",
        cause: error,
      });
    case "ER_MUST_CHANGE_PASSWORD_LOGIN":
    case "ER_MUST_CHANGE_PASSWORD":
      return new AuthError(message, {
        hint: "The account's password has expired; set a new one (ALTER USER ... IDENTIFIED BY ...).",
        cause: error,
      });
    case "ER_BAD_DB_ERROR":
      return new ConfigError(message, {
        hint: "Check the default database name (SHOW DATABASES lists the existing ones), or leave it empty to read every database.",
        cause: error,
      });
    case "ETIMEDOUT":
    case "PROTOCOL_SEQUENCE_TIMEOUT":
      return new TimeoutError(message, {
        timeoutMs,
        hint: "Check that the host is reachable and the port is MySQL's (firewall, security group, bind-address), or raise connect_timeout_seconds.",
        cause: error,
      });
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new ConnectionError(message, {
        hint: "Check the host name.",
        retryable: code === "EAI_AGAIN",
        cause: error,
      });
    case "HANDSHAKE_NO_SSL_SUPPORT":
      return new ConnectionError(message, {
        hint: "The server does not offer TLS: set ssl.mode to prefer or disable, or turn TLS on in the server.",
        retryable: false,
        cause: error,
      });
    case "ER_SECURE_TRANSPORT_REQUIRED":
      return new ConnectionError(message, {
        hint: "The server accepts only TLS connections: set ssl.mode to require or stricter.",
        retryable: false,
        cause: error,
      });
    case "ER_UNKNOWN_CHARACTER_SET":
      return new ConfigError(message, {
        hint: "Check the character set name (SHOW CHARACTER SET lists them).",
        cause: error,
      });
  }
  if (TLS_CODES.has(code) || /self[- ]signed|certificate|altnames|\bSSL\b|\bTLS\b/i.test(text)) {
    return new ConnectionError(message, {
      hint: "Check the SSL mode and certificates (ssl): verify-ca and verify-full need the server's CA certificate in ssl.ca_certificate, and verify-full a certificate issued for the host name.",
      retryable: false,
      cause: error,
    });
  }
  if (/^Unknown charset/i.test(text)) {
    return new ConfigError(message, {
      hint: "Check the character set name (charset); utf8mb4 covers all of Unicode.",
      cause: error,
    });
  }
  if (/timeout|timed out/i.test(text)) {
    return new TimeoutError(message, {
      timeoutMs,
      hint: "Check that the server is reachable, or raise connect_timeout_seconds.",
      cause: error,
    });
  }
  if (
    [
      "ECONNREFUSED",
      "ECONNRESET",
      "EHOSTUNREACH",
      "ENETUNREACH",
      "EPIPE",
      "PROTOCOL_CONNECTION_LOST",
      "ER_CON_COUNT_ERROR",
      "ER_TOO_MANY_USER_CONNECTIONS",
      "ER_HOST_IS_BLOCKED",
      "ER_SERVER_SHUTDOWN",
      "ER_CONNECTION_KILLED",
    ].includes(code) ||
    (error as { fatal?: unknown }).fatal === true
  ) {
    return new ConnectionError(message, {
      hint: "Check the host and port, and that the server is running and accepts connections.",
      cause: error,
    });
  }
  return new SourceError(message, { cause: error });
}

async function openConnection(config: MysqlConfig): Promise<Connection> {
  if (config.ssh_tunnel && config.ssh_tunnel.tunnel_method !== "NO_TUNNEL") {
    throw new ConfigError("SSH tunnels are not supported by the onespec runtime yet", {
      hint: "Open the tunnel yourself (ssh -L) and point host and port at its local end, with ssh_tunnel set to NO_TUNNEL.",
    });
  }
  // connection_params holds JDBC-style settings mysql2 does not know; they are not passed on.
  // mysql2 fetches the server's RSA key for caching_sha2_password by itself, so
  // get_server_public_key needs no option here.
  const { extraParams: _extra, ...options } = connectionOptions(config);
  const where = `cannot connect to ${config.host}:${config.port}${config.database ? `/${config.database}` : ""} as ${config.username}`;
  const attempt = async (ssl: typeof options.ssl): Promise<Connection> => {
    const connection = await mysql.createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password ?? "",
      ...(options.database !== undefined &&
        options.database !== "" && { database: options.database }),
      charset: options.charset,
      connectTimeout: options.connectTimeout,
      ...(ssl && { ssl }),
      // information_schema numbers are small; read them as numbers, and never run several statements.
      supportBigNumbers: true,
      bigNumberStrings: false,
      multipleStatements: false,
    });
    connection.on("error", () => undefined); // a dropped idle connection surfaces on the next query
    return connection;
  };
  try {
    try {
      return await attempt(options.ssl);
    } catch (error) {
      // PREFERRED: TLS when the server offers it, plaintext when it does not (as the mysql client does).
      const code = (error as { code?: unknown }).code;
      if (options.ssl && sslMode(config.ssl) === "PREFERRED" && code === "HANDSHAKE_NO_SSL_SUPPORT")
        return await attempt(undefined);
      throw error;
    }
  } catch (error) {
    throw translateError(error, where, options.connectTimeout);
  }
}

function flavorOf(version: string): MysqlFlavor {
  return /mariadb/i.test(version) ? "MariaDB" : "MySQL";
}

async function connectionFor(session: MysqlSession): Promise<Connection> {
  if (!session.connection) session.connection = await openConnection(session.config);
  return session.connection;
}

async function query<T>(
  session: MysqlSession,
  sql: string,
  params: unknown[] = [],
  where = "catalog query",
): Promise<T[]> {
  const connection = await connectionFor(session);
  try {
    const [rows] = await connection.query(sql, params);
    return rows as unknown as T[];
  } catch (error) {
    if ((error as { fatal?: unknown }).fatal) {
      // The connection is gone: the next query (a retry from the checkpoint) opens a new one.
      session.connection = undefined;
      connection.destroy();
    }
    throw translateError(error, where);
  }
}

/** Orders names as the server's CAST(... AS BINARY) does: by their UTF-8 bytes. */
function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const c = compareNames(a[i] ?? "", b[i] ?? "");
    if (c !== 0) return c;
  }
  return 0;
}

/** The schema's default: the system databases are not read. */
const DEFAULT_DATABASE_FILTER = {
  excludes: ["^information_schema$", "^performance_schema$", "^mysql$", "^sys$"],
  case_sensitive: true,
};

interface SchemaRow {
  name: string;
  charset: string;
  collation: string;
  comment: string | null;
}

/**
 * The databases (schemas) to read, in name order: only the configured default database when
 * one is set, else every database the user can see; both narrowed by database_filter.
 */
async function schemas(session: MysqlSession): Promise<SchemaRow[]> {
  const keep = compileFilter(
    session.config.database_filter ?? DEFAULT_DATABASE_FILTER,
    "database_filter",
  );
  const rows = await query<SchemaRow>(
    session,
    session.flavor === "MariaDB" ? Q.SCHEMAS_MARIADB : Q.SCHEMAS_MYSQL,
    [],
    "listing databases",
  );
  const only = session.config.database;
  return rows
    .filter((r) => (only ? r.name === only : true) && keep(r.name))
    .sort((a, b) => compareNames(a.name, b.name));
}

function tableFilter(session: MysqlSession): (name: string) => boolean {
  return compileFilter(session.config.table_filter, "table_filter");
}

interface TableRow {
  name: string;
  type: string;
  engine: string | null;
  collation: string | null;
  options: string | null;
  comment: string | null;
}

interface ViewRow {
  name: string;
  definition: string | null;
  definer: string | null;
  security_type: string | null;
  check_option: string | null;
  updatable: string | null;
}

interface ColumnRow {
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

interface KeyRow {
  table_name: string;
  name: string;
  column_name: string;
  ref_schema: string | null;
  ref_table: string | null;
  ref_column: string | null;
}

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

const emptyToNull = (text: string | null | undefined): string | null =>
  text === undefined || text === null || text === "" ? null : text;

const NUMERIC_TYPE =
  /^(tinyint|smallint|mediumint|int|integer|bigint|decimal|numeric|float|double|real|bit|bool|boolean|year)\b/i;

/**
 * A column's default as SQL text, the way SHOW CREATE TABLE writes it: 'abc' for a string,
 * 0.00 for a number, current_timestamp() for an expression; AUTO_INCREMENT and generated
 * columns as such; null for none. MariaDB (10.2.7+) reports defaults as SQL already, with
 * NULL for "DEFAULT NULL"; MySQL reports literals unquoted and marks expressions DEFAULT_GENERATED.
 */
export function columnDefault(
  c: Pick<ColumnRow, "column_type" | "column_default" | "extra" | "generation_expression">,
  flavor: MysqlFlavor,
): string | null {
  const extra = c.extra ?? "";
  const generated = /\b(VIRTUAL|STORED|PERSISTENT) GENERATED\b/i.exec(extra);
  if (generated && c.generation_expression) {
    const kind = generated[1]!.toUpperCase() === "VIRTUAL" ? "VIRTUAL" : "STORED";
    return `GENERATED ALWAYS AS (${c.generation_expression}) ${kind}`;
  }
  if (/\bauto_increment\b/i.test(extra)) return "AUTO_INCREMENT";
  let value: string | null;
  if (c.column_default === null) value = null;
  else if (flavor === "MariaDB") value = c.column_default === "NULL" ? null : c.column_default;
  else if (/\bDEFAULT_GENERATED\b/i.test(extra) || NUMERIC_TYPE.test(c.column_type))
    value = c.column_default;
  else value = `'${c.column_default.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
  const onUpdate = /\bon update (\S+(?:\(\d*\))?)/i.exec(extra);
  if (onUpdate) return `${value ?? "NULL"} ON UPDATE ${onUpdate[1]}`;
  return value;
}

/** information_schema.TABLES → tableType. */
function tableType(row: TableRow): string {
  if (row.type === "SYSTEM VERSIONED") return "system-versioned";
  if (/\bpartitioned\b/i.test(row.options ?? "")) return "partitioned";
  return "regular";
}

/** Columns of the given relations of one database, grouped by relation name. */
async function columnsOf(
  session: MysqlSession,
  schema: string,
  names: string[],
  isView: boolean,
): Promise<Map<string, Column[]>> {
  const rows = await query<ColumnRow>(session, Q.COLUMNS, [schema, names], "reading columns");
  // MariaDB's JSON is LONGTEXT with a json_valid() check named after the column.
  const json = new Set<string>();
  if (session.flavor === "MariaDB" && !isView) {
    const checks = await query<{ table_name: string; column_name: string; clause: string }>(
      session,
      Q.JSON_CHECKS_MARIADB,
      [schema, names],
      "reading JSON column checks",
    );
    for (const c of checks)
      if (c.clause === `json_valid(\`${c.column_name.replace(/`/g, "``")}\`)`)
        json.add(`${c.table_name}\u0000${c.column_name}`);
  }
  const out = new Map<string, Column[]>();
  for (const [table, cols] of groupBy(rows, (r) => r.table_name)) {
    out.set(
      table,
      cols.map((c) => ({
        name: c.name,
        ordinal: Number(c.ordinal),
        dataType:
          json.has(`${table}\u0000${c.name}`) && /^longtext$/i.test(c.column_type)
            ? "json"
            : c.column_type,
        nullable: c.nullable === "YES",
        default: isView ? null : columnDefault(c, session.flavor),
        primaryKey: false,
        comment: emptyToNull(c.comment),
      })),
    );
  }
  return out;
}

async function tableEntities(
  session: MysqlSession,
  ctx: RunContext,
  schema: string,
  rows: TableRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const names = rows.map((r) => r.name);
  const columns = await columnsOf(session, schema, names, false);
  const keys = groupBy(
    await query<KeyRow>(session, Q.KEYS, [schema, names], "reading keys"),
    (k) => k.table_name,
  );
  const schemaFqn = fqn(ctx.service, DEFAULT_DATABASE, schema);
  return rows.map((row): Entity => {
    const own = keys.get(row.name) ?? [];
    const primaryKey = own
      .filter((k) => k.name === "PRIMARY" && !k.ref_table)
      .map((k) => k.column_name);
    const foreignKeys: ForeignKey[] = [];
    for (const [name, cols] of groupBy(
      own.filter((k) => k.ref_table),
      (k) => k.name,
    )) {
      foreignKeys.push({
        name,
        columns: cols.map((k) => k.column_name),
        referencedTable: fqn(
          ctx.service,
          DEFAULT_DATABASE,
          cols[0]!.ref_schema ?? schema,
          cols[0]!.ref_table!,
        ),
        referencedColumns: cols.map((k) => k.ref_column ?? ""),
      });
    }
    const cols = (columns.get(row.name) ?? []).map((c) => ({
      ...c,
      primaryKey: primaryKey.includes(c.name),
    }));
    return {
      type: "table",
      fqn: fqn(ctx.service, DEFAULT_DATABASE, schema, row.name),
      name: row.name,
      parent: schemaFqn,
      properties: {
        tableType: tableType(row),
        comment: emptyToNull(row.comment),
        engine: row.engine,
        collation: row.collation,
        columns: cols as unknown as JsonValue,
        primaryKey,
        foreignKeys: foreignKeys as unknown as JsonValue,
      },
    };
  });
}

async function viewEntities(
  session: MysqlSession,
  ctx: RunContext,
  schema: string,
  rows: ViewRow[],
): Promise<Entity[]> {
  if (rows.length === 0) return [];
  const columns = await columnsOf(
    session,
    schema,
    rows.map((r) => r.name),
    true,
  );
  const schemaFqn = fqn(ctx.service, DEFAULT_DATABASE, schema);
  return rows.map((row): Entity => ({
    type: "view",
    fqn: fqn(ctx.service, DEFAULT_DATABASE, schema, row.name),
    name: row.name,
    parent: schemaFqn,
    properties: {
      viewType: "view",
      comment: null,
      definer: row.definer,
      // Empty when the user lacks SHOW VIEW on it.
      definition: emptyToNull(row.definition),
      securityType: row.security_type,
      checkOption: row.check_option,
      updatable: row.updatable === "YES",
      columns: (columns.get(row.name) ?? []) as unknown as JsonValue,
    },
  }));
}

type Token = {
  kind: "ident" | "word" | "dot" | "open" | "close" | "comma" | "other";
  text: string;
};

function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "'" || ch === '"') {
      // A string literal: skipped, so "from `a`.`b`" inside one is not a reference.
      i++;
      while (i < sql.length) {
        if (sql[i] === "\\") i += 2;
        else if (sql[i] === ch && sql[i + 1] === ch) i += 2;
        else if (sql[i] === ch) {
          i++;
          break;
        } else i++;
      }
    } else if (ch === "`") {
      let text = "";
      i++;
      while (i < sql.length) {
        if (sql[i] === "`" && sql[i + 1] === "`") {
          text += "`";
          i += 2;
        } else if (sql[i] === "`") {
          i++;
          break;
        } else text += sql[i++];
      }
      tokens.push({ kind: "ident", text });
    } else if (ch === "/" && sql[i + 1] === "*") {
      const end = sql.indexOf("*/", i + 2);
      i = end < 0 ? sql.length : end + 2;
    } else if (/[A-Za-z0-9_$]/.test(ch)) {
      let text = "";
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i]!)) text += sql[i++];
      tokens.push({ kind: "word", text: text.toLowerCase() });
    } else {
      const kind =
        ch === "."
          ? "dot"
          : ch === "("
            ? "open"
            : ch === ")"
              ? "close"
              : ch === ","
                ? "comma"
                : "other";
      tokens.push({ kind, text: ch });
      i++;
    }
  }
  return tokens;
}

/**
 * The `db`.`table` names a view definition reads, as the server normalises it
 * (information_schema.VIEWS: every table qualified and backquoted): the names right after
 * FROM and JOIN (also after opening parentheses and in comma lists). `alias`.`column` and
 * `db`.`table`.`column` are never after FROM or JOIN, and string literals are skipped.
 */
export function viewReferences(definition: string): { schema: string; name: string }[] {
  const tokens = tokenize(definition);
  const refs: { schema: string; name: string }[] = [];
  const seen = new Set<string>();
  const at = (i: number) => tokens[i];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== "word" || !["from", "join", "straight_join"].includes(t.text)) continue;
    let j = i + 1;
    for (;;) {
      while (at(j)?.kind === "open") j++;
      if (
        at(j)?.kind === "ident" &&
        at(j + 1)?.kind === "dot" &&
        at(j + 2)?.kind === "ident" &&
        at(j + 3)?.kind !== "dot"
      ) {
        const ref = { schema: at(j)!.text, name: at(j + 2)!.text };
        const key = `${ref.schema}\u0000${ref.name}`;
        if (!seen.has(key)) {
          seen.add(key);
          refs.push(ref);
        }
        j += 3;
        // An optional alias, then possibly ", next_table".
        if (at(j)?.kind === "word" && at(j)!.text === "as") j++;
        if (at(j)?.kind === "ident") j++;
        if (at(j)?.kind === "comma") {
          j++;
          continue;
        }
      }
      break;
    }
  }
  return refs;
}

interface Edge {
  fromSchema: string;
  fromName: string;
  toSchema: string;
  toName: string;
}

/** Relation → view edges between relations this run extracts, in (to, from) key order. */
async function lineageEdges(session: MysqlSession): Promise<Edge[]> {
  const selected = (await schemas(session)).map((s) => s.name);
  const keep = tableFilter(session);
  const extracted = new Set<string>();
  const key = (schema: string, name: string) => `${schema}\u0000${name}`;
  const views: { schema: string; name: string; definition: string }[] = [];
  for (const schema of selected) {
    const names = await query<{ name: string; type: string }>(
      session,
      Q.RELATION_NAMES,
      [schema],
      "listing relations for lineage",
    );
    for (const r of names)
      if ((Q.TABLE_TYPES.includes(r.type) || r.type === "VIEW") && keep(r.name))
        extracted.add(key(schema, r.name));
    for (const v of await query<{ name: string; definition: string | null }>(
      session,
      Q.VIEW_DEFINITIONS,
      [schema],
      "reading view definitions",
    ))
      if (keep(v.name) && v.definition)
        views.push({ schema, name: v.name, definition: v.definition });
  }
  const edges: Edge[] = [];
  for (const v of views) {
    for (const ref of viewReferences(v.definition)) {
      if (!extracted.has(key(ref.schema, ref.name))) continue;
      if (ref.schema === v.schema && ref.name === v.name) continue;
      edges.push({
        fromSchema: ref.schema,
        fromName: ref.name,
        toSchema: v.schema,
        toName: v.name,
      });
    }
  }
  return edges.sort((a, b) => compareKeys(edgeKey(a), edgeKey(b)));
}

const edgeKey = (e: Edge): string[] => [e.toSchema, e.toName, e.fromSchema, e.fromName];

/** A stream's checkpoint: the database (schema) being read and the last key done in it. */
interface Position {
  schema: string;
  after: string[];
}

function position(state: JsonValue | undefined): Position | undefined {
  if (!state || typeof state !== "object" || Array.isArray(state)) return undefined;
  const { schema, after } = state as { schema?: unknown; after?: unknown };
  if (typeof schema !== "string" || !Array.isArray(after)) return undefined;
  return { schema, after: after.map(String) };
}

const STREAMS: StreamInfo[] = [
  {
    name: "databases",
    entityType: "database",
    description: `The one database entity, "${DEFAULT_DATABASE}", all MySQL databases belong to.`,
  },
  {
    name: "schemas",
    entityType: "schema",
    description:
      "MySQL databases passing database_filter (only the default database when one is set).",
  },
  {
    name: "tables",
    entityType: "table",
    description: "Base tables with columns, primary and foreign keys, comments.",
  },
  { name: "views", entityType: "view", description: "Views with definitions and columns." },
  {
    name: "lineage",
    entityType: "lineage",
    description: "Relation → view edges read from the views' normalised definitions.",
  },
];

/** Base tables of the selected databases passing table_filter (for the test steps). */
async function allTables(session: MysqlSession): Promise<{ schema: string; name: string }[]> {
  const keep = tableFilter(session);
  const out: { schema: string; name: string }[] = [];
  for (const s of await schemas(session)) {
    for (const r of await query<{ name: string; type: string }>(
      session,
      Q.RELATION_NAMES,
      [s.name],
      "listing tables",
    ))
      if (Q.TABLE_TYPES.includes(r.type) && keep(r.name))
        out.push({ schema: s.name, name: r.name });
  }
  return out;
}

export const mysqlConnector = defineConnector({
  metadata,
  steps: testConnectionSteps,
  parse,
  secretPaths,
  async connect(config): Promise<MysqlSession> {
    const session: MysqlSession = { config, connection: undefined, flavor: "MySQL", version: "" };
    session.connection = await openConnection(config);
    const [row] = await query<{ version: string }>(
      session,
      Q.SERVER_VERSION,
      [],
      "reading the server version",
    );
    session.version = row?.version ?? "";
    session.flavor = flavorOf(session.version);
    return session;
  },
  async close(session) {
    const connection = session.connection;
    session.connection = undefined;
    if (connection) await connection.end().catch(() => connection.destroy());
  },
  testSteps: {
    async CheckAccess(ctx) {
      const session = await ctx.session();
      await query(session, "SELECT 1", [], "running SELECT 1");
      const number = /^[\d.]+/.exec(session.version)?.[0] ?? session.version;
      return `${session.flavor} ${number}`;
    },
    async GetDatabases(ctx) {
      const list = await schemas(await ctx.session());
      if (list.length === 0)
        throw new SourceError(
          ctx.config.database
            ? `the database ${ctx.config.database} is not visible to the user or does not pass the database filter`
            : "no database passes the database filter",
        );
      return `${list.length} database${list.length === 1 ? "" : "s"}`;
    },
    async GetTables(ctx) {
      const tables = await allTables(await ctx.session());
      if (tables.length === 0)
        throw new SourceError("no table passes the database and table filters");
      return `${tables.length} table${tables.length === 1 ? "" : "s"}`;
    },
    async GetViews(ctx) {
      const session = await ctx.session();
      const keep = tableFilter(session);
      let count = 0;
      let hidden = 0;
      for (const s of await schemas(session)) {
        for (const v of await query<{ name: string; definition: string | null }>(
          session,
          Q.VIEW_DEFINITIONS,
          [s.name],
          "listing views",
        )) {
          if (!keep(v.name)) continue;
          count++;
          if (!v.definition) hidden++;
        }
      }
      if (hidden > 0)
        throw new AuthError(
          `${hidden} of ${count} views have no readable definition: the user lacks SHOW VIEW on them`,
          { hint: "GRANT SHOW VIEW ON <db>.* TO the user." },
        );
      return `${count} view${count === 1 ? "" : "s"}`;
    },
  },
  async discover(_session, config) {
    return STREAMS.filter(
      (s) => config.include_views !== false || (s.name !== "views" && s.name !== "lineage"),
    );
  },
  async *read(session, _config, stream, state, ctx) {
    const from = position(state);
    switch (stream) {
      case "databases": {
        if (from) return; // its one batch is done
        yield {
          records: [
            {
              type: "database",
              fqn: fqn(ctx.service, DEFAULT_DATABASE),
              name: DEFAULT_DATABASE,
              properties: { engine: "mysql", flavor: session.flavor, comment: null },
            },
          ],
          state: { schema: "", after: [DEFAULT_DATABASE] },
        };
        return;
      }
      case "schemas": {
        let rest = await schemas(session);
        if (from) rest = rest.filter((s) => compareNames(s.name, from.after[0] ?? "") > 0);
        while (rest.length > 0) {
          const page = rest.slice(0, ctx.batchSize);
          rest = rest.slice(ctx.batchSize);
          yield {
            records: page.map((s) => ({
              type: "schema" as const,
              fqn: fqn(ctx.service, DEFAULT_DATABASE, s.name),
              name: s.name,
              parent: fqn(ctx.service, DEFAULT_DATABASE),
              properties: {
                characterSet: s.charset,
                collation: s.collation,
                comment: emptyToNull(s.comment),
              },
            })),
            state: { schema: "", after: [page.at(-1)!.name] },
          };
        }
        return;
      }
      case "tables":
      case "views": {
        const keep = tableFilter(session);
        const list = await schemas(session);
        const start = from ? list.findIndex((s) => compareNames(s.name, from.schema) >= 0) : 0;
        for (const s of list.slice(start < 0 ? list.length : start)) {
          let after = from && from.schema === s.name ? (from.after[0] ?? "") : "";
          for (;;) {
            const rows =
              stream === "tables"
                ? await query<TableRow>(
                    session,
                    Q.TABLES,
                    [s.name, Q.TABLE_TYPES, after, ctx.batchSize],
                    "listing tables",
                  )
                : await query<ViewRow>(
                    session,
                    Q.VIEWS,
                    [s.name, after, ctx.batchSize],
                    "listing views",
                  );
            const last = rows.at(-1);
            if (!last) break;
            after = last.name;
            const kept = rows.filter((r) => keep(r.name));
            yield {
              records:
                stream === "tables"
                  ? await tableEntities(session, ctx, s.name, kept as TableRow[])
                  : await viewEntities(session, ctx, s.name, kept as ViewRow[]),
              state: { schema: s.name, after: [after] },
            };
            if (rows.length < ctx.batchSize) break;
          }
        }
        return;
      }
      case "lineage": {
        const edges = await lineageEdges(session);
        let rest = from ? edges.filter((e) => compareKeys(edgeKey(e), from.after) > 0) : edges;
        while (rest.length > 0) {
          const page = rest.slice(0, ctx.batchSize);
          rest = rest.slice(ctx.batchSize);
          yield {
            records: page.map((e) => {
              const fromFqn = fqn(ctx.service, DEFAULT_DATABASE, e.fromSchema, e.fromName);
              const toFqn = fqn(ctx.service, DEFAULT_DATABASE, e.toSchema, e.toName);
              return {
                type: "lineage" as const,
                fqn: lineageFqn(fromFqn, toFqn),
                name: `${e.fromSchema}.${e.fromName} -> ${e.toSchema}.${e.toName}`,
                parent: toFqn,
                properties: { from: fromFqn, to: toFqn, source: "view definition" },
              };
            }),
            state: { schema: "", after: edgeKey(page.at(-1)!) },
          };
        }
        return;
      }
      default:
        throw new SourceError(`the mysql connector has no stream ${stream}`);
    }
  },
});
