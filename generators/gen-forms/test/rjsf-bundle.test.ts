import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "@onespec/core";
import { caseNames, loadCase, REPO_SCHEMAS } from "@onespec/test-fixtures";
import { formSchema } from "../src/index.js";
import { formSubSchemas } from "../src/sub-schemas.js";

// What the build makes of rjsf-retrieve.ts (scripts/bundle-rjsf.mjs): RJSF's two schema
// retrieval functions in one module, giving the sub-schemas @rjsf/utils as installed gives.
const DIST = fileURLToPath(new URL("../dist/", import.meta.url));
const scratch = mkdtempSync(path.join(tmpdir(), "gen-forms-bundle-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Every module the child loads, through a resolve hook.
const HOOK = `
import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(process.env.TRACE, r.url + "\\n");
  return r;
}`;
const REGISTER = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOK)}`)});`;
const CHILD = `
import { readFileSync, writeFileSync } from "node:fs";
const { formSubSchemas } = await import(${JSON.stringify(path.join(DIST, "sub-schemas.js"))});
const schemas = JSON.parse(readFileSync(process.env.SCHEMAS, "utf8"));
writeFileSync(process.env.OUT, JSON.stringify(schemas.map((s) => formSubSchemas(s))));
`;

describe("the bundle of RJSF's schema retrieval", () => {
  it("collects the sub-schemas @rjsf/utils collects for the golden cases and this repository's forms, loading no module of @rjsf/utils", async () => {
    expect(existsSync(path.join(DIST, "rjsf-retrieve.js")), "run npm run build first").toBe(true);
    const schemas: unknown[] = [];
    const trees = [
      ...caseNames().map((name) => () => loadCase(name)),
      () => loadTree({ root: REPO_SCHEMAS, cwd: REPO_SCHEMAS }),
    ];
    for (const load of trees) {
      const model = await load();
      for (const c of model.connectors) schemas.push(formSchema(model, c));
    }
    expect(schemas.length).toBeGreaterThan(10);
    const at = (f: string) => path.join(scratch, f);
    writeFileSync(at("schemas.json"), JSON.stringify(schemas));
    writeFileSync(at("child.mjs"), CHILD);
    const r = spawnSync(
      process.execPath,
      ["--import", `data:text/javascript,${encodeURIComponent(REGISTER)}`, at("child.mjs")],
      {
        encoding: "utf8",
        env: {
          ...process.env,
          SCHEMAS: at("schemas.json"),
          OUT: at("out.json"),
          TRACE: at("trace.txt"),
        },
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const loaded = readFileSync(at("trace.txt"), "utf8").split("\n");
    expect(loaded.some((u) => u.endsWith("/dist/rjsf-retrieve.js"))).toBe(true);
    expect(loaded.filter((u) => u.includes("/node_modules/@rjsf/"))).toEqual([]);
    // From source, sub-schemas.ts runs @rjsf/utils as installed.
    const expected = schemas.map((s) => formSubSchemas(s as never));
    expect(JSON.parse(readFileSync(at("out.json"), "utf8"))).toEqual(expected);
  });
});
