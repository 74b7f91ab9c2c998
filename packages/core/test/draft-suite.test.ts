import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import AjvModule, { type AnySchemaObject, type Options, type ValidateFunction } from "ajv";
import Ajv2019Module from "ajv/dist/2019.js";
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { createRequire } from "node:module";
import { createAjv, loadTree, type SchemaModel, type SourceDraft } from "../src/index.js";
import { DRAFT_URIS } from "../src/draft-convert.js";
import { cleanupTestdirs, testdir } from "./testdir.js";

// The official JSON-Schema-Test-Suite (vendored with its licence under json-schema-test-suite/:
// draft4, draft6 and draft2019-09, without optional/ and the remote-reference files). Every group's
// schema is loaded as onespec loads a file of its draft: checked against that draft's own
// meta-schema, then converted to the draft the generators use (draft-07 or 2020-12). The converted
// schema, compiled as the generators compile it, must give every test the answer the suite
// expects wherever ajv for the original draft does.

afterAll(cleanupTestdirs);

const SUITE = fileURLToPath(new URL("./json-schema-test-suite/", import.meta.url));
const require = createRequire(import.meta.url);

interface Group {
  description: string;
  schema: unknown;
  tests: { description: string; data: unknown; valid: boolean }[];
}

const DRAFTS: [folder: string, draft: SourceDraft][] = [
  ["draft4", "draft-04"],
  ["draft6", "draft-06"],
  ["draft2019-09", "2019-09"],
];

/**
 * Where the conversion knowingly gives another answer than the draft, by "file: group", so
 * anything else that disagrees fails the test. None: 2019-09's `$recursiveAnchor`/`$recursiveRef`
 * are read as 2020-12's `$dynamicAnchor`/`$dynamicRef` (as ajv reads them).
 */
const KNOWN: Record<string, string[]> = {
  "draft-04": [],
  "draft-06": [],
  "2019-09": [],
};

/** Left aside like remote references: these groups' `$schema` is a custom meta-schema the suite serves over HTTP. */
const REMOTE_META_SCHEMAS = new Set(["vocabulary.json"]);

function groups(folder: string): { file: string; index: number; group: Group }[] {
  const out: { file: string; index: number; group: Group }[] = [];
  for (const file of readdirSync(path.join(SUITE, folder))
    .filter((f) => f.endsWith(".json") && !REMOTE_META_SCHEMAS.has(f))
    .sort())
    (JSON.parse(readFileSync(path.join(SUITE, folder, file), "utf8")) as Group[]).forEach(
      (group, index) => out.push({ file, index, group }),
    );
  return out;
}

/** ajv for the draft the suite is written in: what "plain ajv passes" is measured with. */
function referenceAjv(draft: SourceDraft) {
  const options: Options = { strict: false, logger: false };
  const ajv =
    draft === "draft-04"
      ? new Ajv04Module.default(options)
      : draft === "2019-09"
        ? new Ajv2019Module.default(options)
        : new AjvModule.default(options);
  if (draft === "draft-06")
    ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as AnySchemaObject);
  addFormatsModule.default(ajv);
  return ajv;
}

/**
 * A compiled schema; "remote" when it refers to a schema only the network has (the suite serves
 * them on localhost:1234), a validator that fails everything when ajv refuses it (`enum: []`).
 */
function compile(compileWith: () => ValidateFunction): ValidateFunction | "remote" {
  try {
    return compileWith();
  } catch (e) {
    if (typeof (e as { missingRef?: unknown }).missingRef === "string") return "remote"; // ajv's MissingRefError
    return Object.assign(() => undefined, { errors: null }) as unknown as ValidateFunction;
  }
}

