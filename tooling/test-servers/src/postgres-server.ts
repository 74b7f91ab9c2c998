/**
 * A throwaway PostgreSQL server for tests: initdb into a temp dir, start on a free 127.0.0.1 port,
 * run SQL through psql, stop and delete everything.
 *
 * Needs the PostgreSQL server binaries (Debian: `apt-get install -y postgresql`). initdb and postgres
 * refuse to run as root, so when this process is root they run as the `postgres` system user via runuser.
 */
import { execFile, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  password: string;
  /** The cluster's data directory (PGDATA); it lives in a temp dir that `stop` deletes. */
  dataDir: string;
  /** connection options for node-postgres for a database */
  connection(database?: string): {
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
  };
  /** runs SQL text (many statements) in a database with psql -v ON_ERROR_STOP=1, throwing with psql's stderr on error */
  runSql(database: string, sql: string): Promise<void>;
  /** runs one query with psql and returns its rows (every value as text, NULL as ""). */
  query(database: string, sql: string): Promise<string[][]>;
  createDatabase(name: string): Promise<void>;
  /**
   * Replaces the TLS certificate and key of a server started with `ssl` and reloads the
   * configuration; resolves once new connections get the new certificate.
   */
  useCertificate(ssl: { cert: string; key: string }): Promise<void>;
  /** Stops the server (immediate mode) and deletes its temp dir; safe to call twice. */
  stop(): Promise<void>;
}

const USER = "onespec";
const HOST = "127.0.0.1";
const INSTALL_HINT =
  "install the PostgreSQL server binaries (Debian/Ubuntu: `apt-get install -y postgresql`) or set PG_BIN to the folder holding initdb, pg_ctl and psql";

/** Newest /usr/lib/postgresql/<version>/bin that holds initdb, or $PG_BIN when set. */
export function findPostgresBin(): string {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv) {
    if (!existsSync(path.join(fromEnv, "initdb")))
      throw new Error(`PG_BIN=${fromEnv} does not contain initdb: ${INSTALL_HINT}`);
    return fromEnv;
  }
  const root = "/usr/lib/postgresql";
  let versions: string[] = [];
  try {
    versions = readdirSync(root);
  } catch {
    // no PostgreSQL installed at all
  }
  const bin = versions
    .filter((v) => /^\d+(\.\d+)?$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(root, v, "bin"))
    .find((dir) => existsSync(path.join(dir, "initdb")));
  if (!bin) throw new Error(`PostgreSQL server binaries not found under ${root}: ${INSTALL_HINT}`);
  return bin;
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/** The environment for child processes, without PG* variables that could point them at another server. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PG")) env[k] = v;
  return { ...env, ...extra };
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env ?? childEnv(),
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
        encoding: "utf8",
      },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== "number")
          return reject(
            new Error(`${path.basename(file)} failed to run: ${error.message}\n${stderr}`),
          );
        resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
      },
    );
    if (options.input !== undefined) {
      child.stdin?.on("error", () => {}); // psql may exit before reading everything; its stderr says why
      child.stdin?.end(options.input);
    }
  });
}

/** A port that was free a moment ago (the OS picks it; we release it for postgres to bind). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error("could not find a free port"))));
    });
  });
}

function tail(text: string, lines = 40): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const confString = (value: string): string =>
  `'${value.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;

/** Servers still running, stopped synchronously if the process exits without calling stop(). */
const running = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const kill of [...running]) kill();
  });
}

export interface StartOptions {
  name?: string;
  /** Turn TLS on with this certificate and key (PEM text); plaintext connections still work. */
  ssl?: { cert: string; key: string };
}

