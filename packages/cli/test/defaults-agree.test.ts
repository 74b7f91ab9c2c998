/**
 * One rule for defaults, every layer: for each connector of the repository's schemas/ and of the
 * case trees, the config each layer fills in from the same partial input (the minimal valid
 * fixture) agrees. The form is RJSF's getDefaultFormState over the form config `onespec serve`
 * sends, with @onespec/forms' validator over the precompiled form validator; the server and the
 * CLI run a connector through parseConnectorConfig (the generated parse), for the case trees the
 * catalog's parse (the same generated code, compiled in process); the fixtures are the fullest
 * valid fixture, whose sampler takes a field's default; the docs are the Default column.
 */
import { createRequire } from "node:module";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { createSchemaUtils, type RJSFSchema } from "@rjsf/utils";
import { createPrecompiledValidator, type ValidatorFunctions } from "@rjsf/validator-ajv8";
import { loadTree, type SchemaModel } from "@onespec/core";
import { connectorFixtures } from "@onespec/gen-fixtures";
import { collectFields, documentedSchema } from "@onespec/gen-docs";
// The validator module alone: the package's index brings React and the DOM.
import { withSchemaFallback } from "@onespec/forms/validator";
import { jsonEqual } from "@onespec/runtime";
import { ConnectionStore, buildApp, catalogFromSchemas } from "@onespec/server";
import { KNOWN_CONNECTORS, loadConnector, parseConnectorConfig } from "@onespec/sdk";
import { CASES_DIR, REPO_SCHEMAS, caseNames } from "@onespec/test-fixtures";
import Database from "better-sqlite3";
import { REPO, onespec } from "./helpers.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-defaults-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const require = createRequire(import.meta.url);
/** What precompiled ajv code requires, as the app hands it over (packages/web/src/form-config.ts). */
function helper(specifier: string): unknown {
  const key = specifier.replace(/\.js$/, "");
  return key === "ajv/dist/runtime/equal" ? { default: jsonEqual } : require(key);
}

