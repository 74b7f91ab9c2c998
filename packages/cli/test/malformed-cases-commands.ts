/**
 * The malformed-input cases of the commands that read files other than a schema tree (issue 15):
 * connector configs (`validate`, `test-connection`), workflows and secrets files (`run`), and the
 * project config (`generate --config`). One row a case; malformed.test.ts runs them.
 *
 * Every case runs with a token in the environment (ONESPEC_MALFORMED_TOKEN) and, where the command
 * reads one, a secrets file and a secret in the config; none of them may appear in any output.
 * Positions are marked with ‸ as in the schema cases.
 */
import path from "node:path";
import { REPO } from "./helpers.js";

export const MARK = "‸";

/** A value of the environment every case runs with: it must never be printed. */
export const TOKEN = "envTok-Q7x9Zr2m-do-not-print";
export const TOKEN_VAR = "ONESPEC_MALFORMED_TOKEN";
/** A password written into connector configs: a secret by the schema. */
export const CONFIG_SECRET = "cfgPassw0rd-Vb6tQs1d";
/** The value the secrets file holds. */
export const FILE_SECRET = "fileS3cret-Kp4wLm8n";
/** A password hash in a file shaped like /etc/shadow. */
export const SHADOW_HASH = "$6$Zq8salt$Qw3rtyH4shOfTheRootPassword0123456789";

export const GENERATED = path.join(REPO, "generated");
export const SAMPLE = path.join(REPO, "examples/sample/retail.db");
const MB = 1024 * 1024;

/** What a case writes into its folder: text (markers allowed), bytes, or a special file. */
export type Made =
  | string
  | Buffer
  | null
  | { symlink: string }
  | { dir: true }
  | { fifo: true }
  /** A sparse file of this many bytes (no disk used): it must be refused by size, not read. */
  | { sparse: number };
export type MadeFiles = Record<string, Made>;

export interface CommandCase {
  name: string;
  /** Files written into the case folder (paths relative to it); a function is called when the case runs. */
  files: MadeFiles | ((dir: string) => MadeFiles);
  /** The command line; "{D}" stands for the case folder. */
  argv: string[];
  /** More environment variables for the run (besides the token). */
  env?: Record<string, string>;
  /**
   * The file the error is located in (relative to the case folder, or absolute): by default the
   * file holding the marker. With a marker, at its line and column; else at `line` (and `column`).
   */
  file?: string;
  line?: number;
  column?: number;
  /** Why the error has no line: it is about the whole file (its type or size). */
  noLine?: string;
  /** The diagnostic code shown as [code] on the located line (errors of a run have none). */
  code?: string;
  /** Text the output must hold. */
  message?: RegExp;
  /** Run only through the real binary, killed after a time limit: inputs that could block a process (FIFOs, devices). */
  spawn?: boolean;
  /** Packages the spawned process cannot resolve, as when they are not installed. */
  missing?: string[];
  /** More values that must not appear in the output. */
  secrets?: string[];
  /** The output may be this long at most (default 20,000 characters): a huge input must not be echoed. */
  maxOutput?: number;
}

export const commandCases: CommandCase[] = [];
const add = (c: CommandCase) => commandCases.push(c);
/** A file's content, or a function that makes it (big inputs are made only when their case runs). */
type Content = Made | (() => string);
/** One file, made when the case runs when its content is a function. */
const one = (file: string, content: Content, more: MadeFiles = {}): CommandCase["files"] =>
  typeof content === "function"
    ? () => ({ ...more, [file]: content() })
    : { ...more, [file]: content };

const nest = (open: string, core: string, close: string, n: number) =>
  open.repeat(n) + core + close.repeat(n);
const ESC = "\u001b";
/** Sequences a terminal acts on: set the window title, clear the screen, a C1 CSI, a right-to-left override. */
const HOSTILE = `${ESC}]0;pwned\u0007${ESC}[2J\u009b31m\u202e`;

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
/** The same bomb built from mappings instead of lists. */
const MAP_LAUGHS = [
  "a: &a {a: lol, b: lol, c: lol, d: lol, e: lol, f: lol, g: lol, h: lol, i: lol}",
]
  .concat(
    "bcdefghi".split("").map(
      (c, i) =>
        `${c}: &${c} {${"abcdefghi"
          .split("")
          .map((k) => `${k}: *${"abcdefghi"[i]}`)
          .join(", ")}}`,
    ),
  )
  .join("\n");

/** n keys, one a line; `last` is written after them (a duplicate key to find at the end). */
const manyYamlKeys = (n: number, last: string) =>
  Array.from({ length: n }, (_, i) => `key_${i}: ${i}`).join("\n") + `\n${last}\n`;
const manyJsonKeys = (n: number, last: string) =>
  `{\n${Array.from({ length: n }, (_, i) => `  "key_${i}": ${i},`).join("\n")}\n${last}\n}\n`;

// ─── connector configs: `onespec validate postgres <file>` ──────────────────────────────────

