import { afterAll, describe, expect, it } from "vitest";
import { loadTree, stepFieldsFor } from "../src/index.js";
import { connectorFiles, where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const STEPS = "connectors/alpha/test-connection.json";

/** A connection schema like the database connectors': a shared SSL file, a branch, a dependency. */
const connection = {
  type: "object",
  properties: {
    host: { type: "string" },
    port: { type: "integer" },
    database: { type: "string" },
    username: { type: "string" },
    ssl: { $ref: "../../definitions/ssl.json" },
    schema_filter: { type: "object" },
    table_filter: { type: "object" },
    include_views: { type: "boolean" },
    labels: { type: "object", patternProperties: { "^[a-z]+$": { type: "string" } } },
    hosts: { type: "array", items: { type: "string" } },
  },
  oneOf: [{ properties: { password: { type: "string" } } }, { properties: { token: {} } }],
  dependencies: { username: { properties: { role: { type: "string" } } } },
};
const ssl = {
  type: "object",
  properties: { mode: { enum: ["disable", "require"] }, ca_certificate: { type: "string" } },
};

/** test-connection.json with one step whose fields are on line 5, one a line from column 7. */
function stepsWith(fields: string[]): string {
  return lines(
    "{",
    '  "steps": [',
    '    { "name": "CheckAccess", "description": "Connect.", "mandatory": true, "errorMessage": "Fix it.",',
    '      "fields": [',
    ...fields.map((f, i) => `      "${f}"${i < fields.length - 1 ? "," : ""}`),
    "    ] }",
    "  ]",
    "}",
  );
}

async function load(fields: string[]) {
  const root = await testdir({
    "definitions/ssl.json": ssl,
    ...connectorFiles("alpha", connection, { testConnection: stepsWith(fields) }),
  });
  return loadTree({ root, cwd: root });
}

describe("test-connection.json fields", () => {
  it("fields the connection schema describes load, through $refs, branches, dependencies, patterns and items", async () => {
    const fields = [
      "/host",
      "/ssl/mode",
      "/ssl/ca_certificate",
      "/password",
      "/role",
      "/labels/team",
      "/hosts/0",
    ];
    const model = await load(fields);
    expect(model.diagnostics).toEqual([]);
    expect(model.connectors[0].steps[0].fields).toEqual(fields);
  });

  it("a field the schema does not describe → metadata/unknown-step-field at that entry", async () => {
    const model = await load(["/host", "/hostname", "/ssl/verify", "/labels/Team", "/hosts/x"]);
    expect(model.diagnostics.map(where)).toEqual(
      [6, 7, 8, 9].map((line) => ({
        code: "metadata/unknown-step-field",
        file: STEPS,
        pointer: `/steps/0/fields/${line - 5}`,
        line,
        column: 7,
      })),
    );
    expect(model.diagnostics[0].message).toBe(
      'Test-connection step "CheckAccess" declares the field /hostname, which connectors/alpha/connection.json does not describe.',
    );
  });

  it("a field that is not a JSON pointer → metadata/invalid-test-connection", async () => {
    const model = await load(["host"]);
    expect(model.diagnostics.map((d) => [d.code, d.pointer])).toEqual([
      ["metadata/invalid-test-connection", "/steps/0/fields/0"],
    ]);
  });
});

describe("stepFieldsFor", () => {
  const postgres = {
    type: "object",
    properties: Object.fromEntries(
      [
        "host",
        "port",
        "database",
        "include_all_databases",
        "username",
        "password",
        "ssl",
        "ssh_tunnel",
        "schema_filter",
        "table_filter",
        "include_views",
        "connect_timeout_seconds",
        "application_name",
      ].map((p) => [p, {}]),
    ),
  };
  it.each([
    [
      "CheckAccess",
      [
        "/host",
        "/port",
        "/database",
        "/username",
        "/password",
        "/ssl",
        "/ssh_tunnel",
        "/connect_timeout_seconds",
      ],
    ],
    ["GetDatabases", ["/database", "/include_all_databases"]],
    ["GetSchemas", ["/schema_filter"]],
    ["GetTables", ["/table_filter"]],
    ["GetViews", ["/include_views"]],
    ["GetDashboards", []],
  ])("%s of a postgres-like schema → %j", (step, want) => {
    expect(stepFieldsFor(postgres, step)).toEqual(want);
  });

  it("reads properties of root branches and local $refs; Authenticate is the credentials", () => {
    const api = {
      type: "object",
      properties: { base_url: {}, pagination: {}, endpoints: {}, headers: {}, tls: {} },
      allOf: [{ $ref: "#/definitions/auth" }],
      definitions: { auth: { properties: { auth: {} } } },
    };
    expect(stepFieldsFor(api, "CheckAccess")).toEqual(["/base_url", "/tls", "/auth"]);
    expect(stepFieldsFor(api, "Authenticate")).toEqual(["/auth"]);
    expect(stepFieldsFor(api, "FetchFirstPage")).toEqual(["/pagination", "/endpoints"]);
  });
});
