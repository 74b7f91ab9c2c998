import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../src/config-file.js";
import { hasStackTrace, onespec, roundTrip, SCRATCH, typecheck } from "./helpers.js";

// Issue 15, item 9: names that break generated code. Connector names that become one identifier
// are an error naming both; property names that are Object.prototype members work from the
// schema to the types, the fixtures, `validate` and the form.

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "names-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(rel: string, value: unknown): string {
  const p = path.join(dir, rel);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, typeof value === "string" ? value : JSON.stringify(value, null, 2));
  return p;
}

function connector(schemas: string, name: string, connection: unknown): void {
  write(`${schemas}/connectors/${name}/connection.json`, connection);
  write(`${schemas}/connectors/${name}/connector.json`, {
    name,
    displayName: name,
    serviceType: "Database",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com",
  });
  write(`${schemas}/connectors/${name}/test-connection.json`, {
    steps: [
      {
        name: "CheckAccess",
        description: "Open a connection.",
        mandatory: true,
        errorMessage: "Check the host.",
      },
    ],
  });
}

const PLAIN = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  required: ["host"],
  properties: { host: { type: "string" } },
};

/** Every kind of Object.prototype name: required ones, optional ones, a secret, nested ones. */
const PROTOS = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Protos",
  type: "object",
  additionalProperties: false,
  required: ["constructor", "toString", "valueOf"],
  properties: {
    hasOwnProperty: { type: "string" },
    constructor: { type: "string", minLength: 1 },
    toString: { type: "string" },
    valueOf: { type: "integer" },
    propertyIsEnumerable: { type: "string", secret: true },
    isPrototypeOf: {
      type: "object",
      additionalProperties: false,
      properties: { toLocaleString: { type: "boolean" } },
    },
  },
};

/** A property literally named __proto__ (written as JSON text: in a JS literal the key would set the prototype). */
const PROTO_KEY = JSON.parse(`{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "type": "object",
  "additionalProperties": false,
  "required": ["__proto__"],
  "properties": {
    "__proto__": { "type": "object", "additionalProperties": false, "required": ["isPrototypeOf"], "properties": { "isPrototypeOf": { "type": "boolean" } } },
    "name": { "type": "string" }
  }
}`);

/** const, enum and uniqueItems compare objects: ajv's equality calls their own valueOf/toString. */
const EQUALITY = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  properties: {
    items: { type: "array", uniqueItems: true, items: { type: "object" } },
    c: { const: { toString: "x" } },
  },
};

describe("connector names that become one identifier", () => {
  const schemas = path.join(dir, "collide");
  beforeAll(() => {
    connector("collide", "my-db", PLAIN);
    connector("collide", "my_db", PLAIN);
    connector("collide", "other", PLAIN);
  });

  it("are one located error naming both (exit 1), and nothing is written", () => {
    const out = path.join(dir, "collide-out");
    const r = onespec(["generate", "--schemas", schemas, "--out", out]);
    const text = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(hasStackTrace(text)).toBe(false);
    expect(text).toMatch(
      /connectors\/my_db\/connection\.json:1:1 error Connectors "my-db" and "my_db" become the same identifiers in generated code \(MyDbConfig, validateMyDbConfig, myDb\)/,
    );
    expect(text).toContain("[schema/name-collision]");
    expect(text).toMatch(/hint: .*Rename one of them/);
    expect(text.match(/schema\/name-collision/g)).toHaveLength(1);
    expect(existsSync(out)).toBe(false);
  });

  it("with --keep-going, the later one is left out and the rest compiles", () => {
    const out = path.join(dir, "collide-keep-going");
    const r = onespec(["generate", "--schemas", schemas, "--out", out, "--keep-going"]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/1 skipped for errors \(my_db\)/);
    expect(existsSync(path.join(out, "connectors/my-db/types.ts"))).toBe(true);
    expect(existsSync(path.join(out, "connectors/my_db"))).toBe(false);
    expect(typecheck(out).output).toBe("");
  }, 120_000);
});

