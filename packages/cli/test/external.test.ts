import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectorNameFromFile } from "@onespec/core";
import { CORPUS_DIR } from "@onespec/test-fixtures";
import { generate } from "@onespec/engine";
import { hasStackTrace, onespec, REPO, SCRATCH } from "./helpers.js";

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "external-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * A small tree in another project's layout: two clean Airbyte specs and one whose defect no
 * output could get right (a required name that additionalProperties: false forbids).
 */
function tree(name: string): string {
  const root = path.join(dir, name, "specs");
  mkdirSync(path.join(root, "sources"), { recursive: true });
  for (const f of [
    "source-pokeapi.json",
    "source-postgres.json",
    "destination-scaffold-destination-python.json",
  ])
    cpSync(path.join(CORPUS_DIR, f), path.join(root, "sources", f));
  // A connector renamed by its metadata file.
  writeFileSync(
    path.join(root, "sources", "source-pokeapi.connector.json"),
    JSON.stringify({
      name: "pokemon",
      displayName: "Pokémon API",
      serviceType: "API",
      capabilities: ["metadata"],
      version: "1.2.3",
      docsUrl: "https://pokeapi.co/docs/v2",
    }),
  );
  return root;
}

describe("connector names from file names", () => {
  it.each([
    ["mysqlConnection.json", "mysql"],
    ["bigQueryConnection.json", "big-query"],
    ["source-postgres.json", "source-postgres"],
    ["connectors/acme/connection.json", "acme"],
    ["snowflake_connection.json", "snowflake"],
    ["Connection.json", "connection"],
  ])("%s → %s", (file, name) => {
    expect(connectorNameFromFile(path.join("/x", file))).toBe(name);
  });
});

describe("generate on another project's tree", () => {
  it("--entry globs, --keep-going: the clean specs generate, the defective one is reported (exit 1)", () => {
    const root = tree("flags");
    const out = path.join(dir, "flags", "gen");
    const r = onespec([
      "generate",
      "--schemas",
      root,
      "--entry",
      "sources/*.json",
      "--out",
      out,
      "--keep-going",
    ]);
    expect(r.code).toBe(1);
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).toMatch(
      /destination-scaffold-destination-python\.json:\d+:\d+ error "TODO -- fix me!" is required but not declared/,
    );
    expect(r.stdout).toMatch(
      /2 connectors, 1 skipped for errors \(destination-scaffold-destination-python\)/,
    );
    expect(existsSync(path.join(out, "connectors/pokemon/types.ts"))).toBe(true);
    expect(readFileSync(path.join(out, "connectors/pokemon/README.md"), "utf8")).toContain(
      "# Pokémon API",
    );
    expect(existsSync(path.join(out, "connectors/source-postgres/validator.ts"))).toBe(true);
    expect(existsSync(path.join(out, "connectors/destination-scaffold-destination-python"))).toBe(
      false,
    );
  });

  it("without --keep-going, one defect stops the run and writes nothing", () => {
    const root = tree("strict");
    const out = path.join(dir, "strict", "gen");
    const r = onespec(["generate", "--schemas", root, "--entry", "sources/*.json", "--out", out]);
    expect(r.code).toBe(1);
    expect(existsSync(out)).toBe(false);
  });

  it("reads the same settings from onespec.config.json; flags override it", () => {
    const project = path.join(dir, "configured");
    tree("configured");
    writeFileSync(
      path.join(project, "onespec.config.json"),
      JSON.stringify({
        schemas: "specs",
        entry: ["sources/source-*.json"],
        out: "gen",
        keepGoing: true,
      }),
    );
    const r = onespec(["generate"], project);
    expect(r.stderr).toMatch(/0 error\(s\), 0 warning\(s\), 2 info/); // source-postgres uses "min"/"max"
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^onespec generate: 2 connectors, \d+ files written/);
    expect(existsSync(path.join(project, "gen/connectors/source-postgres/types.ts"))).toBe(true);
    const check = onespec(["generate", "--check"], project);
    expect(check.code).toBe(0);
    const other = onespec(["generate", "--out", "gen2", "--only", "pokemon"], project);
    expect(other.code).toBe(0);
    expect(existsSync(path.join(project, "gen2/connectors/pokemon/types.ts"))).toBe(true);
  });

  it("reports a bad onespec.config.json with its position", () => {
    const project = path.join(dir, "badconfig");
    mkdirSync(project, { recursive: true });
    writeFileSync(
      path.join(project, "onespec.config.json"),
      '{\n  "schemas": "specs",\n  "entries": ["x"]\n}\n',
    );
    const r = onespec(["generate"], project);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/onespec\.config\.json:3:3 error Unknown setting "entries"/);
    expect(r.stderr).toContain("Known settings: schemas, entry, out, keepGoing");
  });
});

