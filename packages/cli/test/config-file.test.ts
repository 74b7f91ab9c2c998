/**
 * Reading a config file (`onespec validate`, `run`, `test-connection`): every problem a file can
 * have is a located diagnostic, never a crash, a hang or an echo of hostile text; big files are
 * read in time linear in their size. Table-driven: input text → expected code, position and message.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse as yamlParse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import {
  CONFIG_LIMITS,
  clip,
  displayPointer,
  escapeControls,
  parseConfig,
  quoted,
  readConfigFile,
  terminalSafeJson,
} from "../src/config-file.js";
import { SCRATCH } from "./helpers.js";

mkdirSync(SCRATCH, { recursive: true });
const dir = mkdtempSync(path.join(SCRATCH, "config-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

/** A hang guard for the big inputs, not a speed goal (those live in `npm run bench`). */
// Generous: CI runs two test suites at once on 2 cores; before the fix these took minutes to hours.
const BIG = 120_000;

const ESC = "\u001b";
const LONG = "k".repeat(5000);

/** A "billion laughs": nine aliases a level, nine levels, 9^9 values once expanded. */
const LAUGHS = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(
    "bcdefghi".split("").map(
      (c, i) =>
        `${c}: &${c} [${Array(9)
          .fill("*" + "abcdefghi"[i])
          .join(",")}]`,
    ),
  )
  .join("\n");

interface Want {
  code: string;
  line: number;
  column?: number;
  /** A fragment of the message. */
  message: string;
  pointer?: string;
}

