import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasStackTrace, onespec, SCRATCH } from "./helpers.js";

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "validate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SECRET = "hunter2-Sup3r-S3cret-value";

describe("onespec validate", () => {
  it("accepts a valid YAML config (exit 0)", () => {
    const p = file(
      "ok.yaml",
      [
        "host: db.example.com",
        "port: 5432",
        "database: analytics",
        "username: reader",
        `password: ${SECRET}`,
        "ssl:",
        "  mode: verify-full",
        "",
      ].join("\n"),
    );
    const r = onespec(["validate", "postgres", p]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("valid postgres config");
    expect(r.stdout).not.toContain(SECRET);
  });

  it("lists every problem with pointer and line, exit 1, never the secret", () => {
    const p = file(
      "bad.json",
      JSON.stringify(
        {
          host: "db.example.com",
          port: 70000,
          username: "reader",
          password: 12345,
          ssl: { mode: "sometimes", client_key: SECRET, typo: true },
          extra: SECRET,
        },
        null,
        2,
      ),
    );
    const r = onespec(["validate", "postgres", p]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain(SECRET);
    expect(hasStackTrace(out)).toBe(false);
    for (const pointer of ["/database", "/port", "/password", "/ssl/mode", "/ssl/typo", "/extra"])
      expect(out).toContain(pointer);
    expect(out).toMatch(/bad\.json:3:\d+ error \/port must be <= 65535 \(received 70000\)/);
    expect(out).toMatch(/\/password[\s\S]*\[redacted\]/);
    expect(out).toMatch(/7 problems/); // including the client_key pattern, value redacted
  });

  it("prints JSON for tools", () => {
    const p = file(
      "bad2.yaml",
      `host: h\nport: "5432"\ndatabase: d\nusername: u\npassword: ${SECRET}\nssh_tunnel:\n  tunnel_method: SSH_KEY_AUTH\n  tunnel_host: bastion.example.com\n  tunnel_user: ec2-user\n`,
    );
    const r = onespec(["validate", "postgres", p, "--format", "json"]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.valid).toBe(false);
    const found = result.problems
      .map((x: { pointer: string; keyword: string }) => `${x.pointer} ${x.keyword}`)
      .sort();
    // The discriminator picks the SSH_KEY_AUTH branch, so only its problems are reported.
    expect(found).toEqual([
      "/port type",
      "/ssh_tunnel/ssh_key required",
      "/ssh_tunnel/tunnel_port required",
    ]);
    expect(r.stdout).not.toContain(SECRET);
  });

  const broken: [string, string, string, RegExp][] = [
    [
      "malformed YAML",
      "broken.yaml",
      "host: [unclosed\nport: 1\n",
      /broken\.yaml:\d+:\d+ error Invalid YAML/,
    ],
    ["malformed JSON", "broken.json", '{ "host": "x",, }', /broken\.json:1:15 error Invalid JSON/],
    ["an empty file", "empty.json", "", /empty\.json:1:1 error The file is empty/],
  ];
  it.each(broken)("reports %s with its position (exit 1)", (_l, name, text, expected) => {
    const r = onespec(["validate", "postgres", file(name, text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("reports a missing file and an unknown connector (exit 1)", () => {
    const missing = onespec(["validate", "postgres", path.join(dir, "nope.yaml")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("Config file not found");
    const unknown = onespec(["validate", "oracle", file("x.json", "{}")]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /No generated validator for connector "oracle"[\s\S]*Known connectors: .*postgres/,
    );
    expect(hasStackTrace(missing.stderr + unknown.stderr)).toBe(false);
  });
});

describe("onespec validate with ${ENV_VAR} secrets", () => {
  const config = [
    "host: db.example.com",
    "port: 5432",
    "database: analytics",
    "username: reader",
    "ssl:",
    "  mode: verify-full",
    "  client_key: ${PG_TEST_CLIENT_KEY}",
    "",
  ].join("\n");

  it("substitutes variables from the environment and never prints their values", () => {
    const p = file("env.yaml", config);
    process.env.PG_TEST_CLIENT_KEY = "not a pem key but very secret";
    try {
      const r = onespec(["validate", "postgres", p]);
      expect(r.code).toBe(1); // the key does not match the PEM pattern
      expect(r.stderr).toMatch(/\/ssl\/client_key must match pattern .*\(received \[redacted\]\)/);
      expect(r.stdout + r.stderr).not.toContain("very secret");
    } finally {
      delete process.env.PG_TEST_CLIENT_KEY;
    }
  });

  it("reports a variable that is not set", () => {
    const r = onespec(["validate", "postgres", file("env-missing.yaml", config)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /env-missing\.yaml:7:\d+ error \/ssl\/client_key refers to \$\{PG_TEST_CLIENT_KEY\}, which is not set/,
    );
  });
});

describe("onespec validate with hostile config files", () => {
  const ESC = "\u001b";
  const valid = [
    "host: db.example.com",
    "port: 5432",
    "database: analytics",
    "username: reader",
    "",
  ].join("\n");
  const LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    .concat(
      "bcdefghi".split("").map(
        (c, i) =>
          `${c}: &${c} [${Array(9)
            .fill("*" + "abcdefghi"[i])
            .join(",")}]`,
      ),
    )
    .join("\n");

  it("refuses a billion laughs with a located error, exit 1 (not 70)", () => {
    const r = onespec(["validate", "postgres", file("laughs.yaml", `${valid}${LAUGHS}\n`)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /laughs\.yaml:10:\d+ error .*aliases expand the config to more than 100000 values.*\[config\/alias-expansion\]/,
    );
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it("escapes terminal escapes in keys and clips long ones", () => {
    const hostile = `${ESC}]0;pwned\u0007${ESC}[2J\u009b31m`;
    const long = "k".repeat(5000);
    const p = file("escapes.yaml", `${valid}"${hostile}": 1\n? ${long}\n: 2\n`);
    const r = onespec(["validate", "postgres", p]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(r.stderr).toContain(
      "/\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31m is not a known property",
    );
    expect(r.stderr).toContain(`/${"k".repeat(60)}… is not a known property`);
    expect(r.stderr).not.toContain("k".repeat(61));
    const json = onespec(["validate", "postgres", p, "--format", "json"]);
    expect(json.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    const pointers = JSON.parse(json.stdout).problems.map((x: { pointer: string }) => x.pointer);
    expect(pointers).toContain(`/${hostile}`); // exact, for tools
  });

  it("reports a 5 MB value without echoing it", () => {
    const r = onespec([
      "validate",
      "postgres",
      file("long-value.yaml", `${valid.replace("port: 5432", `port: "${"9".repeat(5_000_000)}"`)}`),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/long-value\.yaml:2:7 error \/port must be integer/);
    expect(r.stderr.length).toBeLessThan(2000);
  });

  const numbers: [string, string, string, RegExp][] = [
    [
      "YAML .nan",
      "nan.yaml",
      valid.replace("port: 5432", "port: .nan"),
      /nan\.yaml:2:7 error \/port is not a finite number \(received NaN\)/,
    ],
    [
      "YAML .inf",
      "inf.yaml",
      valid.replace("port: 5432", "port: .inf"),
      /inf\.yaml:2:7 error \/port is not a finite number \(received infinity, written \.inf\)/,
    ],
    [
      "JSON 1e400",
      "big.json",
      '{"host": "h",\n "port": 1e400}',
      /big\.json:2:10 error \/port is not a finite number \(received a number too large for JSON: 1e400\)/,
    ],
  ];
  it.each(numbers)("reports %s as what it is, not null", (_l, name, text, expected) => {
    const r = onespec(["validate", "postgres", file(name, text)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(expected);
    expect(r.stderr).not.toContain("received null");
  });

  it("reports a duplicate key in a JSON config, with its position", () => {
    const r = onespec([
      "validate",
      "postgres",
      file("dup.json", '{\n  "host": "a",\n  "port": 5432,\n  "host": "b"\n}'),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /dup\.json:4:3 error The key "host" appears more than once in this object \(first on line 2\)\. \[config\/duplicate-key\]/,
    );
  });

  it("refuses a FIFO, /dev/zero and a file over 10 MB without reading them", () => {
    const fifo = path.join(dir, "pipe.yaml");
    spawnSync("mkfifo", [fifo]);
    const big = path.join(dir, "big.yaml");
    writeFileSync(big, "");
    truncateSync(big, 50 * 1024 * 1024);
    for (const [p, expected] of [
      [fifo, /is a named pipe \(FIFO\), not a regular file.*\[config\/not-a-file\]/],
      ["/dev/zero", /\/dev\/zero is a character device, not a regular file/],
      [big, /big\.yaml is 50\.0 MB; a config file may be at most 10\.0 MB/],
    ] as const) {
      const r = onespec(["validate", "postgres", p]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr.length).toBeLessThan(1000);
    }
  });
});

describe("onespec validate on a config with many problems", () => {
  it("prints the first 100 and counts the rest; --format json lists every one", () => {
    const keys = Array.from({ length: 300 }, (_, i) => `"extra_${i}": 1`).join(", ");
    const p = file(
      "many.json",
      `{"host": "db.example.com", "port": 5432, "database": "d", "username": "u", ${keys}}`,
    );
    const r = onespec(["validate", "postgres", p]);
    expect(r.code).toBe(1);
    expect(r.stderr.match(/error \/extra_\d+ /g)).toHaveLength(100);
    expect(r.stderr).toContain("… and 200 more (--format json lists them all)");
    expect(r.stderr).toContain("300 problems; not a valid postgres config");
    const json = JSON.parse(onespec(["validate", "postgres", p, "--format", "json"]).stdout) as {
      problems: unknown[];
    };
    expect(json.problems).toHaveLength(300);
  });
});
