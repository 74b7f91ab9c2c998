export {
  parseConfig,
  accountUrl,
  defaultTokenUrl,
  authOptions,
  connectionOptions,
  type AuthOptions,
  type ConnectionOptions,
  type OAuthRefresh,
  type SnowflakeAuth,
} from "./config.js";
export {
  metadata,
  testConnectionSteps,
  type TestStepName,
} from "@onespec/generated/connectors/snowflake/metadata";
export type { SnowflakeConfig } from "@onespec/generated/connectors/snowflake/types";
export { ConfigValidationError } from "@onespec/runtime";