/** A valid postgres config; its password is a secret. */
const PG =
  [
    "host: db.example.com",
    "port: 5432",
    "database: analytics",
    "username: reader",
    `password: ${CONFIG_SECRET}`,
  ].join("\n") + "\n";
const PG_JSON = (extra = "") =>
  `{\n  "host": "db.example.com",\n  "port": 5432,\n  "database": "analytics",\n  "username": "reader",\n  "password": "${CONFIG_SECRET}"${extra}\n}\n`;
const validate = (file: string) => ["validate", "postgres", `{D}/${file}`, "--out", GENERATED];
/** A case of `validate` on one config file. */
const V = (
  name: string,
  file: string,
  content: Content,
  code: string | undefined,
  more: Partial<CommandCase> = {},
) =>
  add({
    name: `validate: ${name}`,
    files: one(file, content),
    argv: validate(file),
    code,
    file,
    ...more,
  });

// Aliases: bombs, cycles, unknown anchors, nesting through aliases.
V(
  "a billion laughs (YAML lists)",
  "c.yaml",
  `${PG}${LAUGHS.replace("f: &f [*e", "f: &f [‸*e")}\n`,
  "config/alias-expansion",
);
V(
  "a billion laughs built from mappings",
  "c.yaml",
  `${PG}${MAP_LAUGHS.replace("f: &f {a: *e", "f: &f {a: ‸*e")}\n`,
  "config/alias-expansion",
);
V(
  "an alias inside the value it names",
  "c.yaml",
  `${PG}ssl: &s\n  mode: ‸*s\n`,
  "config/alias-cycle",
);
V(
  "an alias to an anchor that does not exist",
  "c.yaml",
  `${PG}ssl: ‸*nowhere\n`,
  "config/unknown-anchor",
);
V(
  "an alias used before its anchor",
  "c.yaml",
  `${PG}ssl: ‸*later\nother: &later { mode: disable }\n`,
  "config/unknown-anchor",
);
V(
  "aliases that nest past the depth limit",
  "c.yaml",
  `${PG}a: &a ${nest("[", "1", "]", 150)}\nb: ${nest("[", "‸*a", "]", 100)}\n`,
  "config/too-deep",
);

// Size and shape: linear parsing, bounded nesting.
V(
  "90,000 keys (YAML) and a duplicate at the end",
  "c.yaml",
  () => `${PG}${manyYamlKeys(90_000, "‸key_7: again")}`,
  "config/duplicate-key",
);
V(
  "90,000 keys (JSON) and a duplicate at the end",
  "c.json",
  () => manyJsonKeys(90_000, `  ‸"key_7": "again"`),
  "config/duplicate-key",
);
V(
  "a 3,000-deep JSON config",
  "c.json",
  () => `{\n  "ssl": ${nest("[", "1", "]", 3000)}\n}\n`,
  "config/too-deep",
  { line: 2 },
);
V(
  "a 3,000-deep JSON config of objects",
  "c.json",
  () => `{"ssl": ${nest(`{"a":`, "1", "}", 3000)}}`,
  "config/too-deep",
  { line: 1 },
);
V(
  "a 3,000-deep YAML flow list",
  "c.yaml",
  () => `${PG}ssl: ${nest("[", "1", "]", 3000)}\n`,
  "config/too-deep",
  { line: 6 },
);
V(
  "a 3,000-deep YAML block list (- - - …)",
  "c.yaml",
  () => `${PG}ssl:\n${"- ".repeat(3000)}x\n`,
  "config/too-deep",
  { line: 7 },
);
V(
  "a 1,000-deep YAML block mapping",
  "c.yaml",
  () =>
    `${PG}ssl:\n${Array.from({ length: 1000 }, (_, i) => `${" ".repeat(i + 1)}a:`).join("\n")} 1\n`,
  "config/too-deep",
  { line: 206, column: 201 },
);
// (An empty flow list costs three nodes: 500,100 of them pass the limit in 1.5 MB.)
V(
  "more than 1,500,000 YAML nodes",
  "c.yaml",
  () => `${PG}ssl: [${"[],".repeat(500_100)}1]\n`,
  "config/too-large",
  { line: 6 },
);
V(
  "a 50 MB value (the file is refused by size, the value never echoed)",
  "c.yaml",
  () => `${PG}host: "${"h".repeat(50 * MB)}"\n`,
  "config/too-large",
  { noLine: "it is about the whole file" },
);
V(
  "a 5 MB value of the wrong type (not echoed back)",
  "c.yaml",
  () => PG.replace("port: 5432", `port: ‸"${"9".repeat(5 * MB)}"`),
  "config/type",
);
V(
  "a 5,000-character key (clipped in the message)",
  "c.yaml",
  `${PG}? ${"k".repeat(5000)}\n: ‸1\n`,
  "config/additionalProperties",
  { message: new RegExp(`/${"k".repeat(60)}… is not a known property`) },
);
V(
  "a 2 GB sparse config (refused by size before reading)",
  "c.yaml",
  { sparse: 2048 * MB },
  "config/too-large",
  { noLine: "it is about the whole file" },
);

// Duplicate keys: a located error in both formats, never silence.
V(
  "a duplicate key (JSON)",
  "c.json",
  PG_JSON(`,\n  ‸"host": "other.example.com"`),
  "config/duplicate-key",
);
V(
  "a duplicate nested key (JSON)",
  "c.json",
  PG_JSON(`,\n  "ssl": { "mode": "require", ‸"mode": "disable" }`),
  "config/duplicate-key",
);
V(
  "a duplicate secret key (JSON): neither value shown",
  "c.json",
  PG_JSON(`,\n  ‸"password": "second-${CONFIG_SECRET}"`),
  "config/duplicate-key",
);
V("a duplicate key (YAML)", "c.yaml", `${PG}‸host: other.example.com\n`, "config/duplicate-key");
V(
  "a duplicate key in a YAML flow mapping",
  "c.yaml",
  `${PG}ssl: {mode: require, ‸mode: disable}\n`,
  "config/duplicate-key",
);
V(
  "a duplicate __proto__ key (JSON)",
  "c.json",
  PG_JSON(`,\n  "__proto__": 1,\n  ‸"__proto__": 2`),
  "config/duplicate-key",
);

// Numbers JSON cannot hold: reported as what they are, never "received null".
const nonFinite = (name: string, file: string, content: string, received: RegExp) =>
  V(name, file, content, "config/non-finite-number", { message: received });
nonFinite("YAML .nan", "c.yaml", PG.replace("port: 5432", "port: ‸.nan"), /received NaN\)/);
nonFinite("YAML .NaN in a nested value", "c.yaml", `${PG}ssl:\n  mode: ‸.NaN\n`, /received NaN\)/);
nonFinite(
  "YAML .inf",
  "c.yaml",
  PG.replace("port: 5432", "port: ‸.inf"),
  /received infinity, written \.inf\)/,
);
nonFinite(
  "YAML -.Inf",
  "c.yaml",
  PG.replace("port: 5432", "port: ‸-.Inf"),
  /received minus infinity, written -\.Inf\)/,
);
nonFinite(
  "YAML 1e400",
  "c.yaml",
  PG.replace("port: 5432", "port: ‸1e400"),
  /received a number too large for JSON: 1e400\)/,
);
nonFinite(
  "JSON 1e400",
  "c.json",
  PG_JSON().replace(`"port": 5432`, `"port": ‸1e400`),
  /received a number too large for JSON: 1e400\)/,
);
nonFinite(
  "JSON -1e400",
  "c.json",
  PG_JSON().replace(`"port": 5432`, `"port": ‸-1e400`),
  /received a number too large for JSON: -1e400\)/,
);
nonFinite(
  "JSON 1e400 in a list",
  "c.json",
  PG_JSON(`,\n  "ssl": [1, ‸1e400]`),
  /received a number too large for JSON: 1e400\)/,
);

