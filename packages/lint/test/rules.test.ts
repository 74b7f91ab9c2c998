import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "@onespec/core";
import { applyFixes, lint, scoreConnectors, suggestKeyword } from "../src/index.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A one-connector tree whose connection schema has the given properties (and extra root keys). */
async function modelWith(properties: object, root: object = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-lint-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "connectors/x"), { recursive: true });
  const schema = {
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    properties,
    ...root,
  };
  writeFileSync(
    path.join(dir, "connectors/x/connection.json"),
    JSON.stringify(schema, null, 2) + "\n",
  );
  writeFileSync(
    path.join(dir, "connectors/x/connector.json"),
    JSON.stringify({
      name: "x",
      displayName: "X",
      serviceType: "Database",
      capabilities: [],
      version: "0.1.0",
      docsUrl: "https://example.com",
    }),
  );
  writeFileSync(
    path.join(dir, "connectors/x/test-connection.json"),
    JSON.stringify({
      steps: [{ name: "CheckAccess", description: "d", mandatory: true, errorMessage: "e" }],
    }),
  );
  const model = await loadTree({ root: dir, cwd: dir });
  return { dir, model, file: path.join(dir, "connectors/x/connection.json") };
}

const d = (description: string) => ({ description });

// [rule, properties, root extras, expected pointers]
const cases: [string, object, object, string[]][] = [
  [
    "lint/credential-not-secret",
    {
      password: { type: "string", ...d("p") },
      api_key: { type: "string", ...d("k") },
      clientSecret: { type: "string", ...d("s") },
    },
    {},
    ["/properties/password", "/properties/api_key", "/properties/clientSecret"],
  ],
  [
    "lint/credential-not-secret",
    {
      password: { type: "string", secret: true, ...d("p") },
      token_url: { type: "string", ...d("u") },
      password_file: { type: "string", ...d("f") },
    },
    {},
    [],
  ],
  [
    "lint/secret-with-value",
    { token: { type: "string", secret: true, default: "abc", examples: ["x"], ...d("t") } },
    {},
    ["/properties/token/default", "/properties/token/examples"],
  ],
  [
    "lint/oneof-without-discriminator",
    {
      auth: {
        ...d("a"),
        oneOf: [
          { type: "object", properties: { user: { type: "string" } } },
          { type: "object", properties: { token: { type: "string" } } },
        ],
      },
    },
    {},
    ["/properties/auth/oneOf"],
  ],
  [
    "lint/oneof-without-discriminator",
    {
      auth: {
        ...d("a"),
        oneOf: [
          { type: "object", required: ["t"], properties: { t: { const: "a" } } },
          { type: "object", required: ["t"], properties: { t: { const: "b" } } },
        ],
      },
    },
    {},
    [],
  ],
  [
    "lint/discriminator-not-required",
    {
      auth: {
        ...d("a"),
        oneOf: [
          { type: "object", properties: { t: { const: "a" } } },
          { type: "object", required: ["t"], properties: { t: { const: "b" } } },
        ],
      },
    },
    {},
    ["/properties/auth/oneOf/0"],
  ],
  [
    "lint/auth-not-required",
    {
      credentials: {
        ...d("c"),
        oneOf: [
          {
            type: "object",
            title: "Token",
            properties: { token: { type: "string", secret: true } },
          },
        ],
      },
    },
    {},
    ["/properties/credentials"],
  ],
  [
    "lint/auth-not-required",
    {
      auth: {
        ...d("a"),
        oneOf: [{ type: "object", title: "None", properties: { t: { const: "none" } } }],
      },
    },
    {},
    [],
  ],
  [
    "lint/url-without-tls",
    { base_url: { type: "string", format: "uri", ...d("u") } },
    {},
    ["/properties/base_url"],
  ],
  [
    "lint/auth-not-required",
    {
      credentials: {
        ...d("c"),
        oneOf: [
          {
            type: "object",
            title: "Token",
            properties: { token: { type: "string", secret: true } },
          },
        ],
      },
    },
    {},
    ["/properties/credentials"],
  ],
  [
    "lint/auth-not-required",
    {
      auth: {
        ...d("a"),
        oneOf: [{ type: "object", title: "None", properties: { t: { const: "none" } } }],
      },
    },
    {},
    [],
  ],
  [
    "lint/url-without-tls",
    { base_url: { type: "string", ...d("u") }, verify_ssl: { type: "boolean", ...d("v") } },
    {},
    [],
  ],
  [
    "lint/missing-description",
    { a: { type: "string" }, b: { type: "string", title: "B" }, c: { const: "x" } },
    {},
    ["/properties/a"],
  ],
  [
    "lint/duplicate-order",
    { a: { type: "string", order: 1, ...d("a") }, b: { type: "string", order: 1, ...d("b") } },
    {},
    ["/properties/b/order"],
  ],
  [
    "lint/nested-group",
    {
      o: {
        type: "object",
        ...d("o"),
        properties: { i: { type: "string", group: "advanced", ...d("i") } },
      },
    },
    {},
    ["/properties/o/properties/i/group"],
  ],
  [
    "lint/always-show-required",
    { a: { type: "string", always_show: true, ...d("a") } },
    { required: ["a"] },
    ["/properties/a/always_show"],
  ],
  [
    "lint/invalid-default",
    { port: { type: "integer", default: "5432", examples: [5432, "x"], ...d("p") } },
    {},
    ["/properties/port/default", "/properties/port/examples/1"],
  ],
  [
    "lint/date-pattern-without-format",
    { start: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", ...d("s") } },
    {},
    ["/properties/start/pattern"],
  ],
  [
    "lint/keyword-typo",
    {
      a: { type: "string", tittle: "A", desciption: "d", mininum: 1 },
      n: { type: "array", maxitems: 3, ...d("n") },
    },
    {},
    [
      "/properties/a/tittle",
      "/properties/a/desciption",
      "/properties/a/mininum",
      "/properties/n/maxitems",
    ],
  ],
];

describe("lint rules", () => {
  it.each(cases)("%s", async (code, properties, root, pointers) => {
    const { model } = await modelWith(properties, root);
    const found = lint(model).filter((f) => f.code === code);
    expect(found.map((f) => f.pointer).sort()).toEqual([...pointers].sort());
    for (const f of found) {
      expect(f.line).toBeGreaterThan(0);
      expect(f.hint).toBeTruthy();
      expect(f.file).toBe("connectors/x/connection.json");
    }
  });

  it("url-without-tls judges each connector by what it reaches, not by the tree's other files", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onespec-lint-tls-"));
    dirs.push(dir);
    const write = (rel: string, value: unknown) => {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), JSON.stringify(value, null, 2) + "\n");
    };
    const draft7 = "http://json-schema.org/draft-07/schema#";
    write("definitions/ssl.json", {
      $schema: draft7,
      type: "object",
      properties: { mode: { type: "string", ...d("m") } },
    });
    write("definitions/common.json", {
      $schema: draft7,
      definitions: {
        host: { type: "string", ...d("h") },
        tls: { type: "object", properties: { verify_server: { type: "boolean", ...d("v") } } },
      },
    });
    const connector = (name: string, properties: object) => {
      write(`connectors/${name}/connection.json`, { $schema: draft7, type: "object", properties });
      write(`connectors/${name}/connector.json`, {
        name,
        displayName: name,
        serviceType: "Database",
        capabilities: [],
        version: "0.1.0",
        docsUrl: "https://example.com",
      });
      write(`connectors/${name}/test-connection.json`, {
        steps: [{ name: "CheckAccess", description: "d", mandatory: true, errorMessage: "e" }],
      });
    };
    // Reaches ssl.json: covered.
    connector("db", {
      host: { type: "string", ...d("h") },
      ssl: { $ref: "../../definitions/ssl.json", ...d("s") },
    });
    // Reaches only the host definition of common.json, not its tls one: not covered.
    connector("api", { host: { $ref: "../../definitions/common.json#/definitions/host" } });
    // Reaches the tls definition: covered.
    connector("web", {
      host: { type: "string", ...d("h") },
      security: { $ref: "../../definitions/common.json#/definitions/tls", ...d("t") },
    });
    const model = await loadTree({ root: dir, cwd: dir });
    const found = lint(model).filter((x) => x.code === "lint/url-without-tls");
    expect(found.map((x) => `${path.basename(path.dirname(x.file!))}${x.pointer}`)).toEqual([
      "api/properties/host",
    ]);
  });

  it("suggests the keyword a typo meant", () => {
    expect([
      suggestKeyword("tittle"),
      suggestKeyword("desciption"),
      suggestKeyword("mininum"),
      suggestKeyword("maxitems"),
      suggestKeyword("javaType"),
    ]).toEqual(["title", "description", "minimum", "maxItems", undefined]);
  });

  it("honours severities from the config: off, warn, error", async () => {
    const { model } = await modelWith({
      a: { type: "string" },
      password: { type: "string", ...d("p") },
    });
    expect(
      lint(model, { "lint/missing-description": "off" }).some(
        (f) => f.code === "lint/missing-description",
      ),
    ).toBe(false);
    expect(
      lint(model, { "credential-not-secret": "error" }).find(
        (f) => f.code === "lint/credential-not-secret",
      )!.severity,
    ).toBe("error");
    expect(
      lint(model, { "lint/missing-description": "warn" }).find(
        (f) => f.code === "lint/missing-description",
      )!.severity,
    ).toBe("warning");
  });

  it("scores each connector per review area", async () => {
    const { model } = await modelWith({
      a: { type: "string" },
      password: { type: "string", ...d("p") },
    });
    const [score] = scoreConnectors(model, lint(model));
    expect(score.areas).toEqual({
      "schema & registration": 100,
      "connection & auth": 95,
      docs: 95,
      tests: 100,
    });
    expect(score.total).toBe(98);
  });
});

