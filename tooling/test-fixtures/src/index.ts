/**
 * Where the test input lives, and how the generators' tests load it. Importing this module
 * reads nothing: the case names are listed when a test asks for them.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  loadTree,
  runGenerators,
  type Generator,
  type OutputFile,
  type RunInfo,
  type SchemaModel,
} from "@onespec/core";

const here = (rel: string): string => fileURLToPath(new URL(`../${rel}`, import.meta.url));

/** Folder holding one schema tree per tricky case. */
export const CASES_DIR = here("cases/");

/** Names of the case trees (each is `<case>/connectors/<case>/…` plus `<case>/definitions/…`), sorted. */
export function caseNames(): string[] {
  const names = readdirSync(CASES_DIR, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  // A suite over no cases would pass without testing anything.
  if (names.length === 0) throw new Error(`no case trees in ${CASES_DIR}`);
  return names;
}

export async function loadCase(name: string): Promise<SchemaModel> {
  const model = await loadTree({ root: path.join(CASES_DIR, name), cwd: CASES_DIR });
  if (model.diagnostics.some((d) => d.severity === "error"))
    throw new Error(
      `case ${name} does not load: ${model.diagnostics.map((d) => `${d.code} ${d.message}`).join("; ")}`,
    );
  return model;
}

/** The generators of a default run, for tests of one generator that want to see it as `onespec generate` runs it. */
export const DEFAULT_RUN: RunInfo = {
  generators: ["types", "validators", "forms", "fixtures", "docs", "registry"],
};

/** Runs generators over a model, as `onespec generate` does (what they return is what is written). */
export async function generateFiles(
  model: SchemaModel,
  generators: readonly Generator[],
  run?: RunInfo,
): Promise<OutputFile[]> {
  const result = await runGenerators(model, generators, undefined, run);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((d) => d.message).join("; "));
  return result.files;
}

/** The real schema tree of this repository. */
export const REPO_SCHEMAS = here("../../schemas/");

/** 346 real Airbyte connector specs (vendored, unedited): input nobody on this team wrote. */
export const CORPUS_DIR = here("corpus/airbyte/");

/** An OpenMetadata-style tree written for these tests: deep relative refs, vendor keywords, mixed drafts. */
export const OPENMETADATA_DIR = here("trees/openmetadata/");

/** PostgreSQL sample database for the postgres connector tests: schemas sales, inventory, hr (load into a fresh database with psql). */
export const POSTGRES_RETAIL_SQL = here("sql/postgres/retail.sql");
/** A second, small PostgreSQL database (schema reporting) for multi-database tests. */
export const POSTGRES_ANALYTICS_SQL = here("sql/postgres/analytics.sql");

/** MariaDB/MySQL sample database for the mysql connector tests: 22 tables and 7 views, all unqualified (load into any fresh database). */
export const MYSQL_RETAIL_SQL = here("sql/mysql/retail.sql");
/** A second, small MariaDB/MySQL database (3 tables, 2 views); one view reads `retail`.orders, so load retail.sql as `retail` first. */
export const MYSQL_ANALYTICS_SQL = here("sql/mysql/analytics.sql");

export { connectorFiles, loadFiles } from "./files.js";