// Terminal escapes in keys and values: shown escaped, never raw (the runner checks every byte).
V(
  "raw escape sequences in a quoted YAML key",
  "c.yaml",
  `${PG}"${HOSTILE}": ‸1\n`,
  "config/additionalProperties",
  { message: /\\u001b\]0;pwned\\u0007\\u001b\[2J\\u009b31m\\u202e is not a known property/ },
);
V(
  "escape sequences written as YAML escapes in a key",
  "c.yaml",
  `${PG}"\\e]0;pwned\\a\\e[2J": ‸1\n`,
  "config/additionalProperties",
  { message: /\\u001b\]0;pwned\\u0007\\u001b\[2J is not a known property/ },
);
V(
  "a raw escape byte in a plain YAML key",
  "c.yaml",
  `${PG}${ESC}[2Jkey: ‸1\n`,
  "config/additionalProperties",
);
V(
  "a C1 control and a bidi override in a nested YAML key",
  "c.yaml",
  `${PG}ssl:\n  mode: require\n  "\u009b2J\u202egnp.exe": ‸1\n`,
  "config/additionalProperties",
);
V(
  "escape sequences in a value of the wrong type",
  "c.yaml",
  PG.replace("port: 5432", `port: ‸"${HOSTILE}"`),
  "config/type",
  { message: /\\u001b\]0;pwned/ },
);
V(
  "an escaped ESC in a JSON key",
  "c.json",
  PG_JSON(`,\n  "\\u001b]0;pwned\\u0007": ‸1`),
  "config/additionalProperties",
);
V(
  "a raw ESC inside a JSON string",
  "c.json",
  PG_JSON(`,\n  "application_name": ‸"${ESC}[2J"`),
  "config/invalid-json",
);
V(
  "escape sequences in the config's file name",
  `c${ESC}[2J${ESC}]0;x\u0007.yaml`,
  `‸[]\n`,
  "config/type",
  { file: `c\\u001b[2J\\u001b]0;x\\u0007.yaml` },
);

