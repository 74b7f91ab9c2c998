/**
 * Throwaway servers and helpers for the tests of the runtime packages (connectors, sdk, sinks,
 * server, web, cli) and the scripts. Importing this module starts nothing and reads nothing:
 * every server starts when a test calls for it.
 */
export { PLACEHOLDER, secretValues, catchError, problemKey } from "./connector-tests.js";
export { startPostgres, type PostgresServer } from "./postgres-server.js";
export { startMariadb, type MariadbServer, type MariadbStartOptions } from "./mariadb-server.js";
export {
  startHostileServer,
  makeRecords,
  type HostileServer,
  type HostileServerOptions,
  type AuthMode,
  type Pagination,
  type EndpointSpec,
  type Chaos,
  type RequestLog,
} from "./hostile-server.js";
export { killUntilDone, type KilledRun, type KilledRuns } from "./kill-run.js";
export { selfSignedCert, caSignedCert } from "./tls-cert.js";
export { launchChromium } from "./chromium.js";
export {
  PUBLISHED_PACKAGES,
  packPublished,
  createProject,
  inProject,
  type Packed,
} from "./tarballs.js";
