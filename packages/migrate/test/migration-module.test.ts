import { describe, expect, it } from "vitest";
import { checkMigrationModule, loadMigrations, localCopy } from "../src/index.js";
import { importSpecifiers } from "../src/module-imports.js";

const FILE = "/project/schemas/connectors/acme/migrations/2.0.0-3.0.0.ts";
const SHOWN = "schemas/connectors/acme/migrations/2.0.0-3.0.0.ts";
const source = (lines: string[]) => ({ file: FILE, displayPath: SHOWN, text: lines.join("\n") });
const MIGRATE = "export function migrate(config: ConfigV2_0_0): ConfigV3_0_0 { return config; }";

describe("importSpecifiers", () => {
  it("finds the specifiers of imports, re-exports and import() calls, not the text of strings, comments, templates or regular expressions", () => {
    const text = [
      'import type { A } from "./a.js";',
      "// import { b } from './commented.js';",
      '/* export * from "./block.js" */',
      "const s = 'import x from \"./quoted.js\"';",
      'const r = /"from "y/g; const q = 2 / 1;',
      'const t = `${"from"} import("./template.js") ${`${import.meta.url}`}`;',
      "export type { C } from '../c.js';",
      'const d = await import("./d.js");',
      'const e = x.import("./not-an-import.js");',
    ].join("\n");
    expect(importSpecifiers(text).map((s) => [s.specifier, s.line, s.column])).toEqual([
      ["./a.js", 1, 24],
      ["../c.js", 7, 24],
      ["./d.js", 8, 24],
    ]);
  });
});

describe("checkMigrationModule", () => {
  it("takes type imports from the connector's upgrade-types, written from the schema tree or from the copy, and @onespec/runtime; the copy imports upgrade-types beside it", async () => {
    const text = [
      'import type { ConfigV2_0_0 } from "../../../../generated/connectors/acme/upgrade-types/index.js";',
      "import type { ConfigV3_0_0 } from '../upgrade-types/index.js';",
      'import type { MigrationConfig } from "@onespec/runtime";',
      'import type { AcmeConfigV2_0_0 } from "../../../../out/connectors/acme/upgrade-types/v2_0_0.js";',
      MIGRATE,
    ];
    const checked = await checkMigrationModule(source(text), "acme");
    expect(checked.diagnostics).toEqual([]);
    expect(localCopy(text.join("\n"), checked.imports).split("\n")).toEqual([
      'import type { ConfigV2_0_0 } from "../upgrade-types/index.js";',
      "import type { ConfigV3_0_0 } from '../upgrade-types/index.js';",
      'import type { MigrationConfig } from "@onespec/runtime";',
      'import type { AcmeConfigV2_0_0 } from "../upgrade-types/v2_0_0.js";',
      MIGRATE,
    ]);
  });

  it.each([
    'import { seconds } from "./seconds.js";',
    'import { type ConfigV2_0_0 } from "../upgrade-types/index.js";',
    'import "./side-effect.js";',
  ])("an import that is not type-only is an error at its specifier: %s", async (line) => {
    const { diagnostics } = await checkMigrationModule(
      source(["// 3.0.0 counts in seconds", line, MIGRATE]),
      "acme",
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        severity: "error",
        code: "migration/value-import",
        file: SHOWN,
        line: 2,
        column: line.indexOf('"') + 1,
        connector: "acme",
        message: expect.stringMatching(/may import nothing but types/),
      }),
    ]);
  });

  it("a dynamic import inside migrate() is one too", async () => {
    const { diagnostics } = await checkMigrationModule(
      source([
        "export async function migrate(config: object) {",
        '  return (await import("./helper.js")).help(config);',
        "}",
      ]),
      "acme",
    );
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual([
      ["migration/value-import", 2, 24],
    ]);
  });

  it.each([
    'import type { ConfigV1_0_0 } from "../../../../generated/connectors/other/upgrade-types/index.js";',
    'import type { Helper } from "./helper.js";',
    'import type { AcmeConfig } from "../../../../generated/connectors/acme/types.js";',
  ])(
    "a type import from anywhere else is an error at it, saying what to write: %s",
    async (line) => {
      const { diagnostics } = await checkMigrationModule(source([line, MIGRATE]), "acme");
      expect(diagnostics).toEqual([
        expect.objectContaining({
          code: "migration/type-import",
          file: SHOWN,
          line: 1,
          column: line.indexOf('"') + 1,
          hint: expect.stringContaining("connectors/acme/upgrade-types/index.js"),
        }),
      ]);
    },
  );

  it("a module that does not parse is an error at the place esbuild names", async () => {
    const { diagnostics } = await checkMigrationModule(
      source(["export function migrate(config: object) {", "  return config +;", "}"]),
      "acme",
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: "migration/syntax", file: SHOWN, line: 2, column: 18 }),
    ]);
  });
});

describe("loadMigrations", () => {
  it("does not run a TypeScript migration with a value import: the import is reported", async () => {
    let imported = false;
    const { migrations, diagnostics } = await loadMigrations(
      {
        name: "acme",
        metadata: { version: "3.0.0" } as never,
        migrations: [source(['import { seconds } from "./seconds.js";', MIGRATE])],
      },
      {
        importModule: async () => {
          imported = true;
          return { migrate: (c: object) => c };
        },
      },
    );
    expect(imported).toBe(false);
    expect(migrations).toEqual([]);
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([
      ["migration/value-import", SHOWN, 1],
    ]);
  });
});
