import {
  filePointer,
  joinPointer,
  locate,
  parsePointer,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";
import type { LintDiagnostic, LintRule, RuleSetting } from "./rule.js";
import { RULES } from "./rules.js";

/** Runs every rule not turned off; `settings` (from onespec.config.json "lint") override severities. */
export function lint(
  model: SchemaModel,
  settings: Record<string, RuleSetting> = {},
  rules: readonly LintRule[] = RULES,
): LintDiagnostic[] {
  const out: LintDiagnostic[] = [];
  for (const rule of rules) {
    const setting = settings[rule.code] ?? settings[rule.code.replace(/^lint\//, "")];
    if (setting === "off") continue;
    const severity = setting === "warn" ? "warning" : (setting ?? rule.severity);
    for (const f of rule.check(model)) {
      const connector = model.connectors.find((c) => c.entry === f.doc.path)?.name;
      out.push({
        severity,
        code: rule.code,
        message: f.message,
        file: f.doc.source.displayPath,
        pointer: f.pointer,
        ...locate(f.doc.source, f.pointer, f.atKey),
        hint: f.hint,
        area: rule.area,
        ...(connector ? { connector } : {}),
        ...(f.fix ? { fix: { ...f.fix, path: pathInFile(f.doc, f.fix.path) } } : {}),
      });
    }
  }
  return out;
}

/**
 * A fix's path in the file: rules see the schema, which in an Airbyte spec wrapper sits under
 * `connectionSpecification` and in a converted draft-04 document may spell a keyword otherwise.
 */
function pathInFile(doc: SchemaDoc, path: (string | number)[]): (string | number)[] {
  const pointer = joinPointer("", ...path);
  const inFile = filePointer(doc.source, pointer);
  return inFile === pointer ? path : parsePointer(inFile);
}
