/**
 * `onespec run` and `onespec test-connection` as a user runs them: the CLI in a child process,
 * real SQLite files, and a SIGKILL in the middle of a sync.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { RunSummary, StoredEntity } from "@onespec/sdk";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import { killUntilDone } from "@onespec/test-servers";
import { BIN, REPO, SCRATCH, hasStackTrace, onespec, withMissing } from "./helpers.js";

const SAMPLE = path.join(REPO, "examples/sample/retail.db");
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "run-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
/** Writes a workflow file in its own folder and returns its path. */
function workflow(body: string): string {
  const folder = path.join(dir, `wf-${n++}`);
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, "workflow.yaml");
  writeFileSync(file, body);
  return file;
}

function sqliteWorkflow(sink: string, batchSize = 5, extra = ""): string {
  return workflow(`source:
  connector: sqlite
  service: retail
  config:
    database_path: ${SAMPLE}
${extra}sink:
${sink}
options:
  batch_size: ${batchSize}
`);
}

function summaryOf(stdout: string): RunSummary {
  return JSON.parse(stdout) as RunSummary;
}

async function catalog(file: string): Promise<Omit<StoredEntity, "createdAt" | "updatedAt">[]> {
  const c = sqliteCatalog(file);
  const entities = await c.entities("retail");
  await c.close();
  return entities.map(({ createdAt: _c, updatedAt: _u, ...rest }) => rest);
}

