import { afterAll, describe, expect, it } from "vitest";
import { bumpBetween, suggest } from "../src/bump.js";
import {
  checkVersions,
  diffDiagnostics,
  diffTrees,
  proposeBump,
  type DeclaredMigrations,
} from "../src/index.js";
import { cleanupTestdirs, connectorFiles, loadFiles } from "./tree.js";

afterAll(cleanupTestdirs);

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";
const withSsl = (extra: object = {}) => ({
  $schema: DRAFT_07,
  type: "object",
  properties: { host: { type: "string" }, ssl: { $ref: "../../definitions/ssl.json" }, ...extra },
});
const ssl = (modes: string[]) => ({
  $schema: DRAFT_07,
  type: "object",
  properties: {
    mode: {
      type: "string",
      enum: modes,
    },
  },
});

describe("diffTrees over whole trees", () => {
  it("diffs a shared definition once and reports it on every connector that reaches it", async () => {
    const before = await loadFiles({
      ...connectorFiles("pg", withSsl(), "1.2.0"),
      ...connectorFiles("my", withSsl(), "0.3.1"),
      "definitions/ssl.json": ssl(["disable", "require", "verify-full"]),
    });
    const after = await loadFiles({
      ...connectorFiles("pg", withSsl(), "2.0.0"),
      ...connectorFiles("my", withSsl(), "0.3.2"),
      "definitions/ssl.json": ssl(["disable", "verify-full"]),
    });
    const changes = diffTrees(before, after);
    expect(changes.map((c) => [c.connector, c.kind, c.verdict, c.instancePath, c.shared])).toEqual([
      ["my", "enum-narrowed", "breaking", "/ssl/mode", "definitions/ssl.json"],
      ["pg", "enum-narrowed", "breaking", "/ssl/mode", "definitions/ssl.json"],
    ]);
    // Located at the enum in the new file (line 7 of the JSON written with 2-space indentation).
    expect(changes[0]).toMatchObject({
      file: "definitions/ssl.json",
      pointer: "/properties/mode/enum",
      line: 7,
      side: "after",
    });
    expect(changes[0].before).toMatchObject({
      file: "definitions/ssl.json",
      pointer: "/properties/mode/enum",
    });

    // pg's migration handles the change; my has none.
    const declared = new Map([["pg", { chain: ["1.2.0-2.0.0"], handled: true }]]);
    const checks = checkVersions(before, after, changes, declared);
    expect(checks).toEqual([
      {
        connector: "my",
        from: "0.3.1",
        to: "0.3.2",
        proposed: "major",
        actual: "minor",
        bumped: false,
        migration: "missing",
        addMigration: "migrations/0.3.1-0.4.0.json",
        ok: false,
      },
      {
        connector: "pg",
        from: "1.2.0",
        to: "2.0.0",
        proposed: "major",
        actual: "major",
        bumped: true,
        migration: "handled",
        migrated: ["1.2.0-2.0.0"],
        ok: true,
      },
    ]);
    const diagnostics = diffDiagnostics(changes, checks, after, after.root);
    const breaking = diagnostics.filter((d) => d.code === "diff/breaking");
    expect(breaking).toHaveLength(1);
    expect(breaking[0].message).toContain("2 connectors (my, pg)");
    const notBumped = diagnostics.filter((d) => d.code === "diff/version-not-bumped");
    expect(notBumped).toEqual([
      expect.objectContaining({
        severity: "error",
        connector: "my",
        file: "connectors/my/connector.json",
        pointer: "/version",
        line: 8,
      }),
    ]);
    // The missing migration is an error of its own, at the shared definition's change.
    const missing = diagnostics.filter((d) => d.code === "diff/migration-missing");
    expect(missing).toEqual([
      expect.objectContaining({
        severity: "error",
        connector: "my",
        file: "definitions/ssl.json",
        pointer: "/properties/mode/enum",
        line: 7,
      }),
    ]);
    expect(missing[0].message).toBe(
      "The breaking change of my needs a migration from 0.3.1, and none is declared: configs saved for 0.3.1 would stop working. Add migrations/0.3.1-0.4.0.json beside connectors/my/connection.json.",
    );
    expect(notBumped[0].hint).toContain("0.4.0");
  });

  it("a breaking change needs both a major bump and a migration that handles it", async () => {
    const before = await loadFiles({
      ...connectorFiles("pg", withSsl(), "2.1.0"),
      "definitions/ssl.json": ssl(["disable", "require"]),
    });
    const bumpedTo = async (version: string) =>
      loadFiles({
        ...connectorFiles("pg", withSsl(), version),
        "definitions/ssl.json": ssl(["disable"]),
      });
    const check = async (version: string, declared?: DeclaredMigrations) => {
      const after = await bumpedTo(version);
      const changes = diffTrees(before, after);
      const [v] = checkVersions(
        before,
        after,
        changes,
        new Map(declared ? [["pg", declared]] : []),
      );
      const diagnostics = diffDiagnostics(changes, [v], after, after.root);
      const codes = diagnostics.filter((d) => d.severity === "error").map((d) => d.code);
      // What the breaking change's own hint says is still to do.
      const hint = diagnostics.find((d) => d.code === "diff/breaking")?.hint;
      return {
        ok: v.ok,
        bumped: v.bumped,
        migration: v.migration,
        add: v.addMigration,
        codes,
        hint,
      };
    };
    const handles = { chain: ["2.1.0-3.0.0"], handled: true };
    expect(await check("3.0.0", handles)).toEqual({
      ok: true,
      bumped: true,
      migration: "handled",
      add: undefined,
      codes: [],
      hint: "Handled by the migration 2.1.0-3.0.0: every old config it was tried on upgrades to a valid one.",
    });
    expect(await check("3.0.0")).toEqual({
      ok: false,
      bumped: true,
      migration: "missing",
      add: "migrations/2.1.0-3.0.0.json",
      codes: ["diff/migration-missing"],
      hint: "Add a migration (migrations/2.1.0-3.0.0.json) that upgrades the configs saved for the old one, or make the change compatible.",
    });
    expect(await check("2.2.0", { chain: ["2.1.0-2.2.0"], handled: true })).toEqual({
      ok: false,
      bumped: false,
      migration: "handled",
      add: undefined,
      codes: ["diff/version-not-bumped"],
      hint: "Bump the connector's major version in connector.json: the migration 2.1.0-2.2.0 handles this change (every old config it was tried on upgrades to a valid one), and the bump tells its users that saved configs are upgraded.",
    });
    // Named after the version it should go to when the bump is short.
    expect(await check("2.1.1")).toEqual({
      ok: false,
      bumped: false,
      migration: "missing",
      add: "migrations/2.1.0-3.0.0.json",
      codes: ["diff/version-not-bumped", "diff/migration-missing"],
      hint: "Bump the connector's major version in connector.json and add a migration (migrations/2.1.0-3.0.0.json) that upgrades the configs saved for the old one, or make the change compatible.",
    });
    // A declared migration that fails is reported by whoever checked it (diff/migration-fails):
    // no second error asks for one.
    expect(await check("3.0.0", { chain: ["2.1.0-3.0.0"], handled: false })).toEqual({
      ok: false,
      bumped: true,
      migration: "fails",
      add: undefined,
      codes: [],
      hint: "Fix the declared migration (its error says what fails), or make the change compatible.",
    });
    expect((await check("2.1.0", { chain: [], handled: false })).hint).toBe(
      "Bump the connector's major version in connector.json and fix the declared migration (its error says what fails), or make the change compatible.",
    );
    // A migration past an unbumped version cannot be tried: only the bump is missing.
    expect((await check("2.1.0", { chain: [], handled: false, pastVersion: "3.0.0" })).hint).toBe(
      "Bump the connector's major version in connector.json to 3.0.0, the version its migration goes to: the migration runs once the connector has that version.",
    );
  });

  it("diffs a definition in another directory once, for connectors that reach it by different paths", async () => {
    // pg reaches the token through a local definition, my directly; the shared oauth.json in
    // shared/auth/ reaches token.json beside it.
    const pg = {
      $schema: DRAFT_07,
      type: "object",
      definitions: { auth: { $ref: "../../shared/auth/oauth.json" } },
      properties: { auth: { $ref: "#/definitions/auth" } },
    };
    const my = {
      $schema: DRAFT_07,
      type: "object",
      properties: {
        login: { $ref: "../../shared/auth/oauth.json", description: "How to log in." },
      },
    };
    const oauth = {
      $schema: DRAFT_07,
      type: "object",
      properties: { client_id: { type: "string" }, token: { $ref: "./token.json" } },
    };
    const token = (extra: object) => ({
      $schema: DRAFT_07,
      type: "object",
      properties: { value: { type: "string", secret: true }, ...extra },
    });
    const files = (extra: object) => ({
      ...connectorFiles("pg", pg, "1.0.0"),
      ...connectorFiles("my", my, "1.0.0"),
      "shared/auth/oauth.json": oauth,
      "shared/auth/token.json": token(extra),
    });
    const before = await loadFiles(files({}));
    const after = await loadFiles(files({ expires_in: { type: "integer", minimum: 60 } }));
    const changes = diffTrees(before, after);
    expect(
      changes.map((c) => [
        c.connector,
        c.kind,
        c.verdict,
        c.instancePath,
        c.shared,
        c.file,
        c.line,
      ]),
    ).toEqual([
      [
        "my",
        "optional-added",
        "compatible",
        "/login/token/expires_in",
        "shared/auth/token.json",
        "shared/auth/token.json",
        9,
      ],
      [
        "pg",
        "optional-added",
        "compatible",
        "/auth/token/expires_in",
        "shared/auth/token.json",
        "shared/auth/token.json",
        9,
      ],
    ]);
    // One comparison, one reason, one diagnostic naming both connectors and where each config holds it.
    expect(changes[0].reason).toBe(changes[1].reason);
    const diagnostics = diffDiagnostics(changes, [], after, after.root);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        file: "shared/auth/token.json",
        pointer: "/properties/expires_in",
        line: 9,
        message:
          'compatible change (optional-added) for 2 connectors (my at config /login/token/expires_in, pg at config /auth/token/expires_in): "expires_in" is new and optional.',
      }),
    ]);
  });

  it("reports connectors added and removed", async () => {
    const before = await loadFiles({
      ...connectorFiles("old", withSsl()),
      "definitions/ssl.json": ssl(["a"]),
    });
    const after = await loadFiles({
      ...connectorFiles("new", withSsl()),
      "definitions/ssl.json": ssl(["a"]),
    });
    const changes = diffTrees(before, after);
    expect(changes.map((c) => [c.connector, c.kind, c.verdict, c.side])).toEqual([
      ["new", "connector-added", "compatible", "after"],
      ["old", "connector-removed", "breaking", "before"],
    ]);
    // Neither a removed nor an added connector has a version to compare.
    expect(checkVersions(before, after, changes)).toEqual([]);
  });

  it("names the config field and the oneOf branch a change is in", async () => {
    const schema = (header: object) => ({
      $schema: DRAFT_07,
      type: "object",
      properties: {
        credentials: {
          oneOf: [
            {
              title: "Basic",
              type: "object",
              properties: { kind: { const: "basic" }, user: { type: "string" } },
              required: ["kind"],
            },
            {
              title: "Token",
              type: "object",
              properties: { kind: { const: "token" }, header },
              required: ["kind"],
            },
          ],
        },
      },
    });
    const before = await loadFiles(connectorFiles("x", schema({ type: "string" })));
    const after = await loadFiles(connectorFiles("x", schema({ type: "string", maxLength: 20 })));
    const [change] = diffTrees(before, after);
    expect(change).toMatchObject({
      kind: "range-narrowed",
      instancePath: "/credentials/header",
      pointer: "/properties/credentials/oneOf/1/properties/header/maxLength",
    });
    expect(change.reason).toMatch(
      /^In branch "Token", kind: "token" \(matched by discriminator\): /,
    );
  });

  it("locates a change beside a $ref where it is written, for each place the definition is used", async () => {
    const schema = (text: string) => ({
      $schema: DRAFT_07,
      type: "object",
      definitions: { port: { type: "integer" } },
      properties: {
        a: { $ref: "#/definitions/port", description: text },
        b: { $ref: "#/definitions/port", description: text },
      },
    });
    const before = await loadFiles(connectorFiles("x", schema("Port.")));
    const after = await loadFiles(connectorFiles("x", schema("The port.")));
    expect(diffTrees(before, after).map((c) => [c.kind, c.instancePath, c.pointer])).toEqual([
      ["doc-changed", "/a", "/properties/a/description"],
      ["doc-changed", "/b", "/properties/b/description"],
    ]);
  });

  it("never shows a secret's values in its reasons", async () => {
    const field = (value: string) => ({
      type: "string",
      secret: true,
      enum: [value, "other-secret-value"],
      default: value,
    });
    // A secret that must not be one value: the `not` schemas are not marked secret themselves.
    const token = (value: string) => ({ type: "string", secret: true, not: { const: value } });
    const before = await loadFiles(
      connectorFiles("x", {
        $schema: DRAFT_07,
        type: "object",
        properties: { key: field("hunter2-old"), token: token("hunter2-banned-old") },
      }),
    );
    const after = await loadFiles(
      connectorFiles("x", {
        $schema: DRAFT_07,
        type: "object",
        properties: { key: field("hunter2-new"), token: token("hunter2-banned-new") },
      }),
    );
    const changes = diffTrees(before, after);
    expect(changes.map((c) => c.kind).sort()).toEqual([
      "default-changed",
      "enum-narrowed",
      "not-changed",
    ]);
    const text = JSON.stringify([changes, diffDiagnostics(changes, [], after, after.root)]);
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("other-secret-value");
  });
});

