/**
 * A schema tree is hostile input: a pull request can add a symlink to `~/.npmrc` or `/dev/zero`,
 * a FIFO, a sparse file of gigabytes. The loader reads only regular files inside the root (after
 * resolving symlinks), checks type and size before reading, never opens a FIFO, socket or device,
 * and says nothing about an outside file but its path and why it was refused: no diagnostic
 * carries its text, and no diagnostic gives a line in it (the CLI's pretty printer reads the
 * line it shows from disk, through the same path).
 *
 * Every case ends with the same checks (`expectNoLeak`). The timeouts only stop a hang from
 * stalling the run; nothing here measures time.
 */
import { execFileSync } from "node:child_process";
import { lstatSync, readFileSync, realpathSync, statSync } from "node:fs";
import { mkdir, symlink, truncate, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTree, sortDiagnostics, type LoadOptions, type SchemaModel } from "../src/index.js";
import { MAX_SCHEMA_BYTES } from "../src/loader.js";
import { connectorFiles, connectorMetadata, testConnectionSteps, where } from "./fixtures.js";
import { cleanupTestdirs, lines, testdir } from "./testdir.js";

afterAll(cleanupTestdirs);

const TOKEN = "npm_TOKEN_abc123";
const HANG_GUARD = { timeout: 30_000 };
const CONNECTION = "connectors/alpha/connection.json";
const META = "connectors/alpha/connector.json";
const STEPS = "connectors/alpha/test-connection.json";
const TARGET = "definitions/target.json";

/** Outside the schema root: an .npmrc with a CI token, and a valid schema that would carry it into diagnostics if it were loaded. */
async function outsideDir(): Promise<string> {
  return testdir({
    ".npmrc": `//registry.npmjs.org/:_authToken=${TOKEN}\n`,
    "leaky.json": {
      type: "object",
      title: TOKEN,
      [TOKEN]: true,
      properties: { [TOKEN]: { type: "string", format: TOKEN } },
    },
    "folder/b.json": { type: "object", title: TOKEN },
  });
}

/**
 * A connection schema whose property "a" holds `$ref: "../../definitions/target.json"` on
 * line 4, value at column 20 (4 spaces, `"a"` 5–7, `:` 8, space 9, `{` 10, space 11, `"$ref"`
 * 12–17, `:` 18, space 19).
 */
const WITH_REF = lines(
  "{",
  '  "type": "object",',
  '  "properties": {',
  `    "a": { "$ref": "../../${TARGET}" }`,
  "  }",
  "}",
);
const AT_REF = { file: CONNECTION, pointer: "/properties/a/$ref", line: 4, column: 20 };

/** A tree with connector "alpha" whose connection.json refers to definitions/target.json. */
async function treeWithRef(): Promise<string> {
  return testdir(connectorFiles("alpha", WITH_REF));
}

async function mkfifo(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  execFileSync("mkfifo", [file]);
}

/** A Unix socket bound at `file`; closed after the test file. */
const servers: net.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));
async function mksocket(file: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const server = net.createServer();
  servers.push(server);
  await new Promise<void>((resolve, reject) =>
    server.once("error", reject).listen(file, () => resolve()),
  );
}

/** A character device (the same as /dev/zero) inside the tree; false where mknod is not allowed. */
function mkzero(file: string): boolean {
  try {
    execFileSync("mknod", [file, "c", "1", "5"], { stdio: "ignore" });
    return statSync(file).isCharacterDevice();
  } catch {
    return false;
  }
}

async function load(root: string, options: Partial<LoadOptions> = {}): Promise<SchemaModel> {
  const model = await loadTree({ root, cwd: root, ...options });
  expectNoLeak(model, root);
  return model;
}

/**
 * What every case must hold: no diagnostic and no loaded document contains the token; every
 * document loaded is a regular file inside the root; and every diagnostic that gives a line does
 * so in a regular file inside the root, whose line (read the way the CLI's pretty printer reads
 * it) does not contain the token either.
 */
