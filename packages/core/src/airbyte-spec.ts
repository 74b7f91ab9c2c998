import { joinPointer } from "./pointer.js";
import { isObject } from "./walk.js";

/** An Airbyte connector spec, unwrapped: the connection schema and where it sits in the file. */
export interface UnwrappedSpec {
  schema: unknown;
  /** JSON pointer of the schema in the file: `/connectionSpecification` (or `/spec/…` in a SPEC message). */
  base: string;
  /** The spec's `documentationUrl` when it is an http(s) URL. */
  documentationUrl?: string;
}

/** A spec wrapper whose schema is not a schema object: reported at `pointer`. */
export interface BadSpec {
  problem: string;
  pointer: string;
}

/**
 * Recognises an Airbyte connector spec (`{documentationUrl, connectionSpecification: {...}}`,
 * also spelled `connection_specification`, or the protocol message `{type: "SPEC", spec: {...}}`
 * holding one) and returns the connection schema inside it, as `onespec scaffold --from` takes
 * it. Anything else is `undefined`: a schema is read as the whole file.
 */
export function unwrapAirbyteSpec(json: unknown): UnwrappedSpec | BadSpec | undefined {
  if (!isObject(json)) return undefined;
  let spec = json;
  let base = "";
  if (json.type === "SPEC" && isObject(json.spec)) {
    spec = json.spec;
    base = "/spec";
  }
  const key =
    "connectionSpecification" in spec
      ? "connectionSpecification"
      : "connection_specification" in spec
        ? "connection_specification"
        : undefined;
  if (key === undefined) return undefined;
  // A schema that merely has a vendor keyword of that name is not a wrapper.
  if (
    base === "" &&
    ["properties", "type", "$ref", "allOf", "anyOf", "oneOf"].some((k) => k in spec)
  )
    return undefined;
  const schema = spec[key];
  const pointer = joinPointer(base, key);
  if (!isObject(schema)) {
    const kind = Array.isArray(schema)
      ? "an array"
      : schema === null
        ? "null"
        : `a ${typeof schema}`;
    return {
      problem: `"${key}" must be an object (the connector's JSON Schema), not ${kind}.`,
      pointer,
    };
  }
  const docs = spec.documentationUrl ?? spec.documentation_url;
  return {
    schema,
    base: pointer,
    ...(typeof docs === "string" && /^https?:\/\//.test(docs) ? { documentationUrl: docs } : {}),
  };
}
