/** The catalog in PostgreSQL, in its own schema (default `onespec`). */
import pg from "pg";
import { ConnectionError, SinkError, SqlCatalog, type SqlDriver } from "@onespec/sdk";

export interface PostgresSinkOptions extends pg.ClientConfig {
  /** Schema holding the catalog tables. */
  schema?: string;
}

/** `?` placeholders to `$1, $2, …` (the catalog's SQL has no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export async function postgresDriver(options: PostgresSinkOptions): Promise<SqlDriver> {
  const { schema = "onespec", ...config } = options;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) {
    throw new SinkError(
      `catalog schema name ${JSON.stringify(schema)} is not a plain lower-case identifier`,
    );
  }
  const client = new pg.Client(config);
  // Connected on first use, so a run that fails before it opens the sink (a source that
  // cannot be read) neither connects nor creates the schema.
  let connected: Promise<pg.Client> | undefined;
  const connect = async (): Promise<pg.Client> => {
    try {
      await client.connect();
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
      return client;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw new ConnectionError(
        `cannot open the PostgreSQL catalog at ${config.host ?? "localhost"}:${config.port ?? 5432}/${config.database ?? ""}: ${(error as Error).message}`,
        {
          hint: "Check the sink's host, port, database and credentials.",
          cause: error,
          retryable: false,
        },
      );
    }
  };
  const db = () => (connected ??= connect());
  return {
    description: `PostgreSQL catalog ${config.host ?? "localhost"}:${config.port ?? 5432}/${config.database ?? ""} (schema ${schema})`,
    prefix: `${schema}.`,
    async exec(sql) {
      await (await db()).query(sql);
    },
    async run(sql, params = []) {
      await (await db()).query(numberedPlaceholders(sql), params);
    },
    async all<T>(sql: string, params: unknown[] = []) {
      const result = await (await db()).query(numberedPlaceholders(sql), params);
      return result.rows as T[];
    },
    async begin() {
      await (await db()).query("BEGIN");
    },
    async commit() {
      await (await db()).query("COMMIT");
    },
    async rollback() {
      if (connected) await (await connected).query("ROLLBACK");
    },
    async close() {
      if (!connected) return;
      const opened = await connected.catch(() => undefined);
      if (opened) await opened.end();
    },
  };
}

export async function postgresCatalog(options: PostgresSinkOptions): Promise<SqlCatalog> {
  return new SqlCatalog(await postgresDriver(options));
}
