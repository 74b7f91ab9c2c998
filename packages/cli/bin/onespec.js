#!/usr/bin/env node
// The onespec command runs compiled JavaScript (dist/). Commands that load TypeScript written
// by the user or by onespec (connector packages, generated validators) register tsx first;
// generate, check, init and --help never pay for it.
const command = process.argv[2];
if (["validate", "run", "test-connection", "serve", "scaffold"].includes(command)) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = await import("../dist/main.js");
process.exitCode = await main(process.argv.slice(2));