const rejected: [string, { format: "yaml" | "json"; given: string; want: Want }][] = [
  // duplicate keys: reported at the second one, for both formats
  [
    "YAML duplicate key",
    {
      format: "yaml",
      given: "host: a\nport: 1\nhost: b\n",
      want: {
        code: "config/duplicate-key",
        line: 3,
        column: 1,
        message: 'The key "host" appears more than once in this mapping (first on line 1)',
        pointer: "/host",
      },
    },
  ],
  [
    "YAML nested duplicate key",
    {
      format: "yaml",
      given: "ssl:\n  mode: a\n  mode: b\n",
      want: {
        code: "config/duplicate-key",
        line: 3,
        column: 3,
        message: '"mode" appears more than once',
        pointer: "/ssl/mode",
      },
    },
  ],
  [
    "YAML duplicate key in a flow mapping",
    {
      format: "yaml",
      given: "ssl: {mode: a, mode: b}\n",
      want: {
        code: "config/duplicate-key",
        line: 1,
        column: 16,
        message: '"mode" appears more than once',
      },
    },
  ],
  [
    "YAML duplicate key inside a list",
    {
      format: "yaml",
      given: "hosts:\n  - name: a\n    name: b\n",
      want: {
        code: "config/duplicate-key",
        line: 3,
        column: 5,
        message: '"name"',
        pointer: "/hosts/0/name",
      },
    },
  ],
  [
    "JSON duplicate key",
    {
      format: "json",
      given: '{\n  "host": "a",\n  "host": "b"\n}',
      want: {
        code: "config/duplicate-key",
        line: 3,
        column: 3,
        message: 'The key "host" appears more than once in this object (first on line 2)',
        pointer: "/host",
      },
    },
  ],
  [
    "JSON nested duplicate key",
    {
      format: "json",
      given: '{"ssl": {"mode": 1,\n "mode": 2}}',
      want: {
        code: "config/duplicate-key",
        line: 2,
        column: 2,
        message: '"mode"',
        pointer: "/ssl/mode",
      },
    },
  ],
  // non-finite numbers: what they are, not "null"
  [
    "YAML .nan",
    {
      format: "yaml",
      given: "host: h\nport: .nan\n",
      want: {
        code: "config/non-finite-number",
        line: 2,
        column: 7,
        message: "/port is not a finite number (received NaN)",
        pointer: "/port",
      },
    },
  ],
  [
    "YAML .inf",
    {
      format: "yaml",
      given: "port: .inf\n",
      want: {
        code: "config/non-finite-number",
        line: 1,
        column: 7,
        message: "(received infinity, written .inf)",
      },
    },
  ],
  [
    "YAML -.Inf in a list",
    {
      format: "yaml",
      given: "ports:\n  - 1\n  - -.Inf\n",
      want: {
        code: "config/non-finite-number",
        line: 3,
        column: 5,
        message: "/ports/1 is not a finite number (received minus infinity",
        pointer: "/ports/1",
      },
    },
  ],
  [
    "YAML 1e400",
    {
      format: "yaml",
      given: "port: 1e400\n",
      want: {
        code: "config/non-finite-number",
        line: 1,
        column: 7,
        message: "(received a number too large for JSON: 1e400)",
      },
    },
  ],
  [
    "JSON 1e400",
    {
      format: "json",
      given: '{"port": 1e400}',
      want: {
        code: "config/non-finite-number",
        line: 1,
        column: 10,
        message: "/port is not a finite number (received a number too large for JSON: 1e400)",
      },
    },
  ],
  [
    "JSON -1e999 in an array",
    {
      format: "json",
      given: '{"q": [1,\n -1e999]}',
      want: {
        code: "config/non-finite-number",
        line: 2,
        column: 2,
        message: "received a number too large for JSON: -1e999",
        pointer: "/q/1",
      },
    },
  ],
  // aliases: bombs, unknown anchors, cycles, and depth gained through aliases
  [
    "a billion laughs",
    {
      format: "yaml",
      given: LAUGHS,
      want: {
        code: "config/alias-expansion",
        line: 6,
        message: "aliases expand the config to more than 100000 values",
      },
    },
  ],
  [
    "an alias to no anchor",
    {
      format: "yaml",
      given: "host: h\nport: *nope\n",
      want: {
        code: "config/unknown-anchor",
        line: 2,
        column: 7,
        message: "the alias *nope names no anchor defined before it",
      },
    },
  ],
  [
    "an alias used before its anchor",
    {
      format: "yaml",
      given: "a: *x\nb: &x 1\n",
      want: { code: "config/unknown-anchor", line: 1, column: 4, message: "*x" },
    },
  ],
  [
    "an alias inside what it names",
    {
      format: "yaml",
      given: "a: &x\n  b: [1, *x]\n",
      want: {
        code: "config/alias-cycle",
        line: 2,
        column: 10,
        message: "is inside the value it names",
        pointer: "/a/b/1",
      },
    },
  ],
  [
    "aliases nesting deeper than the limit",
    {
      format: "yaml",
      given: [
        "l0: &l0 [1]",
        ...Array.from({ length: 210 }, (_, i) => `l${i + 1}: &l${i + 1} [*l${i}]`),
      ].join("\n"),
      want: { code: "config/too-deep", line: 200, message: "once its aliases are expanded" },
    },
  ],
  // nesting, syntax, shape
  [
    "YAML nested 300 deep (flow)",
    {
      format: "yaml",
      given: "x:\n  " + "[".repeat(300) + "]".repeat(300),
      want: { code: "config/too-deep", line: 2, column: 203, message: "more than 200 levels deep" },
    },
  ],
  [
    "YAML nested 300 deep (block)",
    {
      format: "yaml",
      given: Array.from({ length: 300 }, (_, i) => " ".repeat(i) + "a:").join("\n") + " 1\n",
      want: { code: "config/too-deep", line: 201, message: "more than 200 levels deep" },
    },
  ],
  [
    "YAML that nests only because it is broken",
    {
      format: "yaml",
      given: "a: b: c\n".repeat(400),
      want: {
        code: "config/invalid-yaml",
        line: 1,
        column: 4,
        message: "Nested mappings are not allowed in compact mappings",
      },
    },
  ],
  [
    "JSON nested 300 deep",
    {
      format: "json",
      given: "[".repeat(300) + "]".repeat(300),
      want: { code: "config/too-deep", line: 1, column: 201, message: "more than 200 levels deep" },
    },
  ],
  [
    "malformed YAML",
    {
      format: "yaml",
      given: "host: [unclosed\nport: 1\n",
      want: { code: "config/invalid-yaml", line: 2, message: "Invalid YAML" },
    },
  ],
  [
    "malformed JSON",
    {
      format: "json",
      given: '{ "host": "x",, }',
      want: { code: "config/invalid-json", line: 1, column: 15, message: "Invalid JSON" },
    },
  ],
  [
    "two YAML documents",
    {
      format: "yaml",
      given: "host: a\n---\nhost: b\n",
      want: { code: "config/invalid-yaml", line: 2, message: "more than one document" },
    },
  ],
  [
    "a million YAML documents",
    {
      format: "yaml",
      given: "---\nhost: a\n" + "---\n".repeat(1_000_000),
      want: { code: "config/invalid-yaml", line: 3, column: 1, message: "more than one document" },
    },
  ],
  [
    "two YAML document ends",
    {
      format: "yaml",
      given: "host: a\n...\n...\n",
      want: { code: "config/invalid-yaml", line: 3, column: 1, message: "more than one document" },
    },
  ],
  [
    "an empty YAML file",
    {
      format: "yaml",
      given: "  \n",
      want: { code: "config/empty-file", line: 1, column: 1, message: "The file is empty" },
    },
  ],
  [
    "a YAML file of comments",
    {
      format: "yaml",
      given: "# host: h\n",
      want: { code: "config/empty-file", line: 1, column: 1, message: "The file is empty" },
    },
  ],
  [
    "an empty JSON file",
    {
      format: "json",
      given: "",
      want: { code: "config/empty-file", line: 1, column: 1, message: "The file is empty" },
    },
  ],
  [
    "a mapping as a key",
    {
      format: "yaml",
      given: "? {a: 1}\n: x\n",
      want: { code: "config/invalid-key", line: 1, column: 3, message: "config keys are strings" },
    },
  ],
  [
    "a merge of a scalar (YAML 1.1)",
    {
      format: "yaml",
      given: "%YAML 1.1\n---\nbase: &b 1\nc:\n  <<: *b\n",
      want: {
        code: "config/invalid-merge",
        line: 5,
        column: 7,
        message: "a << merge needs a mapping",
      },
    },
  ],
  // hostile text in keys is escaped and clipped in messages
  [
    "a key with terminal escapes",
    {
      format: "yaml",
      given: `${ESC}[2J${ESC}]0;pwned\u0007: 1\n"${ESC}[2J${ESC}]0;pwned\u0007": 2\n`,
      want: {
        code: "config/duplicate-key",
        line: 2,
        column: 1,
        message: '"\\u001b[2J\\u001b]0;pwned\\u0007"',
        pointer: "/\\u001b[2J\\u001b]0;pwned\\u0007",
      },
    },
  ],
  [
    "a key with C1 and bidi controls",
    {
      format: "json",
      given: '{"a\u009b31m\u202e": 1, "a\u009b31m\u202e": 2}',
      want: { code: "config/duplicate-key", line: 1, message: '"a\\u009b31m\\u202e"' },
    },
  ],
  [
    "a 5000-character key",
    {
      format: "yaml",
      given: `? ${LONG}\n: 1\n? ${LONG}\n: 2\n`,
      want: {
        code: "config/duplicate-key",
        line: 3,
        column: 3,
        message: `"${"k".repeat(60)}…"`,
        pointer: `/${"k".repeat(60)}…`,
      },
    },
  ],
  [
    "a 5000-character JSON key",
    {
      format: "json",
      given: `{"${LONG}": 1,\n"${LONG}": 2}`,
      want: {
        code: "config/duplicate-key",
        line: 2,
        column: 1,
        message: `"${"k".repeat(60)}…"`,
        pointer: `/${"k".repeat(60)}…`,
      },
    },
  ],
];

