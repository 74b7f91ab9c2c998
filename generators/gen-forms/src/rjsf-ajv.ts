import AjvModule from "ajv";
import addFormatsModule from "ajv-formats";
import type { Options } from "ajv";

/**
 * The ajv RJSF's validator (`@rjsf/validator-ajv8`'s `createAjvInstance`) makes, made here:
 * importing that module loads `@rjsf/utils`' whole index, about a hundred modules and 40 ms of
 * the forms generator's start-up on every one-schema edit. The precompiled form validators must
 * be compiled with RJSF's options, so `test/rjsf-ajv.test.ts` compares this instance with the
 * one RJSF makes (options, formats, keywords): an RJSF upgrade that changes them fails there.
 */
export const RJSF_AJV_CONFIG = {
  allErrors: true,
  multipleOfPrecision: 8,
  strict: false,
  verbose: true,
  discriminator: false,
} as const;

// RJSF's own formats and the one string keyword it marks schemas with.
const COLOR_FORMAT =
  /^(#?([0-9A-Fa-f]{3}){1,2}\b|aqua|black|blue|fuchsia|gray|green|lime|maroon|navy|olive|orange|purple|red|silver|teal|white|yellow|(rgb\(\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*,\s*\b([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\b\s*\))|(rgb\(\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*,\s*(\d?\d%|100%)+\s*\)))$/;
const DATA_URL_FORMAT = /^data:([a-z]+\/[a-z0-9-+.]+)?;(?:name=(.*);)?base64,(.*)$/;
export const RJSF_ADDITIONAL_PROPERTIES_FLAG = "__rjsf_additionalProperties";

type AjvClass = new (options: Options) => InstanceType<typeof AjvModule.default>;

/** `createAjvInstance(undefined, customFormats, overrides, undefined, AjvClass)`, as RJSF does it. */
export function createRjsfAjv(
  customFormats: Record<string, true>,
  overrides: Options,
  Ajv: AjvClass = AjvModule.default,
): InstanceType<typeof AjvModule.default> {
  const ajv = new Ajv({ ...RJSF_AJV_CONFIG, ...overrides });
  addFormatsModule.default(ajv);
  ajv.addFormat("data-url", DATA_URL_FORMAT);
  ajv.addFormat("color", COLOR_FORMAT);
  ajv.addKeyword(RJSF_ADDITIONAL_PROPERTIES_FLAG);
  for (const name of Object.keys(customFormats)) ajv.addFormat(name, true);
  return ajv;
}
