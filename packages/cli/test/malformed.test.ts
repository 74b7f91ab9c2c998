/**
 * Bad input never crashes (issue 15). Every schema case below builds a throwaway schema tree,
 * breaks it in one way, and runs `onespec check` (every case) and `onespec generate` (a
 * representative subset) over it. Each run must end in exit 1 with a diagnostic that says where
 * the problem is (file, line, column; the exact position where the input pins one down), no stack
 * trace, no byte a terminal would act on, no value the case marks secret, and no byte changed in
 * the output folder, which was first generated from the clean tree, nor in the inputs.
 *
 * The cases of the other commands' files (connector configs for `validate` and `test-connection`,
 * workflows and secrets files for `run`, the project config for `generate --config`) are rows in
 * malformed-cases-commands.ts, run by the second describe below under the same rules, with a
 * token in the environment, a secrets file and a secret in the config that no output may hold.
 *
 * Positions are written into the inputs with a caret marker (‸) just before the character the
 * diagnostic must point at; the marker is removed before the file is written. Columns count
 * UTF-16 code units, as editors and the Language Server Protocol do.
 *
 * A diagnostic about a file or folder that does not exist (a missing connector.json, a connector
 * folder without connection.json, a tree without connectors/) has nothing to give a line in: those
 * cases (`noLine`) require the file or folder instead.
 *
 * The commands run in-process through `main(argv)` (spawning costs ~1.5 s a run); the cases
 * marked `spawn` also go through the real binary, where the stack is the one users get, and the
 * `isolate` case runs only there, with a small heap and a time limit.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../src/main.js";
import { BIN, hasStackTrace, onespec, REPO, SCRATCH, snapshotTree } from "./helpers.js";
import {
  commandCases,
  CONFIG_SECRET,
  FILE_SECRET,
  TOKEN,
  TOKEN_VAR,
  type CommandCase,
  type MadeFiles,
} from "./malformed-cases-commands.js";

// ─── inputs ────────────────────────────────────────────────────────────────────────────────

const MARK = "‸";
const CONNECTION = "connectors/x/connection.json";
const CONNECTOR = "connectors/x/connector.json";
const STEPS = "connectors/x/test-connection.json";
const COMMON = "definitions/common.json";

const HOST = `{ "type": "string", "title": "Database" }`;
const PORT = `{ "type": "integer", "title": "Port", "default": 5432 }`;
const AUTH = `{ "$ref": "../../definitions/common.json#/definitions/basic" }`;

/** connection.json of connector x; every piece can be replaced by raw JSON text (markers allowed). */
function conn(
  o: {
    schema?: string;
    required?: string;
    extra?: string;
    host?: string;
    port?: string;
    auth?: string;
    defs?: string;
  } = {},
): string {
  return `{
  "$schema": ${o.schema ?? '"http://json-schema.org/draft-07/schema#"'},
  "title": "X Connection",
  "type": "object",
  "additionalProperties": false,
  "required": ${o.required ?? '["database", "auth"]'},${o.extra ? `\n  ${o.extra},` : ""}
  "properties": {
    "database": ${o.host ?? HOST},
    "port": ${o.port ?? PORT},
    "auth": ${o.auth ?? AUTH}
  }${o.defs ? `,\n  "definitions": ${o.defs}` : ""}
}
`;
}

const COMMON_TEXT = `{
  "$schema": "http://json-schema.org/draft-07/schema#",
  "definitions": {
    "basic": {
      "type": "object",
      "title": "Basic Auth",
      "required": ["username"],
      "properties": {
        "username": { "type": "string", "title": "Username" },
        "password": { "type": "string", "title": "Password", "secret": true }
      }
    }
  }
}
`;

const CONNECTOR_META = {
  name: "x",
  displayName: "X",
  serviceType: "Database",
  capabilities: ["metadata"],
  version: "0.1.0",
  docsUrl: "https://example.com",
};
const STEP = { name: "CheckAccess", description: "d", mandatory: true, errorMessage: "e" };
const json = (v: unknown) => JSON.stringify(v, null, 2) + "\n";

/** The clean tree: one connector, one shared definition. */
const BASE: Record<string, string> = {
  [CONNECTION]: conn(),
  [CONNECTOR]: json(CONNECTOR_META),
  [STEPS]: json({ steps: [STEP] }),
  [COMMON]: COMMON_TEXT,
};

/** Deterministic junk (a tiny LCG), so a failure can be reproduced byte for byte. */
function junk(n: number, seed: number, { nul = true, min = 0 } = {}): Buffer {
  const b = Buffer.alloc(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    b[i] = min + ((s >> 16) % (256 - min));
  }
  if (nul) b[n >> 1] = 0;
  else for (let i = 0; i < n; i++) if (b[i] === 0) b[i] = 0xff;
  return b;
}

const MB = 1024 * 1024;
/** A valid JSON schema of about `bytes` bytes: one huge description. */
const huge = (bytes: number) => `{ "type": "object", "description": "${"a".repeat(bytes)}" }\n`;

const nest = (open: string, core: string, close: string, n: number) =>
  open.repeat(n) + core + close.repeat(n);

// ─── cases ─────────────────────────────────────────────────────────────────────────────────

type Files = Record<
  string,
  string | Buffer | null | { symlink: string } | { dir: true } | { fifo: true } | { sparse: number }
>;

interface Case {
  name: string;
  /** Files to write over the clean tree (null deletes). A function is called only when the case runs. */
  files: Files | (() => Files);
  /** The diagnostic that must be there: at the marker when there is one, else anywhere in `file` with a line. */
  code?: string | RegExp;
  /** Where that diagnostic is, relative to the tree (default: the file holding the marker, else connection.json). */
  file?: string;
  pointer?: string;
  /** More diagnostics that must be there (file relative to the tree). */
  also?: { code: string | RegExp; file: string; line?: number; column?: number }[];
  /** Why the diagnostic cannot have a line: it is about a file or folder that does not exist. */
  noLine?: string;
  /** The problem is a warning: check exits 0, and 1 under --max-warnings 0. */
  warning?: boolean;
  /** Also run generate over it. */
  generate?: boolean;
  /** Also run both commands through the real binary. */
  spawn?: boolean;
  /** Run only through the real binary, with a 384 MB heap and a 60 s limit (never in this process). */
  isolate?: boolean;
  /** --schemas relative to the case folder (default: "tree"). */
  schemas?: string;
  /** Values that must not appear in any output (a line of a file outside the root, a secret's default). */
  secrets?: string[];
  /** Also run check with its pretty report, which shows the lines diagnostics point at. */
  pretty?: boolean;
}

const cases: Case[] = [];
const add = (c: Case) => cases.push(c);
/** A case whose only change is connection.json. */
const C = (name: string, text: string, code?: string | RegExp, more: Partial<Case> = {}) =>
  add({ name, files: { [CONNECTION]: text }, code, ...more });

// 1. Invalid JSON, each with its position.
const J = (name: string, text: string, more: Partial<Case> = {}) =>
  C(`invalid JSON: ${name}`, text, "parse/invalid-json", more);
