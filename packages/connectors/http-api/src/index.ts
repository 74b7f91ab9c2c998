export {
  parseConfig,
  requestAuth,
  tokenRequest,
  bearer,
  recordsUrl,
  type HttpApiAuth,
  type RequestAuth,
  type TokenRequest,
} from "./config.js";
export {
  metadata,
  testConnectionSteps,
  type TestStepName,
} from "@onespec/generated/connectors/http-api/metadata";
export type { HttpApiConfig } from "@onespec/generated/connectors/http-api/types";
export { ConfigValidationError } from "@onespec/runtime";
export { httpApiConnector, httpApiConnector as connector } from "./connector.js";
export { nextLink } from "./pagination.js";
export { valueAt } from "./paths.js";
