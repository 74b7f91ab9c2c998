import { describe, expect, it } from "vitest";
import {
  applyMigrations,
  MigrationError,
  planChain,
  type Migration,
  type MigrationStep,
} from "../src/index.js";

const run = (config: unknown, ...steps: MigrationStep[]) =>
  applyMigrations(config, [{ from: "1.0.0", to: "2.0.0", file: "m.json", steps }]).config;

type Case = { given: object; steps: MigrationStep[]; want: object };

const CASES: [string, Case][] = [
  [
    "rename: a field gets its new name",
    {
      given: { user: "ann", port: 1 },
      steps: [{ op: "rename", from: "/user", to: "/username" }],
      want: { port: 1, username: "ann" },
    },
  ],
  [
    "rename: absent source changes nothing",
    {
      given: { port: 1 },
      steps: [{ op: "rename", from: "/user", to: "/username" }],
      want: { port: 1 },
    },
  ],
  [
    "move: into a nested object, parents made",
    {
      given: { password: "${PGPASSWORD}" },
      steps: [{ op: "move", from: "/password", to: "/auth/password" }],
      want: { auth: { password: "${PGPASSWORD}" } },
    },
  ],
  [
    "move: out of a nested object",
    {
      given: { ssl: { mode: "require", ca: "x" } },
      steps: [{ op: "move", from: "/ssl/mode", to: "/ssl_mode" }],
      want: { ssl: { ca: "x" }, ssl_mode: "require" },
    },
  ],
  [
    "default: set when absent",
    {
      given: { host: "h" },
      steps: [{ op: "default", path: "/port", value: 5432 }],
      want: { host: "h", port: 5432 },
    },
  ],
  [
    "default: a present value is kept",
    {
      given: { port: 6543 },
      steps: [{ op: "default", path: "/port", value: 5432 }],
      want: { port: 6543 },
    },
  ],
  [
    "default: only where the parent exists",
    { given: {}, steps: [{ op: "default", path: "/ssl/mode", value: "prefer" }], want: {} },
  ],
  [
    "default: every item of an array",
    {
      given: { tables: [{ name: "a" }, { name: "b", mode: "full" }] },
      steps: [{ op: "default", path: "/tables/*/mode", value: "incremental" }],
      want: {
        tables: [
          { name: "a", mode: "incremental" },
          { name: "b", mode: "full" },
        ],
      },
    },
  ],
  [
    "wrap: flat auth fields become a oneOf branch with its discriminator",
    {
      given: { host: "h", username: "u", password: "{{secrets.pg}}" },
      steps: [
        {
          op: "wrap",
          path: "/credentials",
          fields: ["username", "password"],
          discriminator: { property: "auth_type", value: "password" },
        },
      ],
      want: {
        host: "h",
        credentials: { auth_type: "password", username: "u", password: "{{secrets.pg}}" },
      },
    },
  ],
  [
    "wrap: nothing to wrap, nothing made",
    {
      given: { host: "h" },
      steps: [
        {
          op: "wrap",
          path: "/credentials",
          fields: ["password"],
          discriminator: { property: "t", value: "p" },
        },
      ],
      want: { host: "h" },
    },
  ],
  [
    "wrap: create always",
    {
      given: { host: "h" },
      steps: [
        {
          op: "wrap",
          path: "/credentials",
          fields: ["password"],
          discriminator: { property: "t", value: "none" },
          create: "always",
        },
      ],
      want: { host: "h", credentials: { t: "none" } },
    },
  ],
  [
    "unwrap: a branch's fields move up, the discriminator goes",
    {
      given: { credentials: { auth_type: "key", api_key: "${KEY}" }, x: 1 },
      steps: [
        {
          op: "unwrap",
          path: "/credentials",
          discriminator: { property: "auth_type", value: "key" },
        },
      ],
      want: { x: 1, api_key: "${KEY}" },
    },
  ],
  [
    "split: into two fields, typed",
    {
      given: { address: "db.example.com:5432" },
      steps: [
        {
          op: "split",
          from: "/address",
          separator: ":",
          to: ["/host", "/port"],
          types: ["string", "integer"],
        },
      ],
      want: { host: "db.example.com", port: 5432 },
    },
  ],
  [
    "split: into an array, parts trimmed",
    {
      given: { schemas: "public, sales" },
      steps: [{ op: "split", from: "/schemas", separator: ",", to: "/schemas" }],
      want: { schemas: ["public", "sales"] },
    },
  ],
  [
    "join: fields into one string, references kept as text",
    {
      given: { host: "${PGHOST}", port: 5432 },
      steps: [{ op: "join", from: ["/host", "/port"], separator: ":", to: "/address" }],
      want: { address: "${PGHOST}:5432" },
    },
  ],
  [
    "join: an array into a string",
    {
      given: { schemas: ["a", "b"] },
      steps: [{ op: "join", from: "/schemas", separator: ",", to: "/schemas" }],
      want: { schemas: "a,b" },
    },
  ],
  [
    "map: enum values renamed, others kept",
    {
      given: { ssl: { mode: "allow" }, modes: ["allow", "require"] },
      steps: [
        { op: "map", path: "/ssl/mode", values: { allow: "prefer", disable: "disable" } },
        { op: "map", path: "/modes/*", values: { allow: "prefer" } },
      ],
      want: { ssl: { mode: "prefer" }, modes: ["prefer", "require"] },
    },
  ],
  [
    "drop: a field and every item's field",
    {
      given: { legacy: true, tables: [{ n: 1, x: 1 }, { n: 2 }] },
      steps: [
        { op: "drop", path: "/legacy" },
        { op: "drop", path: "/tables/*/x" },
      ],
      want: { tables: [{ n: 1 }, { n: 2 }] },
    },
  ],
];

