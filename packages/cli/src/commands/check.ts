import path from "node:path";
import type { Argv } from "yargs";
import { countBySeverity } from "@onespec/core";
import { generate } from "../pipeline.js";
import { CONFIG_FILE, readConfig } from "../config.js";
import { formatDiagnostics, type OutputFormat } from "../report.js";

export interface CheckArgs {
  schemas?: string;
  entry?: string[];
  format: OutputFormat;
  maxWarnings?: number;
}

export const checkCommand = {
  command: "check",
  describe: "Validate the schema tree (meta-schemas, $refs, defects, vocabulary) and dry-run every generator; writes nothing",
  builder: (y: Argv) =>
    y
      .option("schemas", { type: "string", describe: "Root of the schema tree [default: schemas]" })
      .option("entry", { type: "string", array: true, describe: "Glob of entry schemas under --schemas (repeatable) [default: connectors/*/connection.json]" })
      .option("format", { choices: ["pretty", "json", "github"] as const, default: "pretty" as const, describe: "Diagnostics format" })
      .option("max-warnings", { type: "number", describe: "Exit 1 when there are more warnings than this" })
      .example("$0 check", "Check schemas/ as CI does")
      .example("$0 check --format github", "Annotate a pull request")
      .epilog(`Settings can also live in ${CONFIG_FILE} (schemas, entry); flags override it.`),
  handler: async (args: CheckArgs): Promise<number> => {
    const started = performance.now();
    const config = readConfig(process.cwd());
    const schemas = args.schemas ?? config.schemas ?? "schemas";
    const entries = args.entry ?? config.entry;
    // Everything generate would report, for every connector (a defective one does not hide the
    // others), without writing anything: generate's dry run.
    const outcome = await generate({ schemas, entries, out: path.join(path.resolve(schemas), ".onespec-check"), check: true, keepGoing: true, format: false });
    const diagnostics = outcome.diagnostics;
    const connectors = (outcome.model?.connectors.length ?? 0) + outcome.skipped.length;
    const text = formatDiagnostics(diagnostics, args.format);
    if (text) (args.format === "json" ? console.log : console.error)(text);
    const counts = countBySeverity(diagnostics);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (args.format !== "json")
      console.error(`onespec check: ${connectors} connectors, ${counts.error} errors, ${counts.warning} warnings, ${counts.info} info (${seconds}s)`);
    if (counts.error > 0) return 1;
    if (args.maxWarnings !== undefined && counts.warning > args.maxWarnings) {
      console.error(`onespec check: ${counts.warning} warnings is more than --max-warnings ${args.maxWarnings}`);
      return 1;
    }
    return 0;
  },
};
