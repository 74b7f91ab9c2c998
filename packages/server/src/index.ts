export { buildApp, CONTENT_SECURITY_POLICY, type AppOptions } from "./app.js";
export {
  catalogFromSchemas,
  catalogFromModel,
  type Catalog,
  type ServedConnector,
} from "./catalog.js";
export { ConnectionStore, type StoreOptions } from "./store.js";
export {
  mergeSecrets,
  secretEntries,
  withSecretsReplaced,
  masksOutsideSecrets,
  MaskWithoutSecretError,
  MaskOutsideSecretError,
  RefusedConfigError,
} from "./secret-fields.js";
export {
  connectionTarget,
  changedTarget,
  fillStoredSecrets,
  isTargetName,
  TargetChangedError,
  type TargetField,
} from "./connection-target.js";
export { SECRET_KEY_ENV, SecretKeyError, generateKey } from "./secret-cipher.js";
export { parseHost, hostChecker, type HostPolicy } from "./request-guard.js";
export { MAX_JSON_DEPTH } from "./json-body.js";
export { ValidationTimeoutError, withinBudget } from "./time-budget.js";
