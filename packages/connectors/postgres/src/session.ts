/** What a postgres run holds open: one client per database, opened on first use. */
import pg from "pg";
import { refuseTunnel } from "@onespec/sdk";
import type { PostgresConfig } from "@onespec/generated/connectors/postgres/types";
import { connectionOptions } from "./config.js";
import { translateError } from "./errors.js";

export interface PostgresSession {
  config: PostgresConfig;
  /** The client for the configured database, and one per other database once used. */
  clients: Map<string, pg.Client>;
}

async function openClient(config: PostgresConfig, database: string): Promise<pg.Client> {
  refuseTunnel(config.ssh_tunnel);
  const { extraParams: _extra, ...options } = connectionOptions(config);
  const client = new pg.Client({ ...options, database });
  client.on("error", () => undefined); // a dropped idle connection surfaces on the next query
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw translateError(
      error,
      `cannot connect to ${config.host}:${config.port}/${database} as ${config.username}`,
      options.connectionTimeoutMillis,
    );
  }
  return client;
}

export async function openSession(config: PostgresConfig): Promise<PostgresSession> {
  const session: PostgresSession = { config, clients: new Map() };
  await clientFor(session, config.database);
  return session;
}

export async function closeSession(session: PostgresSession): Promise<void> {
  await Promise.all([...session.clients.values()].map((c) => c.end().catch(() => undefined)));
  session.clients.clear();
}

export async function clientFor(session: PostgresSession, database: string): Promise<pg.Client> {
  let client = session.clients.get(database);
  if (!client) {
    client = await openClient(session.config, database);
    session.clients.set(database, client);
  }
  return client;
}

/** Runs a catalog query on one database; `where` names it in errors. */
export async function query<T>(
  session: PostgresSession,
  database: string,
  sql: string,
  params: unknown[] = [],
  where = "catalog query",
): Promise<T[]> {
  const client = await clientFor(session, database);
  try {
    return (await client.query(sql, params)).rows as T[];
  } catch (error) {
    throw translateError(error, where);
  }
}
