// No runnable connector yet: the package is the mapping from a validated config to
// snowflake-sdk's options, which a connector will be built on.
export {
  parseConfig,
  authOptions,
  connectionOptions,
  type AuthOptions,
  type ConnectionOptions,
  type OAuthRefresh,
} from "./config.js";
export type { SnowflakeConfig } from "@onespec/generated/connectors/snowflake/types";