describe("parseConfig rejects, with a located diagnostic", () => {
  it.each(rejected)("%s", (_name, { format, given, want }) => {
    const { config, diagnostics } = parseConfig(given, `config.${format}`, format);
    expect(config).toBeUndefined();
    const d = diagnostics[0];
    expect(d).toMatchObject({
      severity: "error",
      code: want.code,
      file: `config.${format}`,
      line: want.line,
    });
    if (want.column !== undefined) expect(d.column).toBe(want.column);
    expect(d.message).toContain(want.message);
    if (want.pointer !== undefined) expect(d.pointer).toBe(want.pointer);
    for (const x of diagnostics) {
      // Nothing a terminal would act on, nothing long echoed back.
      expect(x.message + (x.pointer ?? "") + (x.hint ?? "")).not.toMatch(
        /[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/,
      );
      expect(x.message.length).toBeLessThan(400);
    }
  });

  it("reports the first ten problems in file order and counts the rest", () => {
    const text = Array.from({ length: 30 }, (_, i) => `k${i}: 1\nk${i}: 2`).join("\n");
    const { diagnostics } = parseConfig(text, "many.yaml", "yaml");
    expect(diagnostics.map((d) => d.line)).toEqual([2, 4, 6, 8, 10, 12, 14, 16, 18, 20, undefined]);
    expect(diagnostics[10]).toMatchObject({
      severity: "info",
      code: "config/more-problems",
      message: "20 more problems like these in this file are not shown.",
    });
  });
});

/** Inputs a config may well have, read exactly as the yaml package and JSON.parse read them. */
const accepted: [string, { format: "yaml" | "json"; given: string }][] = [
  [
    "a plain config",
    { format: "yaml", given: "host: db.example.com\nport: 5432\nssl:\n  mode: verify-full\n" },
  ],
  [
    "lists, flow style, quoting and block scalars",
    {
      format: "yaml",
      given:
        "hosts: [a, \"b\", 'c']\nlist:\n  - 1\n  - x: 2\nkey: |\n  line one\n  line two\nfolded: >\n  one\n  two\n",
    },
  ],
  [
    "scalars of every kind",
    {
      format: "yaml",
      given:
        "a: 0x1F\nb: 0o17\nc: 1.5e3\nd: ~\ne: null\nf: true\ng: 'yes'\nh: -0\ni: 12345678901234567890\n",
    },
  ],
  [
    "keys that are not strings",
    { format: "yaml", given: "1: one\ntrue: yes\n~: nothing\n1.5: x\n" },
  ],
  [
    "anchors and aliases",
    {
      format: "yaml",
      given:
        "base: &base {host: h, port: 1}\nprimary: *base\nreplicas: [*base, *base]\nname: &n x\nsame: *n\n",
    },
  ],
  ["an anchor redefined", { format: "yaml", given: "a: &x 1\nb: *x\nc: &x 2\nd: *x\n" }],
  [
    "merge keys under YAML 1.1",
    {
      format: "yaml",
      given:
        "%YAML 1.1\n---\nbase: &b {x: 1, y: 1}\nc:\n  y: 0\n  <<: *b\n  x: 2\nd:\n  <<: [*b, {z: 3}]\n",
    },
  ],
  ["a literal << under YAML 1.2", { format: "yaml", given: "base: &b {x: 1}\nc:\n  <<: *b\n" }],
  ["a __proto__ key", { format: "yaml", given: "__proto__: {polluted: 1}\nconstructor: 2\n" }],
  ["unicode and escapes", { format: "yaml", given: 'k: "\\u00e9\\t\\x41"\n\u00e9: \u{1F600}\n' }],
  [
    "a JSON config",
    {
      format: "json",
      given:
        '{"host": "h", "port": 5432, "ssl": {"mode": "x"}, "list": [1, 2.5, -3e10, null, true]}',
    },
  ],
  ["a JSON __proto__ key", { format: "json", given: '{"__proto__": {"polluted": 1}}' }],
];

describe("parseConfig accepts", () => {
  it.each(accepted)("%s, as the yaml package / JSON.parse reads it", (_name, { format, given }) => {
    const { config, diagnostics } = parseConfig(given, `ok.${format}`, format);
    expect(diagnostics).toEqual([]);
    const expected = format === "yaml" ? yamlParse(given) : JSON.parse(given);
    expect(JSON.stringify(config!.value)).toBe(JSON.stringify(expected));
    expect(config!.value).toEqual(expected);
    // An own "__proto__" key, never a changed prototype.
    expect(Object.getPrototypeOf(config!.value)).toBe(Object.prototype);
  });
});

describe("locate", () => {
  const yaml = "host: h\nssl:\n  mode: a\nlist:\n  - x\n  - y\nbase: &b {k: 1}\ncopy: *b\nempty:\n";
  const json =
    '{\n  "host": "h",\n  "ssl": {\n    "mode": "a"\n  },\n  "list": ["x", "y"],\n  "a/b": 1\n}';
  const cases: [string, "yaml" | "json", string, { line: number; column: number } | undefined][] = [
    ["a top-level value", "yaml", "/host", { line: 1, column: 7 }],
    ["a nested value", "yaml", "/ssl/mode", { line: 3, column: 9 }],
    ["a list item", "yaml", "/list/1", { line: 6, column: 5 }],
    ["a missing key: its mapping", "yaml", "/ssl/nope", { line: 3, column: 3 }],
    ["a missing key at the top: the document", "yaml", "/nope", { line: 1, column: 1 }],
    ["through an alias: the alias", "yaml", "/copy/k", { line: 8, column: 7 }],
    ["a key without a value", "yaml", "/empty", { line: 9, column: 7 }],
    ["not a pointer", "yaml", "nope", undefined],
    ["a JSON value", "json", "/ssl/mode", { line: 4, column: 13 }],
    ["a JSON list item", "json", "/list/1", { line: 6, column: 17 }],
    ["an escaped JSON key", "json", "/a~1b", { line: 7, column: 10 }],
    ["a missing JSON key: its object", "json", "/ssl/nope", { line: 3, column: 10 }],
  ];
  it.each(cases)("%s", (_name, format, pointer, want) => {
    const { config } = parseConfig(format === "yaml" ? yaml : json, `x.${format}`, format);
    expect(config!.locate(pointer)).toEqual(want);
  });
});

describe("showing text from a config", () => {
  it("escapes controls and clips long text", () => {
    expect(escapeControls(`a${ESC}[31m\u009b\u202e\n`)).toBe("a\\u001b[31m\\u009b\\u202e\\n");
    expect(clip("x".repeat(61))).toBe("x".repeat(60) + "…");
    expect(clip("x".repeat(58) + "\u{1F600}")).toBe("x".repeat(58) + "\u{1F600}"); // 60 code units
    expect(clip("x".repeat(59) + "\u{1F600}")).toBe("x".repeat(59) + "…"); // a surrogate pair is never split
    expect(quoted(`k${ESC}"`)).toBe('"k\\u001b\\""');
    expect(displayPointer(`/a${ESC}/${"b".repeat(100)}`)).toBe(`/a\\u001b/${"b".repeat(60)}…`);
    const json = terminalSafeJson(JSON.stringify({ k: `\u009b${ESC}\u2028` }, null, 2));
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u009b\u2028]/);
    expect(JSON.parse(json)).toEqual({ k: `\u009b${ESC}\u2028` });
  });
});

