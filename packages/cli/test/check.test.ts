import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasStackTrace, onespec, snapshotTree, workspace } from "./helpers.js";

describe("onespec check", () => {
  const ws = workspace();
  afterAll(() => ws.cleanup());
  const check = (...extra: string[]) => onespec(["check", "--schemas", ws.schemas, ...extra]);

  it("passes on the repository's schemas", () => {
    const r = onespec(["check"]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^onespec check: 5 connectors, 0 errors, 0 warnings, 0 info \(\d+\.\d+s\)$/m);
  });

  it("reports every problem of every connector with its location, writes nothing, exit 1", () => {
    const pg = path.join(ws.schemas, "connectors/postgres/connection.json");
    const my = path.join(ws.schemas, "connectors/mysql/connection.json");
    const [pgText, myText] = [readFileSync(pg, "utf8"), readFileSync(my, "utf8")];
    writeFileSync(pg, pgText.replace('"type": "integer"', '"type": "integr"'));
    writeFileSync(my, myText.replace("../../definitions/ssl.json", "../../definitions/nope.json"));
    try {
      const before = snapshotTree(ws.schemas);
      const r = check();
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/postgres\/connection\.json:\d+:\d+ error type must be equal to one of the allowed values/);
      expect(r.stderr).toMatch(/mysql\/connection\.json:\d+:\d+ error \$ref "\.\.\/\.\.\/definitions\/nope\.json" points to/);
      expect(r.stderr).toMatch(/onespec check: 5 connectors, 2 errors/);
      expect(hasStackTrace(r.stderr)).toBe(false);
      expect(snapshotTree(ws.schemas)).toEqual(before);
      const json = JSON.parse(check("--format", "json").stdout);
      expect(json.map((d: { code: string }) => d.code).sort()).toEqual(["ref/missing-file", "schema/meta"]);
    } finally {
      writeFileSync(pg, pgText);
      writeFileSync(my, myText);
    }
  });

  it("fails on more warnings than --max-warnings", () => {
    const sqlite = path.join(ws.schemas, "connectors/sqlite/connection.json");
    const text = readFileSync(sqlite, "utf8");
    // A duplicate key is a warning: JSON keeps the last one silently.
    writeFileSync(sqlite, text.replace('"type": "object",', '"type": "object",\n  "type": "object",'));
    try {
      expect(check().code).toBe(0);
      const strict = check("--max-warnings", "0");
      expect(strict.code).toBe(1);
      expect(strict.stderr).toMatch(/sqlite\/connection\.json:\d+:\d+ warning Key "type" appears twice/);
    } finally {
      writeFileSync(sqlite, text);
    }
  });
});