// Keys that are Object.prototype members: unknown properties like any other, never dropped or crashing.
V(
  "a __proto__ key (JSON)",
  "c.json",
  PG_JSON(`,\n  "__proto__": ‸{ "host": "evil.example.com" }`),
  "config/additionalProperties",
  { message: /\/__proto__ is not a known property/ },
);
V(
  "a __proto__ key (YAML)",
  "c.yaml",
  `${PG}__proto__:\n  ‸host: evil.example.com\n`,
  "config/additionalProperties",
  { message: /\/__proto__ is not a known property/ },
);
V(
  "a __proto__ key nested in ssl (JSON)",
  "c.json",
  PG_JSON(`,\n  "ssl": { "mode": "disable", "__proto__": ‸{ "mode": "require" } }`),
  "config/additionalProperties",
  { message: /\/ssl\/__proto__ is not a known property/ },
);
V("a constructor key (YAML)", "c.yaml", `${PG}constructor: ‸1\n`, "config/additionalProperties");
V(
  "a hasOwnProperty key (JSON)",
  "c.json",
  PG_JSON(`,\n  "hasOwnProperty": ‸"x"`),
  "config/additionalProperties",
);
V(
  "toString and valueOf keys in ssl (YAML)",
  "c.yaml",
  `${PG}ssl:\n  toString: ‸1\n  valueOf: 2\n`,
  "config/additionalProperties",
);
V(
  "a prototype member as the value of a known key",
  "c.yaml",
  PG.replace("port: 5432", "port: ‸constructor"),
  "config/type",
);

// Documents that are not a config.
V("an empty file", "c.yaml", "‸", "config/empty-file");
V("whitespace only", "c.json", "‸  \n\t\n", "config/empty-file");
V("comments only", "c.yaml", "‸# host: db.example.com\n# port: 5432\n", "config/empty-file");
V("a list at the root", "c.yaml", "‸- host: db.example.com\n", "config/type");
V("a string at the root", "c.json", `‸"host=db.example.com"\n`, "config/type");
V("null at the root", "c.yaml", "‸~\n", "config/type");
V("two YAML documents", "c.yaml", `${PG}‸---\nhost: other\n`, "config/invalid-yaml");
V("a key that is a mapping", "c.yaml", `${PG}? ‸{ a: 1 }\n: x\n`, "config/invalid-key");
V(
  "a << merge of a scalar (YAML 1.1)",
  "c.yaml",
  `%YAML 1.1\n---\n${PG}<<: ‸5\n`,
  "config/invalid-merge",
);
V(
  "a trailing comma (JSON)",
  "c.json",
  PG_JSON().replace(`"reader",`, `"reader",\n  ‸,`),
  "config/invalid-json",
);
V(
  "a comment (JSON)",
  "c.json",
  PG_JSON().replace(`"port": 5432,`, `"port": 5432,\n  ‸// the port`),
  "config/invalid-json",
);
V("YAML in a .json file", "c.json", `‸${PG}`, "config/invalid-json");
V("an unclosed flow list (YAML)", "c.yaml", `${PG}ssl: [unclosed\n‸`, "config/invalid-yaml");
V("a tab in YAML indentation", "c.yaml", `${PG}ssl:\n‸\tmode: require\n`, "config/invalid-yaml");
V(
  "binary junk with NUL bytes",
  "c.yaml",
  Buffer.concat([Buffer.from(PG), Buffer.from([0, 1, 2, 0xff, 0xfe, 0])]),
  "config/invalid-yaml",
  { line: 6 },
);
add({
  name: "validate: /etc/passwd as the config (nothing of it quoted)",
  files: {},
  argv: ["validate", "postgres", "/etc/passwd", "--out", GENERATED],
  code: "config/invalid-json",
  file: "/etc/passwd",
  line: 1,
  column: 1,
  secrets: ["root:x:0:0"],
});
V(
  "a language tag (!!js/function) on a value",
  "c.yaml",
  `${PG}ssl: !!js/function ‸"function () { return 1 }"\n`,
  "config/type",
);
V(
  "a Python object tag",
  "c.yaml",
  `${PG}ssl: !!python/object/apply:os.system ‸["id"]\n`,
  "config/type",
);

// Special files: refused by type, without being opened (a FIFO would block).
V("a FIFO", "c.yaml", { fifo: true }, "config/not-a-file", {
  noLine: "it is about the file's type",
  spawn: true,
});
add({
  name: "validate: /dev/zero",
  files: {},
  argv: ["validate", "postgres", "/dev/zero", "--out", GENERATED],
  code: "config/not-a-file",
  file: "/dev/zero",
  noLine: "a device",
  spawn: true,
});
V("a symlink to /dev/zero", "c.yaml", { symlink: "/dev/zero" }, "config/not-a-file", {
  noLine: "a device",
  spawn: true,
});
V("a directory", "c.yaml", { dir: true }, "config/not-a-file", { noLine: "a directory" });
add({
  name: "validate: a file that does not exist",
  files: {},
  argv: validate("missing.yaml"),
  code: "config/unreadable",
  file: "missing.yaml",
  noLine: "it does not exist",
});