describe("property names that are Object.prototype members, end to end", () => {
  const schemas = path.join(dir, "protos");
  const out = path.join(dir, "protos-out");
  let generated: ReturnType<typeof onespec>;
  beforeAll(() => {
    connector("protos", "protos", PROTOS);
    connector("protos", "proto-key", PROTO_KEY);
    connector("protos", "equality", EQUALITY);
    generated = onespec(["generate", "--schemas", schemas, "--out", out]);
  });

  it("generate succeeds", () => {
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
  });

  it("the output, fixtures included, compiles under tsc", () => {
    expect(typecheck(out).output).toBe("");
    expect(readFileSync(path.join(out, "connectors/protos/types.ts"), "utf8")).toContain(
      '"toString": string;',
    );
    expect(readFileSync(path.join(out, "connectors/proto-key/types.ts"), "utf8")).toMatch(
      /^ {2}"__proto__": \{$/m,
    );
  }, 120_000);

  it("a schema property named __proto__ is a fixture's own data, never its prototype", () => {
    const fixtures = JSON.parse(
      readFileSync(path.join(out, "connectors/proto-key/fixtures.json"), "utf8"),
    ) as { valid: { config: object }[] };
    for (const { config } of fixtures.valid) {
      expect(Object.getPrototypeOf(config)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(config, "__proto__")?.value).toEqual({
        isPrototypeOf: true,
      });
    }
  });

  it("a config's __proto__ key is read as the same own data by the JSON and the YAML reader", () => {
    const json = parseConfig(
      '{"constructor": "c", "__proto__": {"toString": "x", "__proto__": {"polluted": true}}}',
      "c.json",
      "json",
    );
    const yaml = parseConfig(
      "constructor: c\n__proto__:\n  toString: x\n  __proto__: {polluted: true}\n",
      "c.yaml",
      "yaml",
    );
    for (const [{ config, diagnostics }, line] of [
      [json, 1],
      [yaml, 3],
    ] as const) {
      expect(diagnostics).toEqual([]);
      const value = config!.value as Record<string, unknown>;
      expect(Object.keys(value)).toEqual(["constructor", "__proto__"]);
      expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
      const inner = Object.getOwnPropertyDescriptor(value, "__proto__")!.value as Record<
        string,
        unknown
      >;
      expect(Object.keys(inner)).toEqual(["toString", "__proto__"]);
      expect(Object.getPrototypeOf(inner)).toBe(Object.prototype);
      expect(config!.locate("/__proto__/toString")?.line).toBe(line);
    }
    expect(JSON.stringify(json.config!.value)).toBe(JSON.stringify(yaml.config!.value));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("validate never ends in an internal error on data with valueOf or toString keys", () => {
    for (const [name, text] of [
      ["eq-unique.json", '{"items": [{"valueOf": 1}, {"valueOf": 2}]}'],
      ["eq-const.yaml", "c:\n  toString: y\n"],
    ]) {
      const r = onespec(["validate", "equality", write(name, text), "--out", out]);
      const text2 = r.stdout + r.stderr;
      expect([0, 1]).toContain(r.code);
      expect(text2).not.toMatch(/internal error/);
      expect(hasStackTrace(text2)).toBe(false);
    }
  });

  // ajv reads `data.constructor` and `data.toString` without asking whether they are the
  // config's own unless it is given `ownProperties`, which the validators and the form's
  // validator get wherever a schema names such a property.
  describe("validate and the form (ajv's ownProperties)", () => {
    const config = (name: string, text: string) => write(name, text);

    it("accepts a valid config, JSON and YAML alike (exit 0)", () => {
      const files = [
        config("ok.json", JSON.stringify({ constructor: "c", toString: "t", valueOf: 1 })),
        config(
          "ok.yaml",
          "constructor: c\ntoString: t\nvalueOf: 1\nisPrototypeOf:\n  toLocaleString: true\n",
        ),
      ];
      for (const f of files) {
        const r = onespec(["validate", "protos", f, "--out", out]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
      }
    });

    it("reports a missing required constructor as required, exit 1, no stack trace", () => {
      const r = onespec([
        "validate",
        "protos",
        config("missing.json", JSON.stringify({ toString: "t", valueOf: 1 })),
        "--out",
        out,
        "--format",
        "json",
      ]);
      expect(r.code).toBe(1);
      expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
      const problems = (
        JSON.parse(r.stdout) as { problems: { pointer: string; keyword: string }[] }
      ).problems;
      expect(problems.map((p) => `${p.pointer} ${p.keyword}`)).toEqual(["/constructor required"]);
    });

    // The validators import @onespec/runtime/equal instead of ajv/dist/runtime/equal.
    it("compares objects with valueOf and toString keys as data (const, uniqueItems)", () => {
      const check = (name: string, text: string) => {
        const r = onespec([
          "validate",
          "equality",
          write(name, text),
          "--out",
          out,
          "--format",
          "json",
        ]);
        return (
          JSON.parse(r.stdout) as { problems: { pointer: string; keyword: string }[] }
        ).problems.map((p) => `${p.pointer} ${p.keyword}`);
      };
      expect(
        check("eq-ok.json", '{"items": [{"valueOf": 1}, {"valueOf": 2}], "c": {"toString": "x"}}'),
      ).toEqual([]);
      expect(check("eq-dup.json", '{"items": [{"valueOf": 1}, {"valueOf": 1}]}')).toEqual([
        "/items uniqueItems",
      ]);
      expect(check("eq-other.yaml", "c:\n  toString: y\n")).toEqual(["/c const"]);
    });

    it("reports a __proto__ key as an unknown property, the same for JSON and YAML", () => {
      const results = [
        config(
          "proto.json",
          '{"constructor": "c", "toString": "t", "valueOf": 1, "__proto__": {"x": 1}}',
        ),
        config("proto.yaml", "constructor: c\ntoString: t\nvalueOf: 1\n__proto__: {x: 1}\n"),
      ].map((f) => onespec(["validate", "protos", f, "--out", out, "--format", "json"]));
      for (const r of results) {
        expect(r.code).toBe(1);
        const problems = (
          JSON.parse(r.stdout) as { problems: { pointer: string; keyword: string }[] }
        ).problems;
        expect(problems.map((p) => `${p.pointer} ${p.keyword}`)).toEqual([
          "/__proto__ additionalProperties",
        ]);
      }
    });
  });

  // ajv never applies `properties.__proto__` (it skips the name): the validator view moves it to
  // patternProperties "^__proto__$". fixtures.ts and form.ts write their data as object literals,
  // where a "__proto__" key would set the prototype: it is written ["__proto__"] (objectLiteral).
  describe("a schema property named __proto__ through validate, fixtures.ts and the form", () => {
    it("validates the __proto__ property's own schema, JSON and YAML alike", () => {
      const check = (name: string, text: string) => {
        const r = onespec([
          "validate",
          "proto-key",
          write(name, text),
          "--out",
          out,
          "--format",
          "json",
        ]);
        return (
          JSON.parse(r.stdout) as { problems: { pointer: string; keyword: string }[] }
        ).problems.map((p) => `${p.pointer} ${p.keyword}`);
      };
      expect(check("pk-ok.json", '{"__proto__": {"isPrototypeOf": true}}')).toEqual([]);
      expect(check("pk-ok.yaml", "__proto__:\n  isPrototypeOf: true\n")).toEqual([]);
      expect(check("pk-bad.json", '{"__proto__": {"isPrototypeOf": 1}}')).toEqual([
        "/__proto__/isPrototypeOf type",
      ]);
      expect(check("pk-bad.yaml", "__proto__: {isPrototypeOf: 1}\n")).toEqual([
        "/__proto__/isPrototypeOf type",
      ]);
      expect(check("pk-missing.json", '{"name": "n"}')).toEqual(["/__proto__ required"]);
    });

    it("fixtures.ts and form.ts hold __proto__ as data", async () => {
      const fixtures = (await import(
        pathToFileURL(path.join(out, "connectors/proto-key/fixtures.ts")).href
      )) as { valid: { config: object }[] };
      for (const { config } of fixtures.valid)
        expect(Object.getOwnPropertyDescriptor(config, "__proto__")?.value).toEqual({
          isPrototypeOf: true,
        });
      const form = (await import(
        pathToFileURL(path.join(out, "connectors/proto-key/form.ts")).href
      )) as { schema: { properties: object } };
      expect(Object.keys(form.schema.properties)).toEqual(["__proto__", "name"]);
    });

    it("every fixture agrees with the validator and the form's validator", async () => {
      expect((await roundTrip(out)).failures).toEqual([]);
    });
  });
});
