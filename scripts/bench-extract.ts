/**
 * Extraction throughput (part of `npm run bench`; alone: `npx tsx scripts/bench-extract.ts`).
 *
 * Builds a PostgreSQL database of BENCH_TABLES (1,000) tables × 20 columns over 10 schemas, with
 * primary keys, some comments and foreign keys, and 50 views, then measures in the same run:
 *   floor     the connector's exact catalog queries, in the same pages, on a plain pg.Client
 *             (every row fetched; no entities, no sink): what the extraction cannot beat;
 *   extract   a full runSync into a fresh SQLite catalog;
 *   rerun     runSync into the catalog the extract left (nothing changed: a no-op);
 *   dry run   runSync with dryRun into a fresh catalog (everything rolled back at the end);
 *   baseline  a node process that only imports the modules (its peak RSS is the overhead).
 * Each run is its own child process (node --import tsx this file --variant ...), so its peak
 * RSS is its own; the median of BENCH_REPEATS (3) runs is printed with its ratio to the floor.
 * Asserts nothing about speed; exits non-zero only when a run fails or extracts wrong counts.
 *
 * Env: BENCH_REPEATS (3), BENCH_BATCH_SIZE (200, runSync's default), BENCH_TABLES (1000),
 * BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every measured child into <dir>.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const SCRIPT = fileURLToPath(import.meta.url);
const REPO = fileURLToPath(new URL("../", import.meta.url));
const RESULT = "BENCH_EXTRACT_RESULT ";
const SCHEMAS = 10;
const VIEWS = 50;
const COLUMNS_PER_TABLE = 20;

const repeats = Math.max(1, Number(process.env.BENCH_REPEATS ?? 3));
const batchSize = Math.max(1, Number(process.env.BENCH_BATCH_SIZE ?? 200));
const tableCount = Math.max(200, Number(process.env.BENCH_TABLES ?? 1000));

type Variant = "baseline" | "floor" | "extract" | "rerun" | "dry";

interface Connection {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

/** What a child reports on its last stdout line. */
interface ChildResult {
  variant: Variant;
  /** Seconds of the measured work (connect to close), or since process start for the baseline. */
  seconds: number;
  /** Peak RSS of this process, KiB (VmHWM; see peakRssKiB). */
  peakKiB: number;
  /** process.resourceUsage().maxRSS, KiB: on Linux it includes the parent's RSS at fork. */
  maxRssKiB: number;
  detail: Record<string, unknown>;
}

/**
 * The peak RSS of this process image, in KiB. On Linux ru_maxrss (process.resourceUsage().maxRSS)
 * survives fork+exec, so a child reports at least its parent's RSS at spawn time; VmHWM is the
 * high-water mark of the current address space only. Elsewhere, maxRSS.
 */
