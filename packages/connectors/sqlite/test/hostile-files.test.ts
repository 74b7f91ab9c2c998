/**
 * database_path naming something that is not a SQLite database: a FIFO (made with mkfifo), a
 * device, a directory, a text file, a file that only starts like one. Each is refused by
 * `connect` with a clear error, before a run would open its sink, and nothing blocks: every
 * case runs in a child process with a time limit and SIGKILL.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const SAMPLE = fileURLToPath(new URL("../../../../examples/sample/retail.db", import.meta.url));
const CHILD = fileURLToPath(new URL("./open-child.ts", import.meta.url));
const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-sqlite-hostile-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Outcome {
  connect: { ok: boolean; name?: string; kind?: string; message?: string; hint?: string };
  checkAccess: { status: string; message?: string };
}

/**
 * Connect and CheckAccess on `file` in a child process: killed after 60 s (a loaded 2-core CI
 * needs seconds to start tsx).
 */
function open(file: string): Outcome {
  const r = spawnSync(
    process.execPath,
    ["--conditions=@onespec/source", "--import", "tsx", CHILD, file],
    {
      encoding: "utf8",
      timeout: 60_000,
      killSignal: "SIGKILL",
    },
  );
  expect(r.signal, `killed after 60 s: opening ${file} hung`).toBeNull();
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Outcome;
}

const fifo = (name: string): string => {
  const file = path.join(tmp, name);
  execFileSync("mkfifo", [file]);
  return file;
};

describe("database_path that is not a regular file is refused by type, unopened", () => {
  it.each([
    ["a FIFO", () => fifo("db.fifo"), "a FIFO (named pipe)"],
    [
      "a symlink to a FIFO",
      () => {
        const link = path.join(tmp, "link.db");
        symlinkSync(fifo("target.fifo"), link);
        return link;
      },
      "a FIFO (named pipe)",
    ],
    ["/dev/zero", () => "/dev/zero", "a character device"],
    ["/dev/null", () => "/dev/null", "a character device"],
    ["a directory", () => tmp, "a directory"],
  ])(
    "%s",
    (_name, make, kind) => {
      const file = make();
      const { connect, checkAccess } = open(file);
      expect(connect).toEqual({
        ok: false,
        name: "ConfigError",
        kind: "config",
        message: `database_path ${file} is ${kind}, not a SQLite database file`,
        hint: "database_path must name a regular SQLite database file; FIFOs, devices and directories are refused without being opened.",
      });
      expect(checkAccess.status).toBe("failed");
      expect(checkAccess.message?.startsWith(`${connect.message!}.`)).toBe(true);
    },
    120_000,
  );

  it("a FIFO where SQLite would open the database's journal", () => {
    const db = path.join(tmp, "journalled.db");
    copyFileSync(SAMPLE, db);
    fifo("journalled.db-journal");
    const { connect } = open(db);
    expect(connect).toMatchObject({ ok: false, kind: "config" });
    expect(connect.message).toBe(
      `${db}-journal (which SQLite opens with ${db}) is a FIFO (named pipe), not a regular file`,
    );
  }, 120_000);
});

describe("a regular file that is not a SQLite database is refused before any query", () => {
  it.each([
    ["/etc/passwd", () => "/etc/passwd"],
    [
      "a text file",
      () => {
        const file = path.join(tmp, "notes.db");
        writeFileSync(file, "this is plain text, not SQLite ".repeat(40));
        return file;
      },
    ],
    [
      "a file shorter than the header",
      () => {
        const file = path.join(tmp, "short.db");
        writeFileSync(file, "SQLite");
        return file;
      },
    ],
    [
      "a file with the header and nothing valid after it",
      () => {
        const file = path.join(tmp, "corrupt.db");
        writeFileSync(
          file,
          Buffer.concat([Buffer.from("SQLite format 3\0", "latin1"), Buffer.alloc(4096, 0xff)]),
        );
        return file;
      },
    ],
  ])(
    "%s",
    (_name, make) => {
      const file = make();
      const { connect, checkAccess } = open(file);
      expect(connect).toMatchObject({ ok: false, name: "SourceError", kind: "source" });
      expect(connect.message).toMatch(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not a SQLite 3 database|^SQLite error on `,
        ),
      );
      expect(checkAccess.status).toBe("failed");
    },
    120_000,
  );
});

describe("what is still accepted", () => {
  it("the sample database, directly and through a symlink; an empty file is SQLite's empty database", () => {
    expect(open(SAMPLE).connect).toEqual({ ok: true });
    const link = path.join(tmp, "sample-link.db");
    symlinkSync(SAMPLE, link);
    expect(open(link).connect).toEqual({ ok: true });
    const empty = path.join(tmp, "empty.db");
    writeFileSync(empty, "");
    expect(open(empty).connect).toEqual({ ok: true });
  }, 60_000);
});
