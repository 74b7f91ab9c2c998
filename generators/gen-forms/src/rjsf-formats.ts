/**
 * RJSF's own formats (@rjsf/validator-ajv8's createAjvInstance adds them) and the string keyword
 * it marks schemas with: one place for the ajv fallback (rjsf-ajv.ts) and the own compiler
 * (own-form-validator.ts). test/rjsf-ajv.test.ts compares them with the ones RJSF adds.
 */
export const COLOR_FORMAT =
  /^(#?([0-9A-Fa-f]{3}){1,2}\b|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|(rgb\(\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*\))|(rgb\(\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*\)))$/;
export const DATA_URL_FORMAT = /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/;
export const RJSF_FORMATS: Readonly<Record<string, RegExp>> = {
  "data-url": DATA_URL_FORMAT,
  color: COLOR_FORMAT,
};
export const RJSF_ADDITIONAL_PROPERTIES_FLAG = "__rjsf_additionalProperties";

/**
 * ajv's options as RJSF sets them (rjsf-ajv.ts RJSF_AJV_CONFIG), without loading ajv: the own
 * compiler reads verbose and multipleOfPrecision from here.
 */
export const RJSF_AJV_CONFIG = {
  allErrors: true,
  multipleOfPrecision: 8,
  strict: false,
  verbose: true,
  discriminator: false,
} as const;
