import { MASK } from "@onespec/runtime";

/** What the form's templates and widgets read from RJSF's formContext. */
export interface OnespecFormContext {
  /** The placeholder standing for a stored secret (see MASK). */
  mask: string;
}

export function formContextOf(registry: { formContext?: unknown }): OnespecFormContext {
  const ctx = registry.formContext as Partial<OnespecFormContext> | undefined;
  return { mask: ctx?.mask ?? MASK };
}
