import { readFileSync, writeFileSync, existsSync, renameSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, hasStackTrace, onespec, snapshotTree, workspace } from "./helpers.js";

describe("onespec generate", () => {
  const ws = workspace();
  const gen = (...extra: string[]) =>
    onespec(["generate", "--schemas", ws.schemas, "--out", ws.out, ...extra]);
  let first: Record<string, string>;

  beforeAll(() => {
    const r = gen();
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    first = snapshotTree(ws.out);
  });
  afterAll(() => ws.cleanup());

  it("ends with a one-line summary", () => {
    const r = gen();
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(
      /^onespec generate: 5 connectors, 0 files written, \d+ unchanged, 0 removed \(\d+\.\d+s\)$/,
    );
  });

  it("is deterministic: a second run leaves every byte as it was", () => {
    gen();
    expect(snapshotTree(ws.out)).toEqual(first);
  });

  it("produces every layer for every connector", () => {
    for (const name of ["postgres", "mysql", "sqlite", "http-api", "snowflake"])
      for (const file of [
        "types.ts",
        "validator.ts",
        "form.ts",
        "form-validator.ts",
        "compiled-validator.ts",
        "fixtures.json",
        "fixtures.ts",
        "README.md",
        "metadata.ts",
        "index.ts",
      ])
        expect(first[`connectors/${name}/${file}`], `${name}/${file}`).toBeDefined();
    for (const file of [
      "index.ts",
      "README.md",
      "definitions/ssl.ts",
      "definitions/ssl.validate.ts",
      "definitions/ssh-tunnel.ts",
      "definitions/ssh-tunnel.validate.ts",
    ])
      expect(first[file], file).toBeDefined();
  });

  it("emits shared definitions once and imports them", () => {
    const postgres = readFileSync(path.join(ws.out, "connectors/postgres/types.ts"), "utf8");
    const mysql = readFileSync(path.join(ws.out, "connectors/mysql/types.ts"), "utf8");
    for (const types of [postgres, mysql]) {
      expect(types).toMatch(
        /import type \{[^}]*\bSsl\b[^}]*\} from "\.\.\/\.\.\/definitions\/ssl\.js"/,
      );
      expect(types).not.toMatch(/export (interface|type) Ssl\b/);
    }
    const ssh = readFileSync(path.join(ws.out, "definitions/ssh-tunnel.ts"), "utf8");
    expect(ssh).toMatch(
      /export type SshTunnel =\s*\|?\s*SshTunnelNoTunnel\s*\|\s*SshTunnelSshPasswordAuth\s*\|\s*SshTunnelSshKeyAuth/,
    );
    expect(ssh).toContain('tunnel_method: "SSH_KEY_AUTH"');
    // One compiled validator function per schema file in the whole output: each names the schema
    // it validates (onespec's compiler in a `// Validates <uri>` line, ajv's code as its source
    // URL); a connector's module imports the shared definitions' functions.
    const validators = Object.keys(first)
      .filter((f) => /(compiled-validator|\.validate(-[\w-]+)?)\.ts$/.test(f))
      .map((f) => readFileSync(path.join(ws.out, f), "utf8"))
      .join("\n");
    const compiled = [
      ...validators.matchAll(/sourceURL="([^"]+)"|^\/\/ Validates ([^#\s]+)$/gm),
    ].map((m) => m[1] ?? m[2]);
    expect(compiled.length).toBeGreaterThan(2);
    expect(compiled.filter((u) => u.includes("definitions/ssh-tunnel.json"))).toHaveLength(1);
    expect(compiled.filter((u) => u.includes("definitions/ssl.json"))).toHaveLength(1);
    expect(new Set(compiled).size).toBe(compiled.length);
  });

  it("--check passes when up to date and lists stale files when a schema changed", () => {
    expect(gen("--check").code).toBe(0);
    const file = path.join(ws.schemas, "connectors/sqlite/connection.json");
    const original = readFileSync(file, "utf8");
    const schema = JSON.parse(original);
    schema.properties.busy_timeout_ms.description = "Changed for the test.";
    writeFileSync(file, JSON.stringify(schema, null, 2));
    try {
      const before = snapshotTree(ws.out);
      const r = gen("--check");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("connectors/sqlite/README.md");
      expect(r.stderr).toContain("connectors/sqlite/types.ts");
      expect(r.stderr).not.toContain("connectors/postgres/");
      expect(snapshotTree(ws.out)).toEqual(before); // --check writes nothing
    } finally {
      writeFileSync(file, original);
    }
    expect(gen("--check").code).toBe(0);
  });

  it("--only regenerates one connector and leaves the others alone", () => {
    const file = path.join(ws.schemas, "connectors/postgres/connection.json");
    const original = readFileSync(file, "utf8");
    const schema = JSON.parse(original);
    schema.properties.application_name.description = "Changed by --only test.";
    writeFileSync(file, JSON.stringify(schema, null, 2));
    try {
      const r = gen("--only", "postgres");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^onespec generate: 1 connectors, [1-9]\d* files written/);
      const after = snapshotTree(ws.out);
      const changed = Object.keys(after).filter((f) => after[f] !== first[f]);
      expect(changed.length).toBeGreaterThan(0);
      // The connector's own files, and tree-level files that include it (the shared validators module).
      for (const f of changed)
        expect(f).toMatch(/^(connectors\/postgres\/|\.onespec-manifest\.json$)/);
      expect(changed).toContain("connectors/postgres/README.md");
      expect(gen("--only", "nope").code).toBe(1);
    } finally {
      writeFileSync(file, original);
      gen();
    }
    expect(snapshotTree(ws.out)).toEqual(first);
  });

  it("removes the output of a connector whose folder is gone", () => {
    const dir = path.join(ws.schemas, "connectors/sqlite");
    const moved = path.join(ws.dir, "sqlite-away");
    renameSync(dir, moved);
    try {
      const r = gen();
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/[1-9]\d* removed/);
      expect(existsSync(path.join(ws.out, "connectors/sqlite/types.ts"))).toBe(false);
      // Its folder goes too: no empty connectors/sqlite/ is left behind.
      expect(existsSync(path.join(ws.out, "connectors/sqlite"))).toBe(false);
      expect(readFileSync(path.join(ws.out, "index.ts"), "utf8")).not.toContain("sqlite");
    } finally {
      renameSync(moved, dir);
      gen();
    }
    expect(snapshotTree(ws.out)).toEqual(first);
  });

  const broken: [string, string, (text: string) => string, RegExp][] = [
    [
      "invalid JSON",
      "connectors/postgres/connection.json",
      (t) => t.replace('"type": "object"', '"type": "object",,'),
      /connection\.json:\d+:\d+ error Invalid JSON/,
    ],
    [
      "a $ref to a missing file",
      "connectors/mysql/connection.json",
      (t) => t.replace("../../definitions/ssl.json", "../../definitions/nope.json"),
      /connection\.json:\d+:\d+ error \$ref "..\/..\/definitions\/nope\.json" points to/,
    ],
    [
      "a $ref to a missing pointer",
      "connectors/mysql/connection.json",
      (t) =>
        t.replace("../../definitions/ssl.json", "../../definitions/ssl.json#/definitions/nope"),
      /ref\/missing-pointer/,
    ],
    [
      "an empty definition file",
      "definitions/ssl.json",
      () => "",
      /ssl\.json:1:1 error The file is empty/,
    ],
    [
      "bad connector metadata",
      "connectors/snowflake/connector.json",
      (t) => t.replace('"Warehouse"', '"Spaceship"'),
      /connector\.json:\d+:\d+ error Connector metadata: \/serviceType must be equal to one of the allowed values/,
    ],
  ];

  it.each(broken)(
    "a failing run (%s) reports where and changes nothing",
    (_label, rel, mutate, expected) => {
      const file = path.join(ws.schemas, rel);
      const original = readFileSync(file, "utf8");
      writeFileSync(file, mutate(original));
      try {
        const before = snapshotTree(ws.out);
        const r = gen();
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(expected);
        expect(r.stderr).toMatch(/hint:/);
        expect(r.stderr).toContain("left unchanged");
        expect(hasStackTrace(r.stderr + r.stdout)).toBe(false);
        expect(snapshotTree(ws.out)).toEqual(before);
        expect(gen("--check").code).toBe(1);
      } finally {
        writeFileSync(file, original);
      }
    },
  );

  it("prints diagnostics as JSON and as GitHub annotations", () => {
    const file = path.join(ws.schemas, "connectors/mysql/connection.json");
    const original = readFileSync(file, "utf8");
    writeFileSync(
      file,
      original.replace("../../definitions/ssl.json", "../../definitions/nope.json"),
    );
    try {
      const json = gen("--format", "json");
      const diagnostics = JSON.parse(json.stderr.slice(0, json.stderr.lastIndexOf("]") + 1));
      expect(diagnostics[0]).toMatchObject({
        severity: "error",
        code: "ref/missing-file",
        pointer: expect.stringMatching(/\/\$ref$/),
        line: expect.any(Number),
        column: expect.any(Number),
      });
      const gh = gen("--format", "github");
      // Workflow commands go to stdout, where GitHub's runner reads them; nothing of them on stderr.
      expect(gh.stdout).toMatch(
        /^::error file=.*connection\.json,line=\d+,col=\d+,title=ref\/missing-file::/m,
      );
      expect(gh.stderr).not.toMatch(/^::/m);
    } finally {
      writeFileSync(file, original);
    }
  });
});

