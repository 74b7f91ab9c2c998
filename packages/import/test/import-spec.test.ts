import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundle,
  isObject,
  isSecret,
  loadTree,
  walkInstance,
  walkSchema,
  type Diagnostic,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { lint } from "@onespec/lint";
import { CORPUS_DIR, OPENMETADATA_DIR } from "@onespec/test-fixtures";
import { SERVICE_TYPES } from "@onespec/core";
import { importSpec, type ImportedSpec } from "../src/index.js";
import { generate } from "@onespec/engine";

const TMP = mkdtempSync(path.join(os.tmpdir(), "onespec-import-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The specs the corpus README (and corpus.test.ts) lists as defective: each must still import cleanly. */
const DEFECTIVE = [
  "destination-convex",
  "destination-kafka",
  "destination-redpanda",
  "destination-scaffold-destination-python",
  "source-coingecko-coins",
  "source-nytimes",
  "source-kyriba",
  "source-square",
  "source-the-guardian-api",
];

const AIRBYTE_FILES = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => path.join(CORPUS_DIR, f));
const OM_GLOB = "entity/services/connections/**/*Connection.json";
const OM_FILES = (readdirSync(OPENMETADATA_DIR, { recursive: true }) as string[])
  .map((f) => f.split(path.sep).join("/"))
  .filter((f) => f.startsWith("entity/services/connections/") && f.endsWith("Connection.json"))
  .sort()
  .map((f) => path.join(OPENMETADATA_DIR, f));

/** Writes an imported spec into a schema tree in onespec's layout, as `onespec scaffold connector --from` will. */
function writeConnector(schemas: string, spec: ImportedSpec): void {
  const dir = path.join(schemas, "connectors", spec.metadata.name);
  mkdirSync(dir, { recursive: true });
  const { capabilities: _c, docsUrl, ...meta } = spec.metadata;
  writeFileSync(path.join(dir, "connection.json"), JSON.stringify(spec.connection, null, 2) + "\n");
  writeFileSync(
    path.join(dir, "connector.json"),
    JSON.stringify(
      {
        ...meta,
        capabilities: ["metadata"],
        version: "0.1.0",
        docsUrl: docsUrl ?? `https://example.com/docs/${spec.metadata.name}`,
      },
      null,
      2,
    ) + "\n",
  );
  writeFileSync(
    path.join(dir, "test-connection.json"),
    JSON.stringify(
      {
        steps: [
          {
            name: "CheckAccess",
            description: "Connect with the configured settings.",
            mandatory: true,
            shortCircuit: true,
            errorMessage: "Check the connection settings.",
          },
        ],
      },
      null,
      2,
    ) + "\n",
  );
}

/** Instance paths of every secret in a connector's bundled schema, by a predicate. */
function secretPathsOf(
  model: SchemaModel,
  entry: string,
  secret: (s: JsonObject) => boolean,
): string[] {
  const paths = new Set<string>();
  walkInstance(bundle(model, { doc: entry, pointer: "" }), ({ schema, path: p }) => {
    if (p !== "" && secret(schema)) paths.add(p);
  });
  return [...paths].sort();
}

/** What the source marked secret, including the defective spellings the import repairs (`"airbyte_secret": "true"`). */
const sourceSecret = (s: JsonObject) =>
  isSecret(s) || s.airbyte_secret === "true" || s.mask === "true";

describe("importSpec on every real spec", () => {
  const schemas = path.join(TMP, "all/schemas");
  const imported = new Map<string, { file: string; spec: ImportedSpec }>();
  let model: SchemaModel;
  let diagnostics: Diagnostic[];

  beforeAll(async () => {
    for (const file of [...AIRBYTE_FILES, ...OM_FILES]) {
      const spec = await importSpec(file);
      expect(imported.has(spec.metadata.name), `two specs import as ${spec.metadata.name}`).toBe(
        false,
      );
      imported.set(spec.metadata.name, { file, spec });
      writeConnector(schemas, spec);
    }
    // One tree, loaded once.
    model = await loadTree({ root: schemas, cwd: TMP });
    diagnostics = [...model.diagnostics, ...lint(model)];
  }, 120_000);

  it("imports all 346 Airbyte specs and every OpenMetadata connection, with the right kind", () => {
    expect(AIRBYTE_FILES.length).toBe(346);
    expect(OM_FILES.length).toBeGreaterThanOrEqual(15);
    expect(model.connectors.length).toBe(AIRBYTE_FILES.length + OM_FILES.length);
    for (const { file, spec } of imported.values()) {
      expect(spec.kind, file).toBe(file.startsWith(CORPUS_DIR) ? "airbyte" : "openmetadata");
      expect(SERVICE_TYPES, file).toContain(spec.metadata.serviceType);
      expect(spec.metadata.displayName.length, file).toBeGreaterThan(0);
      expect(spec.metadata.description.length, file).toBeGreaterThan(0);
    }
    expect(imported.get("source-postgres")!.spec.metadata).toMatchObject({
      name: "source-postgres",
      serviceType: "Database",
    });
    expect(imported.get("mysql")!.spec.metadata).toMatchObject({
      name: "mysql",
      displayName: "Mysql",
      serviceType: "Database",
    });
    expect(imported.get("big-query")!.spec.metadata.serviceType).toBe("Warehouse");
    expect(imported.get("superset")!.spec.metadata.serviceType).toBe("Dashboard");
    expect(imported.get("kafka")!.spec.metadata.serviceType).toBe("Messaging");
    expect(imported.get("airflow")!.spec.metadata.serviceType).toBe("Pipeline");
  });

  it("passes the loader and every lint rule with zero errors, the 9 defective specs included", () => {
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.file}${d.pointer ?? ""}: ${d.code} ${d.message}`)).toEqual([]);
    for (const name of DEFECTIVE) expect(model.connectors.map((c) => c.name)).toContain(name);
    const warnings = diagnostics.filter((d) => d.severity === "warning");
    // Only judgement calls are left: no TLS settings, optional auth, missing docs, equal orders,
    // and patterns that can backtrack badly (rewriting a vendor's regex is the author's call; the
    // two are pinned in check.test.ts).
    const judgement = [
      "lint/url-without-tls",
      "lint/auth-not-required",
      "lint/missing-description",
      "lint/duplicate-order",
      "lint/regex-backtracking",
    ];
    expect(
      warnings
        .filter((d) => !judgement.includes(d.code))
        .map((d) => `${d.file}${d.pointer ?? ""}: ${d.code}`),
    ).toEqual([]);
    const notes = [...imported.values()].reduce((n, { spec }) => n + spec.notes.length, 0);
    console.log(
      `import-spec: ${imported.size} specs (${AIRBYTE_FILES.length} Airbyte, ${OM_FILES.length} OpenMetadata), ${notes} notes, ` +
        `${errors.length} errors, ${warnings.length} warnings (${[...new Set(warnings.map((d) => d.code))].sort().join(", ")})`,
    );
  });

  it("lists each remaining warning of a connector in its notes", () => {
    for (const d of diagnostics.filter((x) => x.severity === "warning")) {
      const { spec } = imported.get(d.connector!)!;
      expect(
        spec.notes.some((n) => n.includes(`[${d.code}]`) && n.includes(d.pointer ?? "")),
        `${d.connector} ${d.code} ${d.pointer}`,
      ).toBe(true);
      // And as data, where the connection is written.
      expect(
        spec.diagnostics.map((x) => `${x.file} ${x.code} ${x.pointer}`),
        `${d.connector} ${d.code} ${d.pointer}`,
      ).toContain(`connectors/${d.connector}/connection.json ${d.code} ${d.pointer}`);
    }
  });

  it("leaves every connection self-contained: draft-07, no $ref outside #/definitions, no vendor keyword", () => {
    for (const { file, spec } of imported.values()) {
      expect(spec.connection.$schema, file).toBe("http://json-schema.org/draft-07/schema#");
      const text = JSON.stringify(spec.connection);
      for (const k of [
        "airbyte_secret",
        "airbyte_hidden",
        "mask",
        "javaType",
        "javaInterfaces",
        "existingJavaType",
        "$defs",
        "$id",
      ])
        expect(text, `${file}: ${k}`).not.toContain(`"${k}":`);
      expect(text, file).not.toContain('"format":"password"');
      walkSchema(spec.connection, ({ node, pointer }) => {
        if (typeof node.$ref === "string")
          expect(node.$ref, `${file} ${pointer}`).toMatch(/^#(\/definitions\/[^/]+)?$/);
        if (typeof node.$ref === "string" && node.$ref !== "#")
          expect(
            isObject(spec.connection.definitions) &&
              decodeURIComponent(node.$ref.slice(14)) in spec.connection.definitions,
          ).toBe(true);
      });
    }
  });

  it("carries every secret: what the source marked secret is secret in the result", async () => {
    const sources = [
      await loadTree({ root: CORPUS_DIR, entries: ["*.json"], cwd: TMP }),
      await loadTree({ root: OPENMETADATA_DIR, entries: [OM_GLOB], cwd: TMP }),
    ];
    let checked = 0;
    for (const source of sources)
      for (const c of source.connectors) {
        const target = model.connectors.find((t) => t.name === c.name);
        expect(target, c.name).toBeDefined();
        const before = secretPathsOf(source, c.entry, sourceSecret);
        const after = secretPathsOf(model, target!.entry, isSecret);
        expect(after, c.name).toEqual(expect.arrayContaining(before));
        checked += before.length;
      }
    expect(checked).toBeGreaterThan(500);
    // "airbyte_secret": "true" (a string) in destination-convex is read as a secret too.
    const convex = imported.get("destination-convex")!.spec.connection as {
      properties: Record<string, JsonObject>;
    };
    expect(convex.properties.access_key.secret).toBe(true);
  });

  it("fixes each known defect and says so", () => {
    const notes = (name: string) => imported.get(name)!.spec.notes.join("\n");
    const props = (name: string) =>
      (imported.get(name)!.spec.connection as { properties: Record<string, JsonObject> })
        .properties;
    expect(props("destination-kafka").client_dns_lookup.enum).toEqual([
      ...new Set(props("destination-kafka").client_dns_lookup.enum as string[]),
    ]);
    expect(notes("destination-kafka")).toMatch(
      /enum lists "use_all_dns_ips" twice \(items 1 and 3\); the second is ignored/,
    );
    expect(Array.isArray(props("destination-redpanda").buffer_memory.examples)).toBe(true);
    expect(notes("destination-redpanda")).toMatch(
      /examples must be an array, not a number; read as \[/,
    );
    expect(props("source-square").start_date.order).toBe(2);
    expect(props("source-kyriba").start_date.pattern).toBe(
      "^\\d{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$",
    );
    expect(notes("source-the-guardian-api")).toMatch(
      /is ECMA-262 only without the unicode flag: "\\-" is the character "-".*Read as "\^/,
    );
    expect(props("source-nytimes").start_date).not.toHaveProperty("format");
    expect(props("source-nytimes").start_date.pattern).toBe("^[0-9]{4}-[0-9]{2}$");
    expect(props("source-coingecko-coins").start_date).not.toHaveProperty("format");
    expect(
      imported.get("destination-scaffold-destination-python")!.spec.connection,
    ).not.toHaveProperty("required");
    expect(notes("destination-scaffold-destination-python")).toMatch(/TODO -- fix me!/);
  });

  it("passes the whole of `onespec check`: every generator's dry run included", async () => {
    const outcome = await generate({
      schemas,
      out: path.join(TMP, "all/generated"),
      check: true,
      keepGoing: true,
      cache: false,
      model,
      cwd: TMP,
    });
    expect(
      outcome.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.file}${d.pointer ?? ""}: ${d.code} ${d.message}`),
    ).toEqual([]);
    expect(outcome.skipped).toEqual([]);
  }, 300_000);
});

