import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { SchemaModel } from "@onespec/core";
import type { VersionCheck } from "@onespec/diff";
import { baseSchemaOf } from "@onespec/migrate";

/** One earlier version's schema `diff --write-base-schemas` wrote, or found already there. */
export interface BaseSchemaFile {
  connector: string;
  version: string;
  /** Where it is, as shown to the user. */
  file: string;
  written: boolean;
}

/**
 * Keeps the base's schema of each connector with a breaking change beside its migrations, as
 * `migrations/<base version>.schema.json` (self-contained), so that `generate` types the configs
 * its migration starts from. A file already there is left as it is: it may have been edited, and
 * a version's schema does not change. Only onespec's layout has a migrations folder.
 */
export function writeBaseSchemas(
  before: SchemaModel,
  after: SchemaModel,
  versions: readonly VersionCheck[],
  cwd = process.cwd(),
): BaseSchemaFile[] {
  const out: BaseSchemaFile[] = [];
  for (const check of versions) {
    if (check.proposed !== "major" || !check.from || !/^\d+\.\d+\.\d+$/.test(check.from)) continue;
    const was = before.connectors.find((c) => c.name === check.connector);
    const now = after.connectors.find((c) => c.name === check.connector);
    if (!was || !now || path.basename(now.entry) !== "connection.json") continue;
    const file = path.join(path.dirname(now.entry), "migrations", `${check.from}.schema.json`);
    const rel = path.relative(cwd, file);
    const shown = rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
    const written = !existsSync(file);
    if (written) {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(baseSchemaOf(before, was), null, 2) + "\n");
    }
    out.push({ connector: check.connector, version: check.from, file: shown, written });
  }
  return out;
}