J(
  "trailing comma in an object",
  `{\n  "type": "object",\n  "properties": {\n    "host": { "type": "string" },\n  ‸}\n}\n`,
  { generate: true, spawn: true },
);
J("trailing comma in an array", `{\n  "type": "object",\n  "required": ["host",‸]\n}\n`);
J("trailing comma before the last brace", `{\n  "type": "object",\n‸}\n`);
J("missing closing brace at the end", `{\n  "type": "object",\n  "properties": {}\n‸`, {
  generate: true,
});
J("a lone opening brace", `{‸`);
J("a lone closing brace", `‸}\n`);
J("missing closing bracket", `{\n  "required": ["host"\n‸}\n`);
J("missing comma between members", `{\n  "type": "object"\n  ‸"title": "X"\n}\n`);
J("missing colon", `{\n  "type" ‸"object"\n}\n`);
J("a key without a value", `{\n  "type"‸}\n`);
J("= instead of :", `{\n  "type" ‸= "object"\n}\n`);
J("a member with no value", `{\n  "title": ‸,\n  "type": "object"\n}\n`);
J("two commas in a row", `{\n  "type": "object",‸,\n  "title": "X"\n}\n`);
J("an unquoted key", `{\n  ‸type: "object"\n}\n`);
J("a single-quoted value", `{\n  "type": ‸'object'\n}\n`);
J("a single-quoted key", `{\n  ‸'type': "object"\n}\n`);
J("a line comment", `{\n  ‸// the type\n  "type": "object"\n}\n`);
J("a block comment", `{\n  "type": ‸/* the type */ "object"\n}\n`);
J("an unterminated block comment", `{\n  "type": "object"\n  ‸/* no end\n}\n`);
J("NaN", `{\n  "type": "number",\n  "default": ‸NaN\n}\n`);
J("Infinity", `{\n  "type": "number",\n  "maximum": ‸Infinity\n}\n`);
J("-Infinity", `{\n  "type": "number",\n  "minimum": ‸-Infinity\n}\n`);
J("undefined", `{\n  "type": "string",\n  "default": ‸undefined\n}\n`);
J("True instead of true", `{\n  "type": "object",\n  "additionalProperties": ‸True\n}\n`);
J("a misspelled null", `{\n  "type": "string",\n  "default": ‸nul\n}\n`);
J("a hexadecimal number", `{\n  "type": "integer",\n  "default": 0‸x1F\n}\n`);
J("a leading plus", `{\n  "type": "integer",\n  "default": ‸+1\n}\n`);
J("a leading dot", `{\n  "type": "number",\n  "default": ‸.5\n}\n`);
J("a trailing dot", `{\n  "type": "number",\n  "default": ‸1.\n}\n`);
J("an exponent without digits", `{\n  "type": "number",\n  "default": ‸1e\n}\n`);
J("a leading zero", `{\n  "type": "integer",\n  "default": 0‸12\n}\n`);
J("a file truncated inside a string", `{\n  "type": "object",\n  "title": ‸"X Conn`, {
  generate: true,
});
J("a file truncated after a colon", `{\n  "type": "object",\n  "title":‸`);
J("a file truncated after a comma", `{\n  "type": "object",‸`);
J("a file truncated inside a keyword", `{\n  "type": "object",\n  "additionalProperties": ‸fal`);
J("text after the document", `{\n  "type": "object"\n}\n‸trailing text\n`);
J("a second document after the first", `{ "type": "object" }\n‸{ "type": "string" }\n`);
J("a raw tab inside a string", `{\n  "type": "object",\n  "title": ‸"X\tConnection"\n}\n`);
J("a raw line break inside a string", `{\n  "type": "object",\n  "title": ‸"X\nConnection"\n}\n`);
J(
  "a raw control character inside a string",
  `{\n  "type": "object",\n  "title": ‸"X\u0001Connection"\n}\n`,
);
J(
  "an invalid escape \\x",
  String.raw`{
  "type": "object",
  "title": ‸"X \x41 Connection"
}
`,
);
J(
  "an invalid escape \\'",
  String.raw`{
  "type": "object",
  "title": ‸"X \'Connection\'"
}
`,
);
J(
  "an invalid unicode escape",
  String.raw`{
  "type": "object",
  "title": ‸"X \u12G4 Connection"
}
`,
);
J(
  "a trailing comma with CRLF line endings",
  `{\r\n  "type": "object",\r\n  "properties": {\r\n    "host": { "type": "string" },\r\n  ‸}\r\n}\r\n`,
);
J("a missing comma after a BOM", `\uFEFF{\n  "type": "object"\n  ‸"title": "X"\n}\n`);
J(
  "a missing comma after non-ASCII text",
  `{\n  "title": "Connexion à la base — Ünïcødé" ‸"type": "object"\n}\n`,
);
J(
  "a missing comma on one long minified line",
  `{"type":"object","properties":{"host":{"type":"string"}‸"port":{"type":"integer"}}}`,
);
add({
  name: "invalid JSON in a $ref'd definitions file",
  files: { [COMMON]: COMMON_TEXT.replace(`"secret": true }`, `"secret": true },\n      ‸}`) },
  code: "parse/invalid-json",
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
  generate: true,
});
add({
  name: "invalid JSON in connector.json",
  files: { [CONNECTOR]: `{\n  "name": "x",\n  "displayName": "X",\n‸}\n` },
  code: "parse/invalid-json",
});
add({
  name: "invalid JSON in test-connection.json",
  files: {
    [STEPS]: `{\n  "steps": [\n    { "name": "CheckAccess" ‸"description": "d" }\n  ]\n}\n`,
  },
  code: "parse/invalid-json",
});

// 2. Empty and whitespace-only files; a byte-order mark.
C("an empty connection.json", `‸`, "parse/empty-file", { generate: true });
C("spaces only", `‸      `, "parse/empty-file");
C("line breaks only", `‸\n\n\n`, "parse/empty-file");
C("tabs and CRLF only", `‸\t\r\n\t\r\n`, "parse/empty-file");
C("a byte-order mark and nothing else", `\uFEFF‸`, "parse/empty-file");
C("a byte-order mark and whitespace", `\uFEFF‸  \n`, "parse/empty-file");
C("no-break spaces only", `‸\u00A0\u00A0\n`, /^parse\//);
add({
  name: "an empty $ref'd definitions file",
  files: { [COMMON]: `‸` },
  code: "parse/empty-file",
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
});
add({ name: "an empty connector.json", files: { [CONNECTOR]: `‸` }, code: "parse/empty-file" });
add({ name: "an empty test-connection.json", files: { [STEPS]: `‸\n` }, code: "parse/empty-file" });

// 3. Binary junk and wrong encodings.
add({
  name: "binary junk with NUL bytes",
  files: () => ({ [CONNECTION]: junk(4096, 42) }),
  code: "parse/binary",
  file: CONNECTION,
  generate: true,
  spawn: true,
});
add({
  name: "a PNG image",
  files: {
    [CONNECTION]: Buffer.from(
      "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489",
      "hex",
    ),
  },
  code: "parse/binary",
  file: CONNECTION,
});
add({
  name: "a gzip'd schema",
  files: () => ({ [CONNECTION]: gzipSync(conn()) }),
  code: /^parse\//,
  file: CONNECTION,
});
add({
  name: "a UTF-16LE schema with its BOM",
  files: () => ({
    [CONNECTION]: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(conn(), "utf16le")]),
  }),
  code: /^parse\//,
  file: CONNECTION,
});
add({
  name: "binary junk without NUL bytes",
  files: () => ({ [CONNECTION]: junk(4096, 7, { nul: false, min: 0x80 }) }),
  code: /^parse\//,
  file: CONNECTION,
});
add({
  name: "invalid UTF-8 inside a string",
  files: () => ({
    [CONNECTION]: Buffer.concat([
      Buffer.from(`{\n  "type": "object",\n  "title": "X `),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from(` Connection"\n}\n`),
    ]),
  }),
  code: /^parse\//,
  file: CONNECTION,
});
add({
  name: "binary junk in connector.json",
  files: () => ({ [CONNECTOR]: junk(512, 3) }),
  code: "parse/binary",
  file: CONNECTOR,
});
add({
  name: "binary junk in a $ref'd definitions file",
  files: () => ({ [COMMON]: junk(2048, 11) }),
  code: "parse/binary",
  file: COMMON,
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
});

// 4. Files too large to be schemas.
add({
  name: "a 50 MB connection.json",
  files: () => ({ [CONNECTION]: huge(50 * MB) }),
  code: "parse/too-large",
  file: CONNECTION,
  generate: true,
});
add({
  name: "a 50 MB $ref'd definitions file",
  files: () => ({ [COMMON]: huge(50 * MB) }),
  code: "parse/too-large",
  file: COMMON,
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
});
add({
  name: "a connection.json one byte over 10 MB",
  files: () => ({ [CONNECTION]: huge(10 * MB - 44).padEnd(10 * MB + 1, " ") }),
  code: "parse/too-large",
  file: CONNECTION,
});

// 5. Roots that are not schema objects. (true and false are schemas: a boolean connection schema
// generates, types unknown and never.)
for (const [what, text] of [
  ["an empty array", "[]"],
  ["an array of schemas", `[{ "type": "object" }]`],
  ["a string", `"object"`],
  ["a number", "42"],
  ["null", "null"],
] as const)
  C(`connection.json holds ${what}`, `‸${text}\n`, /^schema\/not-an-object$|^schema\//, {
    generate: what === "an empty array" || what === "null",
  });
add({
  name: "a $ref'd definitions file that holds an array",
  files: { [COMMON]: `‸[1, 2, 3]\n` },
  code: "schema/not-an-object",
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
});

