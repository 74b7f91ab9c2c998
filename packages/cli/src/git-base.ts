import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** Why a base could not be read: said to the user as a diagnostic. */
export class BaseError extends Error {
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

function git(
  args: string[],
  cwd: string,
  input?: Buffer,
): { ok: boolean; stdout: Buffer; stderr: string } {
  const r = spawnSync("git", args, { cwd, input, maxBuffer: 1024 * 1024 * 1024 });
  if (r.error)
    throw new BaseError(
      "git could not be run: " + r.error.message,
      "Install git, or give a folder as the base.",
    );
  return { ok: r.status === 0, stdout: r.stdout, stderr: r.stderr.toString("utf8") };
}

/** The top of the git work tree holding `dir`, or undefined outside one. */
export function gitTop(dir: string): string | undefined {
  const r = git(["rev-parse", "--show-toplevel"], dir);
  return r.ok ? realpathSync(r.stdout.toString("utf8").trim()) : undefined;
}

/** The commit a revision names, or undefined when it names none. */
export function commitOf(top: string, rev: string): string | undefined {
  // "--end-of-options": a revision that starts with "-" is never read as an option.
  const r = git(["rev-parse", "--verify", "--quiet", "--end-of-options", `${rev}^{commit}`], top);
  return r.ok ? r.stdout.toString("utf8").trim() : undefined;
}

/**
 * The default base: where this branch left the default branch, i.e. the merge base of HEAD with
 * origin/HEAD, else main, else master.
 */
export function defaultBase(top: string): { rev: string; commit: string } {
  for (const candidate of ["origin/HEAD", "main", "master"]) {
    if (!commitOf(top, candidate)) continue;
    const r = git(["merge-base", "HEAD", candidate], top);
    if (r.ok)
      return { rev: `merge-base with ${candidate}`, commit: r.stdout.toString("utf8").trim() };
  }
  throw new BaseError(
    "No default branch to compare with: none of origin/HEAD, main and master exists here.",
    "Name the base: onespec diff <revision or folder>.",
  );
}

/**
 * A folder holding what `rel` (a folder of the work tree) was at `commit`, laid out as in the
 * work tree (`<dir>/<rel>`), written with `git archive`: the user's files and index are never
 * touched. A folder that did not exist then is empty. Remove it with `cleanup`.
 */
export function materialise(
  top: string,
  commit: string,
  rel: string,
): { dir: string; cleanup(): void } {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), "onespec-diff-")));
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    mkdirSync(path.join(dir, rel), { recursive: true });
    const spec = rel === "" ? "." : rel.split(path.sep).join("/");
    const listed = git(["ls-tree", "-d", "--name-only", commit, "--", spec], top);
    if (!listed.ok || (rel !== "" && listed.stdout.length === 0)) return { dir, cleanup };
    const archive = git(["archive", "--format=tar", commit, "--", spec], top);
    if (!archive.ok)
      throw new BaseError(
        `git archive failed: ${archive.stderr.trim().split("\n")[0]}`,
        "Check that the base revision is in this repository.",
      );
    const tar = spawnSync("tar", ["-x", "-f", "-", "-C", dir], { input: archive.stdout });
    if (tar.error || tar.status !== 0)
      throw new BaseError(
        `tar could not unpack the base: ${tar.error?.message ?? tar.stderr.toString("utf8").trim().split("\n")[0]}`,
        "Install tar, or check out the base into a folder and give that folder.",
      );
    return { dir, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}