describe.each(DRAFTS)("JSON-Schema-Test-Suite %s", (folder, draft) => {
  const all = groups(folder);
  let model: SchemaModel;
  const fileOf = (file: string, index: number) =>
    `${folder}/${file.replace(/\.json$/, "")}-${index}.json`;

  it("loads every group as its own draft: no meta-schema error, no unknown draft", async () => {
    // Each group's schema is one file of one tree, with the $schema its folder implies.
    const files: Record<string, object> = {};
    for (const { file, index, group } of all) {
      const schema =
        typeof group.schema === "boolean" ? { allOf: [group.schema] } : (group.schema as object);
      files[fileOf(file, index)] =
        "$schema" in schema ? schema : { $schema: DRAFT_URIS[draft], ...schema };
    }
    const root = await testdir(files);
    model = await loadTree({ root, cwd: root, entries: [`${folder}/*.json`] });
    const wrong = model.diagnostics.filter(
      (d) => d.code === "schema/meta" || d.code === "schema/unknown-draft",
    );
    expect(wrong.map((d) => `${d.file}${d.pointer}: ${d.message}`)).toEqual([]);
    // Besides the groups, the meta-schemas some of them reference (read from ajv's copies).
    expect([...model.docs.values()].filter((d) => !d.builtIn).length).toBe(all.length);
    const codes = new Map<string, number>();
    for (const d of model.diagnostics)
      if (d.severity === "error") codes.set(d.code, (codes.get(d.code) ?? 0) + 1);
    console.log(
      `JSON-Schema-Test-Suite ${folder}: ${all.length} groups loaded; other errors the loader reports: ${[...codes].map(([c, n]) => `${c} ${n}`).join(", ") || "none"}`,
    );
    for (const doc of model.docs.values()) {
      if (doc.builtIn) continue;
      expect(doc.sourceDraft).toBe(draft);
      expect(doc.draft).toBe(draft === "2019-09" ? "2020-12" : "draft-07");
    }
  });

  it("converted to the generators' draft, answers every test as the draft does", () => {
    const reference = referenceAjv(draft);
    const ours = createAjv({ strict: false }, draft === "2019-09" ? "2020-12" : "draft-07");
    let tests = 0;
    let agreed = 0;
    let skipped = 0;
    let remote = 0;
    const disagreeing = new Set<string>();
    const byKeyword = new Map<string, { tests: number; agreed: number }>();
    for (const { file, index, group } of all) {
      const original =
        typeof group.schema === "boolean" ? { allOf: [group.schema] } : (group.schema as object);
      const doc = [...model.docs.values()].find((d) => d.rel === fileOf(file, index))!;
      const plain = compile(() => reference.compile({ ...original, $schema: DRAFT_URIS[draft] }));
      // ajv keeps compiled schemas by $id: give each group its own instance's worth of ids.
      reference.removeSchema();
      const converted = compile(() => ours.compile(doc.json as object));
      ours.removeSchema();
      const keyword = file.replace(/\.json$/, "");
      const counts = byKeyword.get(keyword) ?? { tests: 0, agreed: 0 };
      byKeyword.set(keyword, counts);
      for (const t of group.tests) {
        if (plain === "remote" || converted === "remote") {
          remote++;
          continue;
        }
        if (plain(t.data) !== t.valid) {
          skipped++; // plain ajv does not pass it either
          continue;
        }
        tests++;
        counts.tests++;
        if (converted(t.data) === t.valid) {
          agreed++;
          counts.agreed++;
        } else disagreeing.add(`${file}: ${group.description}`);
      }
    }
    console.log(
      `JSON-Schema-Test-Suite ${folder}: ${all.length} groups; of the ${tests} tests plain ajv passes, the converted schemas pass ${agreed} (left aside: ${skipped} tests plain ajv does not pass, ${remote} that need a remote schema); by keyword: ${[
        ...byKeyword,
      ]
        .filter(([, c]) => c.tests > 0)
        .map(([k, c]) => `${k} ${c.agreed}/${c.tests}`)
        .join(", ")}`,
    );
    expect([...disagreeing].sort()).toEqual([...KNOWN[draft]].sort());
    expect(tests).toBeGreaterThan(300);
  });
});
