/**
 * Scheduled runs of a connection saved by `onespec serve` (issue 19): the worker reads it from
 * serve's encrypted store, runs it with `onespec run` and writes the schedule's catalog. The
 * bearer token lives only in the store: it must reach the API (the run succeeds and reads every
 * record) and appear nowhere else: not in the queue's tables, the worker's output or the
 * temporary workflow (deleted after the run). A schedule of a connection that is not in the
 * store fails as a config error, once, without retries.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fireSchedulesAt } from "@onespec/queue";
import { loadConnector } from "@onespec/sdk";
import { ConnectionStore } from "@onespec/server";
import { sqliteCatalog } from "@onespec/sink-sqlite";
import {
  makeRecords,
  startHostileServer,
  startPostgres,
  type HostileServer,
  type PostgresServer,
} from "@onespec/test-servers";
import { BIN, SCRATCH, hasStackTrace, onespecAsync } from "./helpers.js";

const TOKEN = "Saved-Bearer-Token-3c7e91";
const RECORDS = 45;
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "saved-runs-"));
let postgres: PostgresServer;
let api: HostileServer;
let databaseUrl: string;
let db: pg.Pool;
let worker: ChildProcess | undefined;
const output: string[] = [];

/** The CLI with the queue database in its environment (never on the command line: ps shows it). */
const cli = (args: string[]) =>
  onespecAsync(args, { cwd: dir, env: { ONESPEC_QUEUE_DATABASE: databaseUrl } });

beforeAll(async () => {
  postgres = await startPostgres({ name: "saved-runs" });
  await postgres.createDatabase("queue");
  databaseUrl = `postgres://${postgres.user}:${encodeURIComponent(postgres.password)}@${postgres.host}:${postgres.port}/queue`;
  db = new pg.Pool({ ...postgres.connection("queue"), max: 1 });
  api = await startHostileServer({
    auth: { type: "bearer", token: TOKEN },
    endpoints: [
      {
        path: "/v1/customers",
        records: makeRecords(RECORDS),
        pagination: { type: "page_number", pageParam: "page", sizeParam: "per_page" },
      },
    ],
  });
}, 120_000);

afterAll(async () => {
  if (worker?.pid) process.kill(-worker.pid, "SIGKILL");
  await db?.end();
  await api?.stop();
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await get();
    if (ok(value)) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("a schedule of a saved connection", () => {
  it("runs it with the store's secret, which appears nowhere else", async () => {
    const connector = await loadConnector("http-api");
    const storeFile = path.join(dir, ".onespec", "connections.db");
    mkdirSync(path.dirname(storeFile), { recursive: true });
    const store = new ConnectionStore(storeFile);
    const saved = store.create(
      "http-api",
      "customers api",
      {
        base_url: api.url,
        auth: { auth_type: "bearer", credentials: { token: TOKEN } },
        pagination: {
          type: "page_number",
          page_param: "page",
          page_size_param: "per_page",
          page_size: 20,
        },
        endpoints: [
          { name: "customers", path: "/v1/customers", records_path: "data", primary_key: "id" },
        ],
      },
      connector.secretPaths,
    );
    store.close();

    const cron = "0 0 1 1 *";
    const add = await cli(["schedule", "add", "api", "--saved", saved.id, "--cron", cron]);
    expect(add.code, add.stderr).toBe(0);
    const missing = await cli(["schedule", "add", "gone", "--saved", "no-such-id", "--cron", cron]);
    expect(missing.code, missing.stderr).toBe(0);
    const listed = await cli(["schedule", "list"]);
    expect(listed.stdout).toContain(`saved:${storeFile}#${saved.id}`);

    worker = spawn(process.execPath, [BIN, "worker", "--maintenance-interval", "2"], {
      cwd: dir,
      detached: true,
      env: { ...process.env, NO_COLOR: "1", ONESPEC_QUEUE_DATABASE: databaseUrl },
      stdio: ["ignore", "pipe", "pipe"],
    });
    worker.stdout!.on("data", (d: Buffer) => output.push(d.toString()));
    worker.stderr!.on("data", (d: Buffer) => output.push(d.toString()));
    const year = new Date().getUTCFullYear();
    const fired = await fireSchedulesAt(databaseUrl, new Date(Date.UTC(year + 1, 0, 1, 0, 0, 5)));
    expect(fired.map((f) => f.name).sort()).toEqual(["api", "gone"]);

    const runs = await until(
      "both runs to end",
      async () =>
        (
          await db.query<{
            schedule: string;
            status: string;
            error_kind: string | null;
            error_message: string | null;
            counts: { read: number } | null;
          }>(
            "SELECT schedule, status, error_kind, error_message, counts FROM onespec_queue.runs ORDER BY schedule",
          )
        ).rows,
      (rows) => rows.length === 2 && rows.every((r) => r.status !== "running"),
    );
    expect(runs[0]).toMatchObject({
      schedule: "api",
      status: "ok",
      counts: { read: expect.any(Number) },
    });
    expect(runs[1]).toMatchObject({
      schedule: "gone",
      status: "failed",
      error_kind: "config",
      error_message: `there is no saved connection no-such-id in ${storeFile}`,
    });
    // Not retried: its job completed.
    const states = (
      await db.query<{ state: string }>(
        "SELECT state::text FROM pgboss.job WHERE name = 'onespec-run'",
      )
    ).rows.map((r) => r.state);
    expect(states).toEqual(["completed", "completed"]);

    // The catalog the schedule named holds every record, read with the stored token.
    const catalog = sqliteCatalog(path.join(dir, ".onespec", "catalog.db"));
    const entities = await catalog.entities("http-api");
    await catalog.close();
    expect(entities.length).toBeGreaterThan(0);
    expect(entities.length).toBe(runs[0].counts!.read);
    expect(api.log.filter((r) => r.kind === "data" && r.authorised).length).toBeGreaterThan(0);
    expect(api.log.every((r) => r.kind !== "data" || r.authorised)).toBe(true);

    // The secret is in the store only.
    let dump = "";
    for (const t of ["pgboss.job", "onespec_queue.runs", "onespec_queue.schedules"])
      for (const row of (
        await db.query<{ j: string }>(`SELECT row_to_json(t)::text AS j FROM ${t} t`)
      ).rows)
        dump += row.j;
    expect(dump).toContain(saved.id);
    const all = output.join("") + add.stdout + listed.stdout;
    for (const secret of [TOKEN, postgres.password]) {
      expect(dump.includes(secret)).toBe(false);
      expect(all.includes(secret)).toBe(false);
    }
    expect(hasStackTrace(all), all).toBe(false);
    expect(
      readdirSync(os.tmpdir()).filter(
        (f) =>
          f.startsWith("onespec-saved-") && existsSync(path.join(os.tmpdir(), f, "workflow.json")),
      ),
    ).toEqual([]);
  }, 120_000);
});
