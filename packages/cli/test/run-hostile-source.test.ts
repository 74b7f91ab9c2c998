/**
 * `onespec run` and `onespec test-connection` on sources, secrets files and sinks that are not
 * what they should be (issue 15, items 8 and 10): real FIFOs made with mkfifo, real /dev/zero,
 * /etc/passwd, an empty database file, a secrets file shaped like /etc/shadow. Every case runs
 * the CLI in a child process under a time limit (then SIGKILL) and ends in a clear error, exit 1,
 * no stack trace, no secret in the output, and a catalog exactly as it was.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, SCRATCH, hasStackTrace } from "./helpers.js";

const SAMPLE = path.join(REPO, "examples/sample/retail.db");
/** A value the secrets file holds; it must never appear in any output. */
const SECRET = "S3cr3t-dir-9f8e7d";
const SHADOW_HASH = "$6$Zq8salt$Qw3rtyH4shOfTheRootPassword0123456789";

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "run-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The CLI in a child process, SIGKILLed after 30 s (a hang fails the test, not the suite). */
function cli(args: string[]): Result {
  const started = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 30_000,
    killSignal: "SIGKILL",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  return {
    code: r.status,
    signal: r.signal,
    stdout: r.stdout,
    stderr: r.stderr,
    ms: performance.now() - started,
  };
}

/** Exit 1 in time, no stack trace, no secret value anywhere in the output. */
function expectRefused(r: Result): string {
  const output = r.stdout + r.stderr;
  expect(r.signal, `killed after 30 s: it hung\n${output}`).toBeNull();
  expect(r.code, output).toBe(1);
  expect(hasStackTrace(output), output).toBe(false);
  for (const secret of [SECRET, SHADOW_HASH, "Qw3rty"]) expect(output).not.toContain(secret);
  return output;
}

function fifo(file: string): string {
  execFileSync("mkfifo", [file]);
  return file;
}

/** sha256 of every file under a folder: the catalog before and after a failed run. */
function bytes(folder: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (statSync(full).isFile())
      out[name] = createHash("sha256").update(readFileSync(full)).digest("hex");
  }
  return out;
}

/** [type, live, deleted] per entity type of service retail. */
function catalogCounts(file: string): [string, number, number][] {
  const db = new Database(file, { readonly: true });
  try {
    return (
      db
        .prepare(
          "SELECT type, SUM(deleted = 0) AS live, SUM(deleted = 1) AS gone FROM entities WHERE service = 'retail' GROUP BY type ORDER BY type",
        )
        .all() as { type: string; live: number; gone: number }[]
    ).map((r) => [r.type, r.live, r.gone]);
  } finally {
    db.close();
  }
}

let n = 0;
/**
 * A folder holding a catalog filled by one run of the sample, a secrets file, a directory named
 * after the secret, and a workflow reading `databasePath` into that catalog.
 */
function setup(databasePath: string | ((folder: string) => string), extra = "") {
  const folder = path.join(dir, `case-${n++}`);
  mkdirSync(path.join(folder, SECRET), { recursive: true });
  writeFileSync(path.join(folder, "secrets.yaml"), `dir: ${SECRET}\n`);
  const workflow = path.join(folder, "workflow.yaml");
  const write = (db: string, more = extra) =>
    writeFileSync(
      workflow,
      `source:\n  connector: sqlite\n  service: retail\n  config:\n    database_path: ${JSON.stringify(db)}\nsink:\n  type: sqlite\n  path: catalog/catalog.db\nsecrets_file: secrets.yaml\n${more}`,
    );
  write(SAMPLE, "");
  const first = cli(["run", workflow, "--log-level", "warn"]);
  expect(first.code, first.stdout + first.stderr).toBe(0);
  write(typeof databasePath === "string" ? databasePath : databasePath(folder));
  const catalogDir = path.join(folder, "catalog");
  return {
    folder,
    workflow,
    catalogDir,
    catalog: path.join(catalogDir, "catalog.db"),
    before: bytes(catalogDir),
  };
}

const typeRefusals: [string, (folder: string) => string, string][] = [
  [
    "a FIFO (in a folder named by a secret)",
    (f) => fifo(path.join(f, SECRET, "db.fifo")),
    "is a FIFO (named pipe), not a SQLite database file",
  ],
  ["/dev/zero", () => "/dev/zero", "is a character device, not a SQLite database file"],
  ["a directory", (f) => path.join(f, SECRET), "is a directory, not a SQLite database file"],
];

