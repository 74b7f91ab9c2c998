import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { loadTree, runGenerators, type SchemaModel } from "@onespec/core";
import typesGenerator from "@onespec/gen-types";
import validatorsGenerator from "@onespec/gen-validators";
import { DEFAULT_RUN, generateFiles } from "@onespec/test-fixtures";
import { goldenSuite, matchGolden } from "@onespec/test-fixtures/golden";
import upgradeGenerator from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, `.generated-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Writes generated files under `dir`. */
function write(dir: string, files: readonly { path: string; contents: string }[]) {
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.contents);
  }
}

/** tsc runs are seconds each, and more on a loaded machine: the tests that spawn it wait longer. */
const TSC_TIMEOUT = 60_000;

/** tsc --noEmit over a generated project, with the settings a user's strict ESM project has. */
function typecheck(dir: string): { code: number; output: string } {
  const compilerOptions = {
    target: "ES2022",
    module: "NodeNext",
    moduleResolution: "NodeNext",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    verbatimModuleSyntax: true,
    types: [],
  };
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({ compilerOptions, include: ["**/*.ts"] }),
  );
  const tsc = path.join(here, "../../../node_modules/typescript/bin/tsc");
  const r = spawnSync(process.execPath, [tsc, "-p", dir], { encoding: "utf8" });
  return { code: r.status ?? -1, output: r.stdout + r.stderr };
}

const loadAcme = async (): Promise<SchemaModel> => {
  const model = await loadTree({ root: path.join(here, "cases/acme"), cwd: here });
  expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return model;
};

goldenSuite(
  upgradeGenerator,
  { run: DEFAULT_RUN, title: "(no migrations: validation only)" },
  () => {
    it("a chain of a declared migration and a TypeScript one", async () => {
      const files = await generateFiles(await loadAcme(), [upgradeGenerator], DEFAULT_RUN);
      expect(files.map((f) => f.path)).toEqual([
        "connectors/acme/migrations/2.0.0-3.0.0.ts",
        "connectors/acme/upgrade-types/index.ts",
        "connectors/acme/upgrade-types/v2_0_0.ts",
        "connectors/acme/upgrade.ts",
      ]);
      await matchGolden(files, "with-migrations");
    });

    it("names each migration file as diagnostics do: from the folder generate runs in, or from the schema root when the tree is outside it", async () => {
      const named = async (cwd: string) => {
        const model = await loadTree({ root: path.join(here, "cases/acme"), cwd });
        const files = await generateFiles(model, [upgradeGenerator], DEFAULT_RUN);
        const upgrade = files.find((f) => f.path === "connectors/acme/upgrade.ts")!.contents;
        return [...upgrade.matchAll(/^ {4}file: (".*"),$/gm)].map((m) => JSON.parse(m[1]));
      };
      expect(await named(path.join(here, ".."))).toEqual([
        "test/cases/acme/connectors/acme/migrations/1.0.0-2.0.0.json",
        "test/cases/acme/connectors/acme/migrations/2.0.0-3.0.0.ts",
      ]);
      // Never an absolute path: the output is the same on every machine.
      expect(await named(path.join(here, "cases/other"))).toEqual([
        "connectors/acme/migrations/1.0.0-2.0.0.json",
        "connectors/acme/migrations/2.0.0-3.0.0.ts",
      ]);
    });

    it("the generated upgrade() migrates a 1.0.0 config and validates it; references stay as written", async () => {
      const files = await generateFiles(
        await loadAcme(),
        [typesGenerator, validatorsGenerator, upgradeGenerator],
        DEFAULT_RUN,
      );
      write(out, files);
      const mod = (await import(path.join(out, "connectors/acme/upgrade.ts"))) as {
        upgrade(config: object, from: string): unknown;
        migrate(config: object, from: string): { config: unknown; applied: string[] };
      };
      const saved = {
        host: "db",
        user: "ann",
        password: "${PGPASSWORD}",
        sslmode: "allow",
        timeout_ms: 1500,
      };
      expect(mod.migrate(saved, "1.0.0")).toEqual({
        config: {
          host: "db",
          username: "ann",
          credentials: { method: "password", password: "${PGPASSWORD}" },
          sslmode: "require",
          timeout_seconds: 2,
        },
        applied: ["1.0.0-2.0.0", "2.0.0-3.0.0"],
      });
      // Validated and defaults filled in, as parse() does.
      expect(mod.upgrade(saved, "1.0.0")).toMatchObject({ port: 5432, timeout_seconds: 2 });
      expect(() => mod.upgrade({ host: "" }, "3.0.0")).toThrow(/Invalid acme config/);
      expect(() => mod.upgrade(saved, "4.0.0")).toThrow(/newer than this connector/);
    });

    it(
      "a TypeScript migration is typed against the old and new configs: tsc accepts it, and refuses a wrong old field",
      async () => {
        const files = await generateFiles(
          await loadAcme(),
          [typesGenerator, validatorsGenerator, upgradeGenerator],
          DEFAULT_RUN,
        );
        const project = path.join(out, "typed");
        write(project, files);
        const ok = typecheck(project);
        expect(ok.output).toBe("");
        expect(ok.code).toBe(0);

        // timeout_ms was 2.0.0's name; a typo of it is a type error, at its line in the migration.
        const migration = path.join(project, "connectors/acme/migrations/2.0.0-3.0.0.ts");
        const text = readFileSync(migration, "utf8");
        writeFileSync(
          migration,
          text.replace("const { timeout_ms, ...rest }", "const { timeout_msec, ...rest }"),
        );
        const typo = typecheck(project);
        expect(typo.code).not.toBe(0);
        expect(typo.output).toMatch(
          /connectors\/acme\/migrations\/2\.0\.0-3\.0\.0\.ts\(5,11\): error TS2339: Property 'timeout_msec' does not exist on type 'AcmeConfigV2_0_0'/,
        );

        // A field the new version does not have is one too.
        writeFileSync(migration, text.replace("timeout_seconds:", "timeout_secs:"));
        const wrongNew = typecheck(project);
        expect(wrongNew.code).not.toBe(0);
        expect(wrongNew.output).toMatch(
          /2\.0\.0-3\.0\.0\.ts\(7,\d+\): error TS2561: .*'timeout_secs' does not exist in type 'AcmeConfig'/,
        );
      },
      TSC_TIMEOUT,
    );

    it(
      "a TypeScript migration imports its types from the output folder where it is edited: tsc types it there, and generate's copy imports them beside it",
      async () => {
        const project = path.join(out, "project");
        cpSync(path.join(here, "cases/acme"), path.join(project, "schemas"), { recursive: true });
        const migration = path.join(project, "schemas/connectors/acme/migrations/2.0.0-3.0.0.ts");
        const local = readFileSync(migration, "utf8");
        const edited = local.replace(
          '"../upgrade-types/index.js"',
          '"../../../../generated/connectors/acme/upgrade-types/index.js"',
        );
        expect(edited).not.toBe(local);
        writeFileSync(migration, edited);
        const model = await loadTree({ root: path.join(project, "schemas"), cwd: project });
        const files = await generateFiles(
          model,
          [typesGenerator, validatorsGenerator, upgradeGenerator],
          DEFAULT_RUN,
        );
        // The one import rewritten to the copy's neighbours; the rest as written.
        const copy = files.find((f) => f.path === "connectors/acme/migrations/2.0.0-3.0.0.ts")!;
        expect(copy.contents).toBe(local);
        write(path.join(project, "generated"), files);
        // One tsc over the project: the migration where it is edited and its generated copy.
        const ok = typecheck(project);
        expect(ok.output).toBe("");
        expect(ok.code).toBe(0);

        // A misspelt old field is reported in the file the user edits.
        writeFileSync(
          migration,
          edited.replace("const { timeout_ms, ...rest }", "const { timeout_msec, ...rest }"),
        );
        const typo = typecheck(project);
        expect(typo.code).not.toBe(0);
        expect(typo.output).toMatch(
          /project\/schemas\/connectors\/acme\/migrations\/2\.0\.0-3\.0\.0\.ts\(5,11\): error TS2339: Property 'timeout_msec' does not exist on type 'AcmeConfigV2_0_0'/,
        );
      },
      TSC_TIMEOUT,
    );

    it.each([
      [
        "a value import (a helper beside it)",
        'import { seconds } from "./seconds.js";\n',
        { code: "migration/value-import", line: 2, column: 25 },
      ],
      [
        "a type import from another connector's upgrade-types",
        'import type { ConfigV1_0_0 } from "../../../../generated/connectors/other/upgrade-types/index.js";\n',
        { code: "migration/type-import", line: 2, column: 35 },
      ],
    ])("%s stops the generator with an error at the import", async (_, line, expected) => {
      const model = await loadAcme();
      const c = model.connectors[0];
      const [json, ts] = c.migrations!;
      const [first, ...rest] = ts.text.split("\n");
      const broken = {
        ...model,
        connectors: [
          { ...c, migrations: [json, { ...ts, text: [first, line + rest.join("\n")].join("\n") }] },
        ],
      };
      const result = await runGenerators(broken, [upgradeGenerator], undefined, DEFAULT_RUN);
      expect(result.files).toEqual([]);
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          severity: "error",
          file: "cases/acme/connectors/acme/migrations/2.0.0-3.0.0.ts",
          connector: "acme",
          ...expected,
        }),
      ]);
    });

    it("an earlier version's schema that is not earlier is left out, with a warning at its file", async () => {
      const model = await loadAcme();
      const c = model.connectors[0];
      const late = {
        ...model,
        connectors: [{ ...c, bases: c.bases!.map((b) => ({ ...b, version: "3.0.0" })) }],
      };
      const result = await runGenerators(late, [upgradeGenerator], undefined, DEFAULT_RUN);
      expect(result.files.map((f) => f.path)).toEqual([
        "connectors/acme/migrations/2.0.0-3.0.0.ts",
        "connectors/acme/upgrade.ts",
      ]);
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          severity: "warning",
          code: "migration/base-not-earlier",
          file: "cases/acme/connectors/acme/migrations/2.0.0.schema.json",
          connector: "acme",
        }),
      ]);
    });

    it("a broken migration file stops the generator with a located error", async () => {
      const model = await loadAcme();
      const c = model.connectors[0];
      const broken = {
        ...model,
        connectors: [
          {
            ...c,
            migrations: [
              {
                ...c.migrations![0],
                text: '{\n  "steps": [\n    { "op": "drop" }\n  ]\n}\n',
              },
            ],
          },
        ],
      };
      await expect(generateFiles(broken, [upgradeGenerator], DEFAULT_RUN)).rejects.toThrow(
        /\/steps\/0 must have required property 'path'/,
      );
    });
  },
);
