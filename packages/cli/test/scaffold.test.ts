/**
 * `onespec scaffold connector` into a temporary copy of the repository: one connector of each
 * service type (covering every connection and auth type), then `onespec check` with zero
 * warnings, `tsc` over every new package and their tests, exactly as a user would run them.
 */
import { spawn, spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, REPO, SCRATCH, hasStackTrace, snapshotTree } from "./helpers.js";

let copy: string;

/** A copy of the parts of the repository a connector touches; packages resolve into it. */
function repoCopy(): string {
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(path.join(SCRATCH, "scaffold-"));
  for (const part of [
    "schemas",
    "generated",
    "onespec.config.json",
    "tsconfig.base.json",
    ".prettierrc.json",
  ]) {
    cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  }
  mkdirSync(path.join(dir, "packages", "connectors"), { recursive: true });
  // @onespec/generated must be the copy's; the SDK and test helpers are the repository's.
  const scope = path.join(dir, "node_modules", "@onespec");
  mkdirSync(scope, { recursive: true });
  symlinkSync(path.join(dir, "generated"), path.join(scope, "generated"), "dir");
  symlinkSync(path.join(REPO, "packages", "sdk"), path.join(scope, "sdk"), "dir");
  symlinkSync(path.join(REPO, "tooling", "test-servers"), path.join(scope, "test-servers"), "dir");
  return dir;
}

function cli(args: string[], cwd = copy) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** [name, --service-type, --connection-type, --auth-types, --capabilities, service type taken]. */
const CONNECTORS = [
  ["pg-like", "Database", "sql", "basic-auth,key-pair", "metadata,lineage,profiling", "Database"],
  ["dw-like", "Warehouse", "sql", "key-pair", "metadata,incremental,query", "Warehouse"],
  ["board-hub", "Dashboard", "rest", "bearer-token", "metadata,usage", "Dashboard"],
  ["flow_runner", "Pipeline", "rest", "oauth2-client-credentials", "metadata,lineage", "Pipeline"],
  // The names the scaffold took before it spoke connector.json's vocabulary still work.
  ["stream-bus", "messaging", "sdk", "iam,basic", "metadata,profiler", "Messaging"],
  ["model-reg", "MlModel", "rest", "api-key,bearer-token", "metadata", "MlModel"],
  ["blob-store", "Storage", "sdk", "aws-iam", "metadata", "Storage"],
  ["find-it", "Search", "rest", "basic-auth,api-key", "metadata", "Search"],
  ["open-api", "API", "rest", "oauth2-client-credentials,api-key,bearer-token", "metadata", "API"],
  ["odd-one", "Other", "rest", "api-key", "metadata", "Other"],
] as const;

