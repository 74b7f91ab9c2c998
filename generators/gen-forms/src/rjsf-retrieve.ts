/**
 * The two functions of RJSF's schema retrieval the forms generator runs (sub-schemas.ts), so
 * that the sub-schemas it precompiles are the ones RJSF asks for at run time. The build bundles
 * this module (scripts/bundle-rjsf.mjs): imported from @rjsf/utils, they load 25 of its ES
 * modules and their dependencies (~35 ms of a one-spec edit); bundled, ~7 ms. From source
 * (tests) it is @rjsf/utils as installed.
 */
export {
  resolveAnyOrOneOfSchemas,
  retrieveSchemaInternal,
} from "@rjsf/utils/lib/schema/retrieveSchema.js";