describe("onespec run", () => {
  it("extracts the sample into the SQLite catalog; a second run creates and updates nothing", async () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db");
    const first = onespec(["run", wf, "--json", "--log-level", "warn"]);
    expect(first.code, first.stderr).toBe(0);
    const s1 = summaryOf(first.stdout);
    expect(s1.status).toBe("ok");
    expect(s1.total.created).toBeGreaterThan(40);
    expect(s1.total.created).toBe(s1.total.read);
    const second = onespec(["run", wf, "--json", "--log-level", "warn"]);
    const s2 = summaryOf(second.stdout);
    expect(s2.total).toMatchObject({
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: s1.total.created,
    });
    const pretty = onespec(["run", wf]);
    expect(pretty.stdout).toMatch(
      /^onespec run: sqlite → SQLite catalog .*, service retail: ok in/,
    );
    expect(pretty.stdout).toMatch(/^total\s+\d+\s+0\s+0\s+\d+\s+0\s+0$/m);
    expect((await catalog(path.join(path.dirname(wf), "catalog.db"))).length).toBe(
      s1.total.created,
    );
  });

  it("--dry-run reports what would change and writes nothing", () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db");
    const dry = onespec(["run", wf, "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    const s = summaryOf(dry.stdout);
    expect(s.dryRun).toBe(true);
    expect(s.total.created).toBeGreaterThan(40);
    const db = path.join(path.dirname(wf), "catalog.db");
    // The catalog file may be created (empty tables), but holds no entity.
    const again = onespec(["run", wf, "--dry-run", "--json"]);
    expect(summaryOf(again.stdout).total.created).toBe(s.total.created);
    if (existsSync(db))
      expect(onespec(["run", wf, "--json"]).stdout).toContain(`"created": ${s.total.created}`);
  });

  it("writes JSON lines, one file per entity type", () => {
    const wf = sqliteWorkflow("  type: jsonl\n  directory: out");
    const r = onespec(["run", wf, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = summaryOf(r.stdout);
    const folder = path.join(path.dirname(wf), "out", "retail");
    expect(readdirSync(folder).sort()).toEqual([
      "database.jsonl",
      "lineage.jsonl",
      "schema.jsonl",
      "table.jsonl",
      "view.jsonl",
    ]);
    const tables = readFileSync(path.join(folder, "table.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { fqn: string });
    expect(tables.length).toBe(s.entities.table.created);
  });

  it("logs JSON lines with --log-format json", () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db");
    const r = onespec(["run", wf, "--log-format", "json", "--log-level", "debug"]);
    const lines = r.stderr
      .trim()
      .split("\n")
      .filter((l) => l.startsWith("{"));
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines)
      expect(JSON.parse(line)).toMatchObject({
        level: expect.any(String),
        msg: expect.any(String),
        time: expect.any(String),
      });
    expect(lines.some((l) => JSON.parse(l).msg === "batch stored")).toBe(true);
  });

  it("shows a progress bar on a terminal, and none when output is piped", () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db");
    // util-linux `script` runs the CLI on a pseudo-terminal.
    const tty = spawnSync(
      "script",
      [
        "-qec",
        `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} run ${JSON.stringify(wf)} --log-level warn`,
        "/dev/null",
      ],
      {
        cwd: REPO,
        encoding: "utf8",
      },
    );
    expect(tty.status, tty.stdout).toBe(0);
    expect(tty.stdout).toMatch(/\d\/5 streams \| \w+ \| \d+ records/);
    expect(tty.stdout).toMatch(/5\/5 streams/);
    const piped = onespec(["run", wf, "--log-level", "warn"]);
    expect(piped.stdout + piped.stderr).not.toMatch(/streams \|/);
  });

  it("reports a bad workflow with its line, and exits 1 without a stack trace", () => {
    const wf = workflow(
      "source:\n  connector: sqlite\n  config:\n    database_path: x.db\nsink:\n  type: sqlite\n  pth: a.db\n",
    );
    const r = onespec(["run", wf]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/workflow\.yaml:6:\d+ error \/sink has an unknown key "pth"/);
    expect(r.stderr).not.toMatch(/directory|connection/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("reports an invalid connector config at its line in the workflow, before opening anything", () => {
    const wf = workflow(
      "source:\n  connector: sqlite\n  config:\n    database_path: ''\n    mode: sideways\nsink:\n  type: sqlite\n  path: c.db\n",
    );
    const r = onespec(["run", wf, "--json"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /workflow\.yaml:5:11 error \/source\/config\/mode must be one of: "ro", "rw"/,
    );
    expect(r.stderr).toMatch(/workflow\.yaml:4:\d+ error \/source\/config\/database_path/);
    expect(r.stderr).toMatch(/nothing was run/);
    expect(existsSync(path.join(path.dirname(wf), "c.db"))).toBe(false);
  });

  it("picks the sink branch by its type", () => {
    const r = onespec([
      "run",
      workflow(
        "source:\n  connector: sqlite\n  config:\n    database_path: x.db\nsink:\n  type: sqlit\n",
      ),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /workflow\.yaml:6:\d+ error \/sink type must be one of "sqlite", "jsonl", "postgres"/,
    );
    expect(r.stderr.match(/error/g)).toHaveLength(2); // the diagnostic and the "1 error(s)" summary
  });

  it("reports an unknown connector and an unset variable clearly", () => {
    const unknown = onespec(["run", workflow("source:\n  connector: nosuch\n  config: {}\n")]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /workflow\.yaml:2:14 error No runtime implementation for connector "nosuch".*\[run\/connector-unavailable\]\n\s+at \/source\/connector/,
    );
    const unset = onespec([
      "run",
      workflow(
        "source:\n  connector: sqlite\n  config:\n    database_path: ${ONESPEC_TEST_UNSET_VAR}\n",
      ),
    ]);
    expect(unset.code).toBe(1);
    expect(unset.stderr).toMatch(/ONESPEC_TEST_UNSET_VAR/);
    expect(unset.stderr).toMatch(/workflow\.yaml:4:\d+/);
  });

  it("finds a connector's package in the project it runs in, and names the package to install when it is not there", () => {
    // A project outside the repository, where no workspace links @onespec/connector-mysql.
    const project = mkdtempSync(path.join(os.tmpdir(), "onespec-run-project-"));
    try {
      writeFileSync(
        path.join(project, "workflow.yaml"),
        "source:\n  connector: mysql\n  config: {}\n",
      );
      const r = onespec(["run", "workflow.yaml"], project);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        [
          "workflow.yaml",
          `  workflow.yaml:2:14 error No runtime implementation for connector "mysql": its package @onespec/connector-mysql is not installed in ${realpathSync(project)}. Run \`npm install --save-dev @onespec/connector-mysql\` there and try again. [run/connector-unavailable]`,
          "    at /source/connector",
          "1 error(s), 0 warning(s), 0 info",
          "",
        ].join("\n"),
      );
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it("names the sink's package to install when it is missing, before reading the source", () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db");
    const r = withMissing(["@onespec/sink-sqlite"], ["run", wf]);
    expect(r.status).toBe(1);
    // Located on the workflow's sink type: that line is what asks for the package.
    expect(r.stderr).toMatch(
      /workflow[^\n]*\.yaml:7:\d+ error the sqlite sink needs the package @onespec\/sink-sqlite, which is not installed \[run\/sink-unavailable\]\n\s+at \/sink\/type\n\s+hint: Run `npm install --save-dev @onespec\/sink-sqlite` and try again\./,
    );
    expect(existsSync(path.join(path.dirname(wf), "catalog.db"))).toBe(false);
  });
});

describe("onespec test-connection", () => {
  it("prints each step and exits 0 when every mandatory step passes", () => {
    const config = path.join(dir, "sqlite-ok.yaml");
    writeFileSync(config, `database_path: ${SAMPLE}\n`);
    const r = onespec(["test-connection", "sqlite", config]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ CheckAccess\s+passed/);
    expect(r.stdout).toMatch(/✓ GetTables\s+passed .* \d+ tables/);
    const json = JSON.parse(onespec(["test-connection", "sqlite", config, "--json"]).stdout) as {
      ok: boolean;
      steps: unknown[];
    };
    expect(json.ok).toBe(true);
    expect(json.steps).toHaveLength(3);
  });

  it("reports an invalid config at its line and runs no step", () => {
    const config = path.join(dir, "sqlite-bad.yaml");
    writeFileSync(config, "database_path: x.db\nmode: sideways\n");
    const r = onespec(["test-connection", "sqlite", config]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sqlite-bad\.yaml:2:7 error \/mode must be one of: "ro", "rw"/);
    expect(r.stderr).toMatch(/no step was run/);
    expect(r.stdout).not.toMatch(/CheckAccess/);
  });

  it("exits 1 when a mandatory step fails, showing the step's advice", () => {
    const config = path.join(dir, "sqlite-missing.json");
    writeFileSync(config, JSON.stringify({ database_path: "does-not-exist.db" }));
    const r = onespec(["test-connection", "sqlite", config]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✗ CheckAccess\s+failed .*does not exist.*Check that the path points/);
    expect(r.stdout).toMatch(/- GetTables\s+skipped/);
  });
});

describe("Ctrl-C", () => {
  it("stops after the current batch with an 'interrupted' summary, and the next run resumes", async () => {
    const wf = sqliteWorkflow("  type: sqlite\n  path: catalog.db", 1, "");
    writeFileSync(wf, readFileSync(wf, "utf8") + "  rate_limit_per_second: 20\n");
    const child = spawn(
      process.execPath,
      [BIN, "run", wf, "--json", "--log-format", "json", "--log-level", "debug"],
      { cwd: REPO },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      let sent = false;
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        // At least 3, once: one chunk of output may hold several lines, so the count can go
        // from 2 to 4 (waiting for exactly 3 then never sent the signal and the run finished).
        if (!sent && stderr.split('"batch stored"').length - 1 >= 3) {
          sent = true;
          child.kill("SIGINT");
        }
      });
      child.on("close", resolve);
    });
    expect(code).toBe(1);
    const interrupted = summaryOf(stdout);
    expect(interrupted.error).toMatchObject({
      kind: "interrupted",
      message: expect.stringMatching(/SIGINT/),
    });
    expect(interrupted.total.created).toBeGreaterThanOrEqual(3);
    const resumed = summaryOf(onespec(["run", wf, "--json", "--log-level", "warn"]).stdout);
    expect(resumed).toMatchObject({ status: "ok", resumed: true });
  }, 60_000);
});

describe("a sync killed with SIGKILL resumes from its checkpoint", () => {
  // Far fewer batches than a run has (about 40), so every kill lands mid-run.
  const kills = [1, 4, 9, 3, 2];

  it.each([
    ["sqlite catalog", "  type: sqlite\n  path: catalog.db"],
    ["JSON lines", "  type: jsonl\n  directory: out"],
  ])(
    "into the %s: nothing lost, nothing duplicated",
    async (_name, sink) => {
      const reference = sqliteWorkflow(sink, 2);
      const ref = onespec(["run", reference, "--json", "--log-level", "warn"]);
      const expected = summaryOf(ref.stdout);

      const wf = sqliteWorkflow(sink, 2);
      // Paced so every kill lands mid-run, never after the run has finished.
      writeFileSync(wf, readFileSync(wf, "utf8") + "  rate_limit_per_second: 40\n");
      const { interrupted, final } = await killUntilDone(BIN, wf, kills, { cwd: REPO });
      expect(interrupted).toBeGreaterThanOrEqual(3);
      expect(final?.code).toBe(0);
      const summary = summaryOf(final.stdout);
      expect(summary.resumed).toBe(true);
      // Counts carried across the interruptions add up to one clean run: nothing counted twice.
      expect(summary.entities).toEqual(expected.entities);

      if (sink.includes("sqlite")) {
        expect(await catalog(path.join(path.dirname(wf), "catalog.db"))).toEqual(
          await catalog(path.join(path.dirname(reference), "catalog.db")),
        );
      } else {
        const read = (w: string) => {
          const folder = path.join(path.dirname(w), "out", "retail");
          return Object.fromEntries(
            readdirSync(folder)
              .sort()
              .map((f) => [
                f,
                readFileSync(path.join(folder, f), "utf8").trim().split("\n").sort(),
              ]),
          );
        };
        const got = read(wf);
        expect(got).toEqual(read(reference));
        for (const lines of Object.values(got)) {
          const fqns = lines.map((l) => (JSON.parse(l) as { fqn: string }).fqn);
          expect(new Set(fqns).size).toBe(fqns.length);
        }
        expect(
          readdirSync(path.join(path.dirname(wf), "out", "retail")).some(
            (f) => f.includes("partial") || f === "state.json",
          ),
        ).toBe(false);
      }
    },
    120_000,
  );
});
