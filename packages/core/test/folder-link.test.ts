import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../src/index.js";

const CASE = fileURLToPath(
  new URL("../../../tooling/test-fixtures/cases/nullable/connectors/nullable/", import.meta.url),
);
const dir = mkdtempSync(path.join(tmpdir(), "onespec-folder-link-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a connector folder that is a link", () => {
  it("is not followed, and the loader says so (it vanished without a word)", async () => {
    const root = path.join(dir, "schemas");
    mkdirSync(path.join(root, "connectors"), { recursive: true });
    cpSync(CASE, path.join(root, "connectors/a"), { recursive: true });
    writeFileSync(
      path.join(root, "connectors/a/connector.json"),
      JSON.stringify({
        name: "a",
        displayName: "A",
        description: "A.",
        serviceType: "Other",
        capabilities: ["metadata"],
        version: "0.1.0",
        docsUrl: "https://example.com/a",
      }),
    );
    cpSync(CASE, path.join(dir, "outside/b"), { recursive: true });
    symlinkSync("../../outside/b", path.join(root, "connectors/b"));
    for (const entries of [undefined, ["connectors/*/connection.json"]]) {
      const model = await loadTree({ root, cwd: dir, ...(entries ? { entries } : {}) });
      expect(model.connectors.map((c) => c.name)).toEqual(["a"]);
      const links = model.diagnostics.filter((d) => d.code === "load/folder-link");
      expect(links.map((d) => [d.severity, path.basename(d.file!)])).toEqual([["warning", "b"]]);
    }
  });
});