function expectNoLeak(model: SchemaModel, root: string): void {
  const rootReal = realpathSync(root);
  const inside = (p: string) => {
    const rel = path.relative(rootReal, realpathSync(p));
    return !rel.startsWith("..") && !path.isAbsolute(rel);
  };
  expect(JSON.stringify(model.diagnostics)).not.toContain(TOKEN);
  for (const doc of model.docs.values()) {
    expect(inside(doc.path), `${doc.path} was loaded`).toBe(true);
    expect(doc.source.text).not.toContain(TOKEN);
  }
  for (const d of model.diagnostics) {
    if (d.line === undefined) continue;
    expect(d.file, `${d.code} has a line but no file`).toBeDefined();
    const file = path.resolve(root, d.file!);
    // lstat first: a FIFO here would hang the check itself.
    expect(
      lstatSync(file).isFile() || lstatSync(file).isSymbolicLink(),
      `${d.code} gives a line in ${d.file}, which is not a file`,
    ).toBe(true);
    expect(
      statSync(file).isFile(),
      `${d.code} gives a line in ${d.file}, which is not a regular file`,
    ).toBe(true);
    expect(inside(file), `${d.code} gives a line in ${d.file}, outside the root`).toBe(true);
    if (statSync(file).size <= MAX_SCHEMA_BYTES)
      expect(readFileSync(file, "utf8").split(/\r?\n/)[d.line - 1] ?? "").not.toContain(TOKEN);
  }
}

const errors = (model: SchemaModel) => model.diagnostics.filter((d) => d.severity === "error");

