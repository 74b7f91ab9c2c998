/** What a mysql run holds open: one connection, reopened after a fatal error. */
import mysql from "mysql2/promise";
import type { Connection } from "mysql2/promise";
import { defaulted } from "@onespec/runtime";
import { refuseTunnel } from "@onespec/sdk";
import type { MysqlConfig } from "@onespec/generated/connectors/mysql/types";
import { connectionOptions, sslMode } from "./config.js";
import * as Q from "./catalog-queries.js";
import { translateError } from "./errors.js";

export type MysqlFlavor = "MySQL" | "MariaDB";

export interface MysqlSession {
  config: MysqlConfig;
  /** The open connection; undefined after a fatal error, reopened on the next query. */
  connection: Connection | undefined;
  flavor: MysqlFlavor;
  /** The server's VERSION(). */
  version: string;
}

async function openConnection(config: MysqlConfig): Promise<Connection> {
  refuseTunnel(config.ssh_tunnel);
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
      if (
        options.ssl &&
        sslMode(defaulted(config, "ssl")) === "PREFERRED" &&
        code === "HANDSHAKE_NO_SSL_SUPPORT"
      )
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

/** Runs a catalog query; `where` names it in errors. */
export async function query<T>(
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

/** Connects and reads the server's version, which says MySQL or MariaDB. */
export async function openSession(config: MysqlConfig): Promise<MysqlSession> {
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
}

export async function closeSession(session: MysqlSession): Promise<void> {
  const connection = session.connection;
  session.connection = undefined;
  if (connection) await connection.end().catch(() => connection.destroy());
}