describe("the committed tree", () => {
  it("is up to date: generate --check passes", () => {
    const r = onespec(["generate", "--check"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("onespec --help", () => {
  it.each([[[]], [["generate"]], [["check"]], [["validate"]]])("%j --help", (cmd) => {
    const r = onespec([...cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("onespec");
    if (cmd[0] === "generate")
      for (const o of ["--schemas", "--out", "--check", "--only", "--format"])
        expect(r.stdout).toContain(o);
    if (cmd[0] === "validate") expect(r.stdout).toContain("<connector> <config>");
    if (cmd[0] === "check")
      for (const o of ["--schemas", "--entry", "--format", "--max-warnings"])
        expect(r.stdout).toContain(o);
  });

  it.each([
    [["generate", "--format", "xml"]],
    [["generate", "--bogus"]],
    [["validate", "postgres"]],
  ])("rejects bad arguments %j with exit 2 before running", (args) => {
    const r = onespec(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/^onespec: .+\nRun `onespec --help` for usage\.\n$/s);
  });

  it("--version prints the CLI package's version and nothing else", () => {
    const { version } = JSON.parse(
      readFileSync(path.join(REPO, "packages/cli/package.json"), "utf8"),
    ) as { version: string };
    const r = onespec(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${version}\n`);
    expect(r.stderr).toBe("");
  });

  it("rejects an unknown command with usage, exit 2, no stack", () => {
    const r = onespec(["frobnicate"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Unknown argument|Unknown command/i);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });
});
