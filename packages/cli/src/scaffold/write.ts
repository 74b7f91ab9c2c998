/**
 * Writes a new connector all or nothing, with the engine's staged writer: existing folders are
 * refused unless --force (then replaced whole, kept aside until the end). `rollback()` undoes it.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { placeStaged, type PlacedChanges } from "@onespec/engine";
import type { NewFile } from "./package-files.js";

export class ExistingFilesError extends Error {
  constructor(readonly paths: string[]) {
    super(
      `${paths.join(", ")} already exist${paths.length === 1 ? "s" : ""}; nothing was written (use --force to replace)`,
    );
  }
}

/** Places `files`, grouped under the top-level `folders` they live in (relative to `root`). */
export async function placeFiles(
  root: string,
  folders: string[],
  files: NewFile[],
  force: boolean,
): Promise<PlacedChanges> {
  const existing = folders.filter((f) => existsSync(path.join(root, f)));
  if (existing.length > 0 && !force) throw new ExistingFilesError(existing);
  // --force replaces a folder whole: what the new connector does not write does not stay behind.
  return placeStaged(root, { write: files, remove: existing });
}
