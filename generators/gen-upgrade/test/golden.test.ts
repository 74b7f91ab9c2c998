import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { loadTree, type SchemaModel } from "@onespec/core";
import typesGenerator from "@onespec/gen-types";
import validatorsGenerator from "@onespec/gen-validators";
import { DEFAULT_RUN, generateFiles } from "@onespec/test-fixtures";
import { goldenSuite, matchGolden } from "@onespec/test-fixtures/golden";
import upgradeGenerator from "../src/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, `.generated-${process.pid}`);
afterAll(() => rmSync(out, { recursive: true, force: true }));

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
        "connectors/acme/upgrade.ts",
      ]);
      await matchGolden(files, "with-migrations");
    });

    it("the generated upgrade() migrates a 1.0.0 config and validates it; references stay as written", async () => {
      const files = await generateFiles(
        await loadAcme(),
        [typesGenerator, validatorsGenerator, upgradeGenerator],
        DEFAULT_RUN,
      );
      for (const f of files) {
        mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
        writeFileSync(path.join(out, f.path), f.contents);
      }
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
