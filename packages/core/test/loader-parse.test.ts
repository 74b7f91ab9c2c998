import { afterAll, describe, expect, it } from "vitest";
import { loadTree, parseSource, sourceTree } from "../src/index.js";
import { locate, offsetToLocation, valueStart } from "../src/source.js";
import { connectorFiles, where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const CONNECTION = "connectors/alpha/connection.json";

async function loadConnection(contents: string | Uint8Array) {
  const root = await testdir(connectorFiles("alpha", contents));
  return loadTree({ root, cwd: root });
}

// Lines and columns are 1-based and counted by hand from the text.
const invalidJson: [name: string, text: string, at: { line: number; column: number }][] = [
  [
    "trailing comma in an object",
    lines(
      "{",
      '  "type": "object",',
      '  "title": "A",',
      "}", // the parser expects another property where the brace is
    ),
    { line: 4, column: 1 },
  ],
  [
    "trailing comma in an array",
    lines(
      "{",
      '  "type": "object",',
      '  "required": ["a", "b",]', // `]` is the 25th character
      "}",
    ),
    { line: 3, column: 25 },
  ],
  [
    "missing closing brace",
    lines("{", '  "type": "object",', '  "properties": {', '    "a": { "type": "string" }', "}"), // the end of the file (after the final newline) is line 6, column 1
    { line: 6, column: 1 },
  ],
  [
    "missing comma",
    lines("{", '  "type": "object"', '  "title": "A"', "}"),
    { line: 3, column: 3 },
  ],
  [
    "line comment",
    lines("{", "  // connection settings", '  "type": "object"', "}"),
    { line: 2, column: 3 },
  ],
  ["block comment", lines('{ /* settings */ "type": "object" }'), { line: 1, column: 3 }],
  ["single-quoted strings", lines("{", "  'type': 'object'", "}"), { line: 2, column: 3 }],
  [
    "text after the document",
    lines('{ "type": "object" }', '{ "type": "string" }'),
    { line: 2, column: 1 },
  ],
  [
    "CRLF line endings count as one line break",
    '{\r\n  "type": "object",\r\n}\r\n',
    { line: 3, column: 1 },
  ],
];

describe("loadTree: unreadable files", () => {
  it.each(invalidJson)("%s → parse/invalid-json", async (_name, text, at) => {
    const model = await loadConnection(text);
    expect(model.diagnostics.length).toBeGreaterThan(0);
    expect(model.diagnostics.length).toBeLessThanOrEqual(3);
    expect(
      model.diagnostics.every(
        (d) => d.code === "parse/invalid-json" && d.file === CONNECTION && d.severity === "error",
      ),
    ).toBe(true);
    expect(where(model.diagnostics[0])).toEqual({
      code: "parse/invalid-json",
      file: CONNECTION,
      pointer: undefined,
      ...at,
    });
    expect(model.diagnostics[0].hint).toBeTruthy();
    expect(model.docs.size).toBe(0);
    expect(model.connectors).toEqual([]);
  });

  const whole: [name: string, contents: string | Uint8Array, code: string][] = [
    ["empty file", "", "parse/empty-file"],
    ["whitespace only", "  \n\n\t\n", "parse/empty-file"],
    [
      "binary junk with NUL bytes",
      Buffer.from([0x7b, 0x00, 0x01, 0xff, 0xfe, 0x00, 0x7d]),
      "parse/binary",
    ],
    ["an array", "[1,2]", "schema/not-an-object"],
    ["a string", '"object"\n', "schema/not-an-object"],
    ["null", "null\n", "schema/not-an-object"],
  ];
  it.each(whole)("%s → %s at 1:1", async (_name, contents, code) => {
    const model = await loadConnection(contents);
    expect(model.diagnostics.map(where)).toEqual([
      { code, file: CONNECTION, pointer: undefined, line: 1, column: 1 },
    ]);
    expect(model.connectors).toEqual([]);
  });

  it("accepts a UTF-8 byte order mark", async () => {
    const model = await loadConnection('\uFEFF{ "type": "object" }\n');
    expect(model.diagnostics).toEqual([]);
    expect(model.connectors.map((c) => c.name)).toEqual(["alpha"]);
  });

  it("reports invalid JSON in connector.json against that file", async () => {
    const root = await testdir(
      connectorFiles(
        "alpha",
        { type: "object" },
        { connector: lines("{", '  "name": "alpha",', "}") },
      ),
    );
    const model = await loadTree({ root, cwd: root });
    expect(where(model.diagnostics[0])).toEqual({
      code: "parse/invalid-json",
      file: "connectors/alpha/connector.json",
      pointer: undefined,
      line: 3,
      column: 1,
    });
    expect(model.diagnostics.every((d) => d.code === "parse/invalid-json")).toBe(true);
    expect(model.connectors).toEqual([]);
  });
});

describe("parseSource", () => {
  it("returns the value and a tree for valid JSON", () => {
    const { source, diagnostics } = parseSource("x.json", lines("{", '  "a": [1, 2]', "}"));
    expect(diagnostics).toEqual([]);
    expect(source?.json).toEqual({ a: [1, 2] });
    expect(source?.lineStarts).toEqual([0, 2, 16, 18]);
    expect(source && sourceTree(source)?.children?.[0].children?.[0].value).toBe("a");
  });

  // The text's keys are counted in one scan and compared with the parsed value's; only a
  // difference builds the tree that finds and places the duplicates.
  it.each([
    {
      name: "no duplicates, colons in values",
      text: '{"a": "b:c", "d": {"e": "\\\\", "f": "g"}}',
      dups: [],
    },
    { name: "a key with escaped quotes", text: '{"a\\"": 1, "b": "\\"x\\":"}', dups: [] },
    { name: "same key in two objects", text: '{"a": {"x": 1}, "b": {"x": 2}}', dups: [] },
    { name: "one duplicate", text: '{"a": 1,\n "a": 2}', dups: [[2, 2]] },
    { name: "a nested duplicate", text: '{"a": {"x": 1, "x" : 2}}', dups: [[1, 16]] },
    { name: "__proto__ twice", text: '{"__proto__": 1, "__proto__": 2}', dups: [[1, 18]] },
    { name: "whitespace before the colon", text: '{"k"\n\t: 1, "k"\r\n: 2}', dups: [[2, 7]] },
  ])("duplicate keys: $name", ({ text, dups }) => {
    const { source, diagnostics } = parseSource("x.json", text);
    expect(source?.json).toEqual(JSON.parse(text));
    // Built only to place duplicates: the key count found them, or found none.
    expect(source?.positions.tree !== undefined).toBe(dups.length > 0);
    expect(diagnostics.map((d) => [d.code, d.line, d.column])).toEqual(
      dups.map(([line, column]) => ["parse/duplicate-key", line, column]),
    );
  });

  it("counts lines across strings and whitespace", () => {
    const text = '{\n"a"\n:\n"x"\n}\n';
    const { source } = parseSource("x.json", text);
    const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index + 1)];
    expect(source?.lineStarts).toEqual(starts);
  });
});

describe("locate: the root", () => {
  const texts: [string, string][] = [
    ["at the first character", '{"a": 1}'],
    ["after blank lines and indentation", '\n\n   \t{\n  "a": 1\n}\n'],
    ["with CRLF line ends", "\r\n\r\n  [1, 2]\r\n"],
  ];
  it.each(texts)("%s: where the parsed tree's root starts", (_name, text) => {
    const { source } = parseSource("x.json", text);
    const tree = sourceTree(source!)!;
    expect(valueStart(text)).toBe(tree.offset);
    expect(locate(source!, "")).toEqual(offsetToLocation(source!.lineStarts, tree.offset));
  });

  it("a text with no value, or a comment first, has no start (the parser is asked instead)", () => {
    expect(valueStart(" \n ")).toBeUndefined();
    expect(valueStart("  // a comment\n{}")).toBeUndefined();
  });
});
