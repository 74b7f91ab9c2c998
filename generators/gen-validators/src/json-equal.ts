/**
 * Every in-process compile lends ajv @onespec/runtime's JSON equality in place of its own (what
 * the generated modules import instead, see standalone.ts): ajv's (fast-deep-equal) calls a
 * value's own valueOf and toString, so `{"toString": "x"}` against a `const` threw. ajv reads the
 * helper while it writes a function, and each function keeps the one it was compiled with, so
 * ajv's module is only borrowed for the compile; its `code` (what standalone output requires)
 * stays the same.
 */
import { createRequire } from "node:module";
import { jsonEqual } from "@onespec/runtime/equal";

export function withJsonEqual<T>(compile: () => T): T {
  // The CommonJS module object ajv's keywords read (an ESM default import may be its `default`).
  const helper = createRequire(import.meta.url)("ajv/dist/runtime/equal") as {
    default: ((a: unknown, b: unknown) => boolean) & { code?: unknown };
  };
  const original = helper.default;
  helper.default = Object.assign((a: unknown, b: unknown) => jsonEqual(a, b), {
    code: original.code,
  });
  try {
    return compile();
  } finally {
    helper.default = original;
  }
}
