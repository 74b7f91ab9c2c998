/**
 * The final check: the imported connection loaded by the loader from memory, as `onespec check`
 * would load it from its file, and judged by the lint rules. Two lint fixes are safe to apply
 * here (mark a credential secret, require a discriminator); everything else still said becomes a
 * note, so the user knows what check will say.
 */
import path from "node:path";
import { loadTree, type Diagnostic, type JsonObject, isObject } from "@onespec/core";
import { lint, type LintDiagnostic } from "@onespec/lint";
import { showPointer, type Notes } from "./notes.js";
import type { RuleContext } from "./rule.js";
import { secretValues } from "./rules/index.js";

async function diagnose(
  connection: JsonObject,
  name: string,
): Promise<(Diagnostic | LintDiagnostic)[]> {
  const root = path.join(path.sep, "onespec-import");
  const rel = `connectors/${name}/connection.json`;
  const model = await loadTree({
    root,
    cwd: root,
    files: [rel],
    memory: { [rel]: JSON.stringify(connection, null, 2) },
  });
  return [...model.diagnostics, ...lint(model)];
}

const AUTO_FIXED = new Set(["lint/credential-not-secret", "lint/discriminator-not-required"]);

/** Applies the safe lint fixes; returns what `onespec check` would still say (info aside). */
export async function finalCheck(
  connection: JsonObject,
  name: string,
  notes: Notes,
  ctx: RuleContext,
): Promise<Diagnostic[]> {
  let diagnostics = await diagnose(connection, name);
  for (let round = 0; round < 3; round++) {
    const fixes = diagnostics.filter(
      (d): d is LintDiagnostic => AUTO_FIXED.has(d.code) && "fix" in d && d.fix?.kind === "set",
    );
    if (fixes.length === 0) break;
    for (const d of fixes) {
      const fix = d.fix!;
      if (fix.kind !== "set") continue;
      setAt(connection, fix.path, fix.value);
      if (d.code === "lint/credential-not-secret")
        notes.add(
          `${d.pointer}: named like a credential but not marked secret; added "secret": true.`,
        );
      else notes.add(`${d.pointer}: added the discriminator to "required".`);
    }
    // A field just marked secret loses its default and examples too.
    secretValues.repair(connection, ctx);
    diagnostics = await diagnose(connection, name);
  }
  const left: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.severity === "info") continue;
    const where = d.pointer !== undefined ? `${showPointer(d.pointer)}: ` : "";
    notes.add(
      `${d.severity === "error" ? "error, fix by hand" : "warning"} [${d.code}]: ${where}${d.message}${d.hint ? ` ${d.hint}` : ""}`,
    );
    // Lint's edit is not part of what is said.
    const { fix: _fix, ...said } = d as LintDiagnostic;
    left.push(said);
  }
  return left;
}

function setAt(target: JsonObject, tokens: (string | number)[], value: unknown): void {
  let node: unknown = target;
  for (const token of tokens.slice(0, -1)) {
    if (!isObject(node) && !Array.isArray(node)) return;
    node = (node as Record<string, unknown>)[token];
  }
  if (isObject(node)) node[String(tokens[tokens.length - 1])] = value;
}
