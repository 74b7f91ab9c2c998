import type AjvModule from "ajv";
import type addFormatsModule from "ajv-formats";
import type { Options } from "ajv";
import { createRequire } from "node:module";
import { RJSF_ADDITIONAL_PROPERTIES_FLAG, RJSF_AJV_CONFIG, RJSF_FORMATS } from "./rjsf-formats.js";

/**
 * The ajv RJSF's validator (`@rjsf/validator-ajv8`'s `createAjvInstance`) makes, made here:
 * importing that module loads `@rjsf/utils`' whole index, about a hundred modules and 40 ms of
 * the forms generator's start-up on every one-schema edit. The precompiled form validators must
 * be compiled with RJSF's options, so `test/rjsf-ajv.test.ts` compares this instance with the
 * one RJSF makes (options, formats, keywords): an RJSF upgrade that changes them fails there.
 */
export { RJSF_AJV_CONFIG, RJSF_ADDITIONAL_PROPERTIES_FLAG } from "./rjsf-formats.js";

// ajv is loaded when an ajv is made: the forms generator needs one only when the own compiler
// does not support a connector's form schemas (index.ts).
const require = createRequire(import.meta.url);

/** ajv's draft-2020-12 class (loaded on first use). */
export function ajv2020Class(): AjvClass {
  return (require("ajv/dist/2020") as { default: AjvClass }).default;
}

type AjvClass = new (options: Options) => InstanceType<typeof AjvModule.default>;

/** `createAjvInstance(undefined, customFormats, overrides, undefined, AjvClass)`, as RJSF does it. */
export function createRjsfAjv(
  customFormats: Record<string, true>,
  overrides: Options,
  Ajv: AjvClass = (require("ajv") as typeof AjvModule).default,
): InstanceType<typeof AjvModule.default> {
  const ajv = new Ajv({ ...RJSF_AJV_CONFIG, ...overrides });
  (require("ajv-formats") as typeof addFormatsModule).default(ajv);
  for (const [name, format] of Object.entries(RJSF_FORMATS)) ajv.addFormat(name, format);
  ajv.addKeyword(RJSF_ADDITIONAL_PROPERTIES_FLAG);
  for (const name of Object.keys(customFormats)) ajv.addFormat(name, true);
  return ajv;
}