// Values from ${ENV} and secrets: redacted wherever the schema puts them.
V(
  "a value from ${ENV} of the wrong type",
  "c.yaml",
  PG.replace("port: 5432", `port: ‸\${${TOKEN_VAR}}`),
  "config/type",
  { message: /received \[redacted\]/ },
);
V(
  "a value from ${ENV} outside an enum",
  "c.yaml",
  `${PG}ssl:\n  mode: ‸\${${TOKEN_VAR}}\n`,
  "config/enum",
);
V(
  "a value from ${ENV} inside a longer string",
  "c.yaml",
  PG.replace("port: 5432", `port: ‸"p-\${${TOKEN_VAR}}-q"`),
  "config/type",
);
V(
  "a value from ${ENV} under an unknown key",
  "c.yaml",
  `${PG}extra: ‸\${${TOKEN_VAR}}\n`,
  "config/additionalProperties",
);
V(
  "a ${VAR} that is not set",
  "c.yaml",
  PG.replace(`password: ${CONFIG_SECRET}`, "password: ‸${ONESPEC_MALFORMED_NOT_SET}"),
  "config/env",
);
V(
  "a secret of the wrong type",
  "c.yaml",
  PG.replace(`password: ${CONFIG_SECRET}`, `password: ‸[${CONFIG_SECRET}]`),
  "config/type",
);
V(
  "a secret that breaks its pattern (ssl.client_key)",
  "c.yaml",
  `${PG}ssl:\n  mode: verify-full\n  client_key: ‸${CONFIG_SECRET}-not-a-pem\n`,
  "config/pattern",
);

// ─── test-connection: secrets files and references ──────────────────────────────────────────

/** A sqlite config whose database path comes from the secrets file. */
const SQLITE_CONFIG = `database_path: "{{secrets.db}}"\nmode: ro\n`;
const testConnection = (secretsFile: string) => [
  "test-connection",
  "sqlite",
  "{D}/c.yaml",
  "--secrets-file",
  secretsFile,
];
// The secrets file is named on the command line: its problems are reported against the secrets file.
const T = (
  name: string,
  files: MadeFiles,
  secretsFile: string,
  code: string,
  more: Partial<CommandCase> = {},
) =>
  add({
    name: `test-connection: ${name}`,
    files: { "c.yaml": SQLITE_CONFIG, ...files },
    argv: testConnection(secretsFile),
    code,
    file: secretsFile.replace("{D}/", ""),
    noLine: "it is about the secrets file, named on the command line",
    ...more,
  });
T("a secrets file that is a FIFO", { "s.yaml": { fifo: true } }, "{D}/s.yaml", "workflow/invalid", {
  message: /is a FIFO \(named pipe\), not a regular file/,
  spawn: true,
});
T("/dev/zero as the secrets file", {}, "/dev/zero", "workflow/invalid", {
  message: /\/dev\/zero is a character device, not a regular file/,
  spawn: true,
});
T(
  "a directory as the secrets file",
  { "s.yaml": { dir: true } },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /is a directory, not a regular file/ },
);
T(
  "a 2 GB sparse secrets file",
  { "s.yaml": { sparse: 2048 * MB } },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /more than the 1048576 allowed/ },
);
T(
  "a secrets file shaped like /etc/shadow (no line quoted)",
  { "s.yaml": `root:${SHADOW_HASH}:19000:0:99999:7:::\n` },
  "{D}/s.yaml",
  "workflow/invalid",
  { secrets: [SHADOW_HASH, "Qw3rty", "root:$6"] },
);
T(
  "a secrets file whose value is a list",
  { "s.yaml": `db: [${FILE_SECRET}]\n` },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /the value must be a string, not a list/ },
);
T(
  "a secrets file with a key that is a mapping",
  { "s.yaml": `? { a: ${FILE_SECRET} }\n: x\n` },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /a key must be a plain name/ },
);
T(
  "a secrets file with NUL bytes",
  { "s.yaml": Buffer.from(`db: ${FILE_SECRET}\0\n`) },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /is binary/ },
);
T(
  "a secrets file that is not YAML (its line not quoted)",
  { "s.yaml": `db: "${FILE_SECRET}\n  : [\n` },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /is not valid YAML or JSON at line \d+, column \d+/ },
);
T(
  "a secret defined twice (a.b and a: {b})",
  { "s.yaml": `db: x\na.b: ${FILE_SECRET}\na:\n  b: ${FILE_SECRET}-2\n` },
  "{D}/s.yaml",
  "workflow/invalid",
  { message: /this secret name is already defined/ },
);
T(
  "a billion laughs in the secrets file",
  { "s.yaml": `${LAUGHS}\ndb: x\n` },
  "{D}/s.yaml",
  "workflow/invalid",
);
T("a secrets file that does not exist", {}, "{D}/nope.yaml", "workflow/invalid", {
  message: /does not exist/,
});
add({
  name: "test-connection: a reference to a secret the file does not hold",
  files: { "c.yaml": `database_path: ‸"{{secrets.nope}}"\n`, "s.yaml": `db: ${FILE_SECRET}\n` },
  argv: testConnection("{D}/s.yaml"),
  code: "workflow/invalid",
  message: /unknown secret "nope"/,
});

