/**
 * loadSecretsFile on files that are not what a secrets file should be: real FIFOs (mkfifo),
 * real devices, directories, huge and binary files, and files whose keys are secrets
 * (/etc/shadow's shape). Each ends in a ConfigError that names the file and a line, never its
 * content, and none blocks: a FIFO is refused before it is opened.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/errors.js";
import { MAX_SECRETS_FILE_BYTES, loadSecretsFile } from "../src/secrets.js";

const dir = mkdtempSync(join(tmpdir(), "onespec-secrets-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const fifo = (name: string): string => {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  return path;
};

const CHILD = fileURLToPath(new URL("./load-secrets-child.ts", import.meta.url));

interface Outcome {
  ok: boolean;
  name?: string;
  kind?: string;
  message?: string;
  hint?: string;
  names?: string[];
}

/**
 * loadSecretsFile in a child process with a 60 s limit (a loaded 2-core CI needs seconds to
 * start tsx), then SIGKILL: a regression that blocks on a FIFO or reads /dev/zero forever fails
 * here instead of hanging the suite.
 */
function outcome(path: string): Outcome & { status: number | null; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, ["--import", "tsx", CHILD, path], {
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
  });
  const parsed = r.stdout.trim() === "" ? { ok: false } : (JSON.parse(r.stdout) as Outcome);
  return { ...parsed, status: r.status, signal: r.signal };
}

/** The ConfigError loadSecretsFile rejects with, in this process (for regular files only). */
async function failure(path: string): Promise<ConfigError> {
  const error: unknown = await loadSecretsFile(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe("loadSecretsFile refuses special files by type, without opening them", () => {
  /** Refused with exactly this message, as a config error, in time, by a process that exited. */
  const refused = (path: string, message: string | RegExp) => {
    const r = outcome(path);
    expect(r.signal, "killed after 60 s: it hung").toBeNull();
    expect(r.status).toBe(0);
    expect(r.ok).toBe(false);
    expect(r.kind).toBe("config");
    if (typeof message === "string") expect(r.message).toBe(message);
    else expect(r.message).toMatch(message);
    return r;
  };

  it("a FIFO, directly and through a symlink", () => {
    const pipe = fifo("secrets.fifo");
    const r = refused(pipe, `secrets file ${pipe} is a FIFO (named pipe), not a regular file`);
    expect(r.hint).toMatch(/FIFOs, devices and directories are refused/);
    const link = join(dir, "link-to-fifo.yaml");
    symlinkSync(pipe, link);
    refused(link, `secrets file ${link} is a FIFO (named pipe), not a regular file`);
  }, 120_000);

  it.each(["/dev/zero", "/dev/null", "/dev/urandom"])(
    "%s",
    (path) => {
      refused(path, `secrets file ${path} is a character device, not a regular file`);
    },
    120_000,
  );

  it("a directory", () => {
    refused(dir, `secrets file ${dir} is a directory, not a regular file`);
  }, 120_000);

  it("a file over the size cap (a 2 GB sparse file is refused by its size, not read)", () => {
    const huge = file("huge.yaml", "");
    truncateSync(huge, 2 * 1024 ** 3);
    refused(
      huge,
      `secrets file ${huge} is ${2 * 1024 ** 3} bytes, more than the ${MAX_SECRETS_FILE_BYTES} allowed`,
    );
    const justOver = file("over.yaml", `a: "${"x".repeat(MAX_SECRETS_FILE_BYTES)}"\n`);
    refused(justOver, /bytes, more than the 1048576 allowed$/);
  }, 30_000);

  it("a symlink to a regular file is read (mounted secrets are often symlinks)", async () => {
    const real = file("real.yaml", "db:\n  password: pw\n");
    const link = join(dir, "mounted.yaml");
    symlinkSync(real, link);
    expect(await loadSecretsFile(link)).toEqual({ "db.password": "pw" });
  });
});

describe("loadSecretsFile never quotes the file", () => {
  // /etc/shadow's shape: every line is one plain scalar, so YAML reads the first as a key.
  const hash = "$6$Zq8salt$Qw3rtyH4shOfTheRootPassword0123456789";
  const shadow = `root:${hash}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`;

  const leaks = (error: ConfigError, secrets: string[]) => {
    const shown = `${error.message}\n${error.hint ?? ""}`;
    return secrets.filter((s) => shown.includes(s));
  };

  it("a shadow-like file: names line 1, quotes neither key nor hash", async () => {
    const path = file("shadow", shadow);
    const error = await failure(path);
    expect(error.message).toBe(
      `secrets file ${path}, line 1, column 1: the value must be a string, not null`,
    );
    expect(leaks(error, [hash, "Qw3rty", "root:", "daemon"])).toEqual([]);
  });

  it.each([
    ["a key that is a password", "hunter2-as-key: 5\n", ["hunter2"]],
    ["a nested key", "db:\n  s3cr3t-key: [1]\n", ["s3cr3t-key"]],
    ["a duplicate", "tok3n-name: a\ntok3n-name: b\n", ["tok3n-name"]],
    ["a complex key", "? [s3cr3t, x]\n: y\n", ["s3cr3t"]],
    ["an alias to a map", "base: &b {pw: s3cr3t}\ncopy: *b\n", ["s3cr3t", "base", "copy"]],
    ["a top-level string", "just-the-s3cr3t\n", ["s3cr3t"]],
    ["a parse error", "pw: [s3cr3t\n", ["s3cr3t"]],
    ["a tab-indented line", "pw:\n\ts3cr3t: x\n", ["s3cr3t"]],
  ])("%s", async (name, content, secrets) => {
    // The file's name is in the message: it must not hold the secret itself.
    const error = await failure(file(`${name.replace(/\W/g, "-")}.yaml`, content));
    expect(error.message).toMatch(/line \d+, column \d+|its top level/);
    expect(leaks(error, secrets)).toEqual([]);
  });

  it("a binary or non-UTF-8 file is refused as such", async () => {
    const bin = await failure(file("bin.yaml", Buffer.from([0x70, 0x77, 0x3a, 0x20, 0x00, 0x41])));
    expect(bin.message).toMatch(/is binary \(it holds a NUL byte\), not YAML or JSON$/);
    const latin1 = await failure(file("latin1.yaml", Buffer.from("pw: caf\xe9\n", "latin1")));
    expect(latin1.message).toMatch(/is not UTF-8 text$/);
  });
});

describe("loadSecretsFile reads what it should", () => {
  it("keeps __proto__ as a name, and an alias to a string", async () => {
    const secrets = await loadSecretsFile(file("proto.yaml", "a: &x one\nb: *x\n__proto__: two\n"));
    expect(Object.getPrototypeOf(secrets)).toBe(Object.prototype);
    expect(Object.entries(secrets)).toEqual([
      ["a", "one"],
      ["b", "one"],
      ["__proto__", "two"],
    ]);
  });

  it("reads 100,000 keys in linear time", async () => {
    let text = "";
    for (let i = 0; i < 100_000; i++) text += `k${i}: v\n`;
    const secrets = await loadSecretsFile(file("many.yaml", text));
    expect(Object.keys(secrets)).toHaveLength(100_000);
    // 2.5 s alone; 22 s in CI beside two CLI test files: a quadratic reader would take hours.
  }, 120_000);
});
