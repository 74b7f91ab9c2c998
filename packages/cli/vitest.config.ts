import { defineConfig, mergeConfig } from "vitest/config";
import shared from "../../vitest.shared.ts";

export default mergeConfig(
  shared,
  defineConfig({
    test: {
      // These tests spawn the CLI, which generates code: give them room on a 2-core machine.
      testTimeout: 120_000,
      hookTimeout: 120_000,
      // Two files at a time: many of them wait on child processes, servers and npm. On 2 cores the
      // suite took 1,050 s one file at a time (in CI) and 620 s two at a time (alone). Each file
      // works in folders, ports and databases of its own.
      fileParallelism: true,
      maxWorkers: 2,
    },
  }),
);
