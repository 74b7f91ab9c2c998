/**
 * The queue database of `worker`, `runs`, `schedule` and `run --queue`: `--database`, else
 * ONESPEC_QUEUE_DATABASE. Its URL may hold a password, so messages name only host and database.
 */
export const QUEUE_DATABASE_ENV = "ONESPEC_QUEUE_DATABASE";

export const databaseOption = {
  type: "string",
  describe: `PostgreSQL URL of the run queue (default: $${QUEUE_DATABASE_ENV})`,
} as const;

export function queueDatabase(command: string, flag: string | undefined): string | undefined {
  const url = flag ?? process.env[QUEUE_DATABASE_ENV];
  if (url) return url;
  console.error(
    `onespec ${command}: name the queue database with --database <postgres url> or ${QUEUE_DATABASE_ENV}\nhint: without a queue, \`onespec run <workflow>\` runs a workflow here and now.`,
  );
  return undefined;
}

/** "cannot reach the queue database (db.internal:5432/onespec): <reason>", never the URL. */
export async function queueFailure(command: string, url: string, error: unknown): Promise<number> {
  const { describeDatabase } = await import("@onespec/queue");
  const message = (error as Error).message ?? String(error);
  console.error(
    `onespec ${command}: the queue database (${describeDatabase(url)}) failed: ${message.split(url).join(describeDatabase(url))}`,
  );
  return 1;
}
