import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadTree, runGenerators, type Generator, type OutputFile, type RunInfo, type SchemaModel } from "@onespec/core";

/** Folder holding one schema tree per tricky case. */
export const CASES_DIR = fileURLToPath(new URL("../cases/", import.meta.url));

/** Names of the case trees (each is `<case>/connectors/<case>/…` plus `<case>/definitions/…`). */
export const CASES: readonly string[] = readdirSync(CASES_DIR, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();

export async function loadCase(name: string): Promise<SchemaModel> {
  const model = await loadTree({ root: path.join(CASES_DIR, name), cwd: CASES_DIR });
  if (model.diagnostics.some((d) => d.severity === "error"))
    throw new Error(`case ${name} does not load: ${model.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`);
  return model;
}

/** The generators of a default run, for tests of one generator that want to see it as `onespec generate` runs it. */
export const DEFAULT_RUN: RunInfo = { generators: ["types", "validators", "forms", "fixtures", "docs", "registry"] };

/** Runs generators over a model, as `onespec generate` does (what they return is what is written). */
export async function generateFiles(model: SchemaModel, generators: readonly Generator[], run?: RunInfo): Promise<OutputFile[]> {
  const result = await runGenerators(model, generators, undefined, run);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("; "));
  return result.files;
}

/** The real schema tree of this repository. */
export const REPO_SCHEMAS = fileURLToPath(new URL("../../../schemas/", import.meta.url));

/** 346 real Airbyte connector specs (vendored, unedited): input nobody on this team wrote. */
export const CORPUS_DIR = fileURLToPath(new URL("../corpus/airbyte/", import.meta.url));

/** An OpenMetadata-style tree written for these tests: deep relative refs, vendor keywords, mixed drafts. */
export const OPENMETADATA_DIR = fileURLToPath(new URL("../trees/openmetadata/", import.meta.url));
export { PLACEHOLDER, secretValues, catchError, problemKey } from "./connector-tests.js";

/** PostgreSQL sample database for the postgres connector tests: schemas sales, inventory, hr (load into a fresh database with psql). */
export const POSTGRES_RETAIL_SQL = fileURLToPath(new URL("../fixtures/postgres/retail.sql", import.meta.url));
/** A second, small PostgreSQL database (schema reporting) for multi-database tests. */
export const POSTGRES_ANALYTICS_SQL = fileURLToPath(new URL("../fixtures/postgres/analytics.sql", import.meta.url));
export { startPostgres, findPostgresBin, type PostgresServer } from "./postgres-server.js";
export { runUntilBatches, killUntilDone, type KilledRun, type KilledRuns } from "./kill-run.js";
export { startHostileServer, makeRecords, type HostileServer, type HostileServerOptions, type AuthMode, type Pagination, type EndpointSpec, type Chaos, type RequestLog } from "./hostile-server.js";

/** MariaDB/MySQL sample database for the mysql connector tests: 22 tables and 7 views, all unqualified (load into any fresh database). */
export const MYSQL_RETAIL_SQL = fileURLToPath(new URL("../fixtures/mysql/retail.sql", import.meta.url));
/** A second, small MariaDB/MySQL database (3 tables, 2 views); one view reads `retail`.orders, so load retail.sql as `retail` first. */
export const MYSQL_ANALYTICS_SQL = fileURLToPath(new URL("../fixtures/mysql/analytics.sql", import.meta.url));
export { startMariadb, findMariadbBinaries, type MariadbServer, type MariadbStartOptions } from "./mariadb-server.js";
export { launchChromium, CHROMIUM_PATH, CHROMIUM_ARGS } from "./chromium.js";
export { PUBLISHED_PACKAGES, packPublished, createProject, inProject, type Packed } from "./tarballs.js";
