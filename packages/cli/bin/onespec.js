#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so `npx onespec` works right after `npm install`
// with no build step, and `onespec validate` can load the generated TypeScript validators.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
process.exitCode = await main(process.argv.slice(2));
