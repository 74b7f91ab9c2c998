#!/usr/bin/env node
// Builds examples/sample/retail.db from retail.sql (deleting any old file first).
// Usage: node examples/sample/build.mjs [output.db]
// The result is a single self-contained file (journal_mode=DELETE, VACUUMed) with the same content on every run.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const Database = require("better-sqlite3");

const here = path.dirname(fileURLToPath(import.meta.url));
const sqlFile = path.join(here, "retail.sql");
const dbFile = path.resolve(process.argv[2] ?? path.join(here, "retail.db"));

for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });

const db = new Database(dbFile);
try {
  db.pragma("journal_mode = DELETE");
  db.pragma("foreign_keys = ON");
  db.exec(readFileSync(sqlFile, "utf8"));

  const violations = db.pragma("foreign_key_check");
  if (violations.length) throw new Error(`foreign key violations: ${JSON.stringify(violations)}`);
  const integrity = db.pragma("integrity_check", { simple: true });
  if (integrity !== "ok") throw new Error(`integrity_check: ${integrity}`);

  db.exec("VACUUM");

  const count = (type) =>
    db
      .prepare(
        "SELECT count(*) AS n FROM sqlite_schema WHERE type = ? AND name NOT LIKE 'sqlite_%'",
      )
      .get(type).n;
  const fks = db
    .prepare(
      "SELECT count(DISTINCT t.name || '#' || f.id) AS n FROM sqlite_schema t, pragma_foreign_key_list(t.name) f WHERE t.type = 'table'",
    )
    .get().n;
  console.log(
    `built ${path.relative(process.cwd(), dbFile) || dbFile}: ${count("table")} tables, ${count("view")} views, ` +
      `${fks} foreign keys, ${count("index")} indexes, ${count("trigger")} triggers`,
  );
} catch (error) {
  db.close();
  if (existsSync(dbFile)) rmSync(dbFile, { force: true });
  throw error;
}
db.close();
