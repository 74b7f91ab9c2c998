import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
      ["host: db.example.com", "port: 5432", "database: analytics", "username: reader", `password: ${SECRET}`, "ssl:", "  mode: verify-full", ""].join("\n"),
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
      JSON.stringify({ host: "db.example.com", port: 70000, username: "reader", password: 12345, ssl: { mode: "sometimes", client_key: SECRET, typo: true }, extra: SECRET }, null, 2),
    );
    const r = onespec(["validate", "postgres", p]);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain(SECRET);
    expect(hasStackTrace(out)).toBe(false);
    for (const pointer of ["/database", "/port", "/password", "/ssl/mode", "/ssl/typo", "/extra"]) expect(out).toContain(pointer);
    expect(out).toMatch(/bad\.json:3:\d+ error \/port must be <= 65535 \(received 70000\)/);
    expect(out).toMatch(/\/password[\s\S]*\[redacted\]/);
    expect(out).toMatch(/7 problems/); // including the client_key pattern, value redacted
  });

  it("prints JSON for tools", () => {
    const p = file("bad2.yaml", `host: h\nport: "5432"\ndatabase: d\nusername: u\npassword: ${SECRET}\nssh_tunnel:\n  tunnel_method: SSH_KEY_AUTH\n  tunnel_host: bastion.example.com\n  tunnel_user: ec2-user\n`);
    const r = onespec(["validate", "postgres", p, "--format", "json"]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.valid).toBe(false);
    const found = result.problems.map((x: { pointer: string; keyword: string }) => `${x.pointer} ${x.keyword}`).sort();
    // The discriminator picks the SSH_KEY_AUTH branch, so only its problems are reported.
    expect(found).toEqual(["/port type", "/ssh_tunnel/ssh_key required", "/ssh_tunnel/tunnel_port required"]);
    expect(r.stdout).not.toContain(SECRET);
  });

  const broken: [string, string, string, RegExp][] = [
    ["malformed YAML", "broken.yaml", "host: [unclosed\nport: 1\n", /broken\.yaml:\d+:\d+ error Invalid YAML/],
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
    expect(unknown.stderr).toMatch(/No generated validator for connector "oracle"[\s\S]*Known connectors: .*postgres/);
    expect(hasStackTrace(missing.stderr + unknown.stderr)).toBe(false);
  });
});

describe("onespec validate with ${ENV_VAR} secrets", () => {
  const config = ["host: db.example.com", "port: 5432", "database: analytics", "username: reader", "ssl:", "  mode: verify-full", "  client_key: ${PG_TEST_CLIENT_KEY}", ""].join("\n");

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
    expect(r.stderr).toMatch(/env-missing\.yaml:7:\d+ error \/ssl\/client_key refers to \$\{PG_TEST_CLIENT_KEY\}, which is not set/);
  });
});