export async function startPostgres(options: StartOptions = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const asRoot = isRoot();
  let owner: { uid: number; gid: number } | undefined;
  if (asRoot) {
    try {
      owner = {
        uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim()),
        gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim()),
      };
    } catch {
      throw new Error(
        `running as root, but there is no \`postgres\` system user to run initdb/postgres as: ${INSTALL_HINT}`,
      );
    }
  }
  /** Runs a server binary, as the postgres user when we are root. */
  const asServerUser = (tool: string, args: readonly string[], cwd: string) =>
    asRoot
      ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args], { cwd })
      : run(path.join(bin, tool), args, { cwd });

  const label = (options.name ?? "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 20);
  const root = mkdtempSync(path.join(os.tmpdir(), `onespec-pg-${label ? `${label}-` : ""}`));
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "socket");
  const pwfile = path.join(root, "pwfile");
  const logFile = path.join(root, "server.log");
  const password = randomBytes(18).toString("base64url");
  const removeRoot = () => rmSync(root, { recursive: true, force: true });

  try {
    mkdirSync(socketDir);
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) for (const p of [root, socketDir, pwfile]) chownSync(p, owner.uid, owner.gid);

    const init = await asServerUser(
      "initdb",
      [
        "-D",
        dataDir,
        "-U",
        USER,
        `--pwfile=${pwfile}`,
        "--auth=scram-sha-256",
        "-E",
        "UTF8",
        "--no-locale",
        "--no-sync",
      ],
      root,
    );
    if (init.code !== 0)
      throw new Error(`initdb failed (exit ${init.code}):\n${tail(init.stderr || init.stdout)}`);
    rmSync(pwfile, { force: true });

    // Appending keeps the file's owner (postgres); these settings trade durability for speed.
    appendFileSync(
      path.join(dataDir, "postgresql.conf"),
      [
        "",
        "# onespec test server",
        `listen_addresses = ${confString(HOST)}`,
        `unix_socket_directories = ${confString(socketDir)}`,
        "fsync = off",
        "synchronous_commit = off",
        "full_page_writes = off",
        "wal_level = minimal",
        "max_wal_senders = 0",
        "autovacuum = off",
        "shared_buffers = 32MB",
        "max_connections = 50",
        "logging_collector = off",
        ...(options.ssl
          ? ["ssl = on", "ssl_cert_file = 'server.crt'", "ssl_key_file = 'server.key'"]
          : []),
        "",
      ].join("\n"),
    );
    if (options.ssl) {
      const cert = path.join(dataDir, "server.crt");
      const key = path.join(dataDir, "server.key");
      writeFileSync(cert, options.ssl.cert, { mode: 0o644 });
      writeFileSync(key, options.ssl.key, { mode: 0o600 });
      if (owner) for (const p of [cert, key]) chownSync(p, owner.uid, owner.gid);
    }

    let port = 0;
    let log = "";
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const logStart = existsSync(logFile) ? readFileSync(logFile, "utf8").length : 0;
      const start = await asServerUser(
        "pg_ctl",
        ["-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", `-p ${port}`, "start"],
        root,
      );
      if (start.code === 0) break;
      log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(logStart) : "";
      if (attempt < 5 && /address already in use/i.test(log)) continue;
      // pg_ctl may give up waiting while the server is still coming up: make sure it is gone.
      await asServerUser("pg_ctl", ["-D", dataDir, "-m", "immediate", "-w", "stop"], root).catch(
        () => undefined,
      );
      throw new Error(
        `PostgreSQL did not start (pg_ctl exit ${start.code}): ${tail(start.stderr || start.stdout, 10)}\nserver log:\n${tail(log)}`,
      );
    }

    const killSync = () => {
      running.delete(killSync);
      try {
        const args = ["-D", dataDir, "-m", "immediate", "-w", "stop"];
        if (asRoot)
          execFileSync("runuser", ["-u", "postgres", "--", path.join(bin, "pg_ctl"), ...args], {
            cwd: root,
            env: childEnv(),
            stdio: "ignore",
          });
        else
          execFileSync(path.join(bin, "pg_ctl"), args, {
            cwd: root,
            env: childEnv(),
            stdio: "ignore",
          });
      } catch {
        // already stopped
      }
      removeRoot();
    };
    running.add(killSync);
    installExitHook();

    const psqlEnv = () =>
      childEnv({
        PGPASSWORD: password,
        PGOPTIONS: "-c client_min_messages=warning",
        PGCONNECT_TIMEOUT: "10",
      });
    const psql = async (
      database: string,
      args: readonly string[],
      input: string,
    ): Promise<string> => {
      const result = await run(
        path.join(bin, "psql"),
        [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "-h",
          HOST,
          "-p",
          String(port),
          "-U",
          USER,
          "-d",
          database,
          ...args,
        ],
        { cwd: os.tmpdir(), env: psqlEnv(), input },
      );
      if (result.code !== 0)
        throw new Error(
          `psql failed in database ${database} (exit ${result.code}):\n${result.stderr.trim() || result.stdout.trim()}`,
        );
      return result.stdout;
    };

    let stopped = false;
    const server: PostgresServer = {
      host: HOST,
      port,
      user: USER,
      password,
      dataDir,
      connection: (database = "postgres") => ({ host: HOST, port, user: USER, password, database }),
      runSql: async (database, sql) => {
        await psql(database, ["-f", "-"], sql);
      },
      query: async (database, sql) => {
        const out = await psql(database, ["-A", "-t", "-F", "\x1f", "-R", "\x1e", "-f", "-"], sql);
        const text = out.replace(/\n$/, "");
        return text === "" ? [] : text.split("\x1e").map((row) => row.split("\x1f"));
      },
      createDatabase: async (name) => {
        await psql("postgres", ["-f", "-"], `CREATE DATABASE ${quoteIdent(name)};\n`);
      },
      useCertificate: async (ssl) => {
        if (!options.ssl) throw new Error("useCertificate: this server was started without ssl");
        const loadTime = async () =>
          (await server.query("postgres", "SELECT pg_conf_load_time();"))[0]?.[0];
        const before = await loadTime();
        // Rewriting keeps the files' owner (postgres); the postmaster reads them on reload.
        writeFileSync(path.join(dataDir, "server.crt"), ssl.cert);
        writeFileSync(path.join(dataDir, "server.key"), ssl.key);
        await server.runSql("postgres", "SELECT pg_reload_conf();\n");
        // The reload is asynchronous; a session started after it sees the new load time, and
        // the postmaster loads the certificate in the same step.
        const deadline = Date.now() + 30_000;
        while ((await loadTime()) === before) {
          if (Date.now() > deadline)
            throw new Error("PostgreSQL did not reload its configuration within 30 s");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          await asServerUser(
            "pg_ctl",
            ["-D", dataDir, "-m", "immediate", "-w", "-t", "60", "stop"],
            root,
          );
        } finally {
          removeRoot();
          running.delete(killSync); // only now: if the process exits mid-stop, the exit hook still cleans up
        }
      },
    };
    return server;
  } catch (error) {
    removeRoot();
    throw error;
  }
}
