import type { Options } from "./jstt-stages.js";

/** How gen-types runs json-schema-to-typescript: no banner, no formatting, names from `tsName`. */
export const JSTT_OPTIONS = {
  bannerComment: "",
  format: false,
  declareExternallyReferenced: true,
  unreachableDefinitions: false,
  additionalProperties: true,
  unknownAny: true,
  strictIndexSignatures: false,
  ignoreMinAndMaxItems: true,
  // tsView names each type it wants declared under `tsName`.
  customName: (schema: { tsName?: unknown }) =>
    typeof schema.tsName === "string" ? schema.tsName : undefined,
} as Partial<Options>;