describe("onespec run: a source that is not a database writes nothing", () => {
  it.each(typeRefusals)(
    "%s as database_path: refused by type, located, catalog byte-identical",
    (_name, make, message) => {
      const c = setup((f) => {
        const p = make(f);
        // Through the secret when the path holds it: the error must show it redacted.
        return p.includes(SECRET) ? p.replace(SECRET, "{{secrets.dir}}") : p;
      });
      const r = cli(["run", c.workflow]);
      const output = expectRefused(r);
      expect(output).toContain(message);
      expect(output).toMatch(/error \(config\): database_path .* is /);
      expect(output).toMatch(/^at .*workflow\.yaml:5:20 \(\/source\/config\/database_path\)$/m);
      expect(bytes(c.catalogDir)).toEqual(c.before);
    },
    90_000,
  );

  it("/etc/passwd as database_path: not a SQLite database, no database or schema row written", () => {
    const c = setup("/etc/passwd");
    const r = cli(["run", c.workflow, "--json"]);
    expectRefused(r);
    const summary = JSON.parse(r.stdout) as {
      status: string;
      error: { kind: string; message: string; pointer?: string };
      total: { read: number };
    };
    expect(summary.status).toBe("failed");
    expect(summary.error.kind).toBe("source");
    // The connector names the value at fault, so the CLI shows where it is written.
    expect(summary.error.pointer).toBe("/database_path");
    const shown = cli(["run", c.workflow]);
    expect(shown.stdout + shown.stderr).toMatch(
      /\nat .+:\d+:\d+ \(\/source\/config\/database_path\)\n/,
    );
    expect(summary.error.message).toBe(
      "/etc/passwd is not a SQLite 3 database (it does not start with the SQLite 3 file header)",
    );
    expect(summary.total.read).toBe(0);
    expect(bytes(c.catalogDir)).toEqual(c.before);
  }, 90_000);

  it("a FIFO as the source of a run into a new catalog creates no catalog file", () => {
    const folder = path.join(dir, `fresh-${n++}`);
    mkdirSync(folder);
    const workflow = path.join(folder, "workflow.yaml");
    writeFileSync(
      workflow,
      `source:\n  connector: sqlite\n  config:\n    database_path: ${fifo(path.join(folder, "db.fifo"))}\nsink:\n  type: sqlite\n  path: out/catalog.db\n`,
    );
    expectRefused(cli(["run", workflow]));
    expect(existsSync(path.join(folder, "out"))).toBe(false);
  }, 60_000);
});

describe("onespec run: an empty source does not mark the catalog deleted", () => {
  it("an empty database file fails the run and keeps every entity; --allow-empty marks them deleted", () => {
    const c = setup((f) => {
      const empty = path.join(f, "empty.db");
      writeFileSync(empty, "");
      return empty;
    });
    const before = catalogCounts(c.catalog);
    expect(before).toEqual([
      ["database", 1, 0],
      ["lineage", 32, 0],
      ["schema", 1, 0],
      ["table", 32, 0],
      ["view", 10, 0],
    ]);

    const refused = expectRefused(cli(["run", c.workflow]));
    expect(refused).toContain(
      "error (source): the source returned no table, view and lineage entities, but the catalog holds 32 table, 10 view and 32 lineage entities of service retail; nothing was marked deleted",
    );
    expect(refused).toMatch(/hint: .*run again with --allow-empty/);
    expect(catalogCounts(c.catalog)).toEqual(before);

    // The source restored: a fresh run, everything unchanged.
    copyFileSync(SAMPLE, path.join(c.folder, "empty.db"));
    const restored = cli(["run", c.workflow, "--json", "--log-level", "warn"]);
    expect(restored.code, restored.stderr).toBe(0);
    const summary = JSON.parse(restored.stdout) as {
      resumed: boolean;
      total: Record<string, number>;
    };
    expect(summary.resumed).toBe(false);
    expect(summary.total).toMatchObject({ read: 76, unchanged: 76, deleted: 0 });

    writeFileSync(path.join(c.folder, "empty.db"), "");
    const allowed = cli(["run", c.workflow, "--allow-empty", "--json", "--log-level", "warn"]);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect((JSON.parse(allowed.stdout) as { total: { deleted: number } }).total.deleted).toBe(74);
    expect(catalogCounts(c.catalog)).toEqual([
      ["database", 1, 0],
      ["lineage", 0, 32],
      ["schema", 1, 0],
      ["table", 0, 32],
      ["view", 0, 10],
    ]);
  }, 120_000);

  it("options.allow_empty in the workflow does what --allow-empty does", () => {
    const c = setup((f) => {
      const empty = path.join(f, "empty.db");
      writeFileSync(empty, "");
      return empty;
    }, "options:\n  allow_empty: true\n");
    const r = cli(["run", c.workflow, "--json", "--log-level", "warn"]);
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as { total: { deleted: number } }).total.deleted).toBe(74);
  }, 90_000);
});

