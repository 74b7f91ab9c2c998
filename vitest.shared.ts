import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Shared by every package's vitest.config.ts: resolve workspace packages to their TypeScript
 * sources (the "@onespec/source" export condition), so tests never run a stale dist/.
 */
export const SOURCE_CONDITION = "@onespec/source";

export default defineConfig({
  // Tests that generate code or start threads, servers or processes take seconds; on a 2-core
  // machine running the CLI's suite two files at a time beside another package's, vitest's 5 s
  // default failed a test that takes 1 s alone (packages/engine/test/threads.test.ts).
  test: { testTimeout: 30_000 },
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
});
