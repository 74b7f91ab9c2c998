import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPENMETADATA_DIR } from "@onespec/test-fixtures";
import { generate, type GenerateOutcome } from "@onespec/engine";
import { REPO, roundTrip, SCRATCH, typecheck } from "./helpers.js";

// An OpenMetadata-style tree (tooling/test-fixtures/trees/openmetadata): deep relative cross-file
// $refs, $ids that do not match their paths, $ref siblings, javaType & co, mask and
// format: password for secrets, draft-07 mixed with 2020-12, recursion.
const OUT = path.join(SCRATCH, "openmetadata");
let outcome: GenerateOutcome;
const read = (rel: string) => readFileSync(path.join(OUT, rel), "utf8");

beforeAll(async () => {
  rmSync(OUT, { recursive: true, force: true });
  outcome = await generate({
    schemas: OPENMETADATA_DIR,
    entries: ["entity/services/connections/**/*Connection.json"],
    out: OUT,
    cwd: REPO,
  });
}, 300_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe("an OpenMetadata-style tree", () => {
  it("generates every connection with no error, naming connectors after their files", () => {
    expect(outcome.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
    expect(outcome.ok).toBe(true);
    const names = outcome.model!.connectors.map((c) => c.name).sort();
    expect(names).toContain("mysql");
    expect(names).toContain("big-query");
    expect(names.length).toBeGreaterThanOrEqual(15);
  });

  it("reports each vendor keyword and unknown format once, as information", () => {
    const info = outcome.diagnostics.filter((d) => d.severity === "info");
    const keywords = info
      .filter((d) => d.code === "schema/unknown-keyword")
      .map((d) => d.message.match(/"([^"]+)"/)![1]);
    expect(keywords).toEqual(expect.arrayContaining(["javaType", "javaInterfaces", "expose"]));
    expect(new Set(keywords).size).toBe(keywords.length);
    for (const d of info) expect(d.line).toBeGreaterThan(0);
  });

  it("emits shared definitions once, in their own modules, and imports them", () => {
    const mysql = read("connectors/mysql/types.ts");
    expect(mysql).toMatch(
      /import type \{ SslConfig \} from "\.\.\/\.\.\/definitions\/security\/ssl\/verifySSLConfig\.js"/,
    );
    expect(mysql).toMatch(
      /from "\.\.\/\.\.\/definitions\/entity\/services\/connections\/database\/common\/basicAuth\.js"/,
    );
    expect(mysql).not.toMatch(/export interface BasicAuth\b/);
    const validators = (readdirSync(OUT, { recursive: true }) as string[])
      .filter((f) => /(compiled-validator|\.validate(-[\w-]+)?)\.ts$/.test(f))
      .map((f) => read(f))
      .join("\n");
    // Each function says which schema it validates (ajv's standalone code, where the own
    // compiler does not apply, names its document in a sourceURL).
    const compiled =
      validators.match(
        /\/\/ Validates \S+verifySSLConfig\.json\S*$|sourceURL="[^"]+verifySSLConfig\.json[^"]*"/gm,
      ) ?? [];
    const times = new Map<string, number>();
    for (const c of compiled) times.set(c, (times.get(c) ?? 0) + 1);
    // The definition's root is compiled, and each of its functions once per draft module at
    // most, never once per connector.
    expect([...times.keys()].some((k) => /verifySSLConfig\.json"?$/.test(k))).toBe(true);
    for (const [fn, n] of times) expect(n, fn).toBeLessThanOrEqual(2);
  });

  it("treats mask and format: password as secrets", async () => {
    const v = (await import(
      pathToFileURL(path.join(OUT, "connectors/mysql/validator.ts")).href
    )) as { secretPaths: string[] };
    expect(v.secretPaths.some((p) => p.endsWith("/password"))).toBe(true);
    expect(read("connectors/mysql/README.md")).toMatch(/\$\{MYSQL_[A-Z_]*PASSWORD\}/);
  });

  it("honours $ref siblings in types and docs", () => {
    const docs = read("connectors/mysql/README.md");
    // The sibling description and default win over the shared definition's.
    expect(docs).toMatch(
      /`schemaFilterPattern`.*\^information_schema\$.*Regex to only include\/exclude schemas that matches the pattern/,
    );
    const types = read("connectors/mysql/types.ts");
    expect(types).toMatch(
      /Default Schema Filter Pattern\s+\*\s+\*\s+Regex to only include\/exclude schemas that matches the pattern\./,
    );
  });

  it("compiles with tsc --noEmit", () => {
    expect(typecheck(OUT)).toEqual({ code: 0, output: "" });
  }, 300_000);

  it("round-trips every fixture through the validators and forms", async () => {
    const r = await roundTrip(OUT);
    console.log(
      `openmetadata: ${r.connectors} connectors, ${r.valid} valid and ${r.invalid} invalid fixtures round-tripped`,
    );
    expect(r.failures).toEqual([]);
    expect(r.valid).toBeGreaterThan(50);
  }, 300_000);
});