function peakRssKiB(): number {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (m) return Number(m[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}

// ---------------------------------------------------------------------------------------------
// The database

/** One psql batch: schemas, tables (committed every 100: a single transaction would exhaust the lock table), views. */
function schemaSql(tables: number): string {
  return `
DO $$
DECLARE
  -- 19 column types after the id, cycled per table so every table differs
  types text[] := ARRAY['integer', 'bigint', 'smallint', 'text', 'varchar(64)', 'char(3)', 'numeric(12,2)',
    'double precision', 'boolean', 'date', 'timestamptz', 'time', 'interval', 'jsonb', 'uuid', 'bytea',
    'inet', 'text[]', 'integer[]'];
  defaults text[] := ARRAY['0', NULL, '1', '''''', NULL, '''abc''', '0', NULL, 'false', 'CURRENT_DATE', 'now()',
    NULL, '''1 day''', '''{}''::jsonb', 'gen_random_uuid()', NULL, NULL, '''{}''', NULL];
  n int := array_length(types, 1);
  t int; c int; k int; sch text; tbl text; cols text; col text; def text;
BEGIN
  FOR t IN 0..${SCHEMAS - 1} LOOP
    EXECUTE format('CREATE SCHEMA %I', 'bench_' || t);
    EXECUTE format('COMMENT ON SCHEMA %I IS %L', 'bench_' || t, 'benchmark schema ' || t);
  END LOOP;
  FOR t IN 0..${tables - 1} LOOP
    sch := 'bench_' || (t % ${SCHEMAS});
    tbl := 't' || lpad(t::text, 4, '0');
    cols := 'id bigint PRIMARY KEY';
    FOR c IN 1..${COLUMNS_PER_TABLE - 1} LOOP
      col := 'c' || lpad(c::text, 2, '0');
      IF c = 1 AND t >= 7 AND t % 4 = 0 THEN
        -- a foreign key on a quarter of the tables, to a table in another schema
        cols := cols || format(', %I bigint REFERENCES %I.%I (id)', col, 'bench_' || ((t - 7) % ${SCHEMAS}), 't' || lpad((t - 7)::text, 4, '0'));
      ELSE
        k := 1 + (t + c) % n;
        def := defaults[k];
        cols := cols || format(', %I %s', col, types[k])
          || CASE WHEN c % 3 = 0 THEN ' NOT NULL' ELSE '' END
          || CASE WHEN c % 4 = 0 AND def IS NOT NULL THEN ' DEFAULT ' || def ELSE '' END;
      END IF;
    END LOOP;
    EXECUTE format('CREATE TABLE %I.%I (%s)', sch, tbl, cols);
    IF t % 3 = 0 THEN
      EXECUTE format('COMMENT ON TABLE %I.%I IS %L', sch, tbl, 'Table number ' || t || ' of the benchmark.');
    END IF;
    IF t % 2 = 0 THEN
      EXECUTE format('COMMENT ON COLUMN %I.%I.c02 IS %L', sch, tbl, 'column two of ' || tbl);
    END IF;
    IF t % 100 = 99 THEN COMMIT; END IF;
  END LOOP;
  COMMIT;
  -- views: 40 joining two tables, 5 on other views, 5 materialized
  FOR t IN 0..${VIEWS - 1} LOOP
    sch := 'bench_' || (t % ${SCHEMAS});
    tbl := 'v' || lpad(t::text, 2, '0');
    IF t < 40 THEN
      EXECUTE format('CREATE VIEW %I.%I AS SELECT a.id, a.c02, a.c03, b.c04 FROM %I.%I a JOIN %I.%I b ON b.id = a.id',
        sch, tbl, 'bench_' || (t % ${SCHEMAS}), 't' || lpad(t::text, 4, '0'),
        'bench_' || ((t * 7 + 3) % ${tables} % ${SCHEMAS}), 't' || lpad(((t * 7 + 3) % ${tables})::text, 4, '0'));
    ELSIF t < 45 THEN
      EXECUTE format('CREATE VIEW %I.%I AS SELECT x.id, x.c02, y.c04 FROM %I.%I x JOIN %I.%I y ON y.id = x.id',
        sch, tbl, 'bench_' || ((t - 40) % ${SCHEMAS}), 'v' || lpad((t - 40)::text, 2, '0'),
        'bench_' || ((t - 35) % ${SCHEMAS}), 'v' || lpad((t - 35)::text, 2, '0'));
    ELSE
      EXECUTE format('CREATE MATERIALIZED VIEW %I.%I AS SELECT a.id, a.c05 FROM %I.%I a',
        sch, tbl, 'bench_' || (t % ${SCHEMAS}), 't' || lpad((t + 100)::text, 4, '0'));
    END IF;
    IF t % 4 = 0 THEN
      EXECUTE format('COMMENT ON %s %I.%I IS %L', CASE WHEN t < 45 THEN 'VIEW' ELSE 'MATERIALIZED VIEW' END, sch, tbl, 'View ' || t);
    END IF;
  END LOOP;
END $$;
ANALYZE;
`;
}

// ---------------------------------------------------------------------------------------------
// Children: one measured variant each

const TABLE_KINDS = ["r", "p", "f"];
const VIEW_KINDS = ["v", "m"];
/** The connector's default schema filter. */
const keepSchema = (name: string): boolean =>
  !/^pg_catalog$|^information_schema$|^pg_toast|^pg_temp_/.test(name);

/** Exactly the queries a full extraction runs, in the same order and pages; only counts kept. */
async function floor(conn: Connection): Promise<Record<string, unknown>> {
  const { default: pg } = await import("pg");
  const Q = await import("../packages/connectors/postgres/src/catalog-queries.js");
  const started = performance.now();
  // connectionOptions() of the connector for ssl mode disable
  const client = new pg.Client({
    ...conn,
    ssl: false,
    application_name: "onespec",
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  const stats = {
    queries: 0,
    rows: 0,
    tables: 0,
    views: 0,
    columns: 0,
    constraints: 0,
    lineage: 0,
  };
  const q = async <T = Record<string, unknown>>(
    sql: string,
    params: unknown[] = [],
  ): Promise<T[]> => {
    stats.queries++;
    const rows = (await client.query(sql, params)).rows as T[];
    stats.rows += rows.length;
    return rows;
  };
  const schemaNames = async () =>
    (await q<{ name: string }>(Q.SCHEMAS)).map((r) => r.name).filter(keepSchema);
  // stream databases
  await q(Q.DATABASES);
  // stream schemas
  await q(Q.DATABASES);
  await schemaNames();
  // streams tables and views
  for (const [kinds, key] of [
    [TABLE_KINDS, "tables"],
    [VIEW_KINDS, "views"],
  ] as const) {
    await q(Q.DATABASES);
    const names = await schemaNames();
    let after: [string, string] = ["", ""];
    for (;;) {
      const rows = await q<{ oid: string; schema: string; name: string }>(Q.RELATIONS, [
        kinds,
        names,
        after[0],
        after[1],
        batchSize,
      ]);
      const last = rows.at(-1);
      if (!last) break;
      after = [last.schema, last.name];
      stats[key] += rows.length;
      const oids = rows.map((r) => r.oid);
      stats.columns += (await q(Q.COLUMNS, [oids])).length;
      stats.constraints += (await q(Q.CONSTRAINTS, [oids])).length;
    }
  }
  // stream lineage
  await q(Q.DATABASES);
  stats.lineage = (await q(Q.VIEW_DEPENDENCIES, [await schemaNames()])).length;
  await client.end();
  return { seconds: (performance.now() - started) / 1000, ...stats };
}

async function extract(
  conn: Connection,
  catalog: string,
  dryRun: boolean,
): Promise<Record<string, unknown>> {
  const { runSync } = await import("@onespec/sdk");
  const { sqliteCatalog } = await import("@onespec/sink-sqlite");
  const { connector: postgresConnector } = await import("@onespec/connector-postgres");
  const config = {
    host: conn.host,
    port: conn.port,
    database: conn.database,
    username: conn.user,
    password: conn.password,
    ssl: { mode: "disable" },
  };
  const started = performance.now();
  const summary = await runSync({
    connector: postgresConnector,
    config,
    service: "bench",
    sink: sqliteCatalog(catalog),
    batchSize,
    dryRun,
  });
  return { seconds: (performance.now() - started) / 1000, summary };
}

async function child(variant: Variant, catalog: string): Promise<void> {
  const conn = JSON.parse(process.env.BENCH_EXTRACT_CONNECTION ?? "{}") as Connection;
  // Every child loads the same modules, so peak RSS minus the baseline's is the variant's own.
  await import("pg");
  await import("../packages/connectors/postgres/src/catalog-queries.js");
  await import("@onespec/sdk");
  await import("@onespec/connector-postgres");
  let detail: Record<string, unknown>;
  const windowStart = process.hrtime.bigint(); // CLOCK_MONOTONIC, as V8 CPU profile timestamps
  switch (variant) {
    case "baseline":
      detail = { seconds: performance.now() / 1000 };
      break;
    case "floor":
      detail = await floor(conn);
      break;
    case "extract":
    case "rerun":
      detail = await extract(conn, catalog, false);
      break;
    case "dry":
      detail = await extract(conn, catalog, true);
      break;
  }
  // Profile timestamps (µs) of the measured work, to cut the imports out of a --cpu-prof profile.
  if (process.env.BENCH_CPU_PROF)
    detail.profileWindowUs = [windowStart / 1000n, process.hrtime.bigint() / 1000n].map(Number);
  const { seconds, ...rest } = detail as { seconds: number };
  const result: ChildResult = {
    variant,
    seconds,
    peakKiB: peakRssKiB(),
    maxRssKiB: process.resourceUsage().maxRSS,
    detail: rest,
  };
  process.stdout.write(`${RESULT}${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: build the database, run the children, print the table

function spawnChild(variant: Variant, conn: Connection, catalog = ""): ChildResult {
  const profDir = process.env.BENCH_CPU_PROF;
  const prof =
    profDir && variant !== "baseline"
      ? [
          "--cpu-prof",
          "--cpu-prof-dir",
          path.resolve(profDir),
          "--cpu-prof-name",
          `${variant}-${Date.now()}.cpuprofile`,
        ]
      : [];
  const r = spawnSync(
    process.execPath,
    [...prof, "--import", "tsx", SCRIPT, "--variant", variant, "--catalog", catalog],
    {
      cwd: REPO,
      encoding: "utf8",
      env: { ...process.env, BENCH_EXTRACT_CONNECTION: JSON.stringify(conn) },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const line = r.stdout?.split("\n").find((l) => l.startsWith(RESULT));
  if (r.status !== 0 || !line) {
    throw new Error(
      `the ${variant} child failed (exit ${r.status}${r.signal ? `, ${r.signal}` : ""}):\n${(r.stderr ?? "").slice(-2000)}${(r.stdout ?? "").slice(-1000)}`,
    );
  }
  const result = JSON.parse(line.slice(RESULT.length)) as ChildResult;
  if (prof.length > 0)
    console.log(
      `profile ${path.join(prof[2], prof[4])}: measured samples between ${JSON.stringify(result.detail.profileWindowUs)} µs`,
    );
  return result;
}

interface Counts {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  deleted: number;
  failed: number;
}
interface Summary {
  status: string;
  dryRun: boolean;
  error?: unknown;
  entities: Record<string, Counts | undefined>;
  total: Counts;
}

/** Problems with a run's summary, compared with what the floor read. */
function check(result: ChildResult, floorDetail: Record<string, unknown> | undefined): string[] {
  const problems: string[] = [];
  const expect = (what: string, actual: unknown, expected: unknown) => {
    if (actual !== expected)
      problems.push(
        `${result.variant}: ${what} is ${String(actual)}, expected ${String(expected)}`,
      );
  };
  if (result.variant === "floor") {
    expect("tables read", result.detail.tables, tableCount);
    expect("views read", result.detail.views, VIEWS);
    return problems;
  }
  const s = result.detail.summary as Summary;
  if (s.status !== "ok") return [`${result.variant}: run ${s.status}: ${JSON.stringify(s.error)}`];
  const e = (type: string) =>
    s.entities[type] ?? { read: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  expect("tables read", e("table").read, tableCount);
  expect("views read", e("view").read, VIEWS);
  if (floorDetail) expect("lineage edges read", e("lineage").read, floorDetail.lineage);
  expect("failures", s.total.failed, 0);
  expect("deletions", s.total.deleted, 0);
  if (result.variant === "rerun") {
    expect("entities unchanged", s.total.unchanged, s.total.read);
  } else {
    expect("entities created", s.total.created, s.total.read);
    expect("dry run flag", s.dryRun, result.variant === "dry");
  }
  return problems;
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function parent(): Promise<number> {
  const { startPostgres } = await import("@onespec/test-servers");
  const scratch = mkdtempSync(path.join(tmpdir(), "onespec-bench-extract-"));
  if (process.env.BENCH_CPU_PROF) mkdirSync(process.env.BENCH_CPU_PROF, { recursive: true });
  const server = await startPostgres({ name: "bench" });
  try {
    await server.createDatabase("bench");
    const buildStarted = performance.now();
    await server.runSql("bench", schemaSql(tableCount));
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const [[version] = [""]] = await server.query("bench", "SHOW server_version");
    const conn: Connection = { ...server.connection("bench") };

    console.log(
      `\nonespec extraction bench: PostgreSQL ${version}, ${tableCount} tables × ${COLUMNS_PER_TABLE} columns in ${SCHEMAS} schemas + ${VIEWS} views, ` +
        `batch size ${batchSize}, ${availableParallelism()} cores, median of ${repeats} runs each`,
    );
    console.log(`database built in ${buildSeconds.toFixed(2)} s (not compared)\n`);

    const runs: Record<Variant, ChildResult[]> = {
      baseline: [],
      floor: [],
      extract: [],
      rerun: [],
      dry: [],
    };
    const problems: string[] = [];
    spawnChild("floor", conn); // warm-up, not measured: server caches, module compile cache
    for (let i = 0; i < repeats; i++) {
      runs.baseline.push(spawnChild("baseline", conn));
      const f = spawnChild("floor", conn);
      runs.floor.push(f);
      problems.push(...check(f, undefined));
      const catalog = path.join(scratch, `catalog-${i}.db`);
      for (const [variant, file] of [
        ["extract", catalog], // fresh catalog
        ["rerun", catalog], // the catalog just written, nothing changed
        ["dry", path.join(scratch, `dry-${i}.db`)], // fresh catalog, rolled back
      ] as const) {
        const r = spawnChild(variant, conn, file);
        runs[variant].push(r);
        problems.push(...check(r, f.detail));
      }
    }

    const labels: Record<Variant, string> = {
      baseline: "baseline (imports only)",
      floor: "floor (catalog queries)",
      extract: "full extraction",
      rerun: "no-op rerun",
      dry: "dry run",
    };
    const floorSeconds = median(runs.floor.map((r) => r.seconds));
    const rows = (Object.keys(runs) as Variant[]).map((v) => {
      const seconds = median(runs[v].map((r) => r.seconds));
      const peak = median(runs[v].map((r) => r.peakKiB)) / 1024;
      return [
        labels[v],
        seconds.toFixed(2),
        v === "baseline" ? "-" : Math.round(tableCount / seconds).toString(),
        peak.toFixed(1),
        v === "baseline"
          ? "(process start + imports)"
          : v === "floor"
            ? "1.00x floor"
            : `${(seconds / floorSeconds).toFixed(2)}x floor`,
      ];
    });
    const header = ["variant", "median s", "tables/s", "peak RSS MiB", "vs floor"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const fmt = (cells: string[]) =>
      cells
        .map((c, i) => (i === 0 || i === 4 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
        .join("   ")
        .trimEnd();
    console.log(fmt(header));
    for (const row of rows) console.log(fmt(row));

    const f = runs.floor.at(-1)!.detail;
    const ex = (runs.extract.at(-1)!.detail.summary as Summary).total;
    console.log(
      `\nfloor: ${f.queries} queries, ${f.rows} rows (${f.tables} tables, ${f.views} views, ${f.columns} columns, ${f.constraints} keys, ${f.lineage} lineage edges); ` +
        `extraction: ${ex.read} entities stored`,
    );
    const all = Object.values(runs).flat();
    console.log(
      `peak RSS is each child's VmHWM; its process.resourceUsage().maxRSS also counts the parent's RSS at spawn ` +
        `(here ${(median(all.map((r) => r.maxRssKiB)) / 1024).toFixed(1)} MiB median); ranges: ` +
        (["floor", "extract", "rerun", "dry"] as const)
          .map(
            (v) =>
              `${v} ${Math.min(...runs[v].map((r) => r.seconds)).toFixed(2)}-${Math.max(...runs[v].map((r) => r.seconds)).toFixed(2)} s`,
          )
          .join(", "),
    );
    if (problems.length > 0) {
      console.error(`\nextraction bench FAILED:\n  ${problems.join("\n  ")}`);
      return 1;
    }
    return 0;
  } finally {
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const variant = arg("--variant") as Variant | undefined;
if (variant) {
  await child(variant, arg("--catalog") ?? "");
} else {
  process.exitCode = await parent();
}
