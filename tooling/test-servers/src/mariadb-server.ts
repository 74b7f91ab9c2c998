/**
 * A throwaway MariaDB server for tests: mariadb-install-db into a temp dir, start mariadbd on a
 * free 127.0.0.1 port, create a password-protected `onespec` account, run SQL through the
 * `mariadb` client, stop with SIGTERM and delete everything.
 *
 * Needs Debian's MariaDB server (`apt-get install -y mariadb-server`; the package starts a
 * service of its own, which these tests do not use). As root, mariadbd runs as the `mysql`
 * system user (`--user=mysql`), so the temp dir is handed to that user.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface MariadbServer {
  host: string;
  port: number;
  /** The `onespec` account, with ALL PRIVILEGES, for 127.0.0.1 and localhost. */
  user: string;
  password: string;
  /** The server's data directory; it lives in a temp dir that `stop` deletes. */
  dataDir: string;
  /** Connection options for mysql2 (over TCP), with a default database when one is given. */
  connection(database?: string): {
    host: string;
    port: number;
    user: string;
    password: string;
    database?: string;
  };
  /** Runs SQL text (many statements) in a database with the `mariadb` client, throwing with its stderr on error. */
  runSql(database: string, sql: string): Promise<void>;
  /** Runs one query and returns its rows (every value as text, NULL as ""). */
  query(database: string, sql: string): Promise<string[][]>;
  createDatabase(name: string): Promise<void>;
  /**
   * Replaces the TLS certificate and key of a server started with `ssl` (FLUSH SSL); new
   * connections get the new certificate.
   */
  useCertificate(ssl: { cert: string; key: string }): Promise<void>;
  /** Stops the server (SIGTERM, then waits) and deletes its temp dir; safe to call twice. */
  stop(): Promise<void>;
}

export interface MariadbStartOptions {
  /** A label for the temp dir, to tell servers apart. */
  name?: string;
  /** Turn TLS on with this certificate and key (PEM text); plaintext connections still work. */
  ssl?: { cert: string; key: string };
}

const USER = "onespec";
const HOST = "127.0.0.1";
const INSTALL_HINT =
  "install the MariaDB server (Debian/Ubuntu: `apt-get install -y mariadb-server`) or set MARIADB_BIN to the folder holding mariadbd, mariadb-install-db and mariadb";

interface MariadbBinaries {
  server: string;
  installDb: string;
  client: string;
}

/** mariadbd, mariadb-install-db and the mariadb client: from $MARIADB_BIN, else Debian's paths or $PATH. */
export function findMariadbBinaries(): MariadbBinaries {
  const fromEnv = process.env.MARIADB_BIN;
  const dirs = fromEnv
    ? [fromEnv]
    : [
        "/usr/sbin",
        "/usr/bin",
        "/usr/local/sbin",
        "/usr/local/bin",
        ...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean),
      ];
  const find = (name: string): string => {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (existsSync(file)) return file;
    }
    throw new Error(
      `${name} not found${fromEnv ? ` in MARIADB_BIN=${fromEnv}` : ""}: ${INSTALL_HINT}`,
    );
  };
  return {
    server: find("mariadbd"),
    installDb: find("mariadb-install-db"),
    client: find("mariadb"),
  };
}

const isRoot = (): boolean => typeof process.getuid === "function" && process.getuid() === 0;

/** The environment for child processes, without MYSQL_* variables that could point them elsewhere. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(MYSQL|MARIADB)_/.test(k)) env[k] = v;
  return env;
}

interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function run(
  file: string,
  args: readonly string[],
  options: { cwd: string; input?: string; timeoutMs?: number },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: childEnv(),
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
    child.stdin?.on("error", () => {}); // the client may exit before reading everything; its stderr says why
    child.stdin?.end(options.input ?? "");
  });
}

/** A port that was free a moment ago (the OS picks it; we release it for mariadbd to bind). */
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

const quoteIdent = (name: string): string => `\`${name.replace(/`/g, "``")}\``;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The text of XML character data as the mariadb client escapes it. */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_m, entity: string) => {
    const e = entity.toLowerCase();
    if (e.startsWith("#x")) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#")) return String.fromCodePoint(parseInt(e.slice(1), 10));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[e] ?? "";
  });
}