describe("--keep-going with worker threads", () => {
  it("generates the same consistent output as one thread when a connector is left out", async () => {
    // The broken connector is the only user of a.json's "auth"; without it, b.json's "auth" is
    // the only one and takes the plain name. Workers must see the same pruned tree.
    const root = path.join(dir, "workers", "schemas");
    const auth = {
      definitions: {
        auth: {
          type: "object",
          properties: { token: { type: "string", secret: true, description: "t" } },
        },
      },
    };
    mkdirSync(path.join(root, "common"), { recursive: true });
    writeFileSync(path.join(root, "common/a.json"), JSON.stringify(auth));
    writeFileSync(path.join(root, "common/b.json"), JSON.stringify(auth));
    const spec = (ref: string, extra: object = {}) =>
      JSON.stringify({
        type: "object",
        properties: { auth: { $ref: ref, description: "Credentials." }, ...extra },
      });
    writeFileSync(
      path.join(root, "aaa-broken.json"),
      spec("common/a.json#/definitions/auth", { mode: { type: "strnig", description: "m" } }),
    );
    for (let i = 0; i < 14; i++)
      writeFileSync(
        path.join(root, `source-${String(i).padStart(2, "0")}.json`),
        spec("common/b.json#/definitions/auth"),
      );
    const run = (jobs: number) =>
      generate({
        schemas: root,
        entries: ["*.json"],
        out: path.join(dir, "workers", `out-${jobs}`),
        keepGoing: true,
        jobs,
        cache: false,
        cwd: REPO,
      });
    const [serial, parallel] = [await run(1), await run(2)];
    expect(serial.skipped).toEqual(["aaa-broken"]);
    expect(parallel.skipped).toEqual(["aaa-broken"]);
    const types = (jobs: number) =>
      readFileSync(
        path.join(dir, "workers", `out-${jobs}`, "connectors/source-07/types.ts"),
        "utf8",
      );
    expect(types(2)).toEqual(types(1));
    expect(types(1)).toMatch(
      /import type \{ Auth \} from "\.\.\/\.\.\/definitions\/common\/b\.js"/,
    );
  }, 120_000);
});

describe("the incremental cache", () => {
  it("a no-op run generates nothing; editing one schema regenerates only what depends on it", async () => {
    const work = path.join(dir, "incremental");
    const schemas = path.join(work, "schemas");
    cpSync(path.join(REPO, "schemas"), schemas, { recursive: true });
    const options = {
      schemas,
      out: path.join(work, "gen"),
      cacheDir: path.join(work, "cache"),
      cwd: REPO,
      jobs: 1,
    };
    const first = await generate(options);
    expect(first.stats).toEqual({
      connectorsFromCache: 0,
      connectorsGenerated: 5,
      treeFromCache: false,
      unitsOnThreads: 0,
    });
    const noop = await generate(options);
    expect(noop.stats).toEqual({
      connectorsFromCache: 5,
      connectorsGenerated: 0,
      treeFromCache: true,
      unitsOnThreads: 0,
    });
    expect(noop.plan!.write).toEqual([]);
    const check = await generate({ ...options, check: true });
    expect(check.stats).toEqual({
      connectorsFromCache: 5,
      connectorsGenerated: 0,
      treeFromCache: true,
      unitsOnThreads: 0,
    });
    expect(check.ok).toBe(true);

    // One connector's schema: only that connector's files (and the index README) are written.
    const sqlite = path.join(schemas, "connectors/sqlite/connection.json");
    writeFileSync(
      sqlite,
      readFileSync(sqlite, "utf8").replace('"title": "SQLite', '"title": "SQLite (edited)'),
    );
    const edited = await generate(options);
    expect(edited.stats).toEqual({
      connectorsFromCache: 4,
      connectorsGenerated: 1,
      treeFromCache: false,
      unitsOnThreads: 0,
    });
    expect(
      edited
        .plan!.write.map((f) => f.path)
        .every(
          (p) =>
            p.startsWith("connectors/sqlite/") ||
            ["README.md", ".onespec-manifest.json"].includes(p),
        ),
    ).toBe(true);

    // A shared definition: every connector that references it, and no other.
    const ssl = path.join(schemas, "definitions/ssl.json");
    writeFileSync(
      ssl,
      readFileSync(ssl, "utf8").replace('"description": "', '"description": "Edited. '),
    );
    const shared = await generate(options);
    expect(shared.stats!.connectorsGenerated).toBe(2); // postgres and mysql use ssl.json
    expect(shared.stats!.connectorsFromCache).toBe(3);
  }, 120_000);
});
