import type { Argv } from "../args.js";
import { hasErrors } from "@onespec/core";
import path from "node:path";
import { generate, watchAndGenerate } from "@onespec/engine";
import { loadProjectConfig } from "../project-config.js";
import { printDiagnostics, type OutputFormat } from "../report.js";

export interface GenerateArgs {
  schemas?: string;
  out?: string;
  entry?: string[];
  config?: string;
  check: boolean;
  force?: boolean;
  watch?: boolean;
  only?: string[];
  keepGoing?: boolean;
  jobs?: number;
  format: OutputFormat;
}

export const generateCommand = {
  command: "generate",
  describe:
    "Generate types, validators, form configs, fixtures, docs and the registry from the schemas",
  builder: (y: Argv) =>
    y
      .option("schemas", { type: "string", describe: "Root of the schema tree [default: schemas]" })
      .option("entry", {
        type: "string",
        array: true,
        describe:
          "Glob of entry schemas under --schemas, one connector each (repeatable) [default: connectors/*/connection.json]",
      })
      .option("out", { type: "string", describe: "Output directory [default: generated]" })
      .option("config", {
        type: "string",
        describe:
          "Config file [default: onespec.config.{ts,mts,js,mjs,json} in the current folder]",
      })
      .option("jobs", {
        type: "number",
        describe:
          "Threads generating connectors, this one included [default: every core with more than 2; on 2 cores, 2 for 500 connectors or more to generate; else 1]",
      })
      .option("keep-going", {
        type: "boolean",
        describe: "Generate every connector without errors; still exit 1 if any had one",
      })
      .option("check", {
        type: "boolean",
        default: false,
        describe: "Regenerate in memory and exit 1 listing stale files; write nothing (for CI)",
      })
      .option("watch", {
        type: "boolean",
        describe: "Keep running: generate again after every change under --schemas (Ctrl-C stops)",
      })
      .option("force", {
        type: "boolean",
        describe:
          "Overwrite files in --out that onespec did not write (default: refuse and list them)",
      })
      .option("only", { type: "string", array: true, describe: "Only this connector (repeatable)" })
      .option("format", {
        choices: ["pretty", "json", "github"] as const,
        default: "pretty" as const,
        describe: "Diagnostics format",
      })
      .example("$0 generate", "Regenerate generated/ from schemas/")
      .example("$0 generate --check", "Fail when generated/ is out of date")
      .example("$0 generate --only postgres", "Regenerate one connector")
      .example(
        "$0 generate --schemas ../om/schema --entry 'entity/services/connections/**/*Connection.json' --out gen",
        "Generate for another tree",
      )
      .epilog(
        "Settings can also live in onespec.config.ts (or .mts, .js, .mjs, .json): schemas, entry, out, keepGoing and generators; flags override them.",
      ),
  handler: async (args: GenerateArgs): Promise<number> => {
    const started = performance.now();
    const config = await loadProjectConfig(process.cwd(), args.config);
    const schemas = args.schemas ?? config.schemas ?? "schemas";
    const out = args.out ?? config.out ?? "generated";
    const entries = args.entry ?? config.entry;
    const keepGoing = args.keepGoing ?? config.keepGoing ?? false;
    if (args.watch) {
      const shown = path.relative(process.cwd(), path.resolve(out)) || ".";
      const watcher = await watchAndGenerate({
        schemas,
        out,
        entries,
        only: args.only,
        keepGoing,
        jobs: args.jobs,
        force: args.force,
        generators: config.generators,
        base: config.base,
        onRun(outcome, ms, changed) {
          printDiagnostics(outcome.diagnostics, args.format);
          const what = changed.length
            ? `${changed.slice(0, 3).join(", ")}${changed.length > 3 ? ` and ${changed.length - 3} more` : ""} changed: `
            : "";
          const seconds = (ms / 1000).toFixed(2);
          if (!outcome.plan)
            console.error(
              `onespec generate --watch: ${what}failed; ${shown}/ keeps the last good output (${seconds}s)`,
            );
          else
            console.log(
              `onespec generate --watch: ${what}${outcome.plan.write.length} files written, ${outcome.plan.remove.length} removed (${seconds}s)`,
            );
        },
      });
      console.log(
        `onespec generate --watch: watching ${path.relative(process.cwd(), path.resolve(schemas)) || "."}/ (Ctrl-C stops)`,
      );
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await watcher.close();
      return 0;
    }
    const outcome = await generate({
      schemas,
      out,
      entries,
      only: args.only,
      check: args.check,
      keepGoing,
      jobs: args.jobs,
      force: args.force,
      generators: config.generators,
      base: config.base,
    });
    const shownOut = path.relative(process.cwd(), path.resolve(out)) || ".";
    printDiagnostics(outcome.diagnostics, args.format);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (!outcome.plan) {
      console.error(`onespec generate: failed; ${shownOut}/ was left unchanged (${seconds}s)`);
      return 1;
    }
    const skipped = outcome.skipped.length
      ? `, ${outcome.skipped.length} skipped for errors (${outcome.skipped.join(", ")})`
      : "";
    const p = outcome.plan;
    if (args.check) {
      if (p.write.length + p.remove.length > 0) {
        console.error(`${shownOut}/ is stale; these files differ from what the schemas generate:`);
        for (const f of p.write) console.error(`  ${shownOut}/${f.path}`);
        for (const f of p.remove) console.error(`  ${shownOut}/${f} (no longer generated)`);
        console.error("Run `npx onespec generate` and commit the result.");
      }
      console.log(
        `onespec generate --check: ${outcome.connectors} connectors${skipped}, ${p.write.length + p.remove.length} stale, ${p.unchanged.length} up to date (${seconds}s)`,
      );
      return outcome.ok ? 0 : 1;
    }
    console.log(
      `onespec generate: ${outcome.connectors} connectors${skipped}, ${p.write.length} files written, ${p.unchanged.length} unchanged, ${p.remove.length} removed (${seconds}s)`,
    );
    return hasErrors(outcome.diagnostics) ? 1 : 0;
  },
};