describe("applyFixes", () => {
  it("marks credentials secret, fixes typos, requires discriminators, keeping the file's formatting", async () => {
    const { model, file } = await modelWith({
      password: { type: "string", ...d("p") },
      a: { type: "string", desciption: "A", example: "x" },
      auth: {
        ...d("a"),
        oneOf: [
          { type: "object", properties: { t: { const: "a" } } },
          { type: "object", required: ["t"], properties: { t: { const: "b" } } },
        ],
      },
    });
    const fixes = lint(model).flatMap((f) => (f.fix ? [f.fix] : []));
    const [result] = await applyFixes(fixes, (f) => path.basename(f));
    expect(result.diff).toContain('+      "secret": true');
    expect(result.diff).toContain('-      "desciption": "A",');
    expect(result.diff).toContain('+      "description": "A",');
    const fixed = JSON.parse(readFileSync(file, "utf8"));
    expect(fixed.properties.password.secret).toBe(true);
    expect(fixed.properties.a).toEqual({ type: "string", description: "A", examples: ["x"] });
    expect(fixed.properties.auth.oneOf[0].required).toEqual(["t"]);
    const again = await loadTree({ root: path.dirname(path.dirname(path.dirname(file))) });
    expect(lint(again).filter((f) => f.fix)).toEqual([]);
  });
});