describe("loadTree: a $ref to something that is not a regular file inside the root", () => {
  // [name, code, words the message must have, make definitions/target.json (false: cannot be made here)]
  const cases: [
    name: string,
    code: string,
    words: RegExp,
    make: (target: string, outside: string) => Promise<boolean | void>,
  ][] = [
    [
      "a symlink to an .npmrc outside the root",
      "load/outside-root",
      /outside the schema root/,
      (t, o) => symlink(path.join(o, ".npmrc"), t),
    ],
    [
      "a symlink to a valid schema outside the root",
      "load/outside-root",
      /outside the schema root/,
      (t, o) => symlink(path.join(o, "leaky.json"), t),
    ],
    [
      "a relative symlink climbing out of the root",
      "load/outside-root",
      /outside the schema root/,
      (t, o) => symlink(path.relative(path.dirname(t), path.join(o, "leaky.json")), t),
    ],
    [
      "a symlink to /dev/zero",
      "load/outside-root",
      /\/dev\/zero.*outside the schema root/,
      (t) => symlink("/dev/zero", t),
    ],
    [
      "a symlink to /etc/passwd",
      "load/outside-root",
      /\/etc\/passwd.*outside the schema root/,
      (t) => symlink("/etc/passwd", t),
    ],
    [
      "a symlink inside the root to a symlink that leads out",
      "load/outside-root",
      /outside the schema root/,
      async (t, o) => {
        await symlink(path.join(o, ".npmrc"), path.join(path.dirname(t), "hop.json"));
        await symlink("hop.json", t);
      },
    ],
    ["a FIFO", "load/not-a-file", /FIFO.*not a regular file/, (t) => mkfifo(t)],
    ["a Unix socket", "load/not-a-file", /socket.*not a regular file/, (t) => mksocket(t)],
    [
      "a character device inside the root",
      "load/not-a-file",
      /character device.*not a regular file/,
      async (t) => mkzero(t),
    ],
    [
      "a symlink inside the root to a FIFO",
      "load/not-a-file",
      /FIFO/,
      async (t) => {
        await mkfifo(path.join(path.dirname(t), "pipe"));
        await symlink("pipe", t);
      },
    ],
    [
      "a directory",
      "io/is-directory",
      /is a folder/,
      (t) => mkdir(t, { recursive: true }).then(() => undefined),
    ],
  ];

  it.for(cases)("%s → %s at the $ref", HANG_GUARD, async ([, code, words, make], ctx) => {
    const [outside, root] = await Promise.all([outsideDir(), treeWithRef()]);
    await mkdir(path.join(root, "definitions"), { recursive: true });
    if ((await make(path.join(root, TARGET), outside)) === false)
      return ctx.skip("cannot be made here");
    const model = await load(root);
    expect(errors(model).map(where)).toEqual([{ code, ...AT_REF }]);
    const [d] = errors(model);
    expect(d.message).toContain(TARGET);
    expect(d.message).toMatch(words);
    expect(d.hint).toBeTruthy();
    expect(model.docs.has(path.join(root, TARGET))).toBe(false);
    expect(model.refs.size).toBe(0);
  });

  it(
    "a folder of definitions that is a symlink out of the root → load/outside-root at the $ref",
    async () => {
      const [outside, root] = await Promise.all([
        outsideDir(),
        testdir(connectorFiles("alpha", WITH_REF.replace(TARGET, "definitions/b.json"))),
      ]);
      await symlink(path.join(outside, "folder"), path.join(root, "definitions"));
      const model = await load(root);
      expect(errors(model).map(where)).toEqual([{ code: "load/outside-root", ...AT_REF }]);
    },
    HANG_GUARD.timeout,
  );

  it(
    "a 2 GB sparse file → parse/too-large, without reading it; the $ref is ref/broken-target",
    async () => {
      const root = await treeWithRef();
      const target = path.join(root, TARGET);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, "");
      await truncate(target, 2 * 1024 ** 3);
      const model = await load(root);
      expect(errors(model).map(where)).toEqual([
        // Inside the root and a regular file: the size is all that is wrong with it.
        { code: "parse/too-large", file: TARGET, pointer: undefined, line: 1, column: 1 },
        { code: "ref/broken-target", ...AT_REF },
      ]);
      expect(errors(model)[0].message).toMatch(/2048\.0 MB/);
    },
    HANG_GUARD.timeout,
  );

  it(
    "a symlink that stays inside the root is followed",
    async () => {
      const root = await testdir({
        ...connectorFiles("alpha", WITH_REF),
        "definitions/real/common.json": {
          type: "object",
          properties: { user: { type: "string" } },
        },
      });
      await symlink("real/common.json", path.join(root, TARGET));
      const model = await load(root);
      expect(model.diagnostics).toEqual([]);
      expect(model.refs.get(`${path.join(root, CONNECTION)}#/properties/a`)).toEqual({
        doc: path.join(root, TARGET),
        pointer: "",
      });
    },
    HANG_GUARD.timeout,
  );

  it(
    "two $refs to one refused file are both reported, each at its own $ref",
    async () => {
      const root = await testdir(
        connectorFiles(
          "alpha",
          lines(
            "{",
            '  "type": "object",',
            '  "properties": {',
            `    "a": { "$ref": "../../${TARGET}" },`,
            `    "b": { "$ref": "../../${TARGET}" }`,
            "  }",
            "}",
          ),
        ),
      );
      await mkfifo(path.join(root, TARGET));
      const model = await load(root);
      expect(errors(model).map(where)).toEqual([
        { code: "load/not-a-file", ...AT_REF },
        {
          code: "load/not-a-file",
          file: CONNECTION,
          pointer: "/properties/b/$ref",
          line: 5,
          column: 20,
        },
      ]);
    },
    HANG_GUARD.timeout,
  );
});

