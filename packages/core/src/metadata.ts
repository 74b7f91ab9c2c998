import type { ErrorObject } from "ajv";
import type { Diagnostic } from "./diagnostics.js";
import { locate, type SourceFile } from "./source.js";
import { precompiledValidator } from "./meta-schema-validators.js";

export type MetadataKind = "connector" | "test-connection";

/**
 * The validator of each metadata file's schema (meta/<kind>.schema.json), relative to this module:
 * compiled ahead of time by scripts/precompile-meta-schemas.ts with createAjv's options, so a
 * tree with metadata files loads neither ajv nor its compiler (~60 ms of every such run).
 */
export const METADATA_VALIDATORS: Record<MetadataKind, string> = {
  connector: "meta/connector.validate.cjs",
  "test-connection": "meta/test-connection.validate.cjs",
};

const validatorOf = (kind: MetadataKind) => precompiledValidator(METADATA_VALIDATORS[kind]);

export function errorPointer(e: ErrorObject): string {
  if (e.keyword === "required")
    return `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`;
  if (e.keyword === "additionalProperties")
    return `${e.instancePath}/${(e.params as { additionalProperty: string }).additionalProperty}`;
  return e.instancePath;
}

/** Reads and validates connector.json / test-connection.json; returns the value when valid. */
export async function validateMetadataFile(
  file: string,
  kind: MetadataKind,
  readJson: (file: string) => Promise<SourceFile | undefined>,
  diag: (d: Diagnostic) => void,
  display: (p: string) => string,
): Promise<unknown> {
  const source = await readJson(file);
  if (!source) return undefined;
  const validate = validatorOf(kind);
  if (validate(source.json)) {
    if (kind === "test-connection") {
      const steps = (source.json as { steps: { name: string }[] }).steps;
      const seen = new Set<string>();
      let ok = true;
      steps.forEach((s, i) => {
        if (seen.has(s.name)) {
          ok = false;
          diag({
            severity: "error",
            code: "metadata/duplicate-step",
            message: `Test-connection step "${s.name}" is declared twice.`,
            file: display(file),
            pointer: `/steps/${i}/name`,
            ...locate(source, `/steps/${i}/name`),
            hint: "Give every step a unique name.",
          });
        }
        seen.add(s.name);
      });
      if (!ok) return undefined;
    }
    return source.json;
  }
  for (const e of validate.errors ?? []) {
    const pointer = errorPointer(e);
    diag({
      severity: "error",
      code: `metadata/invalid-${kind}`,
      message: `${kind === "connector" ? "Connector metadata" : "Test-connection steps"}: ${pointer || "(root)"} ${e.message}${
        e.keyword === "enum"
          ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(", ")})`
          : ""
      }.`,
      file: display(file),
      pointer,
      ...locate(source, pointer),
      hint: `See the shape in packages/core/src/meta/${kind}.schema.json.`,
    });
  }
  return undefined;
}