describe("onespec run: secrets files that are not secrets files", () => {
  const shadow = `root:${SHADOW_HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`;

  it.each([
    [
      "a FIFO",
      (f: string) => fifo(path.join(f, "secrets.fifo")),
      /secrets file .*secrets\.fifo is a FIFO \(named pipe\), not a regular file/,
    ],
    [
      "/dev/zero",
      () => "/dev/zero",
      /secrets file \/dev\/zero is a character device, not a regular file/,
    ],
    ["a directory", (f: string) => f, /secrets file .* is a directory, not a regular file/],
    [
      "a file shaped like /etc/shadow",
      (f: string) => {
        writeFileSync(path.join(f, "shadow"), shadow);
        return path.join(f, "shadow");
      },
      /secrets file .*shadow, line 1, column 1: the value must be a string, not null/,
    ],
  ])(
    "%s: located at secrets_file, nothing quoted, nothing run",
    (_name, make, message) => {
      const folder = path.join(dir, `secrets-${n++}`);
      mkdirSync(folder);
      const catalog = path.join(folder, "catalog.db");
      const workflow = path.join(folder, "workflow.yaml");
      writeFileSync(
        workflow,
        `source:\n  connector: sqlite\n  config:\n    database_path: ${SAMPLE}\nsink:\n  type: sqlite\n  path: ${catalog}\nsecrets_file: ${JSON.stringify(make(folder))}\n`,
      );
      const output = expectRefused(cli(["run", workflow]));
      expect(output).toMatch(message);
      expect(output).toMatch(/workflow\.yaml:8:15 error \/secrets_file /);
      for (const line of shadow.split("\n").filter(Boolean))
        expect(output).not.toContain(line.slice(0, 12));
      expect(existsSync(catalog)).toBe(false);

      // The same file through --secrets-file.
      const viaFlag = expectRefused(
        cli(["run", workflow, "--secrets-file", readSecretsPath(workflow)]),
      );
      expect(viaFlag).toMatch(message);
    },
    90_000,
  );
});

/** The secrets_file a workflow names, as written (absolute in these tests). */
function readSecretsPath(workflow: string): string {
  return JSON.parse(/^secrets_file: (.*)$/m.exec(readFileSync(workflow, "utf8"))![1]) as string;
}

describe("onespec run: a sink path that is not a regular file", () => {
  it("a FIFO as the SQLite catalog is refused by type, after the source is read, without blocking", () => {
    const folder = path.join(dir, `sink-${n++}`);
    mkdirSync(folder);
    const catalog = fifo(path.join(folder, "catalog.db"));
    const workflow = path.join(folder, "workflow.yaml");
    writeFileSync(
      workflow,
      `source:\n  connector: sqlite\n  config:\n    database_path: ${SAMPLE}\nsink:\n  type: sqlite\n  path: ${catalog}\n`,
    );
    const output = expectRefused(cli(["run", workflow]));
    expect(output).toMatch(
      /error \(sink\): the SQLite catalog .*catalog\.db is a FIFO \(named pipe\), not a regular file/,
    );
  }, 60_000);

  it("a FIFO in place of a JSON lines sink's state.json is refused by type", () => {
    const folder = path.join(dir, `sink-${n++}`);
    mkdirSync(path.join(folder, "out", "sqlite"), { recursive: true });
    fifo(path.join(folder, "out", "sqlite", "state.json"));
    const workflow = path.join(folder, "workflow.yaml");
    writeFileSync(
      workflow,
      `source:\n  connector: sqlite\n  config:\n    database_path: ${SAMPLE}\nsink:\n  type: jsonl\n  directory: out\n`,
    );
    const output = expectRefused(cli(["run", workflow]));
    expect(output).toMatch(
      /error \(sink\): .*state\.json is a FIFO \(named pipe\), not a regular file/,
    );
  }, 60_000);
});

describe("onespec test-connection on a FIFO", () => {
  let config: string;
  beforeAll(() => {
    const folder = path.join(dir, `tc-${n++}`);
    mkdirSync(folder);
    config = path.join(folder, "sqlite.yaml");
    writeFileSync(config, `database_path: ${fifo(path.join(folder, "db.fifo"))}\n`);
  });

  it("fails CheckAccess by type and exits 1, without blocking", () => {
    const output = expectRefused(cli(["test-connection", "sqlite", config]));
    expect(output).toMatch(
      /CheckAccess.*failed.*is a FIFO \(named pipe\), not a SQLite database file/,
    );
  }, 60_000);
});