beforeAll(() => {
  copy = repoCopy();
}, 60_000);
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("onespec scaffold connector", () => {
  it("creates one connector of each service type that checks, compiles and passes its tests with no edit", () => {
    for (const [name, service, connection, auth, capabilities, taken] of CONNECTORS) {
      const r = cli([
        "scaffold",
        "connector",
        "--name",
        name,
        "--service-type",
        service,
        "--connection-type",
        connection,
        "--auth-types",
        auth,
        "--capabilities",
        capabilities,
        "--docs-url",
        `https://docs.example.com/${name}`,
        "--api-endpoints",
        "/v1/items,/v1/users",
        "--sdk-package",
        "example-sdk",
        "--docker-image",
        "example/server:1",
        "--docker-port",
        "5433",
        "--notes",
        "made by the scaffold test",
        "--yes",
      ]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`created ${name} \\(${taken}, ${connection}`));
      expect(
        JSON.parse(
          readFileSync(path.join(copy, "schemas/connectors", name, "connector.json"), "utf8"),
        ),
      ).toMatchObject({ serviceType: taken });
      if (name === "stream-bus")
        expect(r.stderr.trim().split("\n")).toEqual([
          "onespec scaffold: warning: --service-type messaging is now called Messaging; using Messaging.",
          "onespec scaffold: warning: --auth-types iam is now called aws-iam; using aws-iam.",
          "onespec scaffold: warning: --auth-types basic is now called basic-auth; using basic-auth.",
          "onespec scaffold: warning: --capabilities profiler is now called profiling; using profiling.",
        ]);
      else expect(r.stderr).toBe("");
      for (const f of ["connection.json", "connector.json", "test-connection.json"]) {
        expect(existsSync(path.join(copy, "schemas/connectors", name, f))).toBe(true);
      }
      // Each step declares the fields it exercises (check below proves they exist): access is
      // the address, the credentials and TLS.
      const steps = JSON.parse(
        readFileSync(path.join(copy, "schemas/connectors", name, "test-connection.json"), "utf8"),
      ) as { steps: { name: string; fields?: string[] }[] };
      expect(steps.steps[0].fields).toEqual(
        expect.arrayContaining(["/auth", connection === "sql" ? "/ssl" : "/tls"]),
      );
      const context = readFileSync(
        path.join(copy, "packages/connectors", name, "CONNECTOR_CONTEXT.md"),
        "utf8",
      );
      expect(context).toMatch(/\| Docker image +\| example\/server:1 +\|/);
      expect(context).toContain("`/v1/users`");
      expect(existsSync(path.join(copy, "node_modules/@onespec", `connector-${name}`))).toBe(true);
    }

    // onespec check: no error and no warning for any new connector.
    const check = cli(["check", "--format", "json"]);
    const report = JSON.parse(check.stdout) as {
      diagnostics: { severity: string; message: string; file?: string }[];
    };
    const noisy = report.diagnostics.filter((d) => d.severity !== "info");
    expect(noisy, JSON.stringify(noisy, null, 2)).toEqual([]);
    expect(check.code).toBe(0);

    // tsc over the generated package and every new connector package.
    const tsc = path.join(REPO, "node_modules/typescript/bin/tsc");
    writeFileSync(
      path.join(copy, "tsconfig.json"),
      JSON.stringify({
        extends: "./tsconfig.base.json",
        include: ["packages/connectors/*/src", "packages/connectors/*/test", "generated/**/*.ts"],
      }),
    );
    const types = spawnSync(process.execPath, [tsc, "-p", copy], { encoding: "utf8" });
    expect(types.status, types.stdout + types.stderr).toBe(0);

    // Their tests (the default vitest run; the integration test is not part of it).
    const vitest = path.join(REPO, "node_modules/vitest/vitest.mjs");
    const tests = spawnSync(
      process.execPath,
      [vitest, "run", "--root", path.join(copy, "packages/connectors"), "--reporter", "dot"],
      {
        encoding: "utf8",
        env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
      },
    );
    expect(tests.status, tests.stdout + tests.stderr).toBe(0);
    expect(tests.stdout).toMatch(new RegExp(`Test Files\\s+${CONNECTORS.length} passed`));
  }, 240_000);

  it("asks every question on a terminal, validating answers as they are typed", async () => {
    // util-linux `script` gives the CLI a pseudo-terminal; keys are typed when a question shows.
    const child = spawn(
      "script",
      [
        "-qfec",
        `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} scaffold connector`,
        "/dev/null",
      ],
      {
        cwd: copy,
        env: { ...process.env, NO_COLOR: "1" },
      },
    );
    const keys: [string, string][] = [
      ["Connector name", "Bad Name\r"],
      ["must be kebab-case", "\x15asked-one\r"], // Ctrl-U clears the line
      ["Display name", "\r"],
      ["Service type", "\x1b[B\r"], // arrow down: Warehouse
      ["Connection type", "\r"],
      ["Auth types", "\r"],
      ["Capabilities", "\r"],
      ["Documentation URL", "nope\r"],
      ["must be an absolute URL", "\x15https://docs.example.com/asked\r"],
      ["SDK package", "\r"],
      ["API endpoints", "/v1/boards\r"],
      ["Notes", "\r"],
      ["Docker image", "\r"],
    ];
    let out = "";
    let next = 0;
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      while (next < keys.length && out.includes(keys[next][0])) child.stdin.write(keys[next++][1]);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(next, out).toBe(keys.length);
    expect(code, out).toBe(0);
    expect(out).toMatch(/created asked-one \(Warehouse, sql, auth: basic-auth\)/);
    const meta = JSON.parse(
      readFileSync(path.join(copy, "schemas/connectors/asked-one/connector.json"), "utf8"),
    );
    expect(meta).toMatchObject({
      name: "asked-one",
      displayName: "Asked One",
      serviceType: "Warehouse",
      docsUrl: "https://docs.example.com/asked",
    });
  }, 60_000);

  it.each([
    [
      "an Airbyte spec",
      "tooling/test-fixtures/corpus/airbyte/source-postgres.json",
      "source-postgres",
    ],
    [
      "an Airbyte spec with known defects",
      "tooling/test-fixtures/corpus/airbyte/destination-kafka.json",
      "destination-kafka",
    ],
    [
      "an OpenMetadata connection schema",
      "tooling/test-fixtures/trees/openmetadata/entity/services/connections/database/mysqlConnection.json",
      "mysql-import",
    ],
  ])(
    "imports %s with --from into a connector that passes check",
    (_what, spec, name) => {
      const r = cli([
        "scaffold",
        "connector",
        "--from",
        path.join(REPO, spec),
        "--name",
        name,
        "--docs-url",
        "https://docs.example.com/imported",
        "--yes",
      ]);
      expect(r.code, r.stderr).toBe(0);
      const connection = readFileSync(
        path.join(copy, "schemas/connectors", name, "connection.json"),
        "utf8",
      );
      expect(connection).not.toMatch(/airbyte_secret|"mask"|javaType/);
      expect(connection).toMatch(/"secret": true/);
      const check = cli(["check", "--format", "json"]);
      const mine = (
        JSON.parse(check.stdout) as { diagnostics: { severity: string; file?: string }[] }
      ).diagnostics.filter(
        (d) => d.severity === "error" && d.file?.includes(`connectors/${name}/`),
      );
      expect(mine).toEqual([]);
      expect(
        readFileSync(path.join(copy, "packages/connectors", name, "CONNECTOR_CONTEXT.md"), "utf8"),
      ).toMatch(/## Import notes/);
    },
    60_000,
  );

  it.each([
    ["Bad Name", /must be kebab-case or snake_case/],
    ["../escape", /must not contain a path separator/],
    ["a..b", /must not contain "\.\."/],
    ["pg-like", /already exists \(use --force to replace it\)/],
  ])("refuses the name %j and writes nothing", (name, message) => {
    const before = snapshotTree(path.join(copy, "schemas"));
    const r = cli(["scaffold", "connector", "--name", name, "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Nothing was written/);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(snapshotTree(path.join(copy, "schemas"))).toEqual(before);
  });

  it("refuses an existing package folder without --force, and replaces it with --force", () => {
    mkdirSync(path.join(copy, "packages/connectors/orphan"), { recursive: true });
    writeFileSync(path.join(copy, "packages/connectors/orphan/keep.txt"), "mine");
    const refused = cli(["scaffold", "connector", "--name", "orphan", "--yes"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /packages\/connectors\/orphan already exists; nothing was written/,
    );
    expect(existsSync(path.join(copy, "schemas/connectors/orphan"))).toBe(false);
    expect(readFileSync(path.join(copy, "packages/connectors/orphan/keep.txt"), "utf8")).toBe(
      "mine",
    );
    const forced = cli(["scaffold", "connector", "--name", "orphan", "--yes", "--force"]);
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(path.join(copy, "packages/connectors/orphan/keep.txt"))).toBe(false);
    expect(existsSync(path.join(copy, "packages/connectors/orphan/src/connector.ts"))).toBe(true);
  });

  it("leaves no partial connector behind when generating fails part-way", () => {
    const definition = path.join(copy, "schemas/definitions/bearer-token.json");
    const original = readFileSync(definition, "utf8");
    const generatedBefore = snapshotTree(path.join(copy, "generated"));
    writeFileSync(definition, original.replace('"type": "object"', '"type": "objekt"'));
    try {
      const r = cli([
        "scaffold",
        "connector",
        "--name",
        "half-done",
        "--service-type",
        "API",
        "--auth-types",
        "bearer-token",
        "--yes",
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/generating failed, so the new connector was removed again/);
      expect(existsSync(path.join(copy, "schemas/connectors/half-done"))).toBe(false);
      expect(existsSync(path.join(copy, "packages/connectors/half-done"))).toBe(false);
      expect(snapshotTree(path.join(copy, "generated"))).toEqual(generatedBefore);
    } finally {
      writeFileSync(definition, original);
    }
  });
});
