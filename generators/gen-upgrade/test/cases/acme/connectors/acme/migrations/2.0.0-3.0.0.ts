import type { MigrationConfig } from "@onespec/runtime";

/** 3.0.0 counts the timeout in seconds (2.0.0: milliseconds); a rounding no step can say. */
export function migrate(config: MigrationConfig): MigrationConfig {
  const { timeout_ms, ...rest } = config;
  if (typeof timeout_ms !== "number") return rest;
  return { ...rest, timeout_seconds: Math.max(1, Math.ceil(timeout_ms / 1000)) };
}
