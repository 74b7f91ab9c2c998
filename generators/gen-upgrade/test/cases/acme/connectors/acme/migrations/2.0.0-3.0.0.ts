import type { ConfigV2_0_0, ConfigV3_0_0 } from "../upgrade-types/index.js";

/** 3.0.0 counts the timeout in seconds (2.0.0: milliseconds); a rounding no step can say. */
export function migrate(config: ConfigV2_0_0): ConfigV3_0_0 {
  const { timeout_ms, ...rest } = config;
  if (typeof timeout_ms !== "number") return rest;
  return { ...rest, timeout_seconds: Math.max(1, Math.ceil(timeout_ms / 1000)) };
}
