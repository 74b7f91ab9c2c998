import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** One thing found under the schema root, by its path relative to the root ("/"-separated). */
export interface TreeEntry {
  rel: string;
  /**
   * "dir": a real folder (walked into unless skipped); "dir-link": a symlink to a folder (listed,
   * never walked into: it may lead out of the tree or in circles); "file": anything else — a
   * file, a symlink to one, a broken symlink, a FIFO or socket — which the reader judges.
   */
  kind: "dir" | "dir-link" | "file";
}

export interface TreeWalk {
  entries: TreeEntry[];
  /** Folders that could not be listed, relative to the root ("" is the root itself). */
  unreadable: { rel: string; message: string }[];
}

/**
 * Lists the schema tree in one synchronous pass (a directory read per thread-pool round trip
 * costs more than it saves here). node_modules is never listed; folders whose name starts with
 * "." are walked only when `dotFolders` is set, since only a glob that spells the dot can match
 * inside them.
 */
export function walkTree(root: string, dotFolders: boolean): TreeWalk {
  const walk: TreeWalk = { entries: [], unreadable: [] };
  const pending = [""];
  while (pending.length > 0) {
    const dir = pending.pop()!;
    let listing;
    try {
      listing = readdirSync(path.join(root, dir), { withFileTypes: true });
    } catch (e) {
      // A folder removed while we walk is simply gone; anything else is worth saying.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT")
        walk.unreadable.push({ rel: dir, message: e instanceof Error ? e.message : String(e) });
      continue;
    }
    for (const dirent of listing) {
      if (dirent.name === "node_modules") continue;
      const rel = dir === "" ? dirent.name : `${dir}/${dirent.name}`;
      if (dirent.isDirectory()) {
        walk.entries.push({ rel, kind: "dir" });
        if (dotFolders || !dirent.name.startsWith(".")) pending.push(rel);
      } else if (dirent.isSymbolicLink() && isFolder(path.join(root, rel))) {
        walk.entries.push({ rel, kind: "dir-link" });
      } else walk.entries.push({ rel, kind: "file" });
    }
  }
  return walk;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
