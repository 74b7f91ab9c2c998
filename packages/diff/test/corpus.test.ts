import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTree, type JsonObject, type SchemaModel } from "@onespec/core";
import { CORPUS_DIR } from "@onespec/test-fixtures";
import { diffTrees } from "../src/index.js";

// The Airbyte corpus: hundreds of real specs, every draft and shape they come in.
let corpus: SchemaModel;
let again: SchemaModel;
const copies: string[] = [];

beforeAll(async () => {
  corpus = await loadTree({ root: CORPUS_DIR, entries: ["*.json"] });
  again = await loadTree({ root: CORPUS_DIR, entries: ["*.json"] });
});
afterAll(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** The corpus spec `name` edited by `edit`, loaded alone, with the original alone. */
async function edited(
  name: string,
  edit: (spec: JsonObject) => void,
): Promise<[SchemaModel, SchemaModel]> {
  const dir = mkdtempSync(path.join(tmpdir(), "onespec-diff-corpus-"));
  copies.push(dir);
  const file = path.join(dir, `${name}.json`);
  cpSync(path.join(CORPUS_DIR, `${name}.json`), file);
  const before = await loadTree({ root: dir, entries: [`${name}.json`] });
  const spec = JSON.parse(readFileSync(file, "utf8"));
  edit(spec);
  writeFileSync(file, JSON.stringify(spec, null, 2));
  const after = await loadTree({ root: dir, entries: [`${name}.json`] });
  return [before, after];
}

const summary = (changes: ReturnType<typeof diffTrees>) =>
  changes.map((c) => [c.kind, c.verdict, c.instancePath]);

describe("the Airbyte corpus", () => {
  it("compared with itself, has no change in any of its connectors", () => {
    expect(corpus.connectors.length).toBeGreaterThan(300);
    expect(diffTrees(corpus, again)).toEqual([]);
  });

  it("source-postgres: an ssl mode narrowed, a field made required, a secret unmarked", async () => {
    const [before, after] = await edited("source-postgres", (spec) => {
      const props = spec.properties as Record<string, JsonObject>;
      props.username.title = "User name";
      spec.required = [...(spec.required as string[]), "schemas"];
      const ssl = props.ssl_mode.oneOf as JsonObject[];
      props.ssl_mode.oneOf = ssl.filter(
        (b) => (b.properties as Record<string, JsonObject>).mode.const !== "allow",
      );
      delete props.password.airbyte_secret;
    });
    expect(summary(diffTrees(before, after)).sort()).toEqual(
      [
        ["doc-changed", "compatible", "/username"],
        ["oneOf-branch-removed", "breaking", "/ssl_mode"],
        ["required-added", "breaking", "/schemas"],
        ["secret-removed", "breaking", "/password"],
      ].sort(),
    );
  });

  it("source-postgres: a field renamed, and the password moved into an auth oneOf", async () => {
    const [before, after] = await edited("source-postgres", (spec) => {
      const props = spec.properties as Record<string, JsonObject>;
      props.jdbc_params = props.jdbc_url_params;
      delete props.jdbc_url_params;
      const password = props.password;
      delete props.password;
      props.credentials = {
        title: "Authentication",
        oneOf: [
          {
            title: "Password",
            type: "object",
            required: ["method", "password"],
            properties: { method: { const: "password" }, password },
          },
          {
            title: "IAM",
            type: "object",
            required: ["method"],
            properties: { method: { const: "iam" } },
          },
        ],
      };
      spec.required = [...(spec.required as string[]), "credentials"];
    });
    expect(summary(diffTrees(before, after)).sort()).toEqual(
      [
        ["optional-added", "compatible", "/jdbc_params"],
        ["property-removed", "breaking", "/jdbc_url_params"],
        ["property-removed", "breaking", "/password"],
        ["required-added", "breaking", "/credentials"],
      ].sort(),
    );
  });
});