/** Rows of `mariadb --xml` output: each field's text, NULL (xsi:nil) as "". */
function parseXmlRows(xml: string): string[][] {
  const rows: string[][] = [];
  for (const [, body] of xml.matchAll(/<row>([\s\S]*?)<\/row>/g)) {
    const row: string[] = [];
    for (const [, selfClosing, value] of body.matchAll(/<field\b[^>]*?(\/>|>([\s\S]*?)<\/field>)/g))
      row.push(selfClosing === "/>" ? "" : unescapeXml(value ?? ""));
    rows.push(row);
  }
  return rows;
}

/** Servers still running, killed synchronously if the process exits without calling stop(). */
const running = new Set<() => void>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const kill of [...running]) kill();
  });
}

/** Resolves when the child has exited (at once if it already has). */
function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startMariadb(options: MariadbStartOptions = {}): Promise<MariadbServer> {
  const bin = findMariadbBinaries();
  let owner: { uid: number; gid: number } | undefined;
  if (isRoot()) {
    try {
      owner = {
        uid: Number(execFileSync("id", ["-u", "mysql"], { encoding: "utf8" }).trim()),
        gid: Number(execFileSync("id", ["-g", "mysql"], { encoding: "utf8" }).trim()),
      };
    } catch {
      throw new Error(
        `running as root, but there is no \`mysql\` system user to run mariadbd as: ${INSTALL_HINT}`,
      );
    }
  }
  const userArgs = owner ? ["--user=mysql"] : [];

  const label = (options.name ?? "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 20);
  const root = mkdtempSync(path.join(os.tmpdir(), `onespec-mariadb-${label ? `${label}-` : ""}`));
  const dataDir = path.join(root, "data");
  const socket = path.join(root, "mariadb.sock");
  const pidFile = path.join(root, "mariadb.pid");
  const logFile = path.join(root, "server.log");
  // Its own temp dir: servers bootstrapping side by side must not share /tmp's #sql files.
  const tmpDir = path.join(root, "tmp");
  const clientConf = path.join(root, "client.cnf");
  const password = randomBytes(18).toString("base64url");
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  let child: ChildProcess | undefined;

  // Settings for a small, fast, disposable server: durability traded for speed.
  const serverArgs = [
    "--no-defaults",
    ...userArgs,
    `--datadir=${dataDir}`,
    `--tmpdir=${tmpDir}`,
    "--skip-name-resolve",
    "--character-set-server=utf8mb4",
    "--collation-server=utf8mb4_general_ci",
    "--innodb-buffer-pool-size=16M",
    "--innodb-log-file-size=8M",
    "--innodb-log-buffer-size=2M",
    "--innodb-flush-log-at-trx-commit=2",
    "--innodb-doublewrite=0",
    "--innodb-fast-shutdown=2",
    "--skip-innodb-adaptive-hash-index",
    "--key-buffer-size=1M",
    "--aria-pagecache-buffer-size=1M",
    "--performance-schema=OFF",
    "--max-connections=50",
    "--table-open-cache=400",
  ];

  try {
    mkdirSync(tmpDir);
    if (owner) for (const p of [root, tmpDir]) chownSync(p, owner.uid, owner.gid);
    const init = await run(
      bin.installDb,
      [...serverArgs, "--auth-root-authentication-method=normal", "--skip-test-db"],
      { cwd: root },
    );
    if (init.code !== 0)
      throw new Error(
        `mariadb-install-db failed (exit ${init.code}):\n${tail(init.stderr || init.stdout)}`,
      );

    const tlsArgs: string[] = [];
    const certFile = path.join(root, "server.crt");
    const keyFile = path.join(root, "server.key");
    if (options.ssl) {
      writeFileSync(certFile, options.ssl.cert, { mode: 0o644 });
      writeFileSync(keyFile, options.ssl.key, { mode: 0o600 });
      if (owner) for (const p of [certFile, keyFile]) chownSync(p, owner.uid, owner.gid);
      tlsArgs.push(`--ssl-cert=${certFile}`, `--ssl-key=${keyFile}`);
    }

    /** Root over the unix socket: the only way in until the onespec account exists. */
    const asRoot = (sql: string) =>
      run(bin.client, ["--no-defaults", `--socket=${socket}`, "--user=root", "--batch"], {
        cwd: root,
        input: sql,
        timeoutMs: 10_000,
      });

    let port = 0;
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const logStart = existsSync(logFile) ? readFileSync(logFile, "utf8").length : 0;
      const proc = spawn(
        bin.server,
        [
          ...serverArgs,
          ...tlsArgs,
          `--port=${port}`,
          `--bind-address=${HOST}`,
          `--socket=${socket}`,
          `--pid-file=${pidFile}`,
          `--log-error=${logFile}`,
          "--skip-log-bin",
        ],
        { cwd: root, env: childEnv(), stdio: "ignore" },
      );
      child = proc;
      proc.on("error", () => undefined); // reported below as "exited before accepting connections"
      const deadline = Date.now() + 60_000;
      let ready = false;
      while (Date.now() < deadline && proc.exitCode === null && proc.signalCode === null) {
        if (existsSync(socket) && (await asRoot("SELECT 1;")).code === 0) {
          ready = true;
          break;
        }
        await sleep(100);
      }
      if (ready) break;
      const log = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(logStart) : "";
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGKILL");
        await exited(proc);
        throw new Error(
          `MariaDB did not accept connections within 60 s; server log:\n${tail(log)}`,
        );
      }
      if (attempt < 5 && /address already in use|bind on tcp\/ip port/i.test(log)) continue;
      throw new Error(
        `MariaDB exited before accepting connections (exit ${proc.exitCode ?? proc.signalCode}); server log:\n${tail(log)}`,
      );
    }
    const server = child;

    const killSync = () => {
      running.delete(killSync);
      try {
        if (server.pid && server.exitCode === null) process.kill(server.pid, "SIGKILL");
      } catch {
        // already gone
      }
      removeRoot();
    };
    running.add(killSync);
    installExitHook();

    const grants = await asRoot(
      [
        `CREATE USER '${USER}'@'127.0.0.1' IDENTIFIED BY '${password}';`,
        `CREATE USER '${USER}'@'localhost' IDENTIFIED BY '${password}';`,
        `GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'127.0.0.1' WITH GRANT OPTION;`,
        `GRANT ALL PRIVILEGES ON *.* TO '${USER}'@'localhost' WITH GRANT OPTION;`,
        "",
      ].join("\n"),
    );
    if (grants.code !== 0) {
      killSync();
      throw new Error(`creating the ${USER} account failed: ${grants.stderr.trim()}`);
    }
    // The client reads the password from a file in the temp dir rather than its command line.
    writeFileSync(
      clientConf,
      `[client]\nhost=${HOST}\nport=${port}\nuser=${USER}\npassword=${password}\nprotocol=TCP\n`,
      { mode: 0o600 },
    );

    const client = async (database: string | undefined, args: readonly string[], input: string) => {
      const result = await run(
        bin.client,
        [
          `--defaults-file=${clientConf}`,
          "--batch",
          "--connect-timeout=10",
          "--default-character-set=utf8mb4",
          ...(database !== undefined ? [`--database=${database}`] : []),
          ...args,
        ],
        { cwd: os.tmpdir(), input },
      );
      if (result.code !== 0)
        throw new Error(
          `mariadb failed${database !== undefined ? ` in database ${database}` : ""} (exit ${result.code}):\n${result.stderr.trim() || result.stdout.trim()}`,
        );
      return result.stdout;
    };

    let stopped = false;
    const handle: MariadbServer = {
      host: HOST,
      port,
      user: USER,
      password,
      dataDir,
      connection: (database) => ({
        host: HOST,
        port,
        user: USER,
        password,
        ...(database !== undefined && { database }),
      }),
      runSql: async (database, sql) => {
        await client(database, [], sql);
      },
      query: async (database, sql) => parseXmlRows(await client(database, ["--xml"], sql)),
      createDatabase: async (name) => {
        await client(undefined, [], `CREATE DATABASE ${quoteIdent(name)};\n`);
      },
      useCertificate: async (ssl) => {
        if (!options.ssl) throw new Error("useCertificate: this server was started without ssl");
        // Rewriting keeps the files' owner (mysql); FLUSH SSL reads them again.
        writeFileSync(certFile, ssl.cert);
        writeFileSync(keyFile, ssl.key);
        const flushed = await asRoot("FLUSH SSL;");
        if (flushed.code !== 0)
          throw new Error(`FLUSH SSL failed: ${flushed.stderr.trim() || flushed.stdout.trim()}`);
      },
      stop: async () => {
        if (stopped) return;
        stopped = true;
        try {
          if (server.exitCode === null && server.signalCode === null) {
            server.kill("SIGTERM");
            const timer = setTimeout(() => server.kill("SIGKILL"), 30_000);
            await exited(server);
            clearTimeout(timer);
          }
        } finally {
          removeRoot();
          running.delete(killSync); // only now: if the process exits mid-stop, the exit hook still cleans up
        }
      },
    };
    return handle;
  } catch (error) {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exited(child);
    }
    removeRoot();
    throw error;
  }
}
