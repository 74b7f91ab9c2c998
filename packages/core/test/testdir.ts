import { mkdtemp, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

/** Every directory made by `testdir`, so a test file can remove them all in `afterAll`. */
const created = new Set<string>();

/**
 * Creates a throwaway directory holding `files` (paths relative to it, with forward slashes) and
 * returns its real path. Strings are written as they are, byte arrays (a Buffer) as raw bytes,
 * any other value as JSON with 2-space indentation and a final newline.
 */
export async function testdir(files: Record<string, string | object>): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "onespec-test-")));
  created.add(dir);
  for (const [rel, value] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    const contents =
      typeof value === "string" || value instanceof Uint8Array
        ? value
        : JSON.stringify(value, null, 2) + "\n";
    await writeFile(file, contents);
  }
  return dir;
}

/** Removes every directory `testdir` has made so far. Call it from `afterAll`. */
export async function cleanupTestdirs(): Promise<void> {
  const dirs = [...created];
  created.clear();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

/** Joins lines with "\n" and ends with one, so a test can count lines and columns by eye. */
export function lines(...rows: string[]): string {
  return rows.join("\n") + "\n";
}
