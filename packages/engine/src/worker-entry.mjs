// Only for running the engine from its TypeScript sources (the monorepo's tests): worker
// threads do not inherit the parent's loaders. Resolve workspace packages to their sources
// (the "@onespec/source" export condition, as vitest does), register tsx, then run the worker.
import { register as registerHook } from "node:module";
import { register } from "tsx/esm/api";

const hook = `export async function resolve(specifier, context, next) {
  return next(specifier, { ...context, conditions: [...context.conditions, "@onespec/source"] });
}`;
registerHook(`data:text/javascript,${encodeURIComponent(hook)}`);
register();
await import("./worker.ts");