describe("semver", () => {
  it.each([
    [[], "none"],
    [[{ verdict: "compatible", kind: "doc-changed" }], "patch"],
    [
      [
        { verdict: "compatible", kind: "doc-changed" },
        { verdict: "compatible", kind: "optional-added" },
      ],
      "minor",
    ],
    [[{ verdict: "unknown", kind: "keyword-changed" }], "minor"],
    [
      [
        { verdict: "compatible", kind: "optional-added" },
        { verdict: "breaking", kind: "required-added" },
      ],
      "major",
    ],
  ] as const)("proposeBump(%j) is %s", (changes, bump) => {
    expect(proposeBump(changes)).toBe(bump);
  });

  it.each([
    ["1.2.3", "2.0.0", "major"],
    ["1.2.3", "1.3.0", "minor"],
    ["1.2.3", "1.2.4", "patch"],
    ["1.2.3", "1.2.3", "none"],
    ["1.2.3", "1.1.9", "down"],
    ["0.3.1", "0.4.0", "major"],
    ["0.3.1", "0.3.2", "minor"],
    ["0.0.3", "0.0.4", "major"],
    ["0.3.1", "1.0.0", "major"],
    ["1.0.0", "1.0.0-beta", "none"],
    ["1.0", "2.0.0", "invalid"],
  ])("%s → %s is a %s bump", (from, to, bump) => {
    expect(bumpBetween(from, to)).toBe(bump);
  });

  it.each([
    ["1.2.3", "major", "2.0.0"],
    ["1.2.3", "minor", "1.3.0"],
    ["1.2.3", "patch", "1.2.4"],
    ["0.3.1", "major", "0.4.0"],
    ["0.3.1", "minor", "0.3.2"],
    ["0.0.1", "minor", "0.0.2"],
  ])("suggest(%s, %s) is %s", (from, bump, version) => {
    expect(suggest(from, bump)).toBe(version);
    // The version suggested is at least the bump asked for.
    const rank = ["none", "patch", "minor", "major"];
    expect(rank.indexOf(bumpBetween(from, version))).toBeGreaterThanOrEqual(rank.indexOf(bump));
  });
});
