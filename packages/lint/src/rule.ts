import type { Diagnostic, SchemaDoc, SchemaFix, SchemaModel, Severity } from "@onespec/core";

/** The review areas a connector is scored on. */
export type Area = "schema & registration" | "connection & auth" | "docs" | "tests";
export const AREAS: readonly Area[] = [
  "schema & registration",
  "connection & auth",
  "docs",
  "tests",
];

/** A safe, mechanical fix: set `value` at `path` (a JSON path) in `doc`, or rename a key (core's `SchemaFix`). */
export type Fix = SchemaFix;

export interface Finding {
  doc: SchemaDoc;
  pointer: string;
  message: string;
  hint: string;
  /** Point at the property name instead of its value. */
  atKey?: boolean;
  fix?: Fix;
}

/** One lint rule: a stable code, a default severity, the area it reviews, and a check. */
export interface LintRule {
  code: string;
  severity: Severity;
  area: Area;
  description: string;
  check(model: SchemaModel): Finding[];
}

export type RuleSetting = "off" | Severity | "warn";

export interface LintDiagnostic extends Diagnostic {
  area: Area;
  fix?: Fix;
}
