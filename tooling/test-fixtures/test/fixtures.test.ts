import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as fixtures from "../src/index.js";

describe("test fixtures", () => {
  it("every path it names exists", () => {
    const paths = Object.entries(fixtures).filter(
      (e): e is [string, string] => typeof e[1] === "string",
    );
    expect(paths.map(([name]) => name).sort()).toEqual([
      "CASES_DIR",
      "CORPUS_DIR",
      "HISTORY_DIR",
      "MYSQL_ANALYTICS_SQL",
      "MYSQL_RETAIL_SQL",
      "OPENMETADATA_DIR",
      "POSTGRES_ANALYTICS_SQL",
      "POSTGRES_RETAIL_SQL",
      "REPO_SCHEMAS",
    ]);
    for (const [name, p] of paths) expect(existsSync(p), `${name}: ${p}`).toBe(true);
    expect(readdirSync(fixtures.CORPUS_DIR).filter((f) => f.endsWith(".json"))).toHaveLength(346);
  });

  it("lists the case trees, each of which loads without errors", async () => {
    expect(fixtures.caseNames()).toEqual([
      "draft-2020",
      "nested-oneof",
      "nullable",
      "odd-enums",
      "odd-names",
      "recursive",
      "ref-siblings",
    ]);
    for (const name of fixtures.caseNames())
      expect((await fixtures.loadCase(name)).connectors.length, name).toBeGreaterThan(0);
  });

  it("names a case that does not load, with what is wrong", async () => {
    await expect(fixtures.loadCase("no-such-case")).rejects.toThrow(
      /^case no-such-case does not load: /,
    );
  });
});
