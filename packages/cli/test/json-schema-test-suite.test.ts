import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import AjvModule, { type AnySchemaObject, type Options, type ValidateFunction } from "ajv";
import Ajv2019Module from "ajv/dist/2019.js";
import Ajv2020Module from "ajv/dist/2020.js";
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { generate, type Diagnostic } from "@onespec/engine";
import { REPO, SCRATCH, typecheck } from "./helpers.js";

// The official JSON-Schema-Test-Suite through `generate` (issue 20): each test group is one
// connector (its schema as connection.json), every group of a draft is generated in one run with
// keepGoing, the output is compiled with strict tsc, and every test of every group runs through
// the generated validator next to plain ajv for the group's draft. A generated validator must
// give the suite's answer wherever plain ajv does. The suite is the vendored copy the loader's
// test uses (packages/core/test/json-schema-test-suite: optional/ and refRemote.json left out).
//
// Printed: per draft and per keyword, how many groups generate, which diagnostic codes refuse the
// others, and how the generated validators compare with plain ajv.

const SUITE = path.join(REPO, "packages/core/test/json-schema-test-suite");
const require = createRequire(import.meta.url);

type Draft = "draft-04" | "draft-06" | "draft-07" | "2019-09" | "2020-12";
const DRAFTS: [folder: string, draft: Draft, uri: string][] = [
  ["draft4", "draft-04", "http://json-schema.org/draft-04/schema#"],
  ["draft6", "draft-06", "http://json-schema.org/draft-06/schema#"],
  ["draft7", "draft-07", "http://json-schema.org/draft-07/schema#"],
  ["draft2019-09", "2019-09", "https://json-schema.org/draft/2019-09/schema"],
  ["draft2020-12", "2020-12", "https://json-schema.org/draft/2020-12/schema"],
];

/**
 * The least each draft must generate; issue 20 wants every group to. Raise them as refusals are
 * fixed. Groups that need a remote schema are not counted.
 */
const GENERATED_FLOOR: Record<Draft, number> = {
  // Every group: base URIs are followed ($id, $anchor, $dynamicAnchor), meta-schemas are read from
  // ajv's copies, enum: [] compiles, $recursiveRef/$dynamicRef are evaluated as ajv does. Groups
  // that need the suite's remote server (localhost:1234) are not counted.
  "draft-04": 152,
  "draft-06": 221,
  "draft-07": 246,
  "2019-09": 355,
  "2020-12": 361,
};

/** The most groups per draft whose "valid" fixtures their own validator rejects. */
const WRONG_FIXTURES_CEILING: Record<Draft, number> = {
  // A fixture is a witness (its own validator accepts it) or is not written.
  "draft-04": 0,
  "draft-06": 0,
  "draft-07": 0,
  "2019-09": 0,
  "2020-12": 0,
};

/**
 * Known defects of other generators and the loader, by "file: group description" (issue 20).
 * What is found must be a subset: anything else fails the test; an entry that no longer shows is
 * fixed (remove it).
 */
const KNOWN: { broken: Set<string>; disagreeing: Set<string> } = {
  broken: new Set(),
  disagreeing: new Set(),
};

/** Left aside like remote references: these files' `$schema` is a custom meta-schema the suite serves over HTTP. */
const REMOTE_META_SCHEMAS = new Set(["vocabulary.json"]);

interface Test {
  description: string;
  data: unknown;
  valid: boolean;
}
interface Group {
  description: string;
  schema: unknown;
  tests: Test[];
}

type Status = "generated" | "refused" | "remote";
interface GroupResult {
  draft: Draft;
  keyword: string;
  index: number;
  name: string;
  description: string;
  status: Status;
  /** Error codes that refused it (or crashed a generator). */
  codes: string[];
  /** Those errors, as "code: message". */
  errors: string[];
  /** Its types fail strict tsc. */
  tscErrors: string[];
  /** Tests plain ajv passes / of those, the generated validator passes too. */
  tests: number;
  agreed: number;
  disagreements: string[];
  /** Tests plain ajv fails but the generated validator passes. */
  beyondAjv: number;
  fixtureFailures: string[];
  formBuilt: boolean;
  /** Generated, but a module of it throws when imported. */
  broken?: string;
}