add({
  name: "test-connection: a secret of the wrong type for its key",
  files: {
    "c.yaml": `database_path: x.db\nmode: ‸"{{secrets.db}}"\n`,
    "s.yaml": `db: ${FILE_SECRET}\n`,
  },
  argv: testConnection("{D}/s.yaml"),
  code: "config/invalid",
});
add({
  name: "test-connection: a value from ${ENV} of the wrong type",
  files: { "c.yaml": `database_path: x.db\nbusy_timeout_ms: ‸\${${TOKEN_VAR}}\n` },
  argv: ["test-connection", "sqlite", "{D}/c.yaml"],
  code: "config/invalid",
});
add({
  name: "test-connection: a billion laughs in the config",
  files: { "c.yaml": `database_path: x.db\n${LAUGHS.replace("f: &f [*e", "f: &f [‸*e")}\n` },
  argv: ["test-connection", "sqlite", "{D}/c.yaml"],
  code: "config/alias-expansion",
});

// ─── workflows: `onespec run <workflow>` ────────────────────────────────────────────────────

/** A workflow reading the sample database into a catalog in the case folder, with a secrets file. */
const workflow = (o: { source?: string; config?: string; sink?: string; more?: string } = {}) =>
  `${o.source ?? `source:\n  connector: sqlite\n  service: retail\n  config:\n${o.config ?? `    database_path: ${SAMPLE}\n    mode: ro\n`}`}sink:\n${o.sink ?? "  type: sqlite\n  path: catalog/catalog.db\n"}${o.more ?? "secrets_file: secrets.yaml\n"}`;
const SECRETS = `pw: ${FILE_SECRET}\ndb: ${SAMPLE}\n`;
const run = (file = "wf.yaml") => ["run", `{D}/${file}`];
/** A case of `run` on one workflow (wf.yaml, or the given name) next to secrets.yaml. */
const R = (
  name: string,
  text: Content,
  code: string | undefined,
  more: Partial<CommandCase> & { as?: string; extra?: MadeFiles } = {},
) => {
  const { as = "wf.yaml", extra = {}, ...rest } = more;
  add({
    name: `run: ${name}`,
    files: one(as, text, { "secrets.yaml": SECRETS, ...extra }),
    argv: run(as),
    code,
    file: as,
    ...rest,
  });
};