describe("applyMigrations: each step kind", () => {
  it.each(CASES)("%s", (_name, { given, steps, want }) => {
    const before = JSON.stringify(given);
    expect(run(given, ...steps)).toEqual(want);
    // Pure: the input is untouched.
    expect(JSON.stringify(given)).toBe(before);
  });
});

const FAILURES: [
  string,
  { given: object; steps: MigrationStep[]; pointer: string; at: string; message: RegExp },
][] = [
  [
    "rename onto a set field",
    {
      given: { a: "s3cr3t", b: 1 },
      steps: [{ op: "rename", from: "/a", to: "/b" }],
      pointer: "/steps/0",
      at: "/b",
      message: /already set/,
    },
  ],
  [
    "split of an ${ENV} reference",
    {
      given: { address: "${ADDR}" },
      steps: [{ op: "split", from: "/address", separator: ":", to: ["/host", "/port"] }],
      pointer: "/steps/0",
      at: "/address",
      message: /reference/,
    },
  ],
  [
    "split part that is not an integer",
    {
      given: { address: "h:abc" },
      steps: [
        {
          op: "split",
          from: "/address",
          separator: ":",
          to: ["/host", "/port"],
          types: ["string", "integer"],
        },
      ],
      pointer: "/steps/0",
      at: "/address",
      message: /integer/,
    },
  ],
  [
    "map of a {{secrets.…}} reference",
    {
      given: { mode: "{{secrets.mode}}" },
      steps: [{ op: "map", path: "/mode", values: { a: "b" } }],
      pointer: "/steps/0",
      at: "/mode",
      message: /reference/,
    },
  ],
  [
    "unwrap of another branch",
    {
      given: { x: 1, credentials: { auth_type: "oauth", token: "t0k3n" } },
      steps: [
        { op: "drop", path: "/x" },
        {
          op: "unwrap",
          path: "/credentials",
          discriminator: { property: "auth_type", value: "key" },
        },
      ],
      pointer: "/steps/1",
      at: "/credentials",
      message: /another branch/,
    },
  ],
  [
    "wrap into a set field",
    {
      given: { password: "p4ss", credentials: {} },
      steps: [{ op: "wrap", path: "/credentials", fields: ["password"] }],
      pointer: "/steps/0",
      at: "/credentials",
      message: /already set/,
    },
  ],
];

describe("applyMigrations: a step that cannot apply", () => {
  it.each(FAILURES)("%s", (_name, { given, steps, pointer, at, message }) => {
    let error: unknown;
    try {
      run(given, ...steps);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MigrationError);
    const [problem] = (error as MigrationError).problems;
    expect(problem).toMatchObject({
      migration: "1.0.0-2.0.0",
      file: "m.json",
      pointer,
      configPointer: at,
    });
    expect(problem.message).toMatch(message);
    // Never a value of the config in the message.
    for (const value of ["s3cr3t", "t0k3n", "p4ss", "abc"])
      expect((error as Error).message).not.toContain(value);
  });
});

describe("applyMigrations: chains and the escape hatch", () => {
  it("applies migrations in order, a function one included", () => {
    const chain: Migration[] = [
      { from: "1.0.0", to: "2.0.0", steps: [{ op: "rename", from: "/user", to: "/username" }] },
      { from: "2.0.0", to: "3.0.0", migrate: (c) => ({ ...c, port: Number(c.port) }) },
    ];
    expect(applyMigrations({ user: "u", port: "5432" }, chain)).toEqual({
      config: { username: "u", port: 5432 },
      applied: ["1.0.0-2.0.0", "2.0.0-3.0.0"],
    });
  });

  it("reports a throwing migrate() by its kind only", () => {
    const chain: Migration[] = [
      {
        from: "1.0.0",
        to: "2.0.0",
        file: "m.ts",
        migrate: (c) => {
          throw new TypeError(`bad ${String(c.password)}`);
        },
      },
    ];
    expect(() => applyMigrations({ password: "hunter2" }, chain)).toThrow(
      /m\.ts: its migrate\(\) threw a TypeError$/,
    );
    const plain: Migration = {
      ...chain[0],
      migrate: () => {
        throw new Error("no");
      },
    };
    expect(() => applyMigrations({}, [plain])).toThrow(/its migrate\(\) threw an Error$/);
  });

  it("rejects a config that is not an object", () => {
    expect(() => applyMigrations(["x"], [])).toThrow(MigrationError);
  });
});

describe("planChain", () => {
  const ms: Migration[] = [
    { from: "1.0.0", to: "2.0.0", steps: [] },
    { from: "2.0.0", to: "3.0.0", steps: [] },
    { from: "4.0.0", to: "5.0.0", steps: [] },
  ];
  const names = (from: string, to: string) =>
    planChain(ms, from, to).map((m) => `${m.from}-${m.to}`);

  it.each([
    ["1.0.0", "5.1.0", ["1.0.0-2.0.0", "2.0.0-3.0.0", "4.0.0-5.0.0"]],
    ["1.4.2", "3.0.0", ["1.0.0-2.0.0", "2.0.0-3.0.0"]],
    ["3.2.0", "5.0.0", ["4.0.0-5.0.0"]],
    ["5.0.0", "5.0.0", []],
    ["0.9.0", "2.0.0", ["1.0.0-2.0.0"]],
  ])("from %s to %s", (from, to, want) => {
    expect(names(from, to)).toEqual(want);
  });

  it("refuses a config newer than the connector, and a version that is not one", () => {
    expect(() => names("6.0.0", "5.0.0")).toThrow(/newer than this connector/);
    expect(() => names("latest", "5.0.0")).toThrow(/not a semver version/);
  });

  it("refuses a migration past the target", () => {
    expect(() => names("1.0.0", "1.5.0")).toThrow(/goes past/);
  });
});
