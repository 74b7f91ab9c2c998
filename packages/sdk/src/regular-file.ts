/**
 * Reading files a user names (a secrets file, a database file) without ever blocking on one:
 * the type is checked with `stat` before anything is opened, so a FIFO, a device, a socket or a
 * directory is refused by type instead of hanging or streaming forever, and a size cap is
 * checked before a byte is read. Opened with O_NONBLOCK and checked again with `fstat`, in case
 * the path was swapped in between.
 */
import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";

/** What a non-regular file is, for messages: "a FIFO (named pipe)", "a directory", … */
export function fileKind(info: Stats): string {
  if (info.isFile()) return "a regular file";
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a FIFO (named pipe)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  if (info.isSymbolicLink()) return "a symbolic link";
  return "not a regular file";
}

export type RegularFileProblem =
  | { kind: "missing" }
  | { kind: "unreadable"; code: string }
  | { kind: "not-a-file"; what: string }
  | { kind: "too-large"; size: number; limit: number };

/** Thrown by `readRegularFile`; callers turn it into their own located error. */
export class RegularFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: RegularFileProblem,
  ) {
    super(`${path} ${describeProblem(problem)}`);
    this.name = "RegularFileError";
  }
}

/** "is a FIFO (named pipe), not a regular file", "does not exist", … (without the path). */
export function describeProblem(problem: RegularFileProblem): string {
  switch (problem.kind) {
    case "missing":
      return "does not exist";
    case "unreadable":
      return `cannot be read (${problem.code})`;
    case "not-a-file":
      return `is ${problem.what}, not a regular file`;
    case "too-large":
      return `is ${problem.size} bytes, more than the ${problem.limit} allowed`;
  }
}

/**
 * `stat` a path (following symlinks) and check it is a regular file of at most `maxBytes`.
 * Returns its stats, or throws RegularFileError. Never opens the file.
 */
export async function statRegularFile(path: string, maxBytes = Infinity): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new RegularFileError(
      path,
      code === "ENOENT" || code === "ENOTDIR" ? { kind: "missing" } : { kind: "unreadable", code },
    );
  }
  if (!info.isFile())
    throw new RegularFileError(path, { kind: "not-a-file", what: fileKind(info) });
  if (info.size > maxBytes)
    throw new RegularFileError(path, { kind: "too-large", size: info.size, limit: maxBytes });
  return info;
}

/**
 * Reads a regular file of at most `maxBytes` (checked by `stat` before opening, and by
 * counting while reading: a file that grows is cut off and refused). Reads at most
 * `maxBytes + 1` bytes whatever the file claims.
 */
export async function readRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  await statRegularFile(path, maxBytes);
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new RegularFileError(
      path,
      code === "ENOENT" ? { kind: "missing" } : { kind: "unreadable", code },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile())
      throw new RegularFileError(path, { kind: "not-a-file", what: fileKind(info) });
    // One byte more than expected, to notice a file that grew since `stat`.
    let buffer = Buffer.alloc(Math.min(maxBytes, info.size) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.alloc(Math.min(maxBytes + 1, buffer.length * 2));
        buffer.copy(grown);
        buffer = grown;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > maxBytes)
        throw new RegularFileError(path, { kind: "too-large", size: length, limit: maxBytes });
    }
    return buffer.subarray(0, length);
  } catch (error) {
    if (error instanceof RegularFileError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new RegularFileError(path, { kind: "unreadable", code });
  } finally {
    await handle.close();
  }
}
