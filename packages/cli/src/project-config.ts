/**
 * The project config (onespec.config.{ts,mts,js,mjs,json}), loaded by the engine's loadConfig
 * once it is known to be a regular file of a sensible size: the engine reads a .json config
 * whole and imports the others, so a FIFO would block forever, /dev/zero would fill memory and
 * a directory or a 2 GB file would end in an internal error.
 */
import { statSync, type Stats } from "node:fs";
import path from "node:path";
import { DiagnosticError } from "@onespec/core";
import { findConfigFiles, loadConfig, type LoadedProjectConfig } from "@onespec/engine";

/** Largest config file read: configs are a few hundred bytes, schemas at most 10 MB. */
export const MAX_PROJECT_CONFIG_BYTES = 10 * 1024 * 1024;

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

/** loadConfig(cwd, file), after refusing by type and size (with stat, never opening it) the file it would read. */
export async function loadProjectConfig(cwd: string, file?: string): Promise<LoadedProjectConfig> {
  const found = file === undefined ? findConfigFiles(cwd) : [];
  // Several config files, or none: loadConfig reports the first and reads nothing in the second.
  const chosen =
    file !== undefined
      ? path.resolve(cwd, file)
      : found.length === 1
        ? path.join(cwd, found[0])
        : undefined;
  if (chosen !== undefined) {
    const shown = path.relative(cwd, chosen) || chosen;
    let info: Stats | undefined;
    try {
      info = statSync(chosen); // follows symlinks: a link to /dev/zero is a device
    } catch {
      info = undefined; // missing or unreadable: loadConfig says so
    }
    const refuse = (code: string, message: string, hint: string) =>
      new DiagnosticError([{ severity: "error", code, message, file: shown, hint }]);
    if (info && !info.isFile())
      throw refuse(
        "config/not-a-file",
        `${shown} is ${kindOf(info)}, not a regular file; it was not opened.`,
        "Point --config at an onespec.config.{ts,mts,js,mjs,json} file.",
      );
    if (info && info.size > MAX_PROJECT_CONFIG_BYTES)
      throw refuse(
        "config/too-large",
        `${shown} is ${(info.size / (1024 * 1024)).toFixed(1)} MB; a config file may be at most ${MAX_PROJECT_CONFIG_BYTES / (1024 * 1024)} MB (it was not read).`,
        "Check that this is the right file: an onespec config is a few hundred bytes.",
      );
  }
  return loadConfig(cwd, file);
}