describe("loadTree: an entry or metadata file that is not a regular file inside the root", () => {
  // These are not reached through a $ref: the diagnostic names the file and has no line in it.
  const cases: [
    name: string,
    code: string,
    file: string,
    make: (file: string, outside: string) => Promise<unknown>,
  ][] = [
    [
      "connection.json is a symlink to an .npmrc outside the root",
      "load/outside-root",
      CONNECTION,
      (f, o) => symlink(path.join(o, ".npmrc"), f),
    ],
    [
      "connection.json is a symlink to a valid schema outside the root",
      "load/outside-root",
      CONNECTION,
      (f, o) => symlink(path.join(o, "leaky.json"), f),
    ],
    [
      "connection.json is a symlink to /dev/zero",
      "load/outside-root",
      CONNECTION,
      (f) => symlink("/dev/zero", f),
    ],
    ["connection.json is a FIFO", "load/not-a-file", CONNECTION, (f) => mkfifo(f)],
    [
      "connector.json is a symlink to an .npmrc outside the root",
      "load/outside-root",
      META,
      (f, o) => symlink(path.join(o, ".npmrc"), f),
    ],
    ["connector.json is a FIFO", "load/not-a-file", META, (f) => mkfifo(f)],
    [
      "test-connection.json is a symlink to /dev/zero",
      "load/outside-root",
      STEPS,
      (f) => symlink("/dev/zero", f),
    ],
    ["test-connection.json is a FIFO", "load/not-a-file", STEPS, (f) => mkfifo(f)],
    ["test-connection.json is a directory", "io/is-directory", STEPS, (f) => mkdir(f)],
  ];

  it.for(cases)("%s → %s on the file", HANG_GUARD, async ([, code, rel, make]) => {
    const files = connectorFiles("alpha", {
      type: "object",
      properties: { host: { type: "string" } },
    });
    delete files[rel];
    const [outside, root] = await Promise.all([outsideDir(), testdir(files)]);
    await make(path.join(root, rel), outside);
    const model = await load(root);
    expect(errors(model).map(where)).toEqual([
      { code, file: rel, pointer: undefined, line: undefined, column: undefined },
    ]);
    expect(errors(model)[0].message).toContain(rel);
    expect(errors(model)[0].hint).toBeTruthy();
    expect(model.connectors).toEqual([]);
  });

  it(
    "connection.json as a 2 GB sparse file → parse/too-large",
    async () => {
      const files = connectorFiles("alpha", "");
      const root = await testdir(files);
      await truncate(path.join(root, CONNECTION), 2 * 1024 ** 3);
      const model = await load(root);
      expect(errors(model).map(where)).toEqual([
        { code: "parse/too-large", file: CONNECTION, pointer: undefined, line: 1, column: 1 },
      ]);
    },
    HANG_GUARD.timeout,
  );
});

describe("loadTree: entry globs over a hostile tree", () => {
  it(
    "matches regular files and symlinks inside the root; refuses the rest with a diagnostic; does not walk symlinked folders",
    async () => {
      const outside = await outsideDir();
      const root = await testdir({
        "specs/a.json": { type: "object", title: "A" },
        "specs/a.connector.json": { ...connectorMetadata("a") },
        "specs/a.test-connection.json": testConnectionSteps(),
      });
      await symlink("a.json", path.join(root, "specs/alias.json")); // inside: fine
      await symlink(path.join(outside, "leaky.json"), path.join(root, "specs/leak.json"));
      await symlink("/dev/zero", path.join(root, "specs/zero.json"));
      await mkfifo(path.join(root, "specs/pipe.json"));
      await symlink(path.join(outside, "folder"), path.join(root, "specs/linked")); // never walked
      await symlink(path.join(outside, ".npmrc"), path.join(root, "specs/alias.connector.json")); // a sidecar leading out
      const model = await load(root, { entries: ["specs/**/*.json"] });
      expect(sortDiagnostics(errors(model)).map(where)).toEqual([
        {
          code: "load/outside-root",
          file: "specs/alias.connector.json",
          pointer: undefined,
          line: undefined,
          column: undefined,
        },
        {
          code: "load/outside-root",
          file: "specs/leak.json",
          pointer: undefined,
          line: undefined,
          column: undefined,
        },
        {
          code: "load/not-a-file",
          file: "specs/pipe.json",
          pointer: undefined,
          line: undefined,
          column: undefined,
        },
        {
          code: "load/outside-root",
          file: "specs/zero.json",
          pointer: undefined,
          line: undefined,
          column: undefined,
        },
      ]);
      expect(model.connectors.map((c) => c.name)).toEqual(["a"]);
      expect([...model.docs.keys()].map((p) => path.relative(root, p)).sort()).toEqual([
        "specs/a.json",
        "specs/alias.json",
      ]);
    },
    HANG_GUARD.timeout,
  );

  it(
    "a glob that climbs out of the root → load/outside-root for each file it matches",
    async () => {
      const outside = await outsideDir();
      const root = await testdir({ "specs/a.json": { type: "object" } });
      const model = await load(root, { entries: [`${path.relative(root, outside)}/*.json`] });
      const codes = errors(model).map((d) => d.code);
      expect(codes).toContain("load/outside-root");
      expect(codes).toContain("tree/no-entries");
      expect(model.docs.size).toBe(0);
    },
    HANG_GUARD.timeout,
  );
});