// 6. $ref problems.
const R = (
  name: string,
  auth: string,
  code: string | RegExp,
  { defs, ...more }: Partial<Case> & { defs?: string } = {},
) => C(`$ref: ${name}`, conn({ auth, defs }), code, more);
R("a missing file", `{ "$ref": ‸"../../definitions/nope.json" }`, "ref/missing-file", {
  generate: true,
});
R("a missing file next to the schema", `{ "$ref": ‸"./sibling.json" }`, "ref/missing-file");
R(
  "a missing file in a missing folder",
  `{ "$ref": ‸"../../nowhere/at/all.json#/definitions/basic" }`,
  "ref/missing-file",
);
R(
  "a missing pointer in the same file",
  `{ "$ref": ‸"#/definitions/nope" }`,
  "ref/missing-pointer",
  { generate: true },
);
R(
  "a missing pointer in another file",
  `{ "$ref": ‸"../../definitions/common.json#/definitions/nope" }`,
  "ref/missing-pointer",
);
R("an array index out of range", `{ "$ref": ‸"#/required/7" }`, "ref/missing-pointer");
R(
  "a pointer with an invalid ~ escape",
  `{ "$ref": ‸"#/definitions/a~2b" }`,
  /^ref\/(invalid|missing-pointer)$/,
);
R(
  "a pointer with broken percent-encoding",
  `{ "$ref": ‸"#/definitions/%E0%A4%A" }`,
  /^ref\/(invalid|missing-pointer)$/,
  { spawn: true },
);
R(
  "a pointer with a lone percent sign",
  `{ "$ref": ‸"#/definitions/100%" }`,
  /^ref\/(invalid|missing-pointer)$/,
);
R("an anchor that does not exist", `{ "$ref": ‸"#nope" }`, "ref/missing-anchor");
R(
  "an anchor that does not exist in another file",
  `{ "$ref": ‸"../../definitions/common.json#basic" }`,
  "ref/missing-anchor",
);
R("a number", `{ "$ref": ‸5 }`, "ref/not-a-string");
R("null", `{ "$ref": ‸null }`, "ref/not-a-string");
R("an object", `{ "$ref": ‸{ "path": "../../definitions/common.json" } }`, "ref/not-a-string");
R("an array", `{ "$ref": ‸["../../definitions/common.json"] }`, "ref/not-a-string");
// A meta-schema URL (json-schema.org/draft-07/schema) is resolved locally now; this one is remote.
R(
  "a remote http URL",
  `{ "$ref": ‸"http://schemas.example.com/shared/thing.json#" }`,
  "ref/remote",
  { generate: true },
);
R(
  "a remote https URL with a fragment",
  `{ "$ref": ‸"https://example.com/schemas/auth.json#/definitions/basic" }`,
  "ref/remote",
);
R(
  "a protocol-relative URL",
  `{ "$ref": ‸"//example.com/schemas/auth.json" }`,
  /^ref\/(remote|invalid|outside-root)$/,
  { generate: true },
);
R("a URN", `{ "$ref": ‸"urn:uuid:6e8bc430-9c3a-11d9-9669-0800200c9a66" }`, "ref/remote");
R("a URL that does not parse", `{ "$ref": ‸"http://[::1/schema.json" }`, /^ref\/(invalid|remote)$/);
add({
  name: "$ref: escaping the schema root to a file that exists",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../../outside.json" }` }),
    "../outside.json": COMMON_TEXT,
  },
  code: "ref/outside-root",
  generate: true,
});
R(
  "escaping the schema root with many ../",
  `{ "$ref": ‸"../../../../../../../../../../etc/passwd" }`,
  "ref/outside-root",
);
R("an absolute path", `{ "$ref": ‸"/etc/passwd" }`, "ref/outside-root");
R("a file: URL", `{ "$ref": ‸"file:///etc/passwd" }`, "ref/outside-root");
C(
  "$ref: the whole document refers to itself with #",
  `{\n  "title": "X",\n  "$ref": ‸"#"\n}\n`,
  "ref/cycle",
  { generate: true },
);
C(
  "$ref: the whole document refers to itself with an empty $ref",
  `{\n  "title": "X",\n  "$ref": ‸""\n}\n`,
  "ref/cycle",
);
R("a property that refers to itself", `{ "$ref": ‸"#/properties/auth" }`, "ref/cycle");
R("two definitions that refer to each other", `{ "$ref": "#/definitions/a" }`, "ref/cycle", {
  defs: `{\n    "a": { "$ref": ‸"#/definitions/b" },\n    "b": { "$ref": "#/definitions/a" }\n  }`,
});
R("a cycle of three definitions", `{ "$ref": "#/definitions/a" }`, "ref/cycle", {
  defs: `{\n    "a": { "$ref": "#/definitions/b" },\n    "b": { "$ref": ‸"#/definitions/c" },\n    "c": { "$ref": "#/definitions/a" }\n  }`,
});
add({
  name: "$ref: a cycle across two files",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": "../../definitions/a.json" }` }),
    "definitions/a.json": `{\n  "$ref": ‸"b.json"\n}\n`,
    "definitions/b.json": `{\n  "$ref": "a.json"\n}\n`,
  },
  code: "ref/cycle",
  also: [{ code: "ref/cycle", file: "definitions/b.json", line: 2, column: 11 }],
  generate: true,
});
add({
  name: "$ref: a definitions file that refers to itself",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": "../../definitions/a.json" }` }),
    "definitions/a.json": `{\n  "$ref": ‸"a.json#"\n}\n`,
  },
  code: "ref/cycle",
});
add({
  name: "$ref: a cycle of 300 definitions",
  files: () => {
    const defs = Array.from(
      { length: 300 },
      (_, i) => `"d${i}": { "$ref": ${i === 0 ? MARK : ""}"#/definitions/d${(i + 1) % 300}" }`,
    ).join(",\n    ");
    return {
      [CONNECTION]: conn({ auth: `{ "$ref": "#/definitions/d0" }`, defs: `{\n    ${defs}\n  }` }),
    };
  },
  code: "ref/cycle",
});
add({
  name: "$ref: into a file that is itself broken",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions/common.json#/definitions/basic" }` }),
    [COMMON]: `{\n  "definitions": {\n    "basic": { "type": "object" }\n  },\n}\n`,
  },
  code: "ref/broken-target",
  also: [{ code: "parse/invalid-json", file: COMMON, line: 5, column: 1 }],
  generate: true,
});
add({
  name: "$ref: into a file whose own $ref is missing",
  files: {
    [COMMON]: COMMON_TEXT.replace(
      `{ "type": "string", "title": "Username" }`,
      `{ "$ref": ‸"missing.json" }`,
    ),
  },
  code: "ref/missing-file",
});
add({
  name: "$ref: to a folder",
  files: { [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions" }` }) },
  code: /^(ref|io|parse)\//,
  generate: true,
});
add({
  name: "$ref: to a folder whose name ends in .json",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions/folder.json" }` }),
    "definitions/folder.json": { dir: true },
  },
  code: /^(ref|io|parse)\//,
});
add({
  name: "$ref: to a dangling symlink",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions/link.json" }` }),
    "definitions/link.json": { symlink: "does-not-exist.json" },
  },
  code: /^(ref|io)\//,
});
add({
  name: "$ref: to a symlink loop",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions/loop.json" }` }),
    "definitions/loop.json": { symlink: "loop.json" },
  },
  code: /^(ref|io)\//,
});
add({
  name: "$ref: to a YAML file",
  files: {
    [CONNECTION]: conn({ auth: `{ "$ref": "../../definitions/auth.yaml" }` }),
    "definitions/auth.yaml": `‸type: object\nproperties:\n  username: { type: string }\n`,
  },
  code: "parse/invalid-json",
});
R("to an array", `{ "$ref": ‸"#/required" }`, "ref/not-a-schema");
R("to a string", `{ "$ref": ‸"#/title" }`, "ref/not-a-schema");
R("to a number", `{ "$ref": ‸"#/properties/port/default" }`, "ref/not-a-schema");

