#!/usr/bin/env node
// The onespec command runs compiled JavaScript (dist/). Commands that load TypeScript written
// by the user or by onespec (connector packages, generated validators) register tsx first;
// generate, check, init and --help never pay for it.
// V8 lets the heap grow up to four times what a collection left before it collects again;
// generate leaves much behind it as it goes (ajv's work, the files it builds), so its peak was
// that headroom: on the 76-connector bench tree 300–330 MB, against 261–278 MB when the heap may
// only double, for about 4% more time. A setting of this process, not of the engine as a library.
import { setFlagsFromString } from "node:v8";
setFlagsFromString("--heap-growing-percent=100");
const command = process.argv[2];
if (["validate", "run", "test-connection", "serve", "scaffold"].includes(command)) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { main } = await import("../dist/main.js");
process.exitCode = await main(process.argv.slice(2));
