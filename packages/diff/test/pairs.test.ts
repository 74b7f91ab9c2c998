import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { bundle, createAjv, isObject, type JsonObject, type SchemaModel } from "@onespec/core";
import { fixturesFor } from "@onespec/gen-fixtures";
import { diffTrees, type ConnectorDiff } from "../src/index.js";
import { cleanupTestdirs, connectorFiles, loadFiles } from "./tree.js";
import { randomValue, rng } from "@onespec/migrate";

/**
 * Each case is a pair of tiny schemas and what the diff must say of them: the kinds of change
 * found and the verdict of the whole (the worst: breaking, then unknown, then compatible; none
 * when nothing changed). `before`/`after` are the schema of one config field `f`, or with
 * `root: true` the whole connection schema; `*Definitions` become the connection schema's
 * `definitions`, `*Files` extra files of the tree, `draft` the `$schema` of each side.
 */
interface Case {
  name: string;
  root?: boolean;
  before: unknown;
  after: unknown;
  definitions?: JsonObject;
  beforeDefinitions?: JsonObject;
  afterDefinitions?: JsonObject;
  beforeFiles?: Record<string, unknown>;
  afterFiles?: Record<string, unknown>;
  draft?: { before?: string; after?: string };
  kinds: string[];
  verdict: "breaking" | "compatible" | "unknown" | "none";
}

const CASES: Case[] = JSON.parse(readFileSync(new URL("./pairs.json", import.meta.url), "utf8"));
const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

function connection(c: Case, side: "before" | "after"): JsonObject {
  const schema = c[side];
  const definitions = c[`${side}Definitions`] ?? c.definitions;
  const body = c.root ? (schema as JsonObject) : { type: "object", properties: { f: schema } };
  return { $schema: c.draft?.[side] ?? DRAFT_07, ...body, ...(definitions ? { definitions } : {}) };
}

async function load(c: Case, side: "before" | "after"): Promise<SchemaModel> {
  return loadFiles({ ...connectorFiles("x", connection(c, side)), ...(c[`${side}Files`] ?? {}) });
}

export function overall(changes: readonly ConnectorDiff[]): Case["verdict"] {
  if (changes.length === 0) return "none";
  for (const v of ["breaking", "unknown"] as const)
    if (changes.some((c) => c.verdict === v)) return v;
  return "compatible";
}

afterAll(cleanupTestdirs);

describe("before/after pairs", () => {
  it("has at least 80 cases with distinct names", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(80);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const [before, after] = [await load(c, "before"), await load(c, "after")];
    const changes = diffTrees(before, after);
    const seen = {
      kinds: [...new Set(changes.map((d) => d.kind))].sort(),
      verdict: overall(changes),
    };
    expect(
      seen,
      JSON.stringify(
        changes.map((d) => [d.kind, d.verdict, d.reason]),
        null,
        1,
      ),
    ).toEqual({ kinds: [...c.kinds].sort(), verdict: c.verdict });
    for (const d of changes) {
      expect(d.connector).toBe("x");
      expect(d.reason.length).toBeGreaterThan(10);
      expect(d.file).toBeTruthy();
      expect(d.line).toBeGreaterThan(0);
    }
  });
});

/**
 * The decision procedure's promise, checked: where the diff says compatible (or nothing
 * changed), every config valid under the old schema is valid under the new one. The configs are
 * the old schema's fixtures (one per branch, minimal and full) and random configs from it, each
 * kept only if the old validator accepts it.
 */
describe("compatible verdicts keep old configs valid", () => {
  const compatible = CASES.filter((c) => c.verdict === "compatible" || c.verdict === "none");

  it("covers every compatible case", () => {
    expect(compatible.length).toBeGreaterThanOrEqual(40);
  });

  it.each(compatible.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { configs, validNow } = await oldConfigs(c);
    expect(configs.length).toBeGreaterThan(0);
    for (const config of configs)
      expect(validNow(config), `${JSON.stringify(config)} ${JSON.stringify(validNow.errors)}`).toBe(
        true,
      );
  });
});

/** Keywords whose verdicts the shapes below decide: tuples, not, conditionals, dependencies, patterns. */
const SHAPES = [
  "prefixItems",
  "additionalItems",
  "not",
  "if",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "patternProperties",
];
const hasShape = (value: unknown): boolean =>
  Array.isArray(value)
    ? value.some(hasShape)
    : isObject(value) &&
      Object.entries(value).some(
        ([k, v]) => SHAPES.includes(k) || (k === "items" && Array.isArray(v)) || hasShape(v),
      );

/**
 * The check above only means something if the configs reach these shapes: for each breaking
 * verdict about one (other than a default or a secret marker), some config valid under the old
 * schema is rejected by the new one.
 */
describe("the old configs reach tuples, not, conditionals, dependencies and patterns", () => {
  const breaking = CASES.filter(
    (c) => c.verdict === "breaking" && (hasShape(c.before) || hasShape(c.after)),
  );

  it("has breaking cases of these shapes", () => {
    expect(breaking.length).toBeGreaterThanOrEqual(15);
  });

  it.each(breaking.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    const { configs, validNow } = await oldConfigs(c, 200);
    expect(configs.some((config) => !validNow(config))).toBe(true);
  });
});

/** The old schema's fixtures and random configs from it that its validator accepts, and the new validator. */
async function oldConfigs(c: Case, random = 60) {
  const [before, after] = [await load(c, "before"), await load(c, "after")];
  const schema = (m: SchemaModel) => bundle(m, { doc: m.connectors[0].entry, pointer: "" });
  const validator = (s: JsonObject) =>
    createAjv({}, s.$schema === DRAFT_07 ? "draft-07" : "2020-12").compile(s);
  const [old, now] = [schema(before), schema(after)];
  const [validOld, validNow] = [validator(old), validator(now)];
  const next = rng(c.name);
  const configs = [
    ...fixturesFor("x", old).valid.map((f) => f.config),
    ...Array.from({ length: random }, () => randomValue(old, old, next)),
  ].filter((config) => validOld(config));
  return { configs, validNow };
}
