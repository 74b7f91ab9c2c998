import { afterAll, describe, expect, it } from "vitest";
import { parseMigrationFile } from "../src/index.js";
import { acme, cleanup, load } from "./tree.js";

afterAll(cleanup);

const parse = (text: string, name = "1.0.0-2.0.0.json") =>
  parseMigrationFile({ file: `/x/migrations/${name}`, displayPath: `migrations/${name}`, text });

describe("parseMigrationFile", () => {
  it("reads every step kind of the vocabulary", () => {
    const steps = [
      { op: "rename", from: "/user", to: "/username" },
      { op: "move", from: "/password", to: "/auth/password" },
      { op: "default", path: "/port", value: 5432 },
      {
        op: "wrap",
        path: "/auth",
        fields: ["password"],
        discriminator: { property: "type", value: "pw" },
      },
      { op: "unwrap", path: "/ssl", discriminator: { property: "mode", value: "on" } },
      {
        op: "split",
        from: "/address",
        separator: ":",
        to: ["/host", "/port"],
        types: ["string", "integer"],
      },
      { op: "join", from: ["/host", "/port"], separator: ":", to: "/address" },
      { op: "map", path: "/tables/*/mode", values: { allow: "prefer" } },
      { op: "drop", path: "/legacy" },
    ];
    const { migration, diagnostics } = parse(JSON.stringify({ steps }, null, 2));
    expect(diagnostics).toEqual([]);
    expect(migration).toEqual({
      from: "1.0.0",
      to: "2.0.0",
      file: "migrations/1.0.0-2.0.0.json",
      steps,
    });
  });

  it.each([
    [
      "an unknown op",
      '{\n  "steps": [\n    { "op": "rename" , "from": "/a", "to": "/b" },\n    { "op": "renme", "from": "/a" }\n  ]\n}',
      { pointer: "/steps/1/op", line: 4, message: /must be one of/ },
    ],
    [
      "a key the step does not have",
      '{\n  "steps": [\n    { "op": "drop", "path": "/a", "value": 1 }\n  ]\n}',
      { pointer: "/steps/0/value", line: 3, message: /not a known key/ },
    ],
    [
      "a path that is not a pointer",
      '{\n  "steps": [\n    { "op": "drop", "path": "legacy" }\n  ]\n}',
      { pointer: "/steps/0/path", line: 3, message: /JSON pointer/ },
    ],
    [
      "a * where one value moves",
      '{\n  "steps": [\n    { "op": "rename", "from": "/t/*/a", "to": "/t/*/b" }\n  ]\n}',
      { pointer: "/steps/0/from", line: 3, message: /uses \*/, count: 2 },
    ],
  ])("locates %s", (_name, text, want) => {
    const { migration, diagnostics } = parse(text);
    expect(migration).toBeUndefined();
    expect(diagnostics[0]).toMatchObject({
      severity: "error",
      code: "migration/invalid",
      file: "migrations/1.0.0-2.0.0.json",
      pointer: want.pointer,
      line: want.line,
    });
    expect(diagnostics[0].message).toMatch(want.message);
    // Each mistake said once: no second line about the same one (from and to both use * here).
    expect(diagnostics).toHaveLength("count" in want ? want.count : 1);
  });

  it("refuses broken JSON with its line, and a migration that goes back", () => {
    expect(parse('{ "steps": [ }').diagnostics[0]).toMatchObject({ severity: "error", line: 1 });
    expect(parse('{ "steps": [] }', "2.0.0-1.0.0.json").diagnostics[0].message).toMatch(
      /goes to a later version/,
    );
  });
});

describe("the loader and loadMigrations", () => {
  it("finds migrations beside connection.json, checks them, imports the TypeScript one", async () => {
    const { loadMigrations } = await import("../src/index.js");
    const model = await load(
      acme({ type: "object" }, "3.0.0", {
        "migrations/1.0.0-2.0.0.json": { steps: [{ op: "drop", path: "/x" }] },
        "migrations/2.0.0-3.0.0.ts":
          "export function migrate(config: Record<string, unknown>) { return { ...config, y: 1 }; }\n",
        "migrations/notes.json": {},
      }),
    );
    const connector = model.connectors[0];
    expect(connector.migrations?.map((m) => m.displayPath)).toEqual([
      "connectors/acme/migrations/1.0.0-2.0.0.json",
      "connectors/acme/migrations/2.0.0-3.0.0.ts",
    ]);
    expect(model.diagnostics.map((d) => d.code)).toContain("migration/file-name");
    const { migrations, diagnostics } = await loadMigrations(connector);
    expect(diagnostics).toEqual([]);
    expect(migrations.map((m) => [m.from, m.to, typeof m.migrate])).toEqual([
      ["1.0.0", "2.0.0", "undefined"],
      ["2.0.0", "3.0.0", "function"],
    ]);
    expect(migrations[1].migrate!({ a: 1 })).toEqual({ a: 1, y: 1 });
  });

  it("reads an earlier version's schema beside the migrations as a model of its own", async () => {
    const old = {
      $schema: "http://json-schema.org/draft-07/schema#",
      type: "object",
      properties: { auth: { $ref: "#/definitions/auth" } },
      definitions: { auth: { type: "object", properties: { user: { type: "string" } } } },
    };
    const model = await load(
      acme({ type: "object" }, "3.0.0", {
        "migrations/2.0.0-3.0.0.json": { steps: [] },
        "migrations/2.0.0.schema.json": old,
      }),
    );
    expect(model.diagnostics).toEqual([]);
    const [connector] = model.connectors;
    // Not a migration: the chain is only the migration files.
    expect(connector.migrations?.map((m) => m.displayPath)).toEqual([
      "connectors/acme/migrations/2.0.0-3.0.0.json",
    ]);
    expect(connector.bases?.map((b) => [b.version, b.displayPath])).toEqual([
      ["2.0.0", "connectors/acme/migrations/2.0.0.schema.json"],
    ]);
    const base = connector.bases![0].model;
    expect(base.connectors.map((c) => [c.name, c.metadata.version])).toEqual([["acme", "2.0.0"]]);
    expect([...base.refs.values()]).toEqual([
      { doc: base.connectors[0].entry, pointer: "/definitions/auth" },
    ]);
  });

  it("refuses an earlier version's schema that references another file, at the reference", async () => {
    const model = await load(
      acme({ type: "object" }, "3.0.0", {
        "migrations/2.0.0-3.0.0.json": { steps: [] },
        "migrations/2.0.0.schema.json": {
          $schema: "http://json-schema.org/draft-07/schema#",
          type: "object",
          properties: { ssl: { $ref: "../../../definitions/ssl.json" } },
        },
      }),
    );
    const errors = model.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toEqual([
      expect.objectContaining({
        connector: "acme",
        file: "connectors/acme/migrations/2.0.0.schema.json",
        pointer: "/properties/ssl/$ref",
        line: 6,
      }),
    ]);
    expect(model.connectors[0].bases).toBeUndefined();
  });

  it("refuses two migrations from one version and one past the connector's version", async () => {
    const { loadMigrations } = await import("../src/index.js");
    const model = await load(
      acme({ type: "object" }, "2.0.0", {
        "migrations/1.0.0-2.0.0.json": { steps: [] },
        "migrations/1.0.0-3.0.0.json": { steps: [] },
      }),
    );
    const { diagnostics } = await loadMigrations(model.connectors[0]);
    expect(diagnostics.map((d) => d.code).sort()).toEqual([
      "migration/ambiguous",
      "migration/past-version",
    ]);
  });
});
