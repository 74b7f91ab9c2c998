/**
 * Runs loadSecretsFile on argv[2] in its own process and prints the outcome as one JSON line,
 * so a test can put a time limit on it and kill it: a reader that blocks on a FIFO or streams
 * /dev/zero must fail the test, not hang it.
 */
import { loadSecretsFile } from "../src/secrets.js";

const path = process.argv[2] ?? "";
try {
  const secrets = await loadSecretsFile(path);
  console.log(JSON.stringify({ ok: true, names: Object.keys(secrets) }));
} catch (error) {
  const e = error as Error & { kind?: string; hint?: string };
  console.log(
    JSON.stringify({ ok: false, name: e.name, kind: e.kind, message: e.message, hint: e.hint }),
  );
}
