/**
 * A schema pattern that backtracks catastrophically (`^(a+)+$` takes minutes on 30 characters)
 * must not stall serve: a request's validation has a time budget, ends in a 422 that says why,
 * and the next request is answered.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConnectionStore, buildApp, catalogFromSchemas } from "../src/index.js";
import { ValidationTimeoutError, withinBudget } from "../src/time-budget.js";
import { request } from "./raw-http.js";

const dir = mkdtempSync(path.join(tmpdir(), "onespec-budget-"));
const connector = path.join(dir, "connectors/backtrack");
mkdirSync(connector, { recursive: true });
writeFileSync(
  path.join(connector, "connection.json"),
  JSON.stringify({
    $schema: "http://json-schema.org/draft-07/schema#",
    type: "object",
    required: ["name"],
    properties: { name: { type: "string", title: "Name", pattern: "^(a+)+$" } },
  }),
);
writeFileSync(
  path.join(connector, "connector.json"),
  JSON.stringify({
    name: "backtrack",
    displayName: "Backtrack",
    description: "A pattern that backtracks.",
    serviceType: "Other",
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: "https://example.com/docs/backtrack",
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

let store: ConnectionStore;
let app: ReturnType<typeof buildApp>;
let base: string;

beforeAll(async () => {
  const catalog = await catalogFromSchemas({ schemas: dir, cwd: dir });
  store = new ConnectionStore(":memory:");
  app = buildApp({ catalog, store, validationBudgetMs: 200 });
  base = await app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await app?.close();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("validation's time budget", () => {
  const hostile = { config: { name: `${"a".repeat(40)}!` } };

  it("stops a backtracking validation with a 422 that names the cause", async () => {
    const r = await request(base, "POST", "/api/connectors/backtrack/validate", { body: hostile });
    expect(r.status).toBe(422);
    expect(r.json.error).toMatch(
      /validation stopped after 200 ms: a pattern in this connector's schema backtracks catastrophically/,
    );
    expect(r.json.error).not.toContain("aaaa");
  }, 60_000);

  it("answers the requests behind it, and saves nothing from the stopped one", async () => {
    const [stopped, listed] = await Promise.all([
      request(base, "POST", "/api/connections", {
        body: { connector: "backtrack", name: "x", ...hostile },
      }),
      request(base, "GET", "/api/connectors"),
    ]);
    expect(stopped.status).toBe(422);
    expect(listed.status).toBe(200);
    expect(listed.json.map((c: { name: string }) => c.name)).toEqual(["backtrack"]);
    expect(store.list()).toEqual([]);
  }, 60_000);

  it("validates ordinary values as before", async () => {
    const ok = await request(base, "POST", "/api/connectors/backtrack/validate", {
      body: { config: { name: "aaaa" } },
    });
    expect(ok.status).toBe(200);
    expect(ok.json).toEqual({ valid: true, problems: [] });
    const bad = await request(base, "POST", "/api/connectors/backtrack/validate", {
      body: { config: { name: "ab" } },
    });
    expect(bad.json.valid).toBe(false);
    expect(
      bad.json.problems.map(
        (p: { pointer: string; keyword: string }) => `${p.pointer} ${p.keyword}`,
      ),
    ).toEqual(["/name pattern"]);
  });

  it("withinBudget returns the work's result, rethrows its errors, and stops it when time is up", () => {
    expect(withinBudget(() => 42, 100)).toBe(42);
    expect(() =>
      withinBudget(() => {
        throw new RangeError("boom");
      }, 100),
    ).toThrow(RangeError);
    expect(() => withinBudget(() => /^(a+)+$/.test(`${"a".repeat(40)}!`), 100)).toThrow(
      ValidationTimeoutError,
    );
  }, 60_000);
});
