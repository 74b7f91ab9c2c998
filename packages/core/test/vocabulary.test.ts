import { afterAll, describe, expect, it } from "vitest";
import { loadTree } from "../src/index.js";
import { cleanupTestdirs, testdir } from "./testdir.js";
import { connectorFiles } from "./fixtures.js";

afterAll(cleanupTestdirs);

describe("vocabulary checks in the loader", () => {
  it("reports each unknown vendor keyword once, as information, at its first use", async () => {
    const connection = [
      "{",
      '  "type": "object",',
      '  "javaType": "org.example.Conn",',
      '  "properties": {',
      '    "a": { "type": "string", "javaType": "String", "expose": true },',
      '    "b": { "type": "string", "javaType": "String" }',
      "  }",
      "}",
    ].join("\n");
    const root = await testdir(connectorFiles("x", connection));
    const model = await loadTree({ root, cwd: root });
    const info = model.diagnostics.filter((d) => d.code === "schema/unknown-keyword");
    expect(info.map((d) => [d.severity, d.pointer, d.line, d.column])).toEqual([
      ["info", "/properties/a/expose", 5, connection.split("\n")[4].indexOf(`"expose"`) + 1],
      ["info", "/javaType", 3, 3],
    ]);
    expect(info[1].message).toContain("3 uses");
    expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it("warns when additionalProperties holds a map of name patterns, not a schema", async () => {
    const connection = [
      "{",
      '  "type": "object",',
      '  "properties": {',
      '    "tags": { "type": "object", "additionalProperties": { "^[a-z]+$": { "type": "string" } } },',
      '    "labels": { "type": "object", "additionalProperties": { "type": "string" } },',
      '    "additionalProperties": { "type": "object", "properties": { "x": { "type": "string" } } }',
      "  }",
      "}",
    ].join("\n");
    const root = await testdir(connectorFiles("x", connection));
    const model = await loadTree({ root, cwd: root });
    const found = model.diagnostics.filter(
      (d) => d.code === "schema/additional-properties-patterns",
    );
    expect(found.map((d) => [d.severity, d.pointer, d.line])).toEqual([
      ["warning", "/properties/tags/additionalProperties", 4],
    ]);
    expect(found[0].message).toContain('"^[a-z]+$"');
    expect(found[0].hint).toMatch(/patternProperties/);
    // Said once, as the slip it is: not also as an unknown keyword.
    expect(model.diagnostics.filter((d) => d.code === "schema/unknown-keyword")).toEqual([]);
  });

  it.each([
    ['"secret": "yes"', "secret", "boolean"],
    ['"order": "first"', "order", "number"],
    ['"hidden": 1', "hidden", "boolean"],
    ['"group": true', "group", "string"],
  ])("rejects %s with its position", async (text, keyword, type) => {
    const connection = `{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string", ${text} }\n  }\n}`;
    const root = await testdir(connectorFiles("x", connection));
    const model = await loadTree({ root, cwd: root });
    const error = model.diagnostics.find((d) => d.code === "schema/dialect-keyword-type");
    expect(error).toMatchObject({
      severity: "error",
      pointer: `/properties/a/${keyword}`,
      line: 4,
      file: "connectors/x/connection.json",
    });
    expect(error!.column).toBe(connection.split("\n")[3].indexOf(text) + text.indexOf(":") + 3);
    expect(error!.message).toContain(type);
  });

  it.each([
    ['"airbyte_secret": "true"', "airbyte_secret", true],
    ['"multiline": "false"', "multiline", false],
    ['"order": "2,"', "order", 2],
    ['"group": 3', "group", "3"],
  ])(
    "repairs %s: a warning at it, the value the generators see, and the edit check --fix makes",
    async (text, keyword, value) => {
      const connection = `{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string", ${text} }\n  }\n}`;
      const root = await testdir(connectorFiles("x", connection));
      const model = await loadTree({ root, cwd: root });
      expect(model.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const warning = model.diagnostics.find((d) => d.code === "schema/dialect-keyword-type");
      expect(warning).toMatchObject({
        severity: "warning",
        pointer: `/properties/a/${keyword}`,
        line: 4,
        file: "connectors/x/connection.json",
      });
      expect(warning!.message).toContain(`read as ${JSON.stringify(value)}`);
      expect(warning!.hint).toContain("check --fix");
      const doc = [...model.docs.values()][0];
      expect(
        (doc.json as { properties: { a: Record<string, unknown> } }).properties.a[keyword],
      ).toEqual(value);
      expect(model.fixes).toEqual([
        { kind: "set", doc: doc.path, path: ["properties", "a", keyword], value },
      ]);
    },
  );
});
