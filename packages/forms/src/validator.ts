/**
 * The form's validator as RJSF gets it: the precompiled one, except for a sub-schema it has no
 * function for, which is checked by matchesSchema instead of throwing "No precompiled validator
 * function was found" in the middle of a render.
 */
import {
  hashForSchema,
  JUNK_OPTION_ID,
  type RJSFSchema,
  type StrictRJSFSchema,
  type ValidatorType,
} from "@rjsf/utils";
import { matchesSchema } from "./schema-match.js";

/**
 * Wraps a validator made by createPrecompiledValidator. The generator compiles every sub-schema
 * RJSF asks `isValid()` about (formSubSchemas in @onespec/gen-forms); RJSF may still build one
 * at run time from the data (an allOf merged, additional properties stubbed), and that one is
 * checked without compiling anything. A validator without a `validateFns` map is returned as is.
 */
export function withSchemaFallback<
  T,
  S extends StrictRJSFSchema = RJSFSchema,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- @rjsf/utils' own default
  F extends Record<string, any> = any,
>(validator: ValidatorType<T, S, F>): ValidatorType<T, S, F> {
  const fns = (validator as { validateFns?: Record<string, unknown> }).validateFns;
  if (!fns || typeof fns !== "object") return validator;
  const wrapped = Object.create(validator) as ValidatorType<T, S, F>;
  wrapped.isValid = (schema: S, formData: T | undefined, rootSchema: S): boolean => {
    if (typeof schema === "object" && schema !== null && schema.$id !== JUNK_OPTION_ID) {
      const key = typeof schema.$id === "string" ? schema.$id : hashForSchema(schema);
      if (!Object.hasOwn(fns, key)) return matchesSchema(schema, formData, rootSchema);
    }
    return validator.isValid.call(wrapped, schema, formData, rootSchema);
  };
  return wrapped;
}
