import path from "node:path";
import type { Argv } from "../args.js";
import { countBySeverity, loadTree, type Diagnostic } from "@onespec/core";
import {
  applyFixes,
  AREAS,
  lint,
  scoreConnectors,
  type Fix,
  type FixResult,
  type LintDiagnostic,
} from "@onespec/lint";
import { generate, SECRET_VALUE_LEFT_OUT } from "@onespec/engine";
import { loadProjectConfig } from "../project-config.js";
import { printDiagnostics, type OutputFormat } from "../report.js";
import { terminalSafeJson } from "../terminal-text.js";

export interface CheckArgs {
  schemas?: string;
  entry?: string[];
  format: OutputFormat;
  maxWarnings?: number;
  fix?: boolean;
}

const key = (d: Diagnostic) => `${d.code}\0${d.file}\0${d.pointer}\0${d.message}`;

export const checkCommand = {
  command: "check",
  describe:
    "Validate and lint the schema tree, and dry-run every generator; writes nothing unless --fix",
  builder: (y: Argv) =>
    y
      .option("schemas", { type: "string", describe: "Root of the schema tree [default: schemas]" })
      .option("entry", {
        type: "string",
        array: true,
        describe:
          "Glob of entry schemas under --schemas (repeatable) [default: connectors/*/connection.json]",
      })
      .option("format", {
        choices: ["pretty", "json", "github"] as const,
        default: "pretty" as const,
        describe: "Diagnostics format",
      })
      .option("max-warnings", {
        type: "number",
        describe: "Exit 1 when there are more warnings than this",
      })
      .option("fix", {
        type: "boolean",
        describe:
          'Apply the safe fixes and print the diff: the repairs the loader makes in memory (duplicate enum values, "true" for true, scalar examples, identity escapes in patterns) and lint\'s (mark credentials secret, fix keyword typos, require discriminators)',
      })
      .example("$0 check", "Check schemas/ as CI does")
      .example("$0 check --format github", "Annotate a pull request")
      .example("$0 check --fix", "Apply the safe fixes")
      .epilog(
        'Settings can also live in onespec.config.ts (or .mts, .js, .mjs, .json): schemas, entry, generators, and "lint": {"lint/<rule>": "off" | "info" | "warn" | "error"}; flags override them.',
      ),
  handler: async (args: CheckArgs): Promise<number> => {
    const started = performance.now();
    const config = await loadProjectConfig(process.cwd());
    const schemas = args.schemas ?? config.schemas ?? "schemas";
    const entries = args.entry ?? config.entry;
    const model = await loadTree({ root: path.resolve(schemas), entries });
    let findings = lint(model, config.lint);
    let fixed: FixResult[] | undefined;
    if (args.fix) {
      // The loader's repairs (duplicate enum values, "true" for true, scalar examples, patterns
      // valid only without the unicode flag), then the lint rules' fixes.
      const fixes = [
        ...(model.fixes ?? []),
        ...findings.map((f) => f.fix).filter((f): f is Fix => f !== undefined),
      ];
      const results = (fixed = await applyFixes(
        fixes,
        (file) => path.relative(process.cwd(), file) || file,
      ));
      // With --format json, stdout holds only the JSON document (the diffs are in it).
      if (args.format !== "json") for (const r of results) process.stdout.write(r.diff);
      console.error(
        `onespec check --fix: ${fixes.length} fix${fixes.length === 1 ? "" : "es"} in ${results.length} file${results.length === 1 ? "" : "s"}`,
      );
      // Report what is left.
      findings = lint(await loadTree({ root: path.resolve(schemas), entries }), config.lint);
    }
    // Everything generate would report, for every connector (a defective one does not hide the
    // others), without writing anything: generate's dry run.
    const loaded = args.fix ? undefined : model; // after --fix the files changed: load them again
    const outcome = await generate({
      schemas,
      entries,
      out: path.join(path.resolve(schemas), ".onespec-check"),
      check: true,
      keepGoing: true,
      model: loaded,
      generators: config.generators,
      base: config.base,
    });
    const seen = new Set<string>();
    const diagnostics: (Diagnostic | LintDiagnostic)[] = [];
    for (const d of [...outcome.diagnostics, ...findings.map(({ fix: _fix, ...d }) => d)]) {
      // generate's warning that it left a secret's value out says what lint/secret-with-value
      // says as an error, at the same place: check reports the error alone.
      if (d.code === SECRET_VALUE_LEFT_OUT) continue;
      if (seen.has(key(d))) continue;
      seen.add(key(d));
      diagnostics.push(d);
    }
    const counts = countBySeverity(diagnostics);
    const scores = scoreConnectors(model, diagnostics);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const summary = `onespec check: ${model.connectors.length} connectors, ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info (${seconds}s)`;
    if (args.format === "json") {
      // Names and messages can hold text from the schemas: what a terminal would act on is escaped.
      console.log(
        terminalSafeJson(
          JSON.stringify({ diagnostics, counts, scores, ...(fixed ? { fixed } : {}) }, null, 2),
        ),
      );
    } else {
      printDiagnostics(diagnostics, args.format);
      if (args.format === "pretty" && scores.length > 0) {
        const width = Math.max(...scores.map((s) => s.connector.length), 9);
        console.error(
          `\n${"connector".padEnd(width)}  ${AREAS.map((a) => a.padStart(a.length)).join("  ")}  total`,
        );
        for (const s of [...scores].sort(
          (a, b) => a.total - b.total || a.connector.localeCompare(b.connector),
        ))
          console.error(
            `${s.connector.padEnd(width)}  ${AREAS.map((a) => String(s.areas[a]).padStart(a.length)).join("  ")}  ${String(s.total).padStart(5)}`,
          );
      }
      console.error(summary);
    }
    if (counts.error > 0) return 1;
    if (args.maxWarnings !== undefined && counts.warning > args.maxWarnings) {
      console.error(
        `onespec check: ${counts.warning} warnings is more than --max-warnings ${args.maxWarnings}`,
      );
      return 1;
    }
    return 0;
  },
};
