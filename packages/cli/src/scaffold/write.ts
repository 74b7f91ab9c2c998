/**
 * Writes a new connector all or nothing: every file is staged in a temporary folder first,
 * existing files are refused unless --force (then kept aside until the end), and the new
 * folders are moved into place with renames. `rollback()` undoes it.
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { NewFile } from "./package-files.js";

export interface Placed {
  /** The folders now in place, relative to the root. */
  folders: string[];
  /** Removes the new folders and puts back what --force replaced. */
  rollback(): void;
  /** Drops what --force replaced, once everything succeeded. */
  commit(): void;
}

export class ExistingFilesError extends Error {
  constructor(readonly paths: string[]) {
    super(
      `${paths.join(", ")} already exist${paths.length === 1 ? "s" : ""}; nothing was written (use --force to replace)`,
    );
  }
}

/** Places `files`, grouped under the top-level `folders` they live in (relative to `root`). */
export function placeFiles(
  root: string,
  folders: string[],
  files: NewFile[],
  force: boolean,
): Placed {
  const existing = folders.filter((f) => existsSync(path.join(root, f)));
  if (existing.length > 0 && !force) throw new ExistingFilesError(existing);
  const staging = mkdtempSync(path.join(root, ".onespec-tmp-scaffold-"));
  const backups = new Map<string, string>();
  const placed: string[] = [];
  const rollback = () => {
    for (const f of placed) rmSync(path.join(root, f), { recursive: true, force: true });
    for (const [f, backup] of backups) renameSync(backup, path.join(root, f));
    rmSync(staging, { recursive: true, force: true });
  };
  try {
    for (const file of files) {
      const target = path.join(staging, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.contents);
    }
    for (const f of existing) {
      const backup = path.join(staging, ".replaced", f);
      mkdirSync(path.dirname(backup), { recursive: true });
      renameSync(path.join(root, f), backup);
      backups.set(f, backup);
    }
    for (const f of folders) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      renameSync(path.join(staging, f), path.join(root, f));
      placed.push(f);
    }
  } catch (error) {
    rollback();
    throw error;
  }
  return {
    folders: placed,
    rollback,
    commit: () => rmSync(staging, { recursive: true, force: true }),
  };
}