// The workflow file itself.
R(
  "a billion laughs in the workflow",
  `${workflow()}${LAUGHS.replace("f: &f [*e", "f: &f [‸*e")}\n`,
  "config/alias-expansion",
);
R(
  "a duplicate key in a JSON workflow",
  `{\n  "source": { "connector": "sqlite", "config": { "database_path": "${SAMPLE}" } },\n  ‸"source": { "connector": "sqlite", "config": {} }\n}\n`,
  "config/duplicate-key",
  { as: "wf.json" },
);
R(
  "a duplicate key in the workflow's connector config",
  workflow({ config: `    database_path: ${SAMPLE}\n    ‸database_path: /etc/passwd\n` }),
  "config/duplicate-key",
);
R(
  "a 3,000-deep JSON workflow",
  () => `{"source": {"connector": "sqlite", "config": ${nest(`{"a":`, "1", "}", 3000)}}}`,
  "config/too-deep",
  { as: "wf.json", line: 1 },
);
R(
  "90,000 keys in the workflow and a duplicate at the end",
  () => `${workflow()}${manyYamlKeys(90_000, "‸key_9: again")}`,
  "config/duplicate-key",
);
R(
  ".nan as the batch size",
  `${workflow()}options:\n  batch_size: ‸.nan\n`,
  "config/non-finite-number",
);
R(
  "1e400 as the retry count (JSON)",
  `{\n  "source": { "connector": "sqlite", "config": { "database_path": "${SAMPLE}" } },\n  "options": { "retries": ‸1e400 }\n}\n`,
  "config/non-finite-number",
  { as: "wf.json" },
);
// An unknown key of the workflow is reported at the object holding it (here the root).
R("raw escape sequences in a key", `${workflow()}"${HOSTILE}": 1\n`, "workflow/invalid", {
  line: 1,
  column: 1,
  message: /has an unknown key "\\u001b\]0;pwned\\u0007\\u001b\[2J\\u009b31m\\u202e"/,
});
R(
  "a __proto__ key in the workflow (JSON)",
  `{\n  "source": { "connector": "sqlite", "config": { "database_path": "${SAMPLE}" } },\n  "__proto__": { "sink": { "type": "jsonl", "directory": "/tmp" } }\n}\n`,
  "workflow/invalid",
  { as: "wf.json", line: 1, column: 1, message: /has an unknown key "__proto__"/ },
);
R("an empty workflow", "‸", "config/empty-file");
R("a list at the root", "‸- source: x\n", "workflow/invalid", { line: 1, column: 1 });
R("a workflow that is a FIFO", { fifo: true }, "config/not-a-file", {
  noLine: "it is about the file's type",
  spawn: true,
});
R("a workflow that is a directory", { dir: true }, "config/not-a-file", { noLine: "a directory" });
R("a 2 GB sparse workflow", { sparse: 2048 * MB }, "config/too-large", {
  noLine: "it is about the whole file",
});
R("a workflow that is a symlink to /dev/zero", { symlink: "/dev/zero" }, "config/not-a-file", {
  noLine: "a device",
  spawn: true,
});

// The workflow's shape.
R("no source", `‸sink:\n  type: sqlite\n`, "workflow/invalid", {
  line: 1,
  column: 1,
  message: /\/source is required/,
});
R(
  "a connector name with a path in it",
  workflow({
    source: `source:\n  connector: ‸../../../etc/passwd\n  config:\n    database_path: x\n`,
  }),
  "workflow/invalid",
);
R(
  "a service name with a dot",
  workflow({
    source: `source:\n  connector: sqlite\n  service: ‸a.b\n  config:\n    database_path: x\n`,
  }),
  "workflow/invalid",
);
R("a sink of an unknown type", workflow({ sink: `  ‸type: mongodb\n` }), "workflow/invalid");
R(
  "a connector config that is a list",
  workflow({ source: `source:\n  connector: sqlite\n  config: ‸[${SAMPLE}]\n` }),
  "workflow/invalid",
);
R(
  "a batch size that is a string",
  `${workflow()}options:\n  batch_size: ‸"ten"\n`,
  "workflow/invalid",
);

// Secrets files named by the workflow: refused by type or size, located at secrets_file, nothing quoted.
const secretsFile = (name: string, file: Made, message?: RegExp, more: Partial<CommandCase> = {}) =>
  R(`secrets_file: ${name}`, workflow({ more: `secrets_file: ‸s-file\n` }), "workflow/invalid", {
    extra: { "s-file": file },
    message,
    ...more,
  });
secretsFile("a FIFO", { fifo: true }, /is a FIFO \(named pipe\), not a regular file/, {
  spawn: true,
});
secretsFile(
  "a symlink to /dev/zero",
  { symlink: "/dev/zero" },
  /is a character device, not a regular file/,
  { spawn: true },
);
secretsFile("a directory", { dir: true }, /is a directory, not a regular file/);
secretsFile("a 2 GB sparse file", { sparse: 2048 * MB }, /more than the 1048576 allowed/);
secretsFile(
  "a file shaped like /etc/shadow",
  `root:${SHADOW_HASH}:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n`,
  /the value must be a string/,
  { secrets: [SHADOW_HASH, "Qw3rty", "root:$6", "daemon:*"] },
);
secretsFile("binary junk", Buffer.from([0x70, 0x77, 0x3a, 0x20, 0, 0xff, 0xfe, 0x0a]), /is binary/);
secretsFile(
  "invalid UTF-8",
  Buffer.concat([Buffer.from(`pw: ${FILE_SECRET}`), Buffer.from([0xc3, 0x28]), Buffer.from("\n")]),
  /is not UTF-8 text/,
);
secretsFile("a list instead of a map", `- ${FILE_SECRET}\n`);
secretsFile(
  "a nested list value",
  `pw:\n  - ${FILE_SECRET}\n`,
  /the value must be a string, not a list/,
);
secretsFile("a billion laughs", `${LAUGHS}\n`);
secretsFile("that does not exist", null, /does not exist/);
R(
  "secrets_file: escape sequences in its name (shown escaped)",
  workflow({ more: `secrets_file: ‸"\\e[2J\\e]0;pwned\\a.yaml"\n` }),
  "workflow/invalid",
  { message: /\\u001b\[2J\\u001b\]0;pwned\\u0007\.yaml does not exist/ },
);
// Named on the command line (over the workflow's secrets_file): reported against the secrets file.
const flag = { noLine: "it is about the secrets file, named on the command line" };
R("--secrets-file: a directory", workflow(), "workflow/invalid", {
  argv: [...run(), "--secrets-file", "{D}/dir"],
  extra: { dir: { dir: true } },
  file: "dir",
  ...flag,
  message: /is a directory, not a regular file/,
});
R("--secrets-file: /dev/zero", workflow(), "workflow/invalid", {
  argv: [...run(), "--secrets-file", "/dev/zero"],
  file: "/dev/zero",
  ...flag,
  spawn: true,
});
R("--secrets-file: a file shaped like /etc/shadow", workflow(), "workflow/invalid", {
  argv: [...run(), "--secrets-file", "{D}/shadow"],
  extra: { shadow: `root:${SHADOW_HASH}:19000:0:99999:7:::\n` },
  file: "shadow",
  ...flag,
  secrets: [SHADOW_HASH, "Qw3rty", "root:$6"],
});

// References to secrets and the environment.
R(
  "a reference to a secret the file does not hold",
  workflow({ config: `    database_path: ‸"{{secrets.nope}}"\n` }),
  "workflow/invalid",
  { message: /unknown secret "nope"/ },
);
R(
  "{{secrets.…}} without a secrets file",
  workflow({ config: `    database_path: ‸"{{secrets.pw}}"\n`, more: "" }),
  "workflow/invalid",
);
R(
  "an unset ${VAR}",
  workflow({ config: `    database_path: ‸\${ONESPEC_MALFORMED_NOT_SET}\n` }),
  "workflow/invalid",
  { message: /ONESPEC_MALFORMED_NOT_SET/ },
);
R(
  "a value from ${ENV} of the wrong type for the connector",
  workflow({ config: `    database_path: x.db\n    busy_timeout_ms: ‸\${${TOKEN_VAR}}\n` }),
  "config/invalid",
);
R(
  "a secret of the wrong type for the connector",
  workflow({ config: `    database_path: x.db\n    mode: ‸"{{secrets.pw}}"\n` }),
  "config/invalid",
);
R(
  "a secret under an unknown key of the connector",
  workflow({ config: `    database_path: x.db\n    extra: ‸"{{secrets.pw}}"\n` }),
  "config/invalid",
);

// Sources that are not databases: refused by type, located at database_path, nothing written.
const source = (
  name: string,
  databasePath: string,
  message: RegExp,
  more: Partial<CommandCase> & { extra?: MadeFiles } = {},
) =>
  R(
    `database_path: ${name}`,
    workflow({ config: `    database_path: ‸${JSON.stringify(databasePath)}\n` }),
    undefined,
    { message, ...more },
  );
source("/dev/zero", "/dev/zero", /is a character device, not a SQLite database file/);
source("a FIFO", "db.fifo", /is a FIFO \(named pipe\), not a SQLite database file/, {
  extra: { "db.fifo": { fifo: true } },
  spawn: true,
});
source("a directory", "db-dir", /is a directory, not a SQLite database file/, {
  extra: { "db-dir": { dir: true } },
});
source(
  "a FIFO named through a secret (shown redacted)",
  "{{secrets.fifo}}",
  /\[redacted\] is a FIFO/,
  {
    extra: {
      "secrets.yaml": `fifo: db-${FILE_SECRET}.fifo\n`,
      [`db-${FILE_SECRET}.fifo`]: { fifo: true },
    },
    spawn: true,
  },
);
source(
  "a directory named through ${ENV} (shown redacted)",
  `\${${TOKEN_VAR}}`,
  /\[redacted\] is a directory/,
  { extra: { [TOKEN]: { dir: true } } },
);

// The project config: `onespec generate --config <file>`.
const P = (
  name: string,
  file: string,
  content: Content,
  code: string,
  more: Partial<CommandCase> = {},
) =>
  add({
    name: `generate --config: ${name}`,
    files: one(file, content),
    argv: ["generate", "--config", `{D}/${file}`, "--schemas", "{D}/schemas", "--out", "{D}/out"],
    code,
    file,
    ...more,
  });
P("a FIFO", "onespec.config.json", { fifo: true }, "config/not-a-file", {
  noLine: "it is about the file's type",
  spawn: true,
});
P("a symlink to /dev/zero", "onespec.config.json", { symlink: "/dev/zero" }, "config/not-a-file", {
  noLine: "a device",
  spawn: true,
});
P("a directory", "onespec.config.json", { dir: true }, "config/not-a-file", {
  noLine: "a directory",
});
P("a 2 GB sparse file", "onespec.config.json", { sparse: 2048 * MB }, "config/too-large", {
  noLine: "it is about the whole file",
});
P(
  "a 3,000-deep value",
  "onespec.config.json",
  () => `{"lint": ${nest("[", "1", "]", 3000)}}`,
  "parse/too-deep",
  { line: 1 },
);
P("1e400 as a setting", "onespec.config.json", `{\n  "keepGoing": ‸1e400\n}\n`, "config/invalid");
P(
  "raw escape sequences in a key",
  "onespec.config.json",
  `{\n  ‸"${ESC}[2J${ESC}]0;pwned\u0007": 1\n}\n`,
  "parse/invalid-json",
);
P(
  "escaped escape sequences in a key",
  "onespec.config.json",
  `{\n  ‸"\\u001b[2J\\u009b31m": 1\n}\n`,
  "config/unknown-setting",
);
P(
  "a __proto__ setting",
  "onespec.config.json",
  `{\n  ‸"__proto__": { "schemas": "/etc" }\n}\n`,
  "config/unknown-setting",
);
P(
  "a constructor setting",
  "onespec.config.json",
  `{\n  ‸"constructor": 1\n}\n`,
  "config/unknown-setting",
);
P(
  "a setting of the wrong type",
  "onespec.config.json",
  `{\n  "schemas": ‸5\n}\n`,
  "config/invalid",
);
P(
  "invalid JSON",
  "onespec.config.json",
  `{\n  "schemas": "schemas"\n  ‸"out": "out"\n}\n`,
  "parse/invalid-json",
);
P("an empty file", "onespec.config.json", `‸`, "parse/empty-file");
P(
  "a 5 MB value of the wrong type (not echoed back)",
  "onespec.config.json",
  () => `{\n  "keepGoing": ‸"${"y".repeat(5 * MB)}"\n}\n`,
  "config/invalid",
);