const results: GroupResult[] = [];
const dirs: string[] = [];
// JSTS_KEEP=1 keeps the generated trees under packages/cli/.tmp for a look.
afterAll(() => {
  if (!process.env.JSTS_KEEP) for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** JSTS_ONLY=dynamicRef,ref: only those files' groups, for a quick look (the floors are then not checked). */
const ONLY = process.env.JSTS_ONLY ? new Set(process.env.JSTS_ONLY.split(",")) : undefined;

function groupsOf(folder: string): { keyword: string; index: number; group: Group }[] {
  const out: { keyword: string; index: number; group: Group }[] = [];
  for (const file of readdirSync(path.join(SUITE, folder))
    .filter((f) => f.endsWith(".json") && !REMOTE_META_SCHEMAS.has(f))
    .filter((f) => !ONLY || ONLY.has(f.replace(/\.json$/, "")))
    .sort())
    (JSON.parse(readFileSync(path.join(SUITE, folder, file), "utf8")) as Group[]).forEach(
      (group, index) => out.push({ keyword: file.replace(/\.json$/, ""), index, group }),
    );
  return out;
}

/** A connector name: kebab-case, unique within the draft. */
const connectorName = (keyword: string, index: number) =>
  `${keyword.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${index}`;

/** ajv for the group's own draft, as plain as it comes: what "plain ajv passes" is measured with. */
function plainAjv(draft: Draft) {
  const options: Options = { strict: false, allErrors: true, logger: false };
  const ajv =
    draft === "draft-04"
      ? new Ajv04Module.default(options)
      : draft === "2019-09"
        ? new Ajv2019Module.default(options)
        : draft === "2020-12"
          ? new Ajv2020Module.default(options)
          : new AjvModule.default(options);
  if (draft === "draft-06")
    ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as AnySchemaObject);
  addFormatsModule.default(ajv);
  return ajv;
}

/** "remote" when the schema needs a schema only the network has (the suite serves them on localhost:1234). */
function compilePlain(
  ajv: ReturnType<typeof plainAjv>,
  schema: unknown,
): ValidateFunction | "remote" | "refused" {
  try {
    return ajv.compile(schema as AnySchemaObject);
  } catch (e) {
    if (typeof (e as { missingRef?: unknown }).missingRef === "string") return "remote";
    return "refused";
  } finally {
    ajv.removeSchema();
  }
}

/** Plain ajv's answer; "threw" where it throws (its $dynamicRef recurses without end on some groups). */
function plainAnswer(validate: ValidateFunction, data: unknown): boolean | "threw" {
  try {
    return validate(data);
  } catch {
    return "threw";
  }
}

/** The errors of a strict tsc run, by connector; `other`: those in no connector's files. */
function tscErrorsByConnector(output: string): {
  byConnector: Map<string, string[]>;
  other: string[];
} {
  const out = new Map<string, string[]>();
  const other: string[] = [];
  for (const line of output.split("\n")) {
    if (!/error TS\d+/.test(line)) continue;
    const m = /(?:^|\/)connectors\/([^/]+)\/(.+)$/.exec(line.trim());
    if (!m) {
      other.push(line.trim());
      continue;
    }
    const list = out.get(m[1]) ?? [];
    list.push(m[2]);
    out.set(m[1], list);
  }
  return { byConnector: out, other };
}

function diagnosticsOf(name: string, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const marker = `connectors/${name}/`;
  return diagnostics.filter(
    (d) =>
      d.connector === name ||
      (d.file !== undefined && d.file.split(path.sep).join("/").includes(marker)),
  );
}

describe.each(DRAFTS)("JSON-Schema-Test-Suite %s through generate", (folder, draft, uri) => {
  it("generates each group as a connector; types compile; validators agree with plain ajv", async () => {
    const all = groupsOf(folder);
    mkdirSync(SCRATCH, { recursive: true });
    const dir = mkdtempSync(path.join(SCRATCH, `jsts-${folder}-`));
    dirs.push(dir);
    const schemas = path.join(dir, "schemas");
    const out = path.join(dir, "generated");
    const write = (rel: string, value: unknown) => {
      const file = path.join(schemas, rel);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
    };
    const plain = plainAjv(draft);
    const compiledPlain = new Map<string, ValidateFunction | "remote" | "refused">();
    for (const { keyword, index, group } of all) {
      const name = connectorName(keyword, index);
      // A boolean schema stays what it is: a boolean root is part of what is measured.
      const schema =
        typeof group.schema === "object" && group.schema !== null && !("$schema" in group.schema)
          ? { $schema: uri, ...group.schema }
          : group.schema;
      compiledPlain.set(name, compilePlain(plain, schema));
      write(`connectors/${name}/connection.json`, schema);
      write(`connectors/${name}/connector.json`, {
        name,
        displayName: `${folder} ${keyword} ${index}`,
        description: `JSON-Schema-Test-Suite ${folder}/${keyword}.json, group ${index}.`,
        serviceType: "Other",
        capabilities: ["metadata"],
        version: "0.1.0",
        docsUrl: "https://example.com/docs",
      });
      write(`connectors/${name}/test-connection.json`, {
        steps: [
          {
            name: "CheckAccess",
            description: "Connect.",
            mandatory: true,
            shortCircuit: true,
            errorMessage: "Check the settings.",
          },
        ],
      });
    }

    const outcome = await generate({ schemas, out, keepGoing: true, cache: false, cwd: dir });
    const generated = new Set(
      existsSync(path.join(out, "connectors")) ? readdirSync(path.join(out, "connectors")) : [],
    );
    // Diagnostics no connector can be blamed for would hide a crash.
    const unplaced = outcome.diagnostics.filter(
      (d) =>
        d.severity === "error" &&
        d.connector === undefined &&
        (d.file === undefined || !/connectors[/\\]/.test(d.file)),
    );
    expect(unplaced.map((d) => `${d.code}: ${d.message}`)).toEqual([]);

    const tsc = generated.size > 0 ? typecheck(out) : { code: 0, output: "" };
    const { byConnector: tscErrors, other: tscOther } = tscErrorsByConnector(tsc.output);
    // Anything tsc says that is not about one connector's files is a failure of the whole output.
    expect(tscOther).toEqual([]);
    if (tsc.code !== 0) expect(tscErrors.size, tsc.output.slice(0, 2000)).toBeGreaterThan(0);

    for (const { keyword, index, group } of all) {
      const name = connectorName(keyword, index);
      const reference = compiledPlain.get(name)!;
      const errors = diagnosticsOf(name, outcome.diagnostics).filter((d) => d.severity === "error");
      const codes = [...new Set(errors.map((d) => d.code))].sort();
      const r: GroupResult = {
        draft,
        keyword,
        index,
        name,
        description: group.description,
        status: reference === "remote" ? "remote" : generated.has(name) ? "generated" : "refused",
        codes,
        errors: errors.map((d) => `${d.code}${d.pointer ? ` at ${d.pointer}` : ""}: ${d.message}`),
        tscErrors: tscErrors.get(name) ?? [],
        tests: 0,
        agreed: 0,
        disagreements: [],
        beyondAjv: 0,
        fixtureFailures: [],
        formBuilt: false,
      };
      results.push(r);
      if (!generated.has(name)) continue;
      const at = path.join(out, "connectors", name);
      let validate: (x: unknown) => boolean;
      try {
        ({ validate } = (await import(
          pathToFileURL(path.join(at, "compiled-validator.ts")).href
        )) as { validate: (x: unknown) => boolean });
      } catch (e) {
        r.broken = `compiled-validator.ts does not load: ${(e as Error).message}`;
        continue;
      }
      const run = (data: unknown): boolean | "threw" => {
        try {
          return validate(data);
        } catch {
          return "threw";
        }
      };
      if (reference !== "remote")
        for (const t of group.tests) {
          const plainPasses = reference !== "refused" && plainAnswer(reference, t.data) === t.valid;
          const oursPasses = run(t.data) === t.valid;
          if (plainPasses) {
            r.tests++;
            if (oursPasses) r.agreed++;
            else
              r.disagreements.push(
                `${t.description} (${JSON.stringify(t.data).slice(0, 80)} should be ${t.valid ? "valid" : "invalid"})`,
              );
          } else if (oursPasses) r.beyondAjv++;
        }
      const fixtures = JSON.parse(readFileSync(path.join(at, "fixtures.json"), "utf8")) as {
        valid: { name: string; config: unknown }[];
        invalid: { name: string; config: unknown }[];
      };
      for (const f of fixtures.valid)
        if (run(f.config) !== true) r.fixtureFailures.push(`valid fixture ${f.name} is rejected`);
      for (const f of fixtures.invalid)
        if (run(f.config) !== false)
          r.fixtureFailures.push(`invalid fixture ${f.name} is accepted`);
      try {
        const form = (await import(pathToFileURL(path.join(at, "form.ts")).href)) as {
          schema?: unknown;
          uiSchema?: unknown;
        };
        r.formBuilt = form.schema !== undefined && typeof form.uiSchema === "object";
      } catch (e) {
        r.broken = `form.ts does not load: ${(e as Error).message}`;
      }
    }

    const mine = results.filter((r) => r.draft === draft);
    const crashes = mine.filter((r) => r.codes.some((c) => /^generate\/.+-failed$/.test(c)));
    const counted = mine.filter((r) => r.status !== "remote");
    const ok = counted.filter((r) => r.status === "generated");
    const disagreeing = ok.filter((r) => r.disagreements.length > 0);
    console.log(draftSummary(folder, mine));
    for (const r of disagreeing)
      console.log(
        `  disagrees: ${r.keyword}-${r.index} (${r.description}): ${r.disagreements.join("; ")}`,
      );
    for (const r of ok.filter((x) => x.broken))
      console.log(`  broken: ${r.keyword}-${r.index}: ${r.broken}`);
    for (const r of crashes)
      console.log(`  crash: ${r.keyword}-${r.index} (${r.description}): ${r.codes.join(", ")}`);
    for (const r of ok.filter((x) => x.tscErrors.length))
      console.log(`  tsc: ${r.keyword}-${r.index}: ${r.tscErrors.slice(0, 2).join(" | ")}`);
    for (const r of ok.filter((x) => x.fixtureFailures.length))
      console.log(
        `  fixtures: ${r.keyword}-${r.index}: ${r.fixtureFailures.slice(0, 2).join("; ")}`,
      );
    // JSTS_VERBOSE=1: every refused group with its errors.
    if (process.env.JSTS_VERBOSE)
      for (const r of counted.filter((x) => x.status === "refused"))
        console.log(
          `  refused: ${r.keyword}-${r.index} (${r.description}):\n    ${r.errors.join("\n    ")}`,
        );

    const label = (r: GroupResult) => `${r.keyword}: ${r.description}`;
    // No group may crash a generator: valid JSON Schema is generated or refused with a diagnostic.
    expect(crashes.map((r) => `${r.name}: ${r.codes.join(", ")}`)).toEqual([]);
    // What generates is right: its types compile under strict tsc (a fixtures.ts that does not is
    // only allowed where the fixture is wrong: its own validator rejects it, counted below), its
    // form is built, its modules load, and its validator passes every test plain ajv passes.
    expect(
      ok
        .filter(
          (r) =>
            r.tscErrors.some((e) => !e.startsWith("fixtures.ts")) ||
            (r.tscErrors.length > 0 && r.fixtureFailures.length === 0),
        )
        .map((r) => `${r.name}: ${r.tscErrors[0]}`),
    ).toEqual([]);
    expect(ok.filter((r) => !r.formBuilt && !r.broken).map((r) => r.name)).toEqual([]);
    expect(
      ok
        .filter((r) => r.broken && !KNOWN.broken.has(label(r)))
        .map((r) => `${r.name}: ${r.broken}`),
    ).toEqual([]);
    expect(
      disagreeing
        .filter((r) => !KNOWN.disagreeing.has(label(r)))
        .map((r) => `${r.name}: ${r.disagreements[0]}`),
    ).toEqual([]);
    // Still to be fixed (issue 20), so held where they are today: no fewer groups generate, no
    // more have fixtures their validator rejects.
    if (!ONLY) expect(ok.length).toBeGreaterThanOrEqual(GENERATED_FLOOR[draft]);
    expect(ok.filter((r) => r.fixtureFailures.length > 0).length).toBeLessThanOrEqual(
      WRONG_FIXTURES_CEILING[draft],
    );
  }, 600_000);
});

describe("JSON-Schema-Test-Suite counts", () => {
  it("prints the table per draft and per keyword", () => {
    if (results.length === 0) return; // a draft was filtered out with -t
    console.log(countsTable(results));
  });
});

function draftSummary(folder: string, rs: GroupResult[]): string {
  const counted = rs.filter((r) => r.status !== "remote");
  const ok = counted.filter((r) => r.status === "generated");
  const codes = new Map<string, number>();
  for (const r of counted)
    if (r.status === "refused")
      for (const c of r.codes.length ? r.codes : ["(none)"]) codes.set(c, (codes.get(c) ?? 0) + 1);
  const sole = new Map<string, number>();
  for (const r of counted)
    if (r.status === "refused" && r.codes.length === 1)
      sole.set(r.codes[0], (sole.get(r.codes[0]) ?? 0) + 1);
  const tests = ok.reduce((n, r) => n + r.tests, 0);
  const agreed = ok.reduce((n, r) => n + r.agreed, 0);
  const beyond = ok.reduce((n, r) => n + r.beyondAjv, 0);
  const fixtureFailures = ok.reduce((n, r) => n + r.fixtureFailures.length, 0);
  return [
    `JSON-Schema-Test-Suite ${folder}: ${rs.length} groups, ${rs.length - counted.length} need a remote schema; of the other ${counted.length}: ${ok.length} generate, ${counted.length - ok.length} refused`,
    `  refused by (groups carrying each error code): ${
      [...codes]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "none"
    }`,
    `  refused by that code alone: ${
      [...sole]
        .sort((a, b) => b[1] - a[1])
        .map(([c, n]) => `${c} ${n}`)
        .join(", ") || "none"
    }`,
    `  generated: ${ok.filter((r) => r.tscErrors.length === 0).length} compile under strict tsc, ${ok.filter((r) => r.formBuilt).length} forms built, ${fixtureFailures} fixtures their own validator disagrees with (${ok.filter((r) => r.fixtureFailures.length).length} groups)`,
    `  validators: of the ${tests} tests plain ajv passes, the generated validators pass ${agreed}; disagreements ${tests - agreed}; ${beyond} tests plain ajv fails are passed`,
  ].join("\n");
}

function countsTable(rs: GroupResult[]): string {
  const drafts = DRAFTS.map(([, d]) => d);
  const keywords = [...new Set(rs.map((r) => r.keyword))].sort();
  const cell = (list: GroupResult[]) => {
    if (list.length === 0) return "";
    const counted = list.filter((r) => r.status !== "remote");
    const ok = counted.filter((r) => r.status === "generated").length;
    const remote = list.length - counted.length;
    return `${ok}/${counted.length}${remote ? ` +${remote}r` : ""}`;
  };
  const refusals = (list: GroupResult[]) => {
    const codes = new Map<string, number>();
    for (const r of list)
      if (r.status === "refused") for (const c of r.codes) codes.set(c, (codes.get(c) ?? 0) + 1);
    return [...codes]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([c, n]) => `${c} ${n}`)
      .join(", ");
  };
  const rows: string[][] = [["keyword", ...drafts, "refused by (groups, all drafts)"]];
  for (const k of keywords) {
    const mine = rs.filter((r) => r.keyword === k);
    rows.push([k, ...drafts.map((d) => cell(mine.filter((r) => r.draft === d))), refusals(mine)]);
  }
  rows.push(["all", ...drafts.map((d) => cell(rs.filter((r) => r.draft === d))), refusals(rs)]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [
    "Groups that generate / groups (+Nr: groups that need a remote schema, not counted):",
    line(rows[0]),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.slice(1).map(line),
  ].join("\n");
}
