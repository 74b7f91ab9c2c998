import { defaultClientConditions, defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

/**
 * Shared by every package's vitest.config.ts: resolve workspace packages to their TypeScript
 * sources (the "@onespec/source" export condition), so tests never run a stale dist/.
 */
export const SOURCE_CONDITION = "@onespec/source";

export default defineConfig({
  resolve: { conditions: [SOURCE_CONDITION, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, ...defaultServerConditions] } },
});
