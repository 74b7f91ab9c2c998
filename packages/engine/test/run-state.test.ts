import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { generate, type GenerateOptions } from "../src/index.js";

// The no-op fast path: a run that changed nothing replays the last outcome without loading the
// tree (outcome.model is undefined then); anything that could change the output falls back to a
// full run.
const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SCRATCH = fileURLToPath(new URL("../.tmp/", import.meta.url));
mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "run-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schemas = path.join(dir, "schemas");
const out = path.join(dir, "out");
cpSync(path.join(REPO, "schemas"), schemas, { recursive: true });
const options: GenerateOptions = {
  schemas,
  out,
  cacheDir: path.join(dir, "cache"),
  generators: ["types", "validators", "docs"],
  cwd: dir,
};
const sqlite = path.join(schemas, "connectors/sqlite/connection.json");

describe("the no-op fast path", () => {
  it("replays a run when nothing changed, without loading the tree", async () => {
    const first = await generate(options);
    expect(first.ok).toBe(true);
    expect(first.model).toBeDefined();
    const second = await generate(options);
    expect(second.model).toBeUndefined();
    expect(second.ok).toBe(true);
    expect(second.plan!.write).toEqual([]);
    expect(second.plan!.unchanged).toEqual(first.plan!.write.map((f) => f.path).sort());
    expect(second.connectors).toBe(first.connectors);
    expect(second.diagnostics).toEqual(first.diagnostics);
    // --check takes it too.
    expect((await generate({ ...options, check: true })).model).toBeUndefined();
  });

  it("runs in full when a schema file changed, and the output follows", async () => {
    writeFileSync(
      sqlite,
      readFileSync(sqlite, "utf8").replace(
        '"description": "Settings for reading',
        '"description": "Fast path. Settings for reading',
      ),
    );
    const r = await generate(options);
    expect(r.model).toBeDefined();
    expect(readFileSync(path.join(out, "connectors/sqlite/README.md"), "utf8")).toContain(
      "Fast path. Settings for reading",
    );
    expect((await generate(options)).model).toBeUndefined();
  });

  it("runs in full when a file's status changed even if its text did not", async () => {
    const later = new Date(Date.now() + 5000);
    utimesSync(sqlite, later, later);
    const r = await generate(options);
    expect(r.model).toBeDefined();
    expect(r.plan!.write).toEqual([]);
  });

  it("runs in full when a generated file was edited by hand, and puts it back", async () => {
    const readme = path.join(out, "connectors/postgres/README.md");
    const original = readFileSync(readme, "utf8");
    writeFileSync(readme, "edited by hand\n");
    expect((await generate({ ...options, check: true })).ok).toBe(false);
    const r = await generate(options);
    expect(r.model).toBeDefined();
    expect(readFileSync(readme, "utf8")).toBe(original);
  });

  it("runs in full when a connector is added, or the options or generators differ", async () => {
    cpSync(path.join(schemas, "connectors/sqlite"), path.join(schemas, "connectors/sqlite2"), {
      recursive: true,
    });
    const meta = path.join(schemas, "connectors/sqlite2/connector.json");
    writeFileSync(
      meta,
      readFileSync(meta, "utf8").replace('"name": "sqlite"', '"name": "sqlite2"'),
    );
    const added = await generate(options);
    expect(added.model).toBeDefined();
    expect(added.connectors).toBe(6);
    expect((await generate(options)).model).toBeUndefined();
    expect((await generate({ ...options, keepGoing: true })).model).toBeDefined();
    expect(
      (await generate({ ...options, generators: ["types", "validators"] })).model,
    ).toBeDefined();
    expect((await generate({ ...options, only: ["sqlite"] })).model).toBeDefined();
  });
});

describe("the unit cache", () => {
  it("remembers a connector a generator rejects, and a unit's warnings", async () => {
    const { loadTree, DiagnosticError } = await import("@onespec/core");
    const calls: string[] = [];
    const picky = {
      name: "picky",
      connector(_model: unknown, c: { name: string }) {
        calls.push(c.name);
        if (c.name === "sqlite")
          throw new DiagnosticError([
            { severity: "error", code: "picky/no", message: "not this one", connector: "sqlite" },
          ]);
        return [{ path: `connectors/${c.name}/picky.txt`, contents: c.name }];
      },
      tree: () => [],
    };
    const cached = {
      schemas,
      out: path.join(dir, "out-picky"),
      cacheDir: path.join(dir, "cache-picky"),
      generators: [picky],
      keepGoing: true,
      cwd: dir,
    };
    // A model handed over skips the fast path, so the unit cache is what is tested.
    const first = await generate({ ...cached, model: await loadTree({ root: schemas, cwd: dir }) });
    expect(first.skipped).toEqual(["sqlite"]);
    const before = calls.filter((c) => c === "sqlite").length;
    const second = await generate({
      ...cached,
      model: await loadTree({ root: schemas, cwd: dir }),
    });
    expect(second.skipped).toEqual(["sqlite"]);
    expect(second.diagnostics.map((d) => d.code)).toContain("picky/no");
    expect(calls.filter((c) => c === "sqlite").length).toBe(before);
  });
});