// ---------------------------------------------------------------------------------------------

let n = 0;
/** Writes files (path → JSON or text) into a fresh folder and returns the folder. */
function files(entries: Record<string, unknown>): string {
  const dir = path.join(TMP, `case-${++n}`);
  for (const [rel, content] of Object.entries(entries)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(
      path.join(dir, rel),
      typeof content === "string" ? content : JSON.stringify(content, null, 2),
    );
  }
  return dir;
}

async function importInline(schema: unknown, name = "source-acme.json"): Promise<ImportedSpec> {
  return importSpec(path.join(files({ [name]: schema }), name));
}

const obj = (properties: Record<string, unknown>, extra: JsonObject = {}) => ({
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Acme Spec",
  type: "object",
  properties,
  ...extra,
});
const prop = (spec: ImportedSpec, ...names: string[]): JsonObject => {
  let node: unknown = spec.connection;
  for (const name of names)
    node = (node as { properties: Record<string, unknown> }).properties[name];
  return node as JsonObject;
};

describe("importSpec mapping rules", () => {
  it('airbyte_secret → secret (a "true" string too), airbyte_hidden → hidden; order, group, groups and always_show are kept', async () => {
    const spec = await importInline(
      obj(
        {
          api_key: {
            type: "string",
            title: "API key",
            airbyte_secret: true,
            order: 0,
            group: "auth",
          },
          token: {
            type: "string",
            title: "Token",
            airbyte_secret: "true",
            order: 1,
            group: "auth",
          },
          public: { type: "string", title: "Public", airbyte_secret: false, order: 2 },
          internal: {
            type: "string",
            title: "Internal",
            airbyte_hidden: true,
            order: 3,
            always_show: true,
          },
        },
        { groups: [{ id: "auth", title: "Authentication" }, { title: "no id" }] },
      ),
    );
    expect(spec.kind).toBe("airbyte");
    expect(prop(spec, "api_key")).toEqual({
      type: "string",
      title: "API key",
      order: 0,
      group: "auth",
      secret: true,
    });
    expect(prop(spec, "token")).toMatchObject({ secret: true, order: 1 });
    expect(prop(spec, "public")).not.toHaveProperty("secret");
    expect(prop(spec, "public")).not.toHaveProperty("airbyte_secret");
    expect(prop(spec, "internal")).toEqual({
      type: "string",
      title: "Internal",
      hidden: true,
      order: 3,
      always_show: true,
    });
    expect(spec.connection.groups).toEqual([{ id: "auth", title: "Authentication" }]);
    expect(spec.connection.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(spec.connection.title).toBe("Acme Spec");
    expect(spec.notes.join("\n")).toMatch(
      /\/properties\/token\/airbyte_secret: "airbyte_secret" must be a boolean, not a string; "true" is read as true/,
    );
    expect(spec.notes.join("\n")).toMatch(/"airbyte_hidden": true → "hidden": true/);
  });

  it("mask: true and format: password → secret, the format dropped", async () => {
    const spec = await importInline(
      obj({
        password: { type: "string", title: "Password", format: "password" },
        key: { type: "string", title: "Key", mask: true },
      }),
      "fooConnection.json",
    );
    expect(prop(spec, "password")).toEqual({ type: "string", title: "Password", secret: true });
    expect(prop(spec, "key")).toEqual({ type: "string", title: "Key", secret: true });
    expect(spec.metadata.name).toBe("foo");
  });

  it("order strings are parsed or dropped; wrongly typed dialect keywords are repaired or dropped", async () => {
    const spec = await importInline(
      obj({
        a: { type: "string", title: "A", order: "2," },
        b: { type: "string", title: "B", order: "first", hidden: "true", group: 3 },
      }),
    );
    expect(prop(spec, "a").order).toBe(2);
    expect(prop(spec, "b")).toEqual({ type: "string", title: "B", hidden: true, group: "3" });
    expect(spec.notes.join("\n")).toMatch(
      /"order" must be a number, not a string; "2," is read as 2/,
    );
    expect(spec.notes.join("\n")).toMatch(/dropped "order": "first" is not a number/);
  });

  it("drops vendor keywords and lists them, once per keyword", async () => {
    const spec = await importInline(
      obj(
        {
          a: { type: "string", title: "A", javaType: "x.A", expose: true },
          b: { type: "string", title: "B", javaType: "x.B" },
        },
        { javaType: "x.Root" },
      ),
    );
    expect(JSON.stringify(spec.connection)).not.toMatch(/javaType|expose/);
    const line = spec.notes.find((l) => l.includes('"javaType"'));
    expect(line).toMatch(/: 3 places \(/);
    for (const p of ["/javaType", "/properties/a/javaType", "/properties/b/javaType"])
      expect(line).toContain(p);
    expect(spec.notes.some((l) => l.includes('"expose"'))).toBe(true);
  });

  it("fixes duplicate enum values and required entries, non-array examples, \\- in patterns, and undeclared required names", async () => {
    const spec = await importInline(
      obj(
        {
          mode: { type: "string", title: "Mode", enum: ["a", "b", "a"] },
          size: { type: "integer", title: "Size", examples: 42 },
          day: { type: "string", title: "Day", pattern: "^\\d{4}\\-\\d{2}\\-\\d{2}$" },
          keep: { type: "string", title: "Keep", pattern: "^[a\\-z]+$" },
        },
        { required: ["mode", "mode", "ghost"], additionalProperties: false },
      ),
    );
    expect(prop(spec, "mode").enum).toEqual(["a", "b"]);
    expect(prop(spec, "size").examples).toEqual([42]);
    expect(prop(spec, "day").pattern).toBe("^\\d{4}-\\d{2}-\\d{2}$");
    expect(prop(spec, "keep").pattern).toBe("^[a\\-z]+$"); // valid in unicode mode inside a class: unchanged
    expect(spec.connection.required).toEqual(["mode"]);
    expect(spec.notes.length).toBeGreaterThanOrEqual(4);
  });

  it("reads patterns as the loader does: repairs, Java and Python translations, documentation, and drops what is no regex", async () => {
    const spec = await importInline(
      obj({
        a: { type: "string", title: "A", pattern: "^a\\-b\\_c\\:d\\ e$" },
        b: { type: "string", title: "B", pattern: "(?i)^[a-f0-9]+$" },
        c: { type: "string", title: "C", pattern: "a++" },
        d: { type: "string", title: "D", pattern: "^(" },
        e: { type: "object", title: "E", patternProperties: { "^x\\-": { type: "string" } } },
      }),
    );
    expect(prop(spec, "a").pattern).toBe("^a-b_c:d e$");
    expect(prop(spec, "b").pattern).toBe("^[a-f0-9A-F]+$");
    expect(prop(spec, "c")).toEqual({ type: "string", title: "C", pattern_descriptor: "a++" });
    expect(prop(spec, "d")).toEqual({ type: "string", title: "D" });
    expect(prop(spec, "e").patternProperties).toEqual({ "^x-": { type: "string" } });
    const text = spec.notes.join("\n");
    expect(text).toMatch(
      /\/properties\/b\/pattern: pattern "\(\?i\)\^\[a-f0-9\]\+\$" is Java or Python syntax: the inline flag "\(\?i\)"/,
    );
    expect(text).toMatch(
      /\/properties\/c\/pattern: pattern "a\+\+" is not validated: the possessive quantifier/,
    );
    expect(text).toMatch(
      /\/properties\/d\/pattern: dropped the pattern: pattern "\^\(" is not a regular expression in ECMA-262, Java or Python/,
    );
    expect(spec.notes.filter((n) => /^error/.test(n))).toEqual([]);
  });

  it("a date pattern that contradicts format: date loses the format; a compatible one keeps both", async () => {
    const spec = await importInline(
      obj({
        eu: {
          type: "string",
          title: "EU date",
          format: "date",
          pattern: "^[0-9]{2}-[0-9]{2}-[0-9]{4}$",
        },
        iso: {
          type: "string",
          title: "ISO date",
          format: "date",
          pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
        },
      }),
    );
    expect(prop(spec, "eu")).toEqual({
      type: "string",
      title: "EU date",
      pattern: "^[0-9]{2}-[0-9]{2}-[0-9]{4}$",
    });
    expect(prop(spec, "iso").format).toBe("date");
  });

  it("marks credential-like fields secret and takes defaults and examples off secrets", async () => {
    const spec = await importInline(
      obj({
        client_secret: { type: "string", title: "Client secret" },
        password: {
          type: "string",
          title: "Password",
          airbyte_secret: true,
          default: "hunter2",
          examples: ["s3cret"],
        },
        token_url: { type: "string", title: "Token URL" },
      }),
    );
    expect(prop(spec, "client_secret").secret).toBe(true);
    expect(prop(spec, "password")).toEqual({ type: "string", title: "Password", secret: true });
    expect(prop(spec, "token_url")).not.toHaveProperty("secret");
    expect(spec.notes.join("\n")).toMatch(
      /\/properties\/client_secret: named like a credential but not marked secret; added "secret": true/,
    );
  });

  it("makes the constant that tells oneOf branches apart required (const or one-value enum)", async () => {
    const spec = await importInline(
      obj({
        credentials: {
          title: "Credentials",
          type: "object",
          oneOf: [
            {
              title: "OAuth",
              type: "object",
              required: ["client_id"],
              properties: {
                auth_type: { type: "string", const: "oauth" },
                client_id: { type: "string", title: "Client ID" },
              },
            },
            {
              title: "Key",
              type: "object",
              properties: {
                auth_type: { type: "string", enum: ["key"] },
                api_key: { type: "string", title: "API key", airbyte_secret: true },
              },
            },
          ],
        },
      }),
    );
    const branches = prop(spec, "credentials").oneOf as JsonObject[];
    expect(branches[0].required).toEqual(["client_id", "auth_type"]);
    expect(branches[1].required).toEqual(["auth_type"]);
    expect(spec.notes.join("\n")).toMatch(
      /"auth_type" tells the branches apart; added it to "required" in branches 0, 1/,
    );
  });

  it("renames misspelt keywords to what they meant, in the shape they need", async () => {
    const spec = await importInline(
      obj({
        a: { type: "string", tittle: "A", desciption: "An a.", example: "x" },
        b: { type: "array", title: "B", item: "string", maxitems: 3 },
        c: { type: "integer", title: "C", min: 1, max: 9 },
        d: { type: "int", title: "D" },
        e: { type: ["String", "null"], title: "E" },
      }),
    );
    expect(prop(spec, "d").type).toBe("integer");
    expect(prop(spec, "e").type).toEqual(["string", "null"]);
    expect(prop(spec, "a")).toEqual({
      type: "string",
      title: "A",
      description: "An a.",
      examples: ["x"],
    });
    expect(prop(spec, "b")).toEqual({
      type: "array",
      title: "B",
      items: { type: "string" },
      maxItems: 3,
    });
    expect(prop(spec, "c")).toEqual({ type: "integer", title: "C", minimum: 1, maximum: 9 });
  });

  it("writes defaults and examples with the field's type, and drops those that cannot match", async () => {
    const spec = await importInline(
      obj({
        port: { type: "integer", title: "Port", examples: ["5432"] },
        year: { type: "string", title: "Year", examples: [2002, -500] },
        tags: { type: "array", title: "Tags", items: { type: "string" }, examples: ["a", "b"] },
        start: {
          type: "string",
          title: "Start",
          pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
          examples: ["YYYY-MM-DD", "2021-01-01"],
        },
        mode: { type: "string", title: "Mode", enum: ["a", "b"], default: "c" },
      }),
    );
    expect(prop(spec, "port").examples).toEqual([5432]);
    expect(prop(spec, "year").examples).toEqual(["2002", "-500"]);
    expect(prop(spec, "tags").examples).toEqual([["a", "b"]]);
    expect(prop(spec, "start")).toMatchObject({
      examples: ["2021-01-01"],
      pattern_descriptor: "YYYY-MM-DD",
    });
    expect(prop(spec, "mode")).not.toHaveProperty("default");
  });

  it("notes missing descriptions (a warning) without inventing them", async () => {
    const spec = await importInline(obj({ mystery: { type: "string" } }));
    expect(prop(spec, "mystery")).toEqual({ type: "string" });
    expect(
      spec.notes.some((l) =>
        l.startsWith("warning [lint/missing-description]: /properties/mystery"),
      ),
    ).toBe(true);
  });

  it("reads a full Airbyte spec: connectionSpecification, documentationUrl, supportsIncremental", async () => {
    const spec = await importInline(
      {
        documentationUrl: "https://docs.airbyte.com/integrations/sources/acme",
        supportsIncremental: true,
        supported_destination_sync_modes: [],
        connectionSpecification: obj({
          host: { type: "string", title: "Host" },
          port: { type: "integer", title: "Port" },
          database: { type: "string", title: "Database" },
        }),
      },
      "spec.json",
    );
    expect(spec.kind).toBe("airbyte");
    expect(spec.metadata).toMatchObject({
      displayName: "Acme",
      serviceType: "Database",
      docsUrl: "https://docs.airbyte.com/integrations/sources/acme",
      capabilities: ["incremental"],
    });
    expect(spec.metadata.name).toMatch(/^case-\d+$/); // spec.json takes its folder's name
    expect(spec.notes.join("\n")).toMatch(
      /dropped "supportsIncremental", "supported_destination_sync_modes"/,
    );
  });

  it("reads draft-04 by its own rules, in the entry and in a file it references that has no $schema", async () => {
    const dir = files({
      "source-old.json": {
        $schema: "http://json-schema.org/draft-04/schema#",
        title: "Old Spec",
        type: "object",
        properties: {
          port: {
            type: "integer",
            title: "Port",
            minimum: 0,
            exclusiveMinimum: true,
            maximum: 65536,
            exclusiveMaximum: true,
          },
          retries: { type: "integer", title: "Retries", minimum: 0, exclusiveMinimum: false },
          auth: { $ref: "common.json#/definitions/auth" },
        },
      },
      "common.json": {
        definitions: {
          auth: {
            type: "object",
            title: "Auth",
            properties: {
              level: { type: "number", title: "Level", minimum: 1, exclusiveMinimum: true },
            },
          },
        },
      },
    });
    const spec = await importSpec(path.join(dir, "source-old.json"));
    expect(prop(spec, "port")).toEqual({
      type: "integer",
      title: "Port",
      exclusiveMinimum: 0,
      exclusiveMaximum: 65536,
    });
    expect(prop(spec, "retries")).toEqual({ type: "integer", title: "Retries", minimum: 0 });
    const defs = spec.connection.definitions as Record<
      string,
      { properties: Record<string, JsonObject> }
    >;
    expect(defs.auth.properties.level).toEqual({
      type: "number",
      title: "Level",
      exclusiveMinimum: 1,
    });
    expect(spec.connection.$schema).toBe("http://json-schema.org/draft-07/schema#");
    expect(spec.notes.join("\n")).toMatch(
      /declares JSON Schema draft-04; read by its rules and written as draft-07/,
    );
    expect(spec.notes.filter((n) => /^error/.test(n))).toEqual([]);
  });

  it("reads an Airbyte SPEC message as the loader does, and refuses an unknown $schema", async () => {
    const spec = await importInline(
      {
        type: "SPEC",
        spec: {
          documentationUrl: "https://docs.example.com/x",
          connectionSpecification: obj({ host: { type: "string", title: "Host" } }),
        },
      },
      "source-msg.json",
    );
    expect(spec.kind).toBe("airbyte");
    expect(spec.metadata.docsUrl).toBe("https://docs.example.com/x");
    expect(Object.keys(prop(spec))).toContain("properties");
    await expect(
      importInline({ ...obj({}), $schema: "http://json-schema.org/draft-03/schema#" }),
    ).rejects.toThrow(
      /"\$schema": "http:\/\/json-schema\.org\/draft-03\/schema#" is not a JSON Schema draft onespec knows/,
    );
  });

  it("inlines OpenMetadata $refs to sibling files under definitions, converts 2020-12, drops supports* flags into capabilities", async () => {
    const dir = files({
      "connections/database/acmeConnection.json": {
        $id: "https://open-metadata.org/schema/entity/services/connections/database/acmeConnection.json",
        $schema: "http://json-schema.org/draft-07/schema#",
        title: "AcmeConnection",
        description: "Acme Database Connection Config",
        type: "object",
        javaType: "org.openmetadata.AcmeConnection",
        definitions: {
          acmeType: {
            description: "Service type.",
            type: "string",
            enum: ["Acme"],
            default: "Acme",
          },
        },
        properties: {
          type: { title: "Service Type", $ref: "#/definitions/acmeType", default: "Acme" },
          hostPort: { title: "Host and Port", type: "string" },
          auth: {
            title: "Auth",
            oneOf: [
              { $ref: "./common/basicAuth.json" },
              { $ref: "../../security/token.json#/$defs/token" },
            ],
          },
          tree: { title: "Tree", $ref: "../../type/tree.json" },
          supportsMetadataExtraction: {
            title: "Supports Metadata Extraction",
            $ref: "../connectionBasicType.json#/definitions/supportsMetadataExtraction",
          },
          supportsProfiler: { $ref: "../connectionBasicType.json#/definitions/supportsProfiler" },
        },
        additionalProperties: false,
        required: ["type", "hostPort"],
      },
      "connections/database/common/basicAuth.json": {
        $id: "https://open-metadata.org/basicAuth.json",
        title: "Basic Auth",
        type: "object",
        properties: {
          authMode: { type: "string", const: "basic" },
          password: { title: "Password", type: "string", format: "password", expose: true },
        },
        additionalProperties: false,
      },
      "security/token.json": {
        $schema: "https://json-schema.org/draft/2020-12/schema",
        $defs: {
          token: {
            title: "Token",
            type: "object",
            properties: {
              authMode: { type: "string", const: "token" },
              jwt: { title: "JWT", type: "string", mask: true },
              pair: {
                title: "Pair",
                type: "array",
                prefixItems: [{ type: "string" }, { type: "integer" }],
              },
            },
          },
        },
      },
      "type/tree.json": {
        title: "Tree node",
        type: "object",
        properties: {
          name: { title: "Name", type: "string" },
          children: { title: "Children", type: "array", items: { $ref: "#" } },
        },
      },
      "connections/connectionBasicType.json": {
        definitions: {
          supportsMetadataExtraction: {
            description: "Supports Metadata Extraction.",
            type: "boolean",
            default: true,
          },
          supportsProfiler: { description: "Supports Profiler", type: "boolean", default: true },
          // Never reached from the connection: the file it points at need not exist.
          unused: { $ref: "./nowhere.json" },
        },
      },
    });
    const spec = await importSpec(path.join(dir, "connections/database/acmeConnection.json"));
    expect(spec.kind).toBe("openmetadata");
    expect(spec.metadata).toMatchObject({
      name: "acme",
      displayName: "Acme",
      serviceType: "Database",
      capabilities: ["metadata", "profiling"],
    });
    const c = spec.connection as JsonObject & {
      properties: Record<string, JsonObject>;
      definitions: Record<string, JsonObject>;
    };
    expect(c).not.toHaveProperty("javaType");
    expect(c).not.toHaveProperty("$id");
    expect(Object.keys(c.properties)).toEqual(["type", "hostPort", "auth", "tree"]);
    expect(c.properties.type).toEqual({
      description: "Service type.",
      type: "string",
      enum: ["Acme"],
      default: "Acme",
      title: "Service Type",
    });
    expect(c.properties.auth.oneOf).toEqual([
      { $ref: "#/definitions/basicAuth" },
      { $ref: "#/definitions/token" },
    ]);
    expect(c.definitions.basicAuth.properties).toEqual({
      authMode: { type: "string", const: "basic" },
      password: { title: "Password", type: "string", secret: true },
    });
    expect(c.definitions.basicAuth.required).toEqual(["authMode"]);
    expect((c.definitions.token.properties as Record<string, JsonObject>).jwt.secret).toBe(true);
    expect((c.definitions.token.properties as Record<string, JsonObject>).pair.items).toEqual([
      { type: "string" },
      { type: "integer" },
    ]);
    // The whole-file recursion "#" inside tree.json points at the tree definition, not at the connection root.
    expect(c.properties.tree.$ref).toBe("#/definitions/tree");
    expect((c.definitions.tree.properties as Record<string, JsonObject>).children.items).toEqual({
      $ref: "#/definitions/tree",
    });
    expect(c.definitions).not.toHaveProperty("acmeType");
    const text = spec.notes.join("\n");
    expect(text).toMatch(/Dropped OpenMetadata capability flags/);
    expect(text).toMatch(
      /Inlined into definitions from common\/basicAuth\.json: the whole file \(as basicAuth\)/,
    );
    expect(text).toMatch(/security\/token\.json declares JSON Schema 2020-12/);
  });
});

describe("patterns written for other engines, end to end", () => {
  // Java and Python inline flags and anchors, identity escapes, and what has no ECMA-262 equivalent.
  const properties = {
    code: { type: "string", title: "Code", pattern: "(?i)^[a-z]{3}$" },
    word: { type: "string", title: "Word", pattern: "(?U)^\\w+$" },
    year: { type: "string", title: "Year", pattern: "(?U)^\\d{4}$" },
    pair: { type: "string", title: "Pair", pattern: "^(?P<y>\\d{2})-(?P=y)$" },
    day: { type: "string", title: "Day", pattern: "\\A\\d{4}\\-\\d{2}\\-\\d{2}\\Z" },
    loose: { type: "string", title: "Loose", pattern: "^a++$" },
  };
  const required = Object.keys(properties);

  it("generate reads them as the loader does and every generator works on the result", async () => {
    const root = files({
      "connectors/acme/connection.json": obj(properties, { required }),
      "connectors/acme/connector.json": {
        name: "acme",
        displayName: "Acme",
        serviceType: "API",
        capabilities: ["metadata"],
        version: "0.1.0",
        docsUrl: "https://example.com",
      },
      "connectors/acme/test-connection.json": {
        steps: [{ name: "CheckAccess", description: "d", mandatory: true, errorMessage: "e" }],
      },
    });
    const outcome = await generate({
      schemas: root,
      out: path.join(root, "generated"),
      check: true,
      keepGoing: true,
      cache: false,
      cwd: root,
    });
    expect(
      outcome.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.pointer}: ${d.code} ${d.message}`),
    ).toEqual([]);
    expect(outcome.skipped).toEqual([]);
    const codes = outcome.diagnostics
      .filter((d) => d.severity === "warning")
      .map((d) => `${d.code} ${d.pointer}`);
    expect(codes).toEqual(
      expect.arrayContaining([
        "schema/pattern-translated /properties/code/pattern",
        "schema/pattern-translated /properties/word/pattern",
        "schema/pattern-translated /properties/year/pattern",
        "schema/pattern-translated /properties/pair/pattern",
        "schema/pattern-translated /properties/day/pattern",
        "schema/pattern-not-validated /properties/loose/pattern",
      ]),
    );
  }, 120_000);

  it("scaffold --from writes the translations into the connection, which then checks clean", async () => {
    const spec = await importInline(obj(properties, { required }));
    const p = (name: string) => prop(spec, name).pattern;
    expect([p("code"), p("year"), p("pair"), p("day")]).toEqual([
      "^[a-zA-Z]{3}$",
      "^[0-9\\p{Nd}]{4}$",
      "^(\\d{2})-\\1$",
      "^\\d{4}-\\d{2}-\\d{2}$",
    ]);
    expect(prop(spec, "loose")).toEqual({
      type: "string",
      title: "Loose",
      pattern_descriptor: "^a++$",
    });
    const schemas = path.join(TMP, `dialect-${++n}/schemas`);
    writeConnector(schemas, spec);
    const model = await loadTree({ root: schemas, cwd: TMP });
    expect(model.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    const outcome = await generate({
      schemas,
      out: path.join(schemas, "../generated"),
      check: true,
      keepGoing: true,
      cache: false,
      model,
      cwd: TMP,
    });
    expect(
      outcome.diagnostics
        .filter((d) => d.severity === "error")
        .map((d) => `${d.pointer}: ${d.code} ${d.message}`),
    ).toEqual([]);
  }, 120_000);
});

describe("importSpec on input it cannot use", () => {
  const attempt = (name: string, text: string) =>
    importSpec(path.join(files({ [name]: text }), name));

  it("not JSON: names the file, the line and the column", async () => {
    await expect(
      attempt("broken.json", '{\n  "type": "object",\n  "properties": { oops }\n}'),
    ).rejects.toThrow(/broken\.json:3:\d+: not valid JSON/);
  });

  it("a JSON array, or a string", async () => {
    // Said by the loader, as check says it, at the file's first line.
    await expect(attempt("list.json", "[1, 2]")).rejects.toThrow(
      /list\.json:1:1: A schema file must contain a JSON object, not an array/,
    );
    await expect(attempt("text.json", '"hello"')).rejects.toThrow(/text\.json:1:1: .*not a string/);
  });

  it("an Airbyte spec without connectionSpecification", async () => {
    await expect(
      attempt(
        "source-x.json",
        JSON.stringify({
          documentationUrl: "https://docs.airbyte.com/x",
          supportsIncremental: true,
        }),
      ),
    ).rejects.toThrow(
      /source-x\.json: looks like an Airbyte connector spec \(it has "documentationUrl"\) but has no "connectionSpecification"/,
    );
    await expect(
      attempt(
        "source-y.json",
        JSON.stringify({ documentationUrl: "https://x", connectionSpecification: [] }),
      ),
    ).rejects.toThrow(/"connectionSpecification" must be an object/);
  });

  it("an object that is no schema, or a schema of something other than an object", async () => {
    await expect(attempt("random.json", JSON.stringify({ hello: "world" }))).rejects.toThrow(
      /random\.json: not a connector spec/,
    );
    await expect(attempt("str.json", JSON.stringify({ type: "string" }))).rejects.toThrow(
      /must describe an object/,
    );
  });

  it("a missing file, an empty file, a $ref to a file that does not exist, a remote $ref", async () => {
    await expect(importSpec(path.join(TMP, "nope.json"))).rejects.toThrow(
      /nope\.json does not exist/,
    );
    await expect(attempt("empty.json", "")).rejects.toThrow(
      /empty\.json.*not valid JSON: The file is empty/,
    );
    // A $ref to a file that cannot be read: that file's own error, too.
    const dir = files({ "empty.json": "", "badref.json": obj({ a: { $ref: "./empty.json" } }) });
    await expect(importSpec(path.join(dir, "badref.json"))).rejects.toThrow(
      /badref\.json:\d+:\d+: \$ref "\.\/empty\.json" points to .*empty\.json, which could not be loaded \(see its own error\)\.\n.*empty\.json:1:1: not valid JSON: The file is empty/,
    );
    await expect(
      attempt("dangling.json", JSON.stringify(obj({ a: { $ref: "./missing.json" } }))),
    ).rejects.toThrow(
      /dangling\.json:1:\d+: \$ref "\.\/missing\.json" points to .*missing\.json, which does not exist/,
    );
    await expect(
      attempt("remote.json", JSON.stringify(obj({ a: { $ref: "https://example.com/s.json" } }))),
    ).rejects.toThrow(/remote reference/);
  });

  it("reads through the loader: a $ref to a FIFO is refused, never opened; root bounds what is read", async () => {
    const dir = files({
      "spec/source-acme.json": obj({ a: { $ref: "./pipe.json" }, b: { $ref: "../shared.json" } }),
      "shared.json": { type: "string" },
    });
    execFileSync("mkfifo", [path.join(dir, "spec/pipe.json")]);
    await expect(importSpec(path.join(dir, "spec/source-acme.json"))).rejects.toThrow(
      /source-acme\.json:\d+:\d+: \$ref "\.\/pipe\.json" points to .*pipe\.json, which is a FIFO \(named pipe\), not a regular file/,
    );
    writeFileSync(
      path.join(dir, "spec/source-acme.json"),
      JSON.stringify(obj({ b: { $ref: "../shared.json" } })),
    );
    expect(
      (await importSpec(path.join(dir, "spec/source-acme.json"))).connection.definitions,
    ).toEqual({ shared: { type: "string" } });
    await expect(
      importSpec(path.join(dir, "spec/source-acme.json"), { root: path.join(dir, "spec") }),
    ).rejects.toThrow(/\$ref "\.\.\/shared\.json" points outside the schema root/);
  });
});
