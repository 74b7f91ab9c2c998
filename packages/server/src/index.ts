// What `onespec serve` (and a program serving the same API) needs; the rest is internal.
export { buildApp, type AppOptions } from "./app.js";
export { catalogFromSchemas, type Catalog, type ServedConnector } from "./catalog.js";
export { ConnectionStore, type StoreOptions } from "./store.js";
export { SecretKeyError } from "./secret-cipher.js";
export { type AddedSchedule, type RunQueueView } from "./queue-routes.js";