describe("applyFixes on an Airbyte spec wrapper", () => {
  it("edits the schema inside connectionSpecification, and reports where it is in the file", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "onespec-lint-"));
    dirs.push(dir);
    mkdirSync(path.join(dir, "source-x"));
    const file = path.join(dir, "source-x/spec.json");
    const schema = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: {
        password: { type: "string", ...d("p") },
        a: { type: "string", desciption: "A" },
      },
    };
    writeFileSync(
      file,
      JSON.stringify(
        { documentationUrl: "https://example.com/docs", connectionSpecification: schema },
        null,
        2,
      ) + "\n",
    );
    const model = await loadTree({ root: dir, cwd: dir, entries: ["*/spec.json"] });
    const found = lint(model).filter((f) => f.fix);
    expect(found.map((f) => [f.code, f.pointer, f.line])).toEqual([
      ["lint/credential-not-secret", "/connectionSpecification/properties/password", 7],
      ["lint/keyword-typo", "/connectionSpecification/properties/a/desciption", 13],
    ]);
    await applyFixes(
      found.map((f) => f.fix!),
      (f) => path.basename(f),
    );
    const fixed = JSON.parse(readFileSync(file, "utf8"));
    expect(Object.keys(fixed)).toEqual(["documentationUrl", "connectionSpecification"]);
    expect(fixed.connectionSpecification.properties).toEqual({
      password: { type: "string", description: "p", secret: true },
      a: { type: "string", description: "A" },
    });
  });
});

