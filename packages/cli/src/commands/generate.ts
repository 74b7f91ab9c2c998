import type { Argv } from "yargs";
import { hasErrors } from "@onespec/core";
import { generate } from "../pipeline.js";
import { formatDiagnostics, type OutputFormat } from "../report.js";

export interface GenerateArgs {
  schemas: string;
  out: string;
  check: boolean;
  only?: string[];
  format: OutputFormat;
}

export const generateCommand = {
  command: "generate",
  describe: "Generate types, validators, form configs, fixtures, docs and the registry from the schemas",
  builder: (y: Argv) =>
    y
      .option("schemas", { type: "string", default: "schemas", describe: "Root of the schema tree (holds connectors/ and definitions/)" })
      .option("out", { type: "string", default: "generated", describe: "Output directory" })
      .option("check", { type: "boolean", default: false, describe: "Regenerate in memory and exit 1 listing stale files; write nothing (for CI)" })
      .option("only", { type: "string", array: true, describe: "Only this connector (repeatable)" })
      .option("format", { choices: ["pretty", "json", "github"] as const, default: "pretty" as const, describe: "Diagnostics format" })
      .example("$0 generate", "Regenerate generated/ from schemas/")
      .example("$0 generate --check", "Fail when generated/ is out of date")
      .example("$0 generate --only postgres", "Regenerate one connector"),
  handler: async (args: GenerateArgs): Promise<number> => {
    const started = performance.now();
    const outcome = await generate({ schemas: args.schemas, out: args.out, only: args.only, check: args.check });
    const text = formatDiagnostics(outcome.diagnostics, args.format);
    if (text) console.error(text);
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    if (hasErrors(outcome.diagnostics) || !outcome.plan) {
      console.error(`onespec generate: failed; ${args.out}/ was left unchanged (${seconds}s)`);
      return 1;
    }
    const p = outcome.plan;
    if (args.check) {
      if (!outcome.ok) {
        console.error(`${args.out}/ is stale; these files differ from what the schemas generate:`);
        for (const f of p.write) console.error(`  ${args.out}/${f.path}`);
        for (const f of p.remove) console.error(`  ${args.out}/${f} (no longer generated)`);
        console.error("Run `npx onespec generate` and commit the result.");
      }
      console.log(
        `onespec generate --check: ${outcome.connectors} connectors, ${p.write.length + p.remove.length} stale, ${p.unchanged.length} up to date (${seconds}s)`,
      );
      return outcome.ok ? 0 : 1;
    }
    console.log(
      `onespec generate: ${outcome.connectors} connectors, ${p.write.length} files written, ${p.unchanged.length} unchanged, ${p.remove.length} removed (${seconds}s)`,
    );
    return 0;
  },
};
