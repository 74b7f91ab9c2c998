/** Moves focus to the field an error is about, opening any collapsed section it sits in. */
import type { RJSFValidationError } from "@rjsf/utils";
import { propertyPath } from "./errors.js";

export function fieldIdOf(error: Pick<RJSFValidationError, "property">, idPrefix = "root"): string {
  return [idPrefix, ...propertyPath(error.property)].join("_");
}

export function focusField(id: string, root: ParentNode = document): boolean {
  const element = root.querySelector<HTMLElement>(`[id="${CSS.escape(id)}"]`);
  if (!element) return false;
  for (
    let details = element.closest("details");
    details;
    details = details.parentElement?.closest("details") ?? null
  ) {
    details.open = true;
  }
  // A fieldset (an object) is not focusable itself: focus its first control.
  const target = element.matches("input, select, textarea, button")
    ? element
    : element.querySelector<HTMLElement>("input, select, textarea, button");
  (target ?? element).focus();
  return true;
}
