/**
 * Opens argv[2] as the sqlite connector's database (connect, then test-connection) in its own
 * process and prints the outcome as one JSON line, so a test can put a time limit on it and
 * kill it: opening a FIFO blocks inside open(2), where no signal handler runs.
 */
import { testConnection } from "@onespec/sdk";
import { sqliteConnector } from "../src/connector.js";

const config = sqliteConnector.parse({ database_path: process.argv[2] ?? "" });
const result: Record<string, unknown> = {};
try {
  const session = await sqliteConnector.connect(config, {
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    signal: new AbortController().signal,
  });
  await sqliteConnector.close(session);
  result.connect = { ok: true };
} catch (error) {
  const e = error as Error & { kind?: string; hint?: string };
  result.connect = { ok: false, name: e.name, kind: e.kind, message: e.message, hint: e.hint };
}
const tested = await testConnection(sqliteConnector, config);
result.checkAccess = tested.steps[0];
console.log(JSON.stringify(result));