describe("readConfigFile refuses what is not a small regular file", () => {
  it("reports a missing file", async () => {
    const r = await readConfigFile(path.join(dir, "nope.yaml"));
    expect(r.diagnostics[0]).toMatchObject({
      code: "config/unreadable",
      message: expect.stringContaining("Config file not found"),
    });
  });

  it("refuses a directory", async () => {
    mkdirSync(path.join(dir, "folder.yaml"));
    const r = await readConfigFile(path.join(dir, "folder.yaml"));
    expect(r.diagnostics[0]).toMatchObject({
      code: "config/not-a-file",
      message: expect.stringContaining("is a directory, not a regular file"),
    });
  });

  it(
    "refuses a FIFO without waiting for a writer",
    async () => {
      const fifo = path.join(dir, "pipe.yaml");
      execFileSync("mkfifo", [fifo]);
      const r = await readConfigFile(fifo);
      expect(r.config).toBeUndefined();
      expect(r.diagnostics[0]).toMatchObject({
        code: "config/not-a-file",
        file: fifo,
        message: expect.stringContaining("named pipe (FIFO)"),
      });
    },
    BIG,
  );

  it(
    "refuses /dev/zero, and a symlink to it, without reading",
    async () => {
      const link = path.join(dir, "zero.yaml");
      symlinkSync("/dev/zero", link);
      for (const p of ["/dev/zero", link]) {
        const r = await readConfigFile(p);
        expect(r.diagnostics[0]).toMatchObject({
          code: "config/not-a-file",
          message: expect.stringContaining("is a character device, not a regular file"),
        });
      }
    },
    BIG,
  );

  it(
    "refuses a file over the size limit before reading it",
    async () => {
      const p = path.join(dir, "huge.yaml");
      writeFileSync(p, "");
      truncateSync(p, 50 * 1024 * 1024); // sparse: 50 MB of nothing, not written to disk
      const r = await readConfigFile(p);
      expect(r.diagnostics[0]).toMatchObject({
        code: "config/too-large",
        message: expect.stringContaining("is 50.0 MB; a config file may be at most 10.0 MB"),
      });
      expect(JSON.stringify(r.diagnostics).length).toBeLessThan(1000);
    },
    BIG,
  );

  it("reads a file through a symlink, and one without an extension as JSON", async () => {
    const target = file("real.yml", "host: h\n");
    const link = path.join(dir, "link.yaml");
    symlinkSync(target, link);
    expect((await readConfigFile(link)).config?.value).toEqual({ host: "h" });
    expect((await readConfigFile(file("noext", '{"host": "h"}'))).config?.value).toEqual({
      host: "h",
    });
  });

  it("passes the file name to diagnostics as given, escaped if it has control characters", async () => {
    const p = file("bad.yaml", "a: 1\na: 2\n");
    expect((await readConfigFile(p)).diagnostics[0]).toMatchObject({
      file: p,
      line: 2,
      column: 1,
      code: "config/duplicate-key",
    });
    const hostile = file(`bad${ESC}[31m.yaml`, "a: 1\na: 2\n");
    expect((await readConfigFile(hostile)).diagnostics[0].file).toBe(
      path.join(dir, "bad\\u001b[31m.yaml"),
    );
    const missing = await readConfigFile(path.join(dir, `nope${ESC}[31m.yaml`));
    expect(missing.diagnostics[0].file + missing.diagnostics[0].message).not.toContain(ESC);
  });
});

