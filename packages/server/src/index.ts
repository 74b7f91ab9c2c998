export { buildApp, type AppOptions } from "./app.js";
export { ConnectionStore, type SavedConnection } from "./store.js";
export {
  MASK,
  mergeSecrets,
  secretEntries,
  withSecretsReplaced,
  MaskWithoutSecretError,
} from "./secret-fields.js";
