import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { NAME_COLLISION, runGenerators, type SchemaModel } from "@onespec/core";
import { connectorFiles as connector, loadFiles as load } from "@onespec/test-fixtures";
import typesGenerator from "../src/index.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Every property name that is a member of Object.prototype, required ones and optional ones. */
const PROTOS = {
  $schema: "http://json-schema.org/draft-07/schema#",
  title: "Protos",
  type: "object",
  additionalProperties: false,
  required: ["constructor", "toString", "valueOf"],
  properties: {
    hasOwnProperty: { type: "string", description: "Optional, and a method of every object." },
    constructor: { type: "string" },
    toString: { type: "string" },
    valueOf: { type: "integer" },
    propertyIsEnumerable: { type: "string", secret: true },
    toLocaleString: { $ref: "../../definitions/locale.json" },
    isPrototypeOf: {
      type: "object",
      required: ["hasOwnProperty"],
      properties: {
        hasOwnProperty: { type: "boolean" },
        constructor: { enum: ["a", "b"] },
        __defineGetter__: { type: "number" },
      },
    },
  },
};

/**
 * The loader is to hand a `__proto__` key to generators as an own property, as JSON.parse does;
 * defined here directly so this test is about the types generator alone.
 */
function withProtoProperty(model: SchemaModel): SchemaModel {
  const doc = [...model.docs.values()].find((d) => d.rel === "connectors/protos/connection.json")!;
  const schema = doc.json as { properties: Record<string, unknown>; required: string[] };
  Object.defineProperty(schema.properties, "__proto__", {
    value: {
      type: "object",
      required: ["isPrototypeOf"],
      properties: { isPrototypeOf: { type: "boolean" } },
    },
    enumerable: true,
    writable: true,
    configurable: true,
  });
  schema.required.push("__proto__");
  return model;
}

describe("types: property names that are Object.prototype members", () => {
  const files = {
    ...connector("protos", PROTOS),
    "definitions/locale.json": { type: "string", title: "Locale" },
  };

  it("are typed, quoted, and optional ones also accept the inherited member (golden)", async () => {
    const result = await runGenerators(withProtoProperty(await load(files)), [typesGenerator]);
    expect(result.diagnostics).toEqual([]);
    const types = result.files.find((f) => f.path === "connectors/protos/types.ts")!;
    expect(types.contents).not.toMatch(/__onespecKey/);
    await expect(types.contents).toMatchFileSnapshot(
      "__snapshots__/names/connectors/protos/types.ts",
    );
  });

  it("compile under tsc, and literals and parsed JSON type-check as a user writes them", async () => {
    const result = await runGenerators(withProtoProperty(await load(files)), [typesGenerator]);
    const out = mkdtempSync(path.join(tmpdir(), "onespec-names-tsc-"));
    dirs.push(out);
    for (const f of result.files) {
      mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
      writeFileSync(path.join(out, f.path), f.contents);
    }
    writeFileSync(
      path.join(out, "use.ts"),
      [
        `import type { ProtosConfig } from "./connectors/protos/types.js";`,
        `export const minimal: ProtosConfig = { constructor: "c", toString: "t", valueOf: 1, ["__proto__"]: { isPrototypeOf: true } };`,
        `export const full: ProtosConfig = { ...minimal, hasOwnProperty: "h", propertyIsEnumerable: "p", toLocaleString: "fr", isPrototypeOf: { hasOwnProperty: true, constructor: "a" } };`,
        `export const parsed: ProtosConfig = JSON.parse("{}") as ProtosConfig;`,
        `export const name: string = parsed.constructor;`,
        `export const flag: boolean = parsed.__proto__.isPrototypeOf;`,
        `// @ts-expect-error constructor is required`,
        `export const missing: ProtosConfig = { toString: "t", valueOf: 1, ["__proto__"]: { isPrototypeOf: true } };`,
        `// @ts-expect-error toString is a string`,
        `export const wrong: ProtosConfig = { constructor: "c", toString: 1, valueOf: 1, ["__proto__"]: { isPrototypeOf: true } };`,
        `// @ts-expect-error a nested hasOwnProperty is a boolean`,
        `export const nested: ProtosConfig = { ...minimal, isPrototypeOf: { hasOwnProperty: "yes" } };`,
      ].join("\n") + "\n",
    );
    writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      path.join(out, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2023"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          types: [],
        },
        include: ["**/*.ts"],
      }),
    );
    const tsc = spawnSync(
      process.execPath,
      [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", out],
      { encoding: "utf8" },
    );
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  }, 60_000);

  it("leave other modules alone: no placeholder handling without such names", async () => {
    const model = await load(
      connector("plain", { type: "object", properties: { host: { type: "string" } } }),
    );
    const [types] = (await runGenerators(model, [typesGenerator])).files;
    expect(types.contents).toContain("  host?: string;");
  });
});

describe("types: connector names that become one identifier", () => {
  const schema = { type: "object", properties: { host: { type: "string" } } };

  it("are one schema/name-collision error naming both", async () => {
    const model = await load({ ...connector("my-db", schema), ...connector("my_db", schema) });
    const { diagnostics } = await runGenerators(model, [typesGenerator]);
    const errors = diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => d.code)).toEqual([NAME_COLLISION]);
    expect(errors[0].message).toMatch(
      /Connectors "my-db" and "my_db" become the same identifiers .*MyDbConfig/,
    );
    expect(errors[0].file).toMatch(/connectors\/my_db\/connection\.json$/);
    expect(errors[0].connector).toBe("my_db");
  });

  it("are left to the registry when it runs first, so they are reported once", async () => {
    const model = await load({ ...connector("my-db", schema), ...connector("my_db", schema) });
    const { diagnostics } = await runGenerators(model, [typesGenerator], undefined, {
      generators: ["registry", "types"],
    });
    expect(diagnostics).toEqual([]);
  });

  it("a record type name is not taken by a definition of the same name", async () => {
    const model = await load({
      ...connector("shop", {
        type: "object",
        properties: { last: { $ref: "../../definitions/order-record.json" } },
      }),
      "definitions/order-record.json": { type: "object", properties: { id: { type: "string" } } },
      "records/order.json": { type: "object", properties: { total: { type: "number" } } },
    });
    expect(model.records?.map((r) => r.name)).toEqual(["order"]);
    const { files } = await runGenerators(model, [typesGenerator]);
    const record = files.find((f) => f.path === "definitions/records/order.ts")!;
    expect(record.contents).toMatch(/export interface OrderRecord \{/);
    const definition = files.find((f) => f.path === "definitions/order-record.ts")!;
    expect(definition.contents).toMatch(/export interface OrderRecord2 \{/);
  });
});