describe("big files are read in linear time", () => {
  const CONNECTION = { host: "h", port: 5432, database: "d", username: "u" };
  const yamlKeys = (n: number) =>
    Object.entries(CONNECTION)
      .map(([k, v]) => `${k}: ${v}\n`)
      .join("") + Array.from({ length: n }, (_, i) => `key${i}: v\n`).join("");
  const jsonKeys = (n: number) =>
    JSON.stringify(
      {
        ...CONNECTION,
        ...Object.fromEntries(Array.from({ length: n }, (_, i) => [`key${i}`, "v"])),
      },
      null,
      1,
    );

  it(
    "a 1 MB YAML file with 90 000 keys: read, and every key located",
    async () => {
      const p = file("90k.yaml", yamlKeys(90_000));
      const { config, diagnostics } = await readConfigFile(p);
      expect(diagnostics).toEqual([]);
      expect(Object.keys(config!.value as object)).toHaveLength(90_004);
      // validate locates every problem: 90 000 unknown keys must not mean 90 000 linear searches
      const wrong = Array.from({ length: 90_000 }, (_, i) => i).filter(
        (i) => config!.locate(`/key${i}`)?.line !== i + 5,
      );
      expect(wrong).toEqual([]);
    },
    BIG,
  );

  // One read per test: the yaml package parses about a megabyte a second on a busy machine.
  it(
    "a 5 MB YAML file: read and located",
    async () => {
      const text = yamlKeys(400_000);
      expect(text.length).toBeGreaterThan(5_000_000);
      const { config, diagnostics } = await readConfigFile(file("5mb.yaml", text));
      expect(diagnostics).toEqual([]);
      expect(config!.locate("/key399999")).toEqual({ line: 400_004, column: 12 });
    },
    BIG,
  );

  it(
    "a 5 MB YAML file with a duplicate key at its very end",
    async () => {
      const { config, diagnostics } = await readConfigFile(
        file("5mb-dup.yaml", yamlKeys(400_000) + "key7: again\n"),
      );
      expect(config).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({
        code: "config/duplicate-key",
        line: 400_005,
        column: 1,
        message: expect.stringContaining("(first on line 12)"),
      });
    },
    BIG,
  );

  it(
    "a 5 MB JSON file: read and located, and with a duplicate key at its very end",
    async () => {
      const text = jsonKeys(400_000);
      expect(text.length).toBeGreaterThan(5_000_000);
      const { config } = await readConfigFile(file("5mb.json", text));
      expect(Object.keys(config!.value as object)).toHaveLength(400_004);
      expect(config!.locate("/key399999")).toEqual({ line: 400_005, column: 15 });
      const dup = await readConfigFile(
        file("5mb-dup.json", text.replace(/\n}$/, ',\n "key7": "again"\n}')),
      );
      expect(dup.diagnostics[0]).toMatchObject({
        code: "config/duplicate-key",
        line: 400_006,
        column: 2,
      });
    },
    BIG,
  );

  it(
    "a 1 MB YAML file with 40 000 anchors and aliases",
    async () => {
      const text = Array.from(
        { length: 40_000 },
        (_, i) => `a${i}: &x${i} v${i}\nb${i}: *x${i}\n`,
      ).join("");
      const { config, diagnostics } = await readConfigFile(file("aliases.yaml", text));
      expect(diagnostics).toEqual([]);
      expect((config!.value as Record<string, string>).b39999).toBe("v39999");
    },
    BIG,
  );

  it(
    "a 2.5 MB YAML file of 200 000 NaNs: ten located problems and a count",
    async () => {
      const text = Array.from({ length: 200_000 }, (_, i) => `k${i}: .nan\n`).join("");
      const { diagnostics } = await readConfigFile(file("nan.yaml", text));
      expect(diagnostics).toHaveLength(11);
      expect(diagnostics[9]).toMatchObject({
        code: "config/non-finite-number",
        line: 10,
        message: "/k9 is not a finite number (received NaN)",
      });
      expect(diagnostics[10].message).toBe(
        "199990 more problems like these in this file are not shown.",
      );
    },
    BIG,
  );

  it(
    "a 3 MB YAML list of 1 600 000 numbers: refused at the node past the limit (a: and [ count five)",
    async () => {
      const { config, diagnostics } = await readConfigFile(
        file("nodes.yaml", "a: [" + "1,".repeat(1_600_000) + "1]\n"),
      );
      expect(config).toBeUndefined();
      expect(diagnostics).toEqual([
        expect.objectContaining({
          code: "config/too-large",
          line: 1,
          column: 2_999_995,
          message: expect.stringContaining(`more than ${CONFIG_LIMITS.maxYamlNodes} YAML nodes`),
        }),
      ]);
    },
    BIG,
  );

  it(
    "a billion laughs file: a located error, quickly",
    async () => {
      const p = file("laughs.yaml", LAUGHS);
      const { config, diagnostics } = await readConfigFile(p);
      expect(config).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({
        severity: "error",
        code: "config/alias-expansion",
        file: p,
        line: 6,
      });
      expect(diagnostics[0].message).toContain(`more than ${CONFIG_LIMITS.maxAliasValues} values`);
    },
    BIG,
  );
});
