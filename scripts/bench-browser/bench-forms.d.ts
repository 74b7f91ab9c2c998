/**
 * The form configs the bench page renders. scripts/bench-browser.ts aliases each of these to a
 * generated `connectors/<name>/form.ts` when it builds the page with Vite.
 */
declare module "@bench-forms/*" {
  import type { RJSFSchema, UiSchema, ValidatorType } from "@rjsf/utils";
  export const schema: RJSFSchema;
  export const uiSchema: UiSchema;
  export function createFormValidator(): ValidatorType;
}
