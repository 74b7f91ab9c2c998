/** What kind of spec a file holds: an Airbyte spec, an OpenMetadata connection schema or a plain JSON Schema. */
import path from "node:path";
import { isObject, typesOf, unwrapAirbyteSpec, type JsonObject } from "@onespec/core";
import type { ImportKind } from "./rule.js";

export interface DetectedSpec {
  kind: ImportKind;
  /** The Airbyte spec's documentationUrl. */
  docsUrl?: string;
  /** An Airbyte spec's supportsIncremental. */
  incremental?: boolean;
  /** What was left out of the file, for the notes. */
  notes: string[];
}

/** Top-level keys of an Airbyte ConnectorSpecification besides the schema itself. */
const AIRBYTE_SPEC_KEYS = [
  "documentationUrl",
  "documentation_url",
  "changelogUrl",
  "supportsIncremental",
  "supportsNormalization",
  "supportsDBT",
  "supported_destination_sync_modes",
  "supported_sync_modes",
  "advanced_auth",
  "authSpecification",
  "protocol_version",
];

function typeName(v: unknown): string {
  return v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : typeof v === "object"
        ? "an object"
        : `a ${typeof v}`;
}

/**
 * The kind of the spec in `json` (the file as written) at `file`; throws for a file that holds
 * no connection schema.
 */
export function detectKind(json: unknown, shown: string, file: string): DetectedSpec {
  if (!isObject(json))
    throw new Error(
      `${shown}: expected a JSON object (an Airbyte connector spec, an OpenMetadata connection schema or a JSON Schema), but the file holds ${typeName(json)}`,
    );
  const notes: string[] = [];
  // An Airbyte spec wrapper (also inside a protocol message {"type": "SPEC", "spec": {...}}): the
  // schema is its connectionSpecification, read as the loader reads it.
  const unwrapped = unwrapAirbyteSpec(json);
  if (unwrapped && "problem" in unwrapped) throw new Error(`${shown}: ${unwrapped.problem}`);
  const spec = json.type === "SPEC" && isObject(json.spec) ? json.spec : json;
  if (unwrapped) {
    const schemaKey = unwrapped.base.split("/").pop()!;
    const dropped = Object.keys(spec).filter(
      (k) => k !== schemaKey && k !== "documentationUrl" && k !== "documentation_url",
    );
    if (dropped.length)
      notes.push(
        `Airbyte spec: kept "${schemaKey}" as the connection schema; dropped ${dropped.map((k) => `"${k}"`).join(", ")} (not part of onespec's connection schema).`,
      );
    checkSchemaRoot(unwrapped.schema as JsonObject, `${shown} (${schemaKey})`);
    return {
      kind: "airbyte",
      ...(unwrapped.documentationUrl ? { docsUrl: unwrapped.documentationUrl } : {}),
      ...(spec.supportsIncremental === true ? { incremental: true } : {}),
      notes,
    };
  }
  const specKey = AIRBYTE_SPEC_KEYS.find((k) => k in spec);
  if (
    specKey &&
    !("properties" in spec) &&
    !("type" in spec && typeof spec.type === "string" && spec.type !== "SPEC")
  )
    throw new Error(
      `${shown}: looks like an Airbyte connector spec (it has "${specKey}") but has no "connectionSpecification" holding the connection schema`,
    );
  checkSchemaRoot(spec, shown);
  const text = JSON.stringify(spec);
  const openmetadata =
    "javaType" in spec ||
    (typeof spec.$id === "string" && /open-?metadata/i.test(spec.$id)) ||
    (/[\\/]connections[\\/]/.test(file) && /Connection\.json$/.test(file));
  // The Airbyte corpus holds bare connectionSpecifications, named source-*/destination-*.
  const airbyte =
    /"airbyte_(secret|hidden)"/.test(text) ||
    /^(source|destination)-[a-z0-9-]+\.json$/.test(path.basename(file));
  return { kind: openmetadata ? "openmetadata" : airbyte ? "airbyte" : "json-schema", notes };
}

function checkSchemaRoot(schema: JsonObject, shown: string): void {
  const looksLikeSchema = ["properties", "type", "oneOf", "anyOf", "allOf", "$ref", "$schema"].some(
    (k) => k in schema,
  );
  if (!looksLikeSchema)
    throw new Error(
      `${shown}: not a connector spec: expected a JSON Schema (with "type" and "properties") or an Airbyte spec (with "connectionSpecification"); found the keys ${
        Object.keys(schema)
          .slice(0, 6)
          .map((k) => `"${k}"`)
          .join(", ") || "none"
      }`,
    );
  const types = typesOf(schema);
  if (types.length > 0 && !types.includes("object"))
    throw new Error(
      `${shown}: the connection schema must describe an object (its settings), but its "type" is ${JSON.stringify(schema.type)}`,
    );
  if ("properties" in schema && !isObject(schema.properties))
    throw new Error(`${shown}: "properties" must be an object, not ${typeName(schema.properties)}`);
}