/** The form validator as ConnectionForm builds it, from the module `serve` sends the browser. */
async function formValidator(name: string, module: string, schema: RJSFSchema) {
  const file = path.join(tmp, `${name}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, module);
  const loaded = (await import(pathToFileURL(file).href)) as {
    default: (require: (s: string) => unknown) => ValidatorFunctions;
  };
  return withSchemaFallback(createPrecompiledValidator(loaded.default(helper), schema));
}

/** Every leaf (scalar, empty object or array) of a config by its dotted path (array items by index). */
function leaves(value: unknown, prefix = "", out = new Map<string, unknown>()) {
  const entries = isObject(value)
    ? Object.entries(value)
    : Array.isArray(value)
      ? value.map((v, i): [string, unknown] => [String(i), v])
      : [];
  if (entries.length > 0)
    for (const [k, v] of entries) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  else if (prefix) out.set(prefix, value);
  return out;
}

const at = (value: unknown, dotted: string): unknown =>
  dotted
    .split(".")
    .reduce<unknown>(
      (n, k) => (isObject(n) || Array.isArray(n) ? (n as Record<string, unknown>)[k] : undefined),
      value,
    );

const trees: [string, string][] = [
  ["schemas/", REPO_SCHEMAS],
  ...caseNames().map((n): [string, string] => [`case ${n}`, path.join(CASES_DIR, n)]),
];

describe.each(trees)("%s", (_label, root) => {
  let model: SchemaModel;
  it("loads", async () => {
    model = await loadTree({ root, cwd: root });
    expect(model.connectors.length).toBeGreaterThan(0);
  });

  it("every layer fills in the same defaults for every connector", async () => {
    const catalog = await catalogFromSchemas({ schemas: root, cwd: root });
    const repoTree = root === REPO_SCHEMAS;
    for (const connector of model.connectors) {
      const served = catalog.get(connector.name)!;
      const fixtures = connectorFixtures(model, connector);
      const minimal = fixtures.valid.find((f) => f.name === "minimal")?.config ?? {};
      const schema = served.form.schema as RJSFSchema;
      const validator = await formValidator(connector.name, served.formValidatorModule(), schema);
      const utils = createSchemaUtils(validator, schema);
      const form = utils.getDefaultFormState(schema, structuredClone(minimal));

      // Server and CLI: what parseConnectorConfig hands a connector's steps.
      const server = served.validator.parse(structuredClone(minimal));
      const layers: [string, unknown][] = [["server (catalog parse)", server]];
      if (repoTree && Object.hasOwn(KNOWN_CONNECTORS, connector.name)) {
        const runtime = await loadConnector(connector.name, { from: REPO }).catch(() => undefined);
        if (runtime)
          layers.push([
            "test-connection (connector parse)",
            parseConnectorConfig(runtime, structuredClone(minimal)),
          ]);
      }
      for (const [layer, filled] of layers) {
        expect(filled, `${connector.name}: ${layer} = catalog parse`).toEqual(server);
        // The form shows (and sends) every default the server and the CLI fill in, the same.
        for (const [p, v] of leaves(filled))
          expect(at(form, p), `${connector.name}: form vs ${layer} at ${p}`).toEqual(v);
      }

      // Docs: each documented default is what the form fills in where the field is (branch
      // fields and array items only appear once chosen or added).
      const { fields } = collectFields(documentedSchema(model, connector));
      for (const row of fields) {
        if (row.default === undefined || row.condition || row.path.includes("[]")) continue;
        const parent = row.path.includes(".") ? row.path.slice(0, row.path.lastIndexOf(".")) : "";
        if (parent && !isObject(at(form, parent))) continue;
        const documented: unknown = JSON.parse(row.default);
        const filled = at(form, row.path);
        const what = `${connector.name}: docs Default of ${row.path}`;
        // An object's documented default is filled in with its properties' defaults besides.
        if (isObject(documented)) expect(filled, what).toMatchObject(documented);
        else expect(filled, what).toEqual(documented);
      }

      // Fixtures: where the fullest valid fixture holds a boolean or a number that has a
      // default, the sampler took that default, the one the form fills in.
      const fullest = fixtures.valid.find((f) => f.name === "full")?.config;
      const formLeaves = leaves(form);
      for (const [p, v] of leaves(fullest)) {
        if (typeof v !== "boolean" && typeof v !== "number") continue;
        const row = fields.find((f) => f.path === p && !f.condition);
        if (row?.default === undefined || !formLeaves.has(p)) continue;
        const documented: unknown = JSON.parse(row.default);
        // A null default of a nullable number is not what a "full" fixture shows.
        if (typeof documented !== typeof v) continue;
        expect(v, `${connector.name}: full fixture at ${p}`).toEqual(documented);
      }
    }
  });
});

describe("sqlite's table_filter", () => {
  it("is the schema's own default in the form, the server, the CLI and the docs", async () => {
    const served = (await catalogFromSchemas({ schemas: REPO_SCHEMAS })).get("sqlite")!;
    const schema = served.form.schema as RJSFSchema;
    const utils = createSchemaUtils(
      await formValidator("sqlite", served.formValidatorModule(), schema),
      schema,
    );
    const own = { includes: [], excludes: ["^sqlite_"], case_sensitive: false };
    const config = { database_path: "retail.db" };
    expect(utils.getDefaultFormState(schema, config as never)).toMatchObject({ table_filter: own });
    const runtime = await loadConnector("sqlite", { from: REPO });
    expect(parseConnectorConfig(runtime, config)).toMatchObject({ table_filter: own });
  });
});

describe("sqlite's sample database, end to end", () => {
  const SAMPLE = path.join(REPO, "examples/sample/retail.db");

  /** Tables of the sample outside SQLite's internal sqlite_ ones, read with SQL of its own. */
  function userTables(): { all: number; user: number } {
    const db = new Database(SAMPLE, { readonly: true, fileMustExist: true });
    try {
      const count = (where: string) =>
        (
          db
            .prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' ${where}`)
            .get() as { n: number }
        ).n;
      return { all: count(""), user: count("AND lower(name) NOT LIKE 'sqlite\\_%' ESCAPE '\\'") };
    } finally {
      db.close();
    }
  }

  it("test connection counts the same tables from the form, the server API and the CLI", async () => {
    const { all, user } = userTables();
    // The sample has an internal table (sqlite_sequence) the schema's default filter leaves out.
    expect(all).toBeGreaterThan(user);
    const tablesIn = (detail: string | undefined) =>
      Number(/^(\d+) tables$/.exec(detail ?? "")?.[1]);

    const catalog = await catalogFromSchemas({ schemas: REPO_SCHEMAS });
    const served = catalog.get("sqlite")!;
    const schema = served.form.schema as RJSFSchema;
    const utils = createSchemaUtils(
      await formValidator("sqlite", served.formValidatorModule(), schema),
      schema,
    );
    const partial = { database_path: SAMPLE };
    // What the browser sends after the user typed the path: the form's defaults filled in.
    const fromForm = utils.getDefaultFormState(schema, partial);

    const store = new ConnectionStore(path.join(tmp, "connections.db"));
    const app = buildApp({ catalog, store });
    try {
      const base = await app.listen({ host: "127.0.0.1", port: 0 });
      const counts: Record<string, number> = {};
      for (const [label, config] of [
        ["form", fromForm],
        ["API, path only", partial],
      ] as const) {
        const response = await fetch(`${base}/api/connectors/sqlite/test`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ config }),
        });
        const lines = (await response.text())
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { type: string; name?: string; detail?: string });
        counts[label] = tablesIn(lines.find((l) => l.name === "GetTables")?.detail);
      }
      const config = path.join(tmp, "sqlite.yaml");
      writeFileSync(config, `database_path: ${JSON.stringify(SAMPLE)}\n`);
      const cli = onespec(["test-connection", "sqlite", config, "--json"]);
      expect(cli.code, cli.stderr).toBe(0);
      const steps = (JSON.parse(cli.stdout) as { steps: { name: string; detail?: string }[] })
        .steps;
      counts["CLI"] = tablesIn(steps.find((s) => s.name === "GetTables")?.detail);
      expect(counts).toEqual({ form: user, "API, path only": user, CLI: user });
    } finally {
      await app.close();
      store.close();
    }
  }, 60_000);
});