// 7. Very deep nesting: must end in a diagnostic, never in a stack overflow.
C(
  "5,000 nested properties",
  conn({
    host: nest(`{ "type": "object", "properties": { "a": `, `{ "type": "string" }`, ` } }`, 5000),
  }),
  undefined,
  { generate: true, spawn: true },
);
C(
  "5,000 nested allOf",
  conn({ host: nest(`{ "allOf": [`, `{ "type": "string" }`, `] }`, 5000) }),
  undefined,
);
C(
  "500 nested properties",
  conn({
    host: nest(`{ "type": "object", "properties": { "a": `, `{ "type": "string" }`, ` } }`, 500),
  }),
  undefined,
);
C(
  "1,000 nested properties",
  conn({
    host: nest(`{ "type": "object", "properties": { "a": `, `{ "type": "string" }`, ` } }`, 1000),
  }),
  undefined,
);
// A 1 KB schema; work that grows exponentially with this nesting would take the test run down
// with it, so this case runs only as a separate process with a small heap and a time limit.
C(
  "30 nested allOf",
  conn({ host: nest(`{ "allOf": [`, `{ "type": "string", "title": "Database" }`, `] }`, 30) }),
  undefined,
  { isolate: true },
);
C(
  "5,000 nested items",
  conn({ host: nest(`{ "type": "array", "items": `, `{ "type": "string" }`, ` }`, 5000) }),
  undefined,
);
C(
  "5,000 nested arrays in a default",
  conn({ host: `{ "type": "string", "default": ${nest("[", "", "]", 5000)} }` }),
  undefined,
);
C("100,000 nested arrays as the document", nest("[", "", "]", 100_000), undefined, {
  generate: true,
  spawn: true,
});
C(
  "100,000 nested objects in a default",
  conn({ host: `{ "type": "string", "default": ${nest(`{"a":`, "1", "}", 100_000)} }` }),
  undefined,
);
add({
  name: "5,000 nested properties in a $ref'd definitions file",
  files: () => ({
    [COMMON]: `{ "definitions": { "basic": ${nest(`{ "type": "object", "properties": { "a": `, `{ "type": "string" }`, ` } }`, 5000)} } }\n`,
  }),
  file: COMMON,
});

// 8. Keywords of the wrong type (checked against the draft's meta-schema).
const H = (
  name: string,
  host: string,
  code: string | RegExp = "schema/meta",
  more: Partial<Case> = {},
) => C(name, conn({ host }), code, more);
H("type: 5", `{ "type": ‸5 }`, "schema/meta", {
  pointer: "/properties/database/type",
  generate: true,
});
H("type: a misspelled type name", `{ "type": ‸"integr" }`);
H("type: an array with a number in it", `{ "type": ["string", ‸5] }`);
H("required: a string", `{ "type": "object", "required": ‸"x" }`);
H("required: an array of numbers", `{ "type": "object", "required": [‸1] }`);
H("properties: an array", `{ "type": "object", "properties": ‸[] }`);
H("properties: a member that is not a schema", `{ "type": "object", "properties": { "a": ‸5 } }`);
H("enum: an object", `{ "type": "string", "enum": ‸{} }`);
H("minimum: a string", `{ "type": "integer", "minimum": ‸"1" }`);
H("maxLength: negative", `{ "type": "string", "maxLength": ‸-1 }`);
H("minLength: a fraction", `{ "type": "string", "minLength": ‸1.5 }`);
H("multipleOf: zero", `{ "type": "number", "multipleOf": ‸0 }`);
H("pattern: a number", `{ "type": "string", "pattern": ‸5 }`);
H("format: a number", `{ "type": "string", "format": ‸5 }`);
H("items: a string", `{ "type": "array", "items": ‸"x" }`);
H("additionalProperties: a string", `{ "type": "object", "additionalProperties": ‸"no" }`);
H("oneOf: an object", `{ "oneOf": ‸{} }`);
H("oneOf: an empty array", `{ "oneOf": ‸[] }`);
H("allOf: a member that is not a schema", `{ "allOf": [‸5] }`);
H("not: an array", `{ "not": ‸[] }`);
H("uniqueItems: a string", `{ "type": "array", "uniqueItems": ‸"yes" }`);
H(
  "exclusiveMinimum: a boolean (draft-04 style)",
  `{ "type": "integer", "minimum": 1, "exclusiveMinimum": ‸true }`,
);
H("dependencies: a number", `{ "type": "object", "dependencies": { "a": ‸5 } }`);
H("title: a number", `{ "type": "string", "title": ‸5 }`);
C("definitions: an array", conn({ defs: `‸[]` }), "schema/meta");
C("the root's type: a number", `{\n  "type": ‸5,\n  "properties": {}\n}\n`, "schema/meta");
C("$schema: a number", conn({ schema: `‸5` }), /^schema\//);

// 9. onespec dialect keywords of the wrong type. A value whose meaning is plain ("true" for a
// boolean, "1" for a number, 2 for a string) is repaired with a warning; anything else is an error.
const D = (keyword: string, value: string, more: Partial<Case> = {}) =>
  H(
    `dialect: ${keyword}: ${value}`,
    `{ "type": "string", "${keyword}": ‸${value} }`,
    "schema/dialect-keyword-type",
    more,
  );
const REPAIRED = { warning: true };
D("secret", `"yes"`);
D("order", `"1"`, REPAIRED);
D("order", `null`);
D("order", `"first"`);
D("group", `2`, REPAIRED);
D("group", `true`);
D("hidden", `1`);
D("multiline", `"true"`, REPAIRED);
D("always_show", `"yes"`);
D("pattern_descriptor", `5`, REPAIRED);
D("airbyte_secret", `"true"`, REPAIRED);
D("airbyte_hidden", `0`);
D("mask", `"y"`);
D("display_type", `5`, REPAIRED);
H(
  'dialect: secret: "yes" (generate)',
  `{ "type": "string", "secret": ‸"yes" }`,
  "schema/dialect-keyword-type",
  { generate: true },
);
C(
  "dialect: groups: an object",
  conn({ extra: `"groups": ‸{ "id": "advanced" }` }),
  "schema/dialect-keyword-type",
);
C(
  "dialect: groups: items that are not groups",
  conn({ extra: `"groups": [‸5, "advanced"]` }),
  /^schema\//,
);

// 10. Defects that real specs carry. What still allows correct output is repaired with a warning
// (check --fix writes the repair); only what cannot produce correct output is an error.
H(
  "duplicate enum values",
  `{ "type": "string", "enum": ["a", "b", ‸"a"] }`,
  "schema/duplicate-enum-value",
  REPAIRED,
);
H(
  "duplicate enum objects",
  `{ "enum": [{ "a": 1 }, ‸{ "a": 1 }] }`,
  "schema/duplicate-enum-value",
  REPAIRED,
);
C(
  "duplicate required",
  conn({ required: `["database", ‸"database"]` }),
  "schema/duplicate-required",
  REPAIRED,
);
H(
  "examples: a string",
  `{ "type": "string", "examples": ‸"db.example.com" }`,
  "schema/examples-not-array",
  REPAIRED,
);
// Wrapped, the object is an example that does not match its string schema.
H(
  "examples: an object",
  `{ "type": "string", "examples": ‸{ "a": "b" } }`,
  "lint/invalid-default",
  { also: [{ code: "schema/examples-not-array", file: CONNECTION }] },
);
H(
  "a regex valid only without the unicode flag (\\-)",
  String.raw`{ "type": "string", "pattern": ‸"^\\d{4}\\-" }`,
  "schema/pattern-non-unicode",
  REPAIRED,
);
H(
  "a class range with \\w (valid only without the unicode flag)",
  String.raw`{ "type": "string", "pattern": ‸"^[\\w-.]+$" }`,
  "schema/pattern-non-unicode",
  REPAIRED,
);
H(
  "a Java inline flag (?i)",
  `{ "type": "string", "pattern": ‸"(?i)^[a-z]+$" }`,
  "schema/pattern-translated",
  REPAIRED,
);
H(
  "a Java inline flag (?U)",
  String.raw`{ "type": "string", "pattern": ‸"(?U)\\w+" }`,
  "schema/pattern-translated",
  REPAIRED,
);
H(
  "a Python \\Z",
  String.raw`{ "type": "string", "pattern": ‸"^[a-z]+\\Z" }`,
  "schema/pattern-translated",
  REPAIRED,
);
H(
  "a possessive quantifier (documentation only)",
  `{ "type": "string", "pattern": ‸"^a++$" }`,
  "schema/pattern-not-validated",
  REPAIRED,
);
H(
  "an unbalanced group in a pattern",
  `{ "type": "string", "pattern": ‸"([a-z]" }`,
  "schema/invalid-pattern",
  { generate: true },
);
H(
  "an invalid patternProperties key",
  `{ "type": "object", "patternProperties": { ‸"[a-": { "type": "string" } } }`,
  "schema/invalid-pattern",
);
H(
  "a patternProperties key onespec cannot read, under additionalProperties: false",
  `{ "type": "object", "additionalProperties": false, "patternProperties": { ‸"^a++$": { "type": "string" } } }`,
  "schema/pattern-not-validated",
  { generate: true },
);
C(
  "required but undeclared with additionalProperties false",
  conn({ required: `["database", ‸"databse"]` }),
  "schema/unsatisfiable-required",
  { generate: true },
);

// 11. Drafts: draft-04 through 2020-12 are read by their own rules; any other $schema is an error.
C(
  "draft-03",
  conn({ schema: `‸"http://json-schema.org/draft-03/schema#"` }),
  "schema/unknown-draft",
);
C(
  "a made-up draft URL",
  conn({ schema: `‸"https://example.com/my-own-draft"` }),
  "schema/unknown-draft",
);
C("an empty $schema", conn({ schema: `‸""` }), "schema/unknown-draft", { generate: true });
add({
  name: "a made-up draft in a $ref'd definitions file",
  files: {
    [COMMON]: COMMON_TEXT.replace(
      `"http://json-schema.org/draft-07/schema#"`,
      `‸"https://example.com/draft"`,
    ),
  },
  code: "schema/unknown-draft",
});
C(
  "draft-04 with a numeric exclusiveMinimum",
  conn({
    schema: `"http://json-schema.org/draft-04/schema#"`,
    port: `{ "type": "integer", "minimum": 0, "exclusiveMinimum": ‸0 }`,
  }),
  "schema/meta",
);

// 12. Connector metadata and test-connection steps.
const M = (name: string, text: string, code: string | RegExp, more: Partial<Case> = {}) =>
  add({ name: `connector.json: ${name}`, files: { [CONNECTOR]: text }, code, ...more });
const meta = (over: Record<string, string>) =>
  `{\n${Object.entries({
    name: `"x"`,
    displayName: `"X"`,
    serviceType: `"Database"`,
    capabilities: `["metadata"]`,
    version: `"0.1.0"`,
    docsUrl: `"https://example.com"`,
    ...over,
  })
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `  "${k}": ${v}`)
    .join(",\n")}\n}\n`;
add({
  name: "connector.json: missing",
  files: { [CONNECTOR]: null },
  code: /^(io|metadata|tree)\//,
  file: CONNECTOR,
  noLine: "the file does not exist",
  generate: true,
});
M("a name that is not the folder's", meta({ name: `‸"y"` }), "metadata/name-mismatch");
M("a name that breaks the pattern", meta({ name: `‸"X"` }), /^metadata\//);
M("a bad serviceType", meta({ serviceType: `‸"Spaceship"` }), "metadata/invalid-connector", {
  pointer: "/serviceType",
  generate: true,
});
M("a bad version", meta({ version: `‸"1.0"` }), "metadata/invalid-connector");
M("a version that is a number", meta({ version: `‸1` }), "metadata/invalid-connector");
M("a docsUrl that is not a URL", meta({ docsUrl: `‸"not a url"` }), "metadata/invalid-connector");
M(
  "an unknown capability",
  meta({ capabilities: `["metadata", ‸"teleport"]` }),
  "metadata/invalid-connector",
);
M(
  "a duplicate capability",
  meta({ capabilities: `‸["metadata", "metadata"]` }),
  "metadata/invalid-connector",
);
M("an unknown field", meta({ colour: `‸"blue"` }), "metadata/invalid-connector");
M("a missing displayName", `‸${meta({ displayName: "" })}`, "metadata/invalid-connector");
M("an array instead of an object", `‸[]\n`, "metadata/invalid-connector");
M("null", `‸null\n`, "metadata/invalid-connector");
const S = (name: string, text: string, code: string | RegExp, more: Partial<Case> = {}) =>
  add({ name: `test-connection.json: ${name}`, files: { [STEPS]: text }, code, ...more });
const step = (name: string, extra = "") =>
  `{ "name": ${name}, "description": "d", "mandatory": true, "errorMessage": "e"${extra} }`;
S(
  "duplicate step names",
  `{\n  "steps": [\n    ${step(`"CheckAccess"`)},\n    ${step(`‸"CheckAccess"`)}\n  ]\n}\n`,
  "metadata/duplicate-step",
  { generate: true },
);
S("empty steps", `{\n  "steps": ‸[]\n}\n`, "metadata/invalid-test-connection");
S("no steps at all", `‸{}\n`, "metadata/invalid-test-connection");
S(
  "steps: an object",
  `{\n  "steps": ‸{ "CheckAccess": {} }\n}\n`,
  "metadata/invalid-test-connection",
);
S(
  "a step name that breaks the pattern",
  `{\n  "steps": [\n    ${step(`‸"check access"`)}\n  ]\n}\n`,
  "metadata/invalid-test-connection",
);
S(
  "mandatory: a string",
  `{\n  "steps": [\n    { "name": "CheckAccess", "description": "d", "mandatory": ‸"yes", "errorMessage": "e" }\n  ]\n}\n`,
  "metadata/invalid-test-connection",
);
add({
  name: "test-connection.json: missing",
  files: { [STEPS]: null },
  code: /^(io|metadata|tree)\//,
  file: STEPS,
  noLine: "the file does not exist",
});

// 13. The shape of the tree.
add({
  name: "a connector folder without connection.json",
  files: { [CONNECTION]: null },
  code: "tree/missing-connection-schema",
  file: "connectors/x",
  noLine: "it is about a folder",
  generate: true,
});
add({
  name: "a second connector without connection.json",
  files: { "connectors/y/connector.json": json({ ...CONNECTOR_META, name: "y" }) },
  code: "tree/missing-connection-schema",
  file: "connectors/y",
  noLine: "it is about a folder",
});
add({
  name: "a second connector with a broken schema",
  files: {
    "connectors/y/connection.json": `{\n  "type": "object",\n  "properties": ‸[]\n}\n`,
    "connectors/y/connector.json": json({ ...CONNECTOR_META, name: "y" }),
    "connectors/y/test-connection.json": json({ steps: [STEP] }),
  },
  code: "schema/meta",
  generate: true,
});
add({
  name: "a tree without connectors/",
  files: {
    [CONNECTION]: null,
    [CONNECTOR]: null,
    [STEPS]: null,
    "connectors/x": null,
    connectors: null,
  },
  code: "tree/no-connectors",
  file: ".",
  noLine: "it is about a folder",
  generate: true,
});
add({
  name: "connectors/ is a file",
  files: {
    [CONNECTION]: null,
    [CONNECTOR]: null,
    [STEPS]: null,
    "connectors/x": null,
    connectors: "not a folder\n",
  },
  code: "tree/no-connectors",
  file: ".",
  noLine: "it is about a folder",
});
add({
  name: "--schemas names a folder that does not exist",
  files: {},
  schemas: "no-such-tree",
  code: "tree/no-connectors",
  file: "../no-such-tree",
  noLine: "the folder does not exist",
});
add({
  name: "connection.json is a folder",
  files: { [CONNECTION]: { dir: true } },
  code: /^(io|parse|tree)\//,
  file: CONNECTION,
  noLine: "it is a folder",
  generate: true,
});
add({
  name: "connection.json is a dangling symlink",
  files: { [CONNECTION]: { symlink: "gone.json" } },
  code: /^(io|tree)\//,
  file: "connectors/x",
  noLine: "the file does not exist",
});

// 14. Files that are not what they seem (issue 15, item 4): the loader reads only regular files
// inside the root, after resolving symlinks, checks the size before reading, and never prints a
// line of a file outside the root. OUTSIDE_TOKEN is in the file outside: it must not be shown.
const OUTSIDE_TOKEN = "npm_0utsideT0kenZ9yX8w";
const OUTSIDE = {
  "../outside.json": `{\n  "//registry.npmjs.org/:_authToken": "${OUTSIDE_TOKEN}",\n  "type": "object"\n}\n`,
};
const outside = { secrets: [OUTSIDE_TOKEN], pretty: true };
add({
  name: "connection.json is a symlink to a file outside the root",
  files: { ...OUTSIDE, [CONNECTION]: { symlink: "../../../outside.json" } },
  code: "load/outside-root",
  file: CONNECTION,
  noLine: "it is about where the file is",
  generate: true,
  ...outside,
});
add({
  name: "connection.json is a symlink to /etc/passwd",
  files: { [CONNECTION]: { symlink: "/etc/passwd" } },
  code: "load/outside-root",
  file: CONNECTION,
  noLine: "it is about where the file is",
  secrets: ["root:x:0:0"],
  pretty: true,
});
add({
  name: "connection.json is a symlink to /dev/zero",
  files: { [CONNECTION]: { symlink: "/dev/zero" } },
  code: "load/outside-root",
  file: CONNECTION,
  noLine: "it is about where the file is",
  isolate: true,
});
add({
  name: "connection.json is a FIFO",
  files: { [CONNECTION]: { fifo: true } },
  code: "load/not-a-file",
  file: CONNECTION,
  noLine: "it is about the file's type",
  isolate: true,
  generate: true,
});
add({
  name: "a 2 GB sparse connection.json (refused by size, never read)",
  files: { [CONNECTION]: { sparse: 2048 * MB } },
  code: "parse/too-large",
  file: CONNECTION,
  generate: true,
});
/** connection.json's auth refers to definitions/linked.json, which is `target`; `extra`: more files. */
const defsLink = (
  target: Files[string],
  code: string | RegExp,
  { extra = {}, ...more }: Partial<Case> & { extra?: Files } = {},
) => ({
  files: {
    ...extra,
    [CONNECTION]: conn({ auth: `{ "$ref": ‸"../../definitions/linked.json#/definitions/basic" }` }),
    "definitions/linked.json": target,
  },
  code,
  ...more,
});
add({
  name: "$ref: to a symlink to a file outside the root",
  ...defsLink({ symlink: "../../outside.json" }, "load/outside-root", {
    extra: OUTSIDE,
    generate: true,
    ...outside,
  }),
});
add({
  name: "$ref: to a symlink to /etc/passwd",
  ...defsLink({ symlink: "/etc/passwd" }, "load/outside-root", {
    secrets: ["root:x:0:0"],
    pretty: true,
  }),
});
add({
  name: "$ref: to a symlink to /dev/zero",
  ...defsLink({ symlink: "/dev/zero" }, "load/outside-root", { isolate: true }),
});
add({
  name: "$ref: to a FIFO",
  ...defsLink({ fifo: true }, /^load\/not-a-file$|^ref\//, { isolate: true }),
});
R("/dev/zero by absolute path", `{ "$ref": ‸"/dev/zero" }`, "ref/outside-root");
R("/dev/zero through file://", `{ "$ref": ‸"file:///dev/zero" }`, "ref/outside-root");
add({
  name: "$ref: to a 2 GB sparse definitions file",
  files: { [COMMON]: { sparse: 2048 * MB } },
  code: "parse/too-large",
  file: COMMON,
  also: [{ code: "ref/broken-target", file: CONNECTION, line: 10, column: 23 }],
});
C(
  "$schema: a file path outside the root (never read)",
  conn({ schema: `‸"file:///etc/passwd"` }),
  "schema/unknown-draft",
  { secrets: ["root:x:0:0"] },
);

// 15. Names that collide in generated code, and names that are Object.prototype members (item 9).
const other = (name: string, text: string): Files => ({
  [`connectors/${name}/connection.json`]: text,
  [`connectors/${name}/connector.json`]: json({ ...CONNECTOR_META, name }),
  [`connectors/${name}/test-connection.json`]: json({ steps: [STEP] }),
});
add({
  name: "connectors my-db and my_db (one identifier after conversion)",
  files: { ...other("my-db", conn()), ...other("my_db", `‸${conn()}`) },
  code: "schema/name-collision",
  generate: true,
});
add({
  name: "connectors db-2 and db2 (one identifier after conversion)",
  files: { ...other("db-2", conn()), ...other("db2", `‸${conn()}`) },
  code: "schema/name-collision",
});
C(
  "a property hasOwnProperty with a misspelled type",
  conn({
    extra: `"definitions": {}`,
    port: `{ "type": "integer" },\n    "hasOwnProperty": { "type": ‸"strin" }`,
  }),
  "schema/meta",
);
C(
  "a property __proto__ with a numeric type",
  conn({ port: `{ "type": "integer" },\n    "__proto__": { "type": ‸5 }` }),
  "schema/meta",
  { generate: true },
);
C(
  "a property toString whose $ref is missing",
  conn({ port: `{ "type": "integer" },\n    "toString": { "$ref": ‸"#/definitions/nope" }` }),
  "ref/missing-pointer",
);
C(
  "a property valueOf that is a secret with a default",
  conn({
    port: `{ "type": "integer" },\n    "valueOf": { "type": "string", "title": "Key", "secret": true, "default": ‸"pr0to-S3cret-default" }`,
  }),
  "lint/secret-with-value",
  { secrets: ["pr0to-S3cret-default"], pretty: true },
);
R(
  "to #/definitions/constructor (not Object's constructor)",
  `{ "$ref": ‸"#/definitions/constructor" }`,
  "ref/missing-pointer",
  { defs: `{}`, generate: true },
);
R(
  "to #/definitions/hasOwnProperty",
  `{ "$ref": ‸"#/definitions/hasOwnProperty" }`,
  "ref/missing-pointer",
  { defs: `{}` },
);
R("to #/properties/__proto__", `{ "$ref": ‸"#/properties/__proto__" }`, "ref/missing-pointer");
R(
  "to #/definitions/__proto__/constructor",
  `{ "$ref": ‸"#/definitions/__proto__/constructor" }`,
  "ref/missing-pointer",
  { defs: `{}` },
);

// 16. Secrets written into a schema (item 10): an error that does not repeat the value. (generate
// drops a secret's default and examples from its output; check is where the error is.)
H(
  "a secret with a default",
  `{ "type": "string", "title": "Database", "secret": true, "default": ‸"hunter2-Sch3ma-default" }`,
  "lint/secret-with-value",
  { secrets: ["hunter2-Sch3ma-default"], pretty: true },
);
H(
  "a secret with examples",
  `{ "type": "string", "title": "Database", "secret": true, "examples": ‸["hunter2-Sch3ma-example"] }`,
  "lint/secret-with-value",
  { secrets: ["hunter2-Sch3ma-example"], pretty: true },
);
H(
  "an airbyte_secret with a default",
  `{ "type": "string", "title": "Database", "airbyte_secret": true, "default": ‸"hunter2-Airbyte-default" }`,
  "lint/secret-with-value",
  { secrets: ["hunter2-Airbyte-default"] },
);

// 17. Patterns: syntax errors, and patterns whose backtracking would stall validation (item 7).
// Backtracking and patterns kept as documentation are warnings: located, exit 0, and exit 1 under
// --max-warnings (the harness runs both), nothing written; the rule holds with CI's setting.
H(
  "a class range out of order",
  `{ "type": "string", "pattern": ‸"[z-a]" }`,
  "schema/invalid-pattern",
);
H(
  "a quantifier with its numbers out of order",
  `{ "type": "string", "pattern": ‸"a{2,1}" }`,
  "schema/invalid-pattern",
);
H(
  "a pattern ending in a lone backslash",
  String.raw`{ "type": "string", "pattern": ‸"abc\\" }`,
  "schema/invalid-pattern",
  { generate: true },
);
H(
  "a quantifier with nothing to repeat",
  `{ "type": "string", "pattern": ‸"*abc" }`,
  "schema/invalid-pattern",
);
H(
  "an unterminated character class",
  `{ "type": "string", "pattern": ‸"[abc" }`,
  "schema/invalid-pattern",
);
H(
  "an unknown Unicode property (kept as documentation)",
  String.raw`{ "type": "string", "pattern": ‸"\\p{NotAProperty}" }`,
  "schema/pattern-not-validated",
  REPAIRED,
);
H(
  "a duplicate group name (kept as documentation)",
  `{ "type": "string", "pattern": ‸"(?<n>a)(?<n>b)" }`,
  "schema/pattern-not-validated",
  REPAIRED,
);
H(
  "catastrophic backtracking: (a+)+",
  `{ "type": "string", "pattern": ‸"^(a+)+$" }`,
  "lint/regex-backtracking",
  REPAIRED,
);
H(
  "catastrophic backtracking: (a|a)*",
  `{ "type": "string", "pattern": ‸"(a|a)*$" }`,
  "lint/regex-backtracking",
  REPAIRED,
);
H(
  "catastrophic backtracking: (\\w+\\s?)*",
  String.raw`{ "type": "string", "pattern": ‸"^(\\w+\\s?)*$" }`,
  "lint/regex-backtracking",
  REPAIRED,
);
H(
  "catastrophic backtracking: (a|aa)+",
  `{ "type": "string", "pattern": ‸"^(a|aa)+$" }`,
  "lint/regex-backtracking",
  REPAIRED,
);
H(
  "catastrophic backtracking: (x+x+)+y",
  `{ "type": "string", "pattern": ‸"(x+x+)+y" }`,
  "lint/regex-backtracking",
  REPAIRED,
);
H(
  "catastrophic backtracking in a patternProperties key",
  `{ "type": "object", "patternProperties": { ‸"^(a+)+$": { "type": "string" } } }`,
  "lint/regex-backtracking",
  REPAIRED,
);

// 18. Text a terminal would act on, in a schema: the pretty report (which shows the line) and
// the JSON one escape it.
const ESC = "\u001b";
C(
  "a raw ESC inside a string (the line is shown escaped)",
  `{\n  "type": "object",\n  "title": ‸"X ${ESC}[2J${ESC}]0;pwned\u0007 Connection"\n}\n`,
  "parse/invalid-json",
  { pretty: true, generate: true },
);
C(
  "a raw C1 control on the line of an error",
  `{\n  "type": ‸5, "title": "\u009b2J\u009b31m"\n}\n`,
  "schema/meta",
  { pretty: true },
);
C(
  "a raw bidi override on the line of an error",
  `{\n  "type": ‸5, "title": "\u202eexe.txt"\n}\n`,
  "schema/meta",
  { pretty: true },
);
H(
  "an escaped ESC in a property's type (shown escaped)",
  `{ "type": ‸"\\u001b]0;pwned\\u0007" }`,
  "schema/meta",
  { pretty: true },
);
C(
  "escape sequences in a property name",
  conn({ port: `{ "type": "integer" },\n    "\\u001b]0;pwned\\u0007\\u009b2J": { "type": ‸5 }` }),
  "schema/meta",
  { pretty: true, generate: true },
);
C(
  "a bidi override in a required name",
  conn({ required: `["database", ‸"\\u202eesabatad"]` }),
  "schema/unsatisfiable-required",
  { pretty: true },
);

// ─── running ───────────────────────────────────────────────────────────────────────────────

interface Diagnostic {
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  file?: string;
  pointer?: string;
  line?: number;
  column?: number;
  hint?: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** Resolved against the run's working directory. */
  cwd: string;
}

interface Expected {
  file: string;
  line?: number;
  column?: number;
}

/** Runs the CLI in this process with its output captured; main() resolves to the exit code. */
async function inProcess(argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const text = (args: unknown[]) => args.map(String).join(" ") + "\n";
  const spies = [
    vi.spyOn(console, "log").mockImplementation((...a) => void out.push(text(a))),
    vi.spyOn(console, "info").mockImplementation((...a) => void out.push(text(a))),
    vi.spyOn(console, "error").mockImplementation((...a) => void err.push(text(a))),
    vi.spyOn(console, "warn").mockImplementation((...a) => void err.push(text(a))),
    vi
      .spyOn(process.stdout, "write")
      .mockImplementation((chunk) => (out.push(String(chunk)), true)),
    vi
      .spyOn(process.stderr, "write")
      .mockImplementation((chunk) => (err.push(String(chunk)), true)),
  ];
  let code: number;
  try {
    code = await main(argv);
  } catch (e) {
    // main() must never throw; record it as what a user would see.
    err.push(`main() threw: ${(e as Error)?.stack ?? String(e)}\n`);
    code = -1;
  } finally {
    for (const s of spies) s.mockRestore();
  }
  return { code, stdout: out.join(""), stderr: err.join(""), cwd: process.cwd() };
}

function spawned(argv: string[]): Run {
  return { ...onespec(argv), cwd: REPO };
}

/** The real binary with a small heap and a time limit: for inputs that may exhaust either. */
function isolated(argv: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...argv], {
    cwd: REPO,
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
    maxBuffer: 64 * 1024 * 1024,
    env: {
      ...process.env,
      NO_COLOR: "1",
      FORCE_COLOR: "0",
      NODE_OPTIONS: "--max-old-space-size=384",
    },
  });
  const killed = r.signal
    ? `\n[killed by ${r.signal}${r.error ? `: ${r.error.message}` : ""}]`
    : "";
  return {
    code: r.status ?? -1,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "") + killed,
    cwd: REPO,
  };
}

/** What is under a folder (snapshotCase, below); unlike snapshotTree it copes with broken links, FIFOs and sparse files. */
function snapshotInputs(dir: string): Record<string, string> {
  return snapshotCase(dir);
}

/**
 * The diagnostics of a --format json run. check prints them to stdout (an array, or an object
 * holding `diagnostics`); generate prints the array to stderr, followed by a summary line.
 */
function diagnosticsOf(text: string): Diagnostic[] | undefined {
  const trimmed = text.trim();
  const end = trimmed.lastIndexOf(trimmed.startsWith("{") ? "}" : "]");
  if (!/^[[{]/.test(trimmed) || end < 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed.slice(0, end + 1));
    if (Array.isArray(parsed)) return parsed as Diagnostic[];
    const inner = (parsed as { diagnostics?: unknown } | null)?.diagnostics;
    return Array.isArray(inner) ? (inner as Diagnostic[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the clean tree plus a case's files; returns where the markers were. */
function build(root: string, files: Files): Expected | undefined {
  const all: Files = { ...BASE, ...files };
  let marked: Expected | undefined;
  for (const [rel, content] of Object.entries(all)) {
    const file = path.join(root, rel);
    if (content === null) {
      rmSync(file, { recursive: true, force: true });
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    rmSync(file, { recursive: true, force: true });
    if (typeof content === "string") {
      const at = content.indexOf(MARK);
      if (at >= 0) {
        const before = content.slice(0, at).replace(/^\uFEFF/, "");
        const lines = before.split("\n");
        marked = { file: rel, line: lines.length, column: lines[lines.length - 1].length + 1 };
      }
      writeFileSync(file, content.replace(MARK, ""));
    } else if (Buffer.isBuffer(content)) writeFileSync(file, content);
    else if ("symlink" in content) symlinkSync(content.symlink, file);
    else if ("fifo" in content) execFileSync("mkfifo", [file]);
    else if ("sparse" in content) {
      writeFileSync(file, "");
      truncateSync(file, content.sparse);
    } else mkdirSync(file, { recursive: true });
  }
  return marked;
}

const located = (d: Diagnostic) => d.file !== undefined && d.line !== undefined;

describe("malformed input", () => {
  let root: string;
  let cleanOut: string;
  let cleanSnapshot: Record<string, string>;
  let baselineWarnings = 0;
  const savedCacheDir = process.env.ONESPEC_CACHE_DIR;

  beforeAll(async () => {
    mkdirSync(SCRATCH, { recursive: true });
    root = mkdtempSync(path.join(SCRATCH, "malformed-"));
    // Keep the generation cache of these runs away from everybody else's.
    process.env.ONESPEC_CACHE_DIR = path.join(root, "cache");
    const tree = path.join(root, "clean", "tree");
    cleanOut = path.join(root, "clean", "generated");
    build(tree, {});
    const checked = await inProcess(["check", "--schemas", tree, "--format", "json"]);
    expect(checked.stderr).toBe("");
    const clean = diagnosticsOf(checked.stdout);
    expect(clean?.filter((d) => d.severity === "error")).toEqual([]);
    expect(checked.code).toBe(0);
    // Lint rules may find something to say about the clean tree; the warning cases add one more.
    baselineWarnings = clean!.filter((d) => d.severity === "warning").length;
    const generated = await inProcess(["generate", "--schemas", tree, "--out", cleanOut]);
    expect(generated.stderr).toBe("");
    expect(generated.code).toBe(0);
    cleanSnapshot = snapshotTree(cleanOut);
    expect(Object.keys(cleanSnapshot)).toContain("connectors/x/types.ts");
  });

  afterAll(() => {
    if (savedCacheDir === undefined) delete process.env.ONESPEC_CACHE_DIR;
    else process.env.ONESPEC_CACHE_DIR = savedCacheDir;
    rmSync(root, { recursive: true, force: true });
  });

  it("has at least 300 cases (schema trees and the other commands' files), a quarter of the schema cases also generated", () => {
    expect(cases.length + commandCases.length).toBeGreaterThanOrEqual(300);
    const names = [...cases, ...commandCases].map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(cases.filter((c) => c.generate).length).toBeGreaterThanOrEqual(25);
  });

  /** No byte a terminal would act on, no value the case says is secret. */
  function expectSafeOutput(c: Case, output: string, show: string) {
    const text = output.replace(REPORT_COLOURS, "");
    expect
      .soft(RAW_CONTROL.exec(text)?.[0], `a raw control character in the output: ${show}`)
      .toBeUndefined();
    for (const secret of c.secrets ?? [])
      expect.soft(text.includes(secret), `${secret} is in the output: ${show}`).toBe(false);
  }

  /** The assertions every run of every case shares. */
  function expectDiagnosed(
    c: Case,
    run: Run,
    diagnostics: Diagnostic[] | undefined,
    tree: string,
    marked: Expected | undefined,
    what: string,
  ) {
    const output = run.stdout + run.stderr;
    const show = `${what}\n--- stdout\n${run.stdout.slice(0, 3000)}\n--- stderr\n${run.stderr.slice(0, 3000)}`;
    expect
      .soft(
        hasStackTrace(output) ||
          /main\(\) threw|internal error|FATAL ERROR|\[killed by/.test(output),
        `stack trace, internal error or crash: ${show}`,
      )
      .toBe(false);
    expectSafeOutput(c, output, show);
    expect.soft(diagnostics, `diagnostics are not a JSON array: ${show}`).toBeDefined();
    const all = diagnostics ?? [];
    const resolve = (d: Diagnostic) =>
      d.file === undefined ? undefined : path.resolve(run.cwd, d.file);
    const relevant = c.warning
      ? all.filter((d) => d.severity === "warning")
      : all.filter((d) => d.severity === "error");
    expect
      .soft(relevant.length, `no ${c.warning ? "warning" : "error"} diagnostic: ${show}`)
      .toBeGreaterThan(0);
    if (c.noLine)
      expect
        .soft(
          relevant.some((d) => d.file !== undefined),
          `no diagnostic names a file: ${show}`,
        )
        .toBe(true);
    else
      expect
        .soft(relevant.some(located), `no diagnostic has a file and a line: ${show}`)
        .toBe(true);
    // The diagnostic the case is about, where the case says it is.
    const where: Expected = marked ?? { file: c.file ?? CONNECTION };
    const want = path.resolve(tree, where.file);
    const matches = (d: Diagnostic, code: string | RegExp | undefined) =>
      code === undefined || (typeof code === "string" ? d.code === code : code.test(d.code));
    const inFile = relevant.filter((d) => resolve(d) === want);
    const candidates = inFile.filter((d) => matches(d, c.code));
    expect
      .soft(candidates.length, `no ${c.code ?? "error"} diagnostic in ${where.file}: ${show}`)
      .toBeGreaterThan(0);
    if (candidates.length > 0) {
      if (marked) {
        const at = candidates.find((d) => d.line === marked.line && d.column === marked.column);
        const got = candidates.map((d) => `${d.code} ${d.line}:${d.column}`).join(", ");
        expect
          .soft(
            at,
            `${c.code ?? "error"} expected at ${marked.file}:${marked.line}:${marked.column}, got ${got}`,
          )
          .toBeDefined();
        if (at && c.pointer) expect.soft(at.pointer).toBe(c.pointer);
      } else if (!c.noLine) {
        expect
          .soft(
            candidates.some((d) => d.line !== undefined && d.column !== undefined),
            `${c.code ?? "error"} has no line and column: ${show}`,
          )
          .toBe(true);
      }
    }
    for (const a of c.also ?? []) {
      const found = all.filter(
        (d) => resolve(d) === path.resolve(tree, a.file) && matches(d, a.code),
      );
      expect.soft(found.length, `no ${a.code} in ${a.file}: ${show}`).toBeGreaterThan(0);
      if (a.line !== undefined && found.length > 0)
        expect
          .soft(
            found.some((d) => d.line === a.line && d.column === a.column),
            `${a.code} expected at ${a.file}:${a.line}:${a.column}, got ${found.map((d) => `${d.line}:${d.column}`).join(", ")}`,
          )
          .toBe(true);
    }
  }

  it.each(cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const dir = mkdtempSync(path.join(root, "case-"));
    try {
      const tree = path.join(dir, "tree");
      const marked = build(tree, typeof c.files === "function" ? c.files() : c.files);
      const schemas = path.join(dir, c.schemas ?? "tree");
      const inputs = snapshotInputs(dir);
      const runs: [string, (argv: string[]) => Promise<Run> | Run][] = c.isolate
        ? [["isolated", isolated]]
        : [["in-process", inProcess]];
      if (c.spawn) runs.push(["spawned", spawned]);

      for (const [how, run] of runs) {
        // check: every case.
        const checked = await run(["check", "--schemas", schemas, "--format", "json"]);
        expect
          .soft(
            checked.code,
            `${how} check exit code:\n${checked.stdout.slice(0, 2000)}\n${checked.stderr.slice(0, 2000)}`,
          )
          .toBe(c.warning ? 0 : 1);
        expectDiagnosed(c, checked, diagnosticsOf(checked.stdout), tree, marked, `${how} check`);
        if (c.warning) {
          // --max-warnings 0 on a lint-clean tree; the clean tree's own count otherwise.
          const strict = await run([
            "check",
            "--schemas",
            schemas,
            "--format",
            "json",
            "--max-warnings",
            String(baselineWarnings),
          ]);
          expect
            .soft(strict.code, `${how} check --max-warnings ${baselineWarnings} exit code`)
            .toBe(1);
          expect.soft(hasStackTrace(strict.stdout + strict.stderr)).toBe(false);
        }
        expect.soft(snapshotInputs(dir), `${how} check changed its input`).toEqual(inputs);

        // The pretty report, which shows the lines it points at: the same exit code, the position, nothing raw or secret.
        if (c.pretty) {
          const pretty = await run(["check", "--schemas", schemas]);
          const output = (pretty.stdout + pretty.stderr).replace(REPORT_COLOURS, "");
          const show = `${how} check (pretty)\n--- stdout\n${pretty.stdout.slice(0, 3000)}\n--- stderr\n${pretty.stderr.slice(0, 3000)}`;
          expect.soft(pretty.code, show).toBe(c.warning ? 0 : 1);
          expect
            .soft(
              hasStackTrace(output) || /internal error|FATAL ERROR|\[killed by/.test(output),
              `stack trace, internal error or crash: ${show}`,
            )
            .toBe(false);
          expectSafeOutput(c, output, show);
          if (marked)
            expect.soft(output, show).toContain(`${marked.file}:${marked.line}:${marked.column} `);
          expect
            .soft(snapshotInputs(dir), `${how} check (pretty) changed its input`)
            .toEqual(inputs);
        }

        // generate: the representative subset, into a copy of the clean output.
        if (c.generate) {
          const out = path.join(dir, `generated-${how}`);
          cpSync(cleanOut, out, { recursive: true });
          const generated = await run([
            "generate",
            "--schemas",
            schemas,
            "--out",
            out,
            "--format",
            "json",
          ]);
          expect
            .soft(
              generated.code,
              `${how} generate exit code:\n${generated.stdout.slice(0, 2000)}\n${generated.stderr.slice(0, 2000)}`,
            )
            .toBe(1);
          expectDiagnosed(
            c,
            generated,
            diagnosticsOf(generated.stderr),
            tree,
            marked,
            `${how} generate`,
          );
          expect
            .soft(generated.stderr, `${how} generate: no summary line`)
            .toMatch(/onespec generate: failed; .* was left unchanged/);
          expect
            .soft(snapshotTree(out), `${how} generate changed the output folder`)
            .toEqual(cleanSnapshot);
          rmSync(out, { recursive: true, force: true });
          expect.soft(snapshotInputs(dir), `${how} generate changed its input`).toEqual(inputs);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ─── the other commands: connector configs, workflows, secrets files, the project config ───

/** Packages a spawned process cannot resolve (as if not installed): the hook helpers.ts's withMissing uses. */
const MISSING_HOOK = `
export async function resolve(specifier, context, next) {
  if (process.env.ONESPEC_MISSING.split(",").includes(specifier))
    throw Object.assign(new Error("Cannot find package '" + specifier + "' imported from " + context.parentURL), { code: "ERR_MODULE_NOT_FOUND" });
  return next(specifier, context);
}`;
const REGISTER_MISSING_HOOK = `import { register } from "node:module"; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(MISSING_HOOK)}`)});`;
/** A spawned run is killed after this long: a hang fails its case, not the suite. */
const COMMAND_TIME_LIMIT_MS = 30_000;
/** The colours of a pretty report (bold, dim, red, yellow, blue, cyan and their resets), left out before the byte checks. */
const REPORT_COLOURS = /\u001b\[(?:1|2|22|31|33|34|36|39)m/g;
/** Bytes a terminal acts on; none may reach the output raw (tabs and line breaks aside). */
const RAW_CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Writes a command case's files; returns where the marker was (file relative to the folder). */
function buildMade(dir: string, files: MadeFiles): Expected | undefined {
  let marked: Expected | undefined;
  for (const [rel, content] of Object.entries(files)) {
    // Every file stays inside the case folder.
    if (path.isAbsolute(rel) || rel.split("/").includes(".."))
      throw new Error(`case file outside its folder: ${rel}`);
    const file = path.join(dir, rel);
    if (content === null) continue;
    mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === "string") {
      const at = content.indexOf(MARK);
      if (at >= 0) {
        const lines = content
          .slice(0, at)
          .replace(/^\uFEFF/, "")
          .split("\n");
        marked = { file: rel, line: lines.length, column: lines[lines.length - 1].length + 1 };
      }
      writeFileSync(file, content.replace(MARK, ""));
    } else if (Buffer.isBuffer(content)) writeFileSync(file, content);
    else if ("symlink" in content) symlinkSync(content.symlink, file);
    else if ("fifo" in content) execFileSync("mkfifo", [file]);
    else if ("sparse" in content) {
      writeFileSync(file, "");
      truncateSync(file, content.sparse);
    } else mkdirSync(file, { recursive: true });
  }
  return marked;
}

/** path → hash (or size for a big file, or kind for a special one) of everything under a folder, without opening special files. */
function snapshotCase(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      const rel = path.relative(dir, p);
      const st = lstatSync(p);
      if (st.isSymbolicLink()) out[rel] = `-> ${readlinkSync(p)}`;
      else if (st.isDirectory()) {
        out[rel] = "dir";
        walk(p);
      } else if (!st.isFile()) out[rel] = st.isFIFO() ? "fifo" : "special";
      else if (st.size > 64 * 1024 * 1024) out[rel] = `${st.size} bytes, modified ${st.mtimeMs}`;
      else out[rel] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The CLI in this process, with more environment; the working folder and environment are put back after. */
async function inProcessWith(argv: string[], env: Record<string, string>): Promise<Run> {
  const cwd = process.cwd();
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return { ...(await inProcess(argv)), cwd };
  } finally {
    process.chdir(cwd);
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** The real binary under a time limit (then SIGKILL), optionally with packages it cannot resolve. */
function spawnedWith(argv: string[], env: Record<string, string>, missing?: string[]): Run {
  const r = spawnSync(
    process.execPath,
    [
      ...(missing
        ? ["--import", `data:text/javascript,${encodeURIComponent(REGISTER_MISSING_HOOK)}`]
        : []),
      BIN,
      ...argv,
    ],
    {
      cwd: REPO,
      encoding: "utf8",
      timeout: COMMAND_TIME_LIMIT_MS,
      killSignal: "SIGKILL",
      maxBuffer: 64 * 1024 * 1024,
      env: {
        ...process.env,
        ...env,
        NO_COLOR: "1",
        FORCE_COLOR: "0",
        ...(missing && { ONESPEC_MISSING: missing.join(",") }),
      },
    },
  );
  const killed = r.signal
    ? `\n[killed by ${r.signal} after ${COMMAND_TIME_LIMIT_MS / 1000} s: it hung]`
    : "";
  return {
    code: r.status ?? -1,
    stdout: r.stdout ?? "",
    stderr: (r.stderr ?? "") + killed,
    cwd: REPO,
  };
}

describe("malformed input to the other commands", () => {
  let root: string;

  beforeAll(() => {
    mkdirSync(SCRATCH, { recursive: true });
    root = mkdtempSync(path.join(SCRATCH, "malformed-commands-"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each(commandCases.map((c) => [c.name, c] as const))(
    "%s",
    async (_name, c: CommandCase) => {
      const dir = mkdtempSync(path.join(root, "case-"));
      try {
        const marked = buildMade(dir, typeof c.files === "function" ? c.files(dir) : c.files);
        const argv = c.argv.map((a) => a.replaceAll("{D}", dir));
        const env = { [TOKEN_VAR]: TOKEN, NO_COLOR: "1", ...c.env };
        const before = snapshotCase(dir);
        const run =
          c.spawn || c.missing ? spawnedWith(argv, env, c.missing) : await inProcessWith(argv, env);

        const output = (run.stdout + run.stderr).replace(REPORT_COLOURS, "");
        const show = `--- stdout\n${run.stdout.slice(0, 3000)}\n--- stderr\n${run.stderr.slice(0, 3000)}`;
        expect.soft(/\[killed by/.test(output), `it hung: ${show}`).toBe(false);
        expect.soft(run.code, `exit code: ${show}`).toBe(1);
        expect
          .soft(
            hasStackTrace(output) || /main\(\) threw|internal error|FATAL ERROR/.test(output),
            `stack trace, internal error or crash: ${show}`,
          )
          .toBe(false);
        expect
          .soft(RAW_CONTROL.exec(output)?.[0], `a raw control character in the output: ${show}`)
          .toBeUndefined();
        for (const secret of [TOKEN, CONFIG_SECRET, FILE_SECRET, ...(c.secrets ?? [])])
          expect
            .soft(output.includes(secret), `the secret ${secret} is in the output: ${show}`)
            .toBe(false);
        expect
          .soft(output.length, `${output.length} characters of output: a huge input was echoed`)
          .toBeLessThanOrEqual(c.maxOutput ?? 20_000);
        if (c.message) expect.soft(output, show).toMatch(c.message);

        // Located: the file (as given, or relative to where it ran), then its line and column.
        const file = c.file ?? marked?.file;
        expect(file, "the case names no file to locate").toBeDefined();
        const absolute = path.isAbsolute(file!) ? file! : path.join(dir, file!);
        const names = [...new Set([absolute, path.relative(run.cwd, absolute)])]
          .map(escapeRegExp)
          .join("|");
        const line = c.noLine ? undefined : (marked?.line ?? c.line);
        const column = c.noLine ? undefined : (marked?.column ?? c.column);
        if (!c.noLine) expect(line, "the case gives no line").toBeDefined();
        const position =
          line === undefined ? "" : `:${line}${column === undefined ? "(?::\\d+)?" : `:${column}`}`;
        const located = [
          ...output.matchAll(
            new RegExp(`^(?:\\s*|at )(?:${names})${position}(?: error .*| \\(.*)$`, "gm"),
          ),
        ].map((m) => m[0]);
        expect
          .soft(
            located.length,
            `no error located at ${file}${position.replace("(?::\\d+)?", "")}: ${show}`,
          )
          .toBeGreaterThan(0);
        if (located.length > 0 && c.code)
          expect
            .soft(
              located.some((l) => l.endsWith(`[${c.code}]`)),
              `no [${c.code}] among the errors located there:\n${located.join("\n")}`,
            )
            .toBe(true);

        expect.soft(snapshotCase(dir), "the command changed or wrote files").toEqual(before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    COMMAND_TIME_LIMIT_MS * 2,
  );
});
