/**
 * A secret's default or examples in a schema are a credential written into the spec: `check`
 * reports them (lint/secret-with-value) and `generate` leaves them out of everything it writes
 * (forms, validators, types, docs, fixtures), whatever else the schema says.
 */
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SCRATCH, hasStackTrace, onespec } from "./helpers.js";

const DEFAULT = "hunter2-default-5f1e";
const EXAMPLE = "s3cr3t-example-9b7c";
const dir = (() => {
  mkdirSync(SCRATCH, { recursive: true });
  return mkdtempSync(path.join(SCRATCH, "secret-values-"));
})();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemas = path.join(dir, "schemas");
const connector = path.join(schemas, "connectors/leaky");
mkdirSync(connector, { recursive: true });
mkdirSync(path.join(schemas, "definitions"), { recursive: true });
writeFileSync(
  path.join(schemas, "definitions/token.json"),
  JSON.stringify({
    type: "object",
    properties: { token: { type: "string", airbyte_secret: true, default: DEFAULT } },
  }),
);
writeFileSync(
  path.join(connector, "connection.json"),
  JSON.stringify({
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["host", "password"],
    properties: {
      host: { type: "string", title: "Host", default: "db.example.com" },
      password: {
        type: "string",
        title: "Password",
        secret: true,
        default: DEFAULT,
        examples: [EXAMPLE],
      },
      auth: { $ref: "../../definitions/token.json" },
    },
  }),
);
writeFileSync(
  path.join(connector, "connector.json"),
  JSON.stringify({
    name: "leaky",
    displayName: "Leaky",
    description: "A secret with a default.",
    serviceType: "Database",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs/leaky",
  }),
);
writeFileSync(
  path.join(connector, "test-connection.json"),
  JSON.stringify({
    steps: [
      {
        name: "CheckAccess",
        description: "Connect.",
        mandatory: true,
        errorMessage: "Check the settings.",
      },
    ],
  }),
);

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const p = path.join(root, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe("a secret's default and examples", () => {
  it("are left out of every file generate writes; other defaults stay", () => {
    const out = path.join(dir, "out");
    const r = onespec(["generate", "--schemas", schemas, "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    for (const text of [r.stdout, r.stderr])
      expect(text).not.toMatch(new RegExp(`${DEFAULT}|${EXAMPLE}`));
    const files = filesUnder(out);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files)
      expect(readFileSync(f, "utf8"), path.relative(out, f)).not.toMatch(
        new RegExp(`${DEFAULT}|${EXAMPLE}`),
      );
    expect(readFileSync(path.join(out, "connectors/leaky/form.ts"), "utf8")).toContain(
      '"default": "db.example.com"',
    );
  });

  it("are each a located warning from generate, which quotes neither value nor line", () => {
    const json = onespec([
      "generate",
      "--schemas",
      schemas,
      "--out",
      path.join(dir, "out-json"),
      "--format",
      "json",
    ]);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout + json.stderr).not.toMatch(new RegExp(`${DEFAULT}|${EXAMPLE}`));
    const found = (
      JSON.parse(json.stderr) as {
        code: string;
        severity: string;
        file: string;
        pointer: string;
        line?: number;
      }[]
    ).filter((d) => d.code === "generate/secret-value-left-out");
    expect(found.map((d) => `${d.severity} ${path.basename(d.file)}${d.pointer}`).sort()).toEqual([
      "warning connection.json/properties/password/default",
      "warning connection.json/properties/password/examples",
      "warning token.json/properties/token/default",
    ]);
    for (const d of found) expect(d.line).toBeGreaterThan(0);
    // The pretty report shows source lines for other diagnostics; not the lines holding these.
    const pretty = onespec([
      "generate",
      "--schemas",
      schemas,
      "--out",
      path.join(dir, "out-pretty"),
    ]);
    expect(pretty.code, pretty.stderr).toBe(0);
    expect(pretty.stdout + pretty.stderr).toMatch(
      /Secret "password" has a default; generate left it out/,
    );
    expect(pretty.stdout + pretty.stderr).not.toMatch(new RegExp(`${DEFAULT}|${EXAMPLE}`));
  });

  it("are errors for check, located at the value", () => {
    const r = onespec(["check", "--schemas", schemas, "--format", "json"]);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stdout + r.stderr)).toBe(false);
    const diagnostics = (
      JSON.parse(r.stdout) as { diagnostics: { code: string; pointer: string; line?: number }[] }
    ).diagnostics.filter((d) => d.code === "lint/secret-with-value");
    expect(diagnostics.map((d) => d.pointer).sort()).toEqual([
      "/properties/password/default",
      "/properties/password/examples",
      "/properties/token/default",
    ]);
    for (const d of diagnostics) expect(d.line).toBeGreaterThan(0);
  });
});
