import { createRequire } from "node:module";
import {
  createAjv,
  locate,
  MIGRATION_FILE,
  parseSource,
  type Diagnostic,
  type MigrationSource,
  type SourceFile,
} from "@onespec/core";
import { compareVersions, type Migration, type MigrationStep } from "@onespec/runtime";

const require = createRequire(import.meta.url);
/** The JSON Schema of a migration file (also published as `@onespec/migrate/migration-file.schema.json`). */
export const migrationFileSchema = require("./migration-file.schema.json") as object;

let validateFile: ReturnType<ReturnType<typeof createAjv>["compile"]> | undefined;

/** `<from>-<to>` of a migration file's name, or undefined when the name is not one. */
export function versionsOfFile(file: string): { from: string; to: string } | undefined {
  const m = MIGRATION_FILE.exec(file.split(/[\\/]/).pop()!);
  return m ? { from: m[1], to: m[2] } : undefined;
}

/** Steps whose pointers may hold `*` (they act on every match); the others move one value. */
const WILDCARD_OPS = new Set(["default", "map", "drop"]);

function pointersOf(step: MigrationStep): [string, string][] {
  const out: [string, string][] = [];
  for (const key of ["from", "to", "path"] as const) {
    const v = (step as Record<string, unknown>)[key];
    if (typeof v === "string") out.push([key, v]);
    else if (Array.isArray(v)) v.forEach((p, i) => out.push([`${key}/${i}`, String(p)]));
  }
  return out;
}

const at = (source: SourceFile, pointer: string) => {
  const { line, column } = locate(source, pointer);
  return { pointer, line, column };
};

/**
 * A declared migration file parsed and checked against the migration file schema, and against
 * what the schema cannot say (a `*` where one value moves, a migration that goes back). Every
 * problem is a diagnostic located in the file (line, column, JSON pointer).
 */
export function parseMigrationFile(file: MigrationSource): {
  migration?: Migration;
  diagnostics: Diagnostic[];
} {
  const shown = file.displayPath;
  const versions = versionsOfFile(file.file);
  if (!versions)
    return {
      diagnostics: [
        {
          severity: "error",
          code: "migration/file-name",
          message: `${shown} is not named <from>-<to>.json with two semver versions.`,
          file: shown,
          hint: "Rename it, e.g. migrations/1.0.0-2.0.0.json.",
        },
      ],
    };
  const { source, diagnostics } = parseSource(shown, file.text);
  if (!source) return { diagnostics };
  const problem = (pointer: string, message: string, hint?: string): Diagnostic => ({
    severity: "error",
    code: "migration/invalid",
    message: `${pointer || "(root)"} ${message}`,
    file: shown,
    ...at(source, pointer),
    ...(hint !== undefined && { hint }),
  });
  if (!(compareVersions(versions.from, versions.to) < 0))
    return {
      diagnostics: [
        {
          severity: "error",
          code: "migration/file-name",
          message: `${shown} goes from ${versions.from} to ${versions.to}: a migration goes to a later version.`,
          file: shown,
          hint: "Name it <older>-<newer>.json.",
        },
      ],
    };
  validateFile ??= createAjv({}, "draft-07").compile(migrationFileSchema);
  if (!validateFile(source.json)) {
    // With the `op` discriminator, ajv reports the errors of the step's own kind only.
    const seen = new Set<string>();
    const out: Diagnostic[] = [];
    const errors = validateFile.errors ?? [];
    for (const e of errors) {
      // An unknown op fails the op's enum, located at the op; ajv says so again for the step as
      // `value of tag "op" must be in oneOf`, which adds nothing.
      if (e.keyword === "discriminator" && errors.length > 1) continue;
      const pointer =
        e.keyword === "additionalProperties"
          ? `${e.instancePath}/${String(e.params.additionalProperty).replace(/~/g, "~0").replace(/\//g, "~1")}`
          : e.instancePath;
      const message =
        e.keyword === "additionalProperties"
          ? "is not a known key of this step"
          : e.keyword === "pattern"
            ? "must be a JSON pointer into the config, e.g. /credentials/password"
            : e.keyword === "enum" || e.keyword === "const"
              ? `must be one of ${JSON.stringify((e.params as { allowedValues?: unknown[] }).allowedValues ?? [(e.params as { allowedValue?: unknown }).allowedValue])}`
              : (e.message ?? "is invalid");
      const key = `${pointer} ${message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(
        problem(pointer, message, "The migration file format and its steps: docs/migrations.md."),
      );
    }
    return { diagnostics: out };
  }
  const json = source.json as { steps: MigrationStep[] };
  const out: Diagnostic[] = [];
  json.steps.forEach((step, i) => {
    for (const [key, pointer] of pointersOf(step))
      if (!WILDCARD_OPS.has(step.op) && pointer.split("/").includes("*"))
        out.push(
          problem(
            `/steps/${i}/${key}`,
            `uses *, but a ${step.op} step moves one value`,
            "Name the field itself; * is for default, map and drop.",
          ),
        );
    if ((step.op === "rename" || step.op === "move") && step.from === step.to)
      out.push(problem(`/steps/${i}/to`, "is the same as from: the step does nothing"));
  });
  if (out.length > 0) return { diagnostics: out };
  return {
    migration: { from: versions.from, to: versions.to, file: shown, steps: json.steps },
    diagnostics: [],
  };
}
