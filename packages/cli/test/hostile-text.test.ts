import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateOutcome } from "@onespec/engine";
import { SCRATCH, typecheck } from "./helpers.js";

// Schema text written to break out of where each generator puts it: comments (JSDoc and block),
// string literals, template literals, Markdown tables, code spans and fences, HTML. Every
// generator runs on it; the output must compile, importing every module must run no injected
// code, and the docs must show the text, not obey it.
const MARK = "__onespecInjected";
const JS = `*/ globalThis.${MARK} = 1; /*`;
const TEMPLATE = "${globalThis." + MARK + " = 1}";
const HTML = `</sub></td><script>globalThis.${MARK}=1</script><img src=x onerror="alert(1)">`;
const MD = "| extra | cells |\n# Heading\n```\nfence\n```\n[link](javascript:alert(1))";
const EVIL = `${JS} ${TEMPLATE} ${HTML} ${MD} \u2028 \`tick\` "quote" 'single' \\ backslash`;

const dir = (() => {
  mkdirSync(SCRATCH, { recursive: true });
  return mkdtempSync(path.join(SCRATCH, "hostile-text-"));
})();
const schemas = path.join(dir, "schemas");
const out = path.join(dir, "generated");
let outcome: GenerateOutcome;

function write(rel: string, value: unknown) {
  mkdirSync(path.dirname(path.join(schemas, rel)), { recursive: true });
  writeFileSync(path.join(schemas, rel), JSON.stringify(value, null, 2));
}

beforeAll(async () => {
  // A definitions folder whose name holds "*/": it lands in "Generated from …" comments.
  write("definitions/evil*/auth.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: EVIL,
    description: EVIL,
    type: "object",
    additionalProperties: false,
    required: ["user"],
    properties: {
      user: { type: "string", title: EVIL, description: EVIL, examples: [EVIL] },
      password: { type: "string", secret: true, description: EVIL },
    },
  });
  write("connectors/acme/connection.json", {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: EVIL,
    description: EVIL,
    type: "object",
    additionalProperties: false,
    required: ["host", "mode"],
    properties: {
      host: {
        type: "string",
        title: EVIL,
        description: EVIL,
        default: EVIL,
        examples: [EVIL, "```"],
        pattern_descriptor: EVIL,
      },
      [`odd */ "key" \`${"${x}"}\``]: { type: "string", description: EVIL, format: EVIL },
      mode: {
        type: "string",
        enum: ["plain", EVIL, "a`b", 'q"uote', "*/"],
        description: EVIL,
        default: "plain",
      },
      auth: {
        title: EVIL,
        oneOf: [
          {
            type: "object",
            title: EVIL,
            description: EVIL,
            additionalProperties: false,
            required: ["kind", "credentials"],
            properties: {
              kind: { const: EVIL },
              credentials: { $ref: "../../definitions/evil*/auth.json" },
            },
          },
          {
            type: "object",
            title: "Token",
            additionalProperties: false,
            required: ["kind", "token"],
            properties: {
              kind: { const: "token" },
              token: { type: "string", secret: true, title: EVIL },
            },
          },
        ],
      },
    },
  });
  write("connectors/acme/connector.json", {
    name: "acme",
    displayName: EVIL,
    description: EVIL,
    serviceType: "API",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs",
  });
  write("connectors/acme/test-connection.json", {
    steps: [
      {
        name: "CheckAccess",
        description: EVIL,
        mandatory: true,
        shortCircuit: true,
        errorMessage: EVIL,
      },
    ],
  });
  outcome = await generate({ schemas, out, cwd: dir, cache: false });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const files = () =>
  readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)));

describe("hostile text in a schema", () => {
  it("generates with no error", () => {
    expect(outcome.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(outcome.ok).toBe(true);
  });

  it("the output compiles", () => {
    expect(typecheck(out).output).toBe("");
  });

  it("importing every generated module runs no injected code", async () => {
    const modules = files().filter((f) => f.endsWith(".ts"));
    expect(modules).toEqual(
      expect.arrayContaining([
        "index.ts",
        "connectors/acme/compiled-validator.ts",
        "connectors/acme/validator.ts",
        "connectors/acme/form.ts",
        "connectors/acme/fixtures.ts",
        "connectors/acme/metadata.ts",
      ]),
    );
    for (const m of modules) await import(pathToFileURL(path.join(out, m)).href);
    expect((globalThis as Record<string, unknown>)[MARK]).toBeUndefined();
  });

  it("keeps every text as data: the metadata and the schema hold it unchanged", async () => {
    const metadata = (await import(
      pathToFileURL(path.join(out, "connectors/acme/metadata.ts")).href
    )) as { metadata: { displayName: string } };
    expect(metadata.metadata.displayName).toBe(EVIL);
    const form = (await import(pathToFileURL(path.join(out, "connectors/acme/form.ts")).href)) as {
      schema: { title: string };
    };
    expect(form.schema.title).toBe(EVIL);
  });

  it("schema text stays in strings and comments: no generated file has the injected name as code", () => {
    for (const f of files().filter((x) => x.endsWith(".ts"))) {
      const source = ts.createSourceFile(
        f,
        readFileSync(path.join(out, f), "utf8"),
        ts.ScriptTarget.ES2022,
        true,
      );
      const found: string[] = [];
      const visit = (node: ts.Node): void => {
        if (ts.isIdentifier(node) && node.text === MARK)
          found.push(`${f}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
        node.forEachChild(visit);
      };
      visit(source);
      expect(found).toEqual([]);
    }
  });

  it("the docs show the text and obey none of it", () => {
    const readme = readFileSync(path.join(out, "connectors/acme/README.md"), "utf8");
    // Outside code spans (where GitHub shows HTML as text) there is no HTML from the schema.
    const prose = readme.replace(/(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, "");
    expect(prose).not.toMatch(/<script|<img|<\/td>|<\/sub><\/td>/i);
    expect(prose).not.toMatch(/(?<!\\)\]\(javascript:/);
    expect(prose).not.toMatch(/^# Heading/m);
    // Every row of the field table has the six cells of its header.
    const table = readme.split("\n").filter((l) => l.startsWith("| `") || l.startsWith("| ``"));
    expect(table.length).toBeGreaterThan(3);
    for (const row of table) expect(row.replace(/\\\|/g, "").split("|").length - 2, row).toBe(6);
    // The example block is not closed by a value holding ```.
    const fences = readme.split("\n").filter((l) => /^`{3,}/.test(l));
    expect(fences.length % 2).toBe(0);
    expect(fences[0].replace(/yaml$/, "").length).toBeGreaterThan(3);
    const index = readFileSync(path.join(out, "README.md"), "utf8");
    expect(index).not.toMatch(/<script|<img/i);
  });

  it("the header comment of a file from a folder named evil*/ does not end early", () => {
    expect(existsSync(path.join(out, "definitions/evil*/auth.ts"))).toBe(true);
    const types = readFileSync(path.join(out, "definitions/evil*/auth.ts"), "utf8");
    expect(types.split("\n")[0]).toBe(
      "/* Generated by onespec from definitions/evil*\\/auth.json. Do not edit. */",
    );
  });
});
