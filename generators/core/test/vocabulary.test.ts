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

  it.each([
    ['"secret": "yes"', "secret", "boolean"],
    ['"order": "1"', "order", "number"],
    ['"group": 3', "group", "string"],
  ])("rejects %s with its position", async (text, keyword, type) => {
    const connection = `{\n  "type": "object",\n  "properties": {\n    "a": { "type": "string", ${text} }\n  }\n}`;
    const root = await testdir(connectorFiles("x", connection));
    const model = await loadTree({ root, cwd: root });
    const error = model.diagnostics.find((d) => d.code === "schema/dialect-keyword-type");
    expect(error).toMatchObject({ severity: "error", pointer: `/properties/a/${keyword}`, line: 4, file: "connectors/x/connection.json" });
    expect(error!.column).toBe(connection.split("\n")[3].indexOf(text) + text.indexOf(":") + 3);
    expect(error!.message).toContain(type);
  });
});