describe("lint/regex-backtracking", () => {
  it.each([
    ["^(a+)+$", true],
    ["(\\d+)*$", true],
    ["^(\\w+\\s?)*$", true],
    ["^(a|aa)+$", true],
    ["^(a|a)*$", true],
    ["^(.*)*$", true],
    ["^(a|b)*$", false],
    ["^([a-z]+\\.)*[a-z]+$", false],
    ["^([0-9]{1,3}\\.){3}[0-9]{1,3}$", false],
    ["^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==)?$", false],
    ["^(https?://)?[a-z0-9.-]+(:\\d+)?(/.*)?$", false],
  ])("%s → flagged %s", async (pattern, flagged) => {
    const { model } = await modelWith({ host: { type: "string", description: "h", pattern } });
    const found = lint(model).filter((f) => f.code === "lint/regex-backtracking");
    expect(found.map((f) => f.pointer)).toEqual(flagged ? ["/properties/host/pattern"] : []);
  });

  it("checks patternProperties keys too", async () => {
    const { model } = await modelWith({
      tags: {
        type: "object",
        description: "t",
        patternProperties: { "^(a+)+$": { type: "string" } },
      },
    });
    expect(
      lint(model)
        .filter((f) => f.code === "lint/regex-backtracking")
        .map((f) => f.pointer),
    ).toEqual(["/properties/tags/patternProperties/^(a+)+$"]);
  });
});

describe("lint/auth-not-required on a choice of shared auth definitions", () => {
  /** A tree whose connection has an optional `access` choosing between `files` of definitions/. */
  async function treeWith(files: string[]) {
    const { dir } = await modelWith({});
    mkdirSync(path.join(dir, "definitions"));
    for (const f of files)
      writeFileSync(
        path.join(dir, "definitions", f),
        JSON.stringify({ type: "object", properties: { v: { type: "string", ...d("v") } } }),
      );
    const branch = (f: string) => ({
      type: "object",
      title: f,
      required: ["kind", "credentials"],
      properties: {
        kind: { const: f.replace(/\.json$/, "").replace(/-/g, "_") },
        credentials: { $ref: `../../definitions/${f}`, ...d("c") },
      },
    });
    writeFileSync(
      path.join(dir, "connectors/x/connection.json"),
      JSON.stringify({
        $schema: "http://json-schema.org/draft-07/schema#",
        type: "object",
        properties: { access: { ...d("a"), oneOf: files.map(branch) } },
      }),
    );
    const model = await loadTree({ root: dir, cwd: dir });
    return lint(model)
      .filter((x) => x.code === "lint/auth-not-required")
      .map((x) => x.pointer);
  }

  it.each([
    ["auth kinds", ["basic-auth.json", "bearer-token.json"], ["/properties/access"]],
    ["one auth kind and another definition", ["basic-auth.json", "ssl.json"], []],
    ["definitions outside the vocabulary", ["kerberos.json"], []],
  ])("%s", async (_what, files, pointers) => {
    expect(await treeWith(files)).toEqual(pointers);
  });
});
