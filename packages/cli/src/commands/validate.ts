import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Argv } from "yargs";
import { mayHoldSecret, REDACTED } from "@onespec/runtime";
import type { Diagnostic } from "@onespec/core";
import {
  displayPointer,
  escapeControls,
  readConfigFile,
  substituteEnv,
  terminalSafeJson,
} from "../config-file.js";

/** Problems printed one by one; the count covers the rest. */
const MAX_SHOWN = 100;
import { printDiagnostics, type OutputFormat } from "../report.js";

interface Problem {
  pointer: string;
  keyword: string;
  message: string;
}

interface ValidatorModule {
  problems(data: unknown): Problem[];
}

export interface ValidateArgs {
  connector: string;
  config: string;
  out: string;
  format: OutputFormat;
}

export const validateCommand = {
  command: "validate <connector> <config>",
  describe: "Validate a config file (JSON or YAML) with the connector's generated validator",
  builder: (y: Argv) =>
    y
      .positional("connector", {
        type: "string",
        demandOption: true,
        describe: "Connector name, e.g. postgres",
      })
      .positional("config", {
        type: "string",
        demandOption: true,
        describe: "Path to a .json, .yaml or .yml config",
      })
      .option("out", {
        type: "string",
        default: "generated",
        describe: "Where the generated code lives",
      })
      .option("format", {
        choices: ["pretty", "json", "github"] as const,
        default: "pretty" as const,
        describe: "Output format",
      })
      .example("$0 validate postgres config.yaml", "Check a PostgreSQL config"),
  handler: async (args: ValidateArgs): Promise<number> => {
    const modulePath = path.resolve(args.out, "connectors", args.connector, "validator.ts");
    if (!/^[a-z0-9][a-z0-9-]*$/i.test(args.connector) || !existsSync(modulePath)) {
      const known = existsSync(path.resolve(args.out, "connectors"))
        ? (await import("node:fs")).readdirSync(path.resolve(args.out, "connectors")).join(", ")
        : "";
      printDiagnostics(
        [
          {
            severity: "error",
            code: "cli/unknown-connector",
            message: `No generated validator for connector "${args.connector}" in ${args.out}/.`,
            hint: known ? `Known connectors: ${known}.` : "Run `npx onespec generate` first.",
          },
        ],
        args.format,
      );
      return 1;
    }
    const { config, diagnostics } = await readConfigFile(args.config);
    if (!config) {
      printDiagnostics(diagnostics, args.format, { showSource: false });
      return 1;
    }
    let validator: ValidatorModule;
    try {
      validator = (await import(pathToFileURL(modulePath).href)) as ValidatorModule;
    } catch (e) {
      const missing = /Cannot find (?:package|module) '([^']+)'/.exec((e as Error).message)?.[1];
      printDiagnostics(
        [
          {
            severity: "error",
            code: "cli/validator-unloadable",
            message: `The generated validator ${path.relative(process.cwd(), modulePath)} cannot be loaded: ${(e as Error).message.split("\n")[0]}`,
            file: path.relative(process.cwd(), modulePath),
            hint: missing
              ? `Install what the generated code needs where it lives (npm install ajv ajv-formats @rjsf/utils @rjsf/validator-ajv8), then retry.`
              : "Regenerate with `npx onespec generate`; if that does not help, report it.",
          },
        ],
        args.format,
        { showSource: false },
      );
      return 1;
    }
    const shownFile = escapeControls(args.config);
    const { value, missing, substituted } = substituteEnv(config.value, process.env);
    // A value from ${ENV} is shown as [redacted] like a secret, wherever the schema puts it.
    const fromEnv = (pointer: string) => mayHoldSecret(pointer, substituted);
    let found: Problem[];
    try {
      found = validator.problems(value);
    } catch (e) {
      // Generated code that throws on some data (ajv's equality calls a config's own `valueOf`
      // unless the validators use @onespec/runtime/equal) is a bug to report, not an internal
      // error: say so, located, exit 1.
      printDiagnostics(
        [
          {
            severity: "error",
            code: "cli/validator-failed",
            // Only the error's kind: its message may quote part of the config.
            message: `The generated validator of ${args.connector} threw ${e instanceof Error ? `a ${escapeControls(e.name.slice(0, 40))}` : "an error"} on ${shownFile} instead of checking it.`,
            file: shownFile,
            hint: "Regenerate with `npx onespec generate` and retry; if it still fails, report it with the schema (not the config).",
          },
        ],
        args.format,
        { showSource: false },
      );
      return 1;
    }
    const problems: Problem[] = [
      ...missing.map((m) => ({
        pointer: m.pointer,
        keyword: "env",
        message: `refers to \${${m.name}}, which is not set in the environment`,
      })),
      ...found.map((p) =>
        fromEnv(p.pointer)
          ? { ...p, message: p.message.replace(/ \(received .*\)$/s, ` (received ${REDACTED})`) }
          : p,
      ),
    ];
    if (args.format === "json") {
      // Exact pointers for tools; characters a terminal would act on are written as \u escapes.
      console.log(
        terminalSafeJson(
          JSON.stringify(
            {
              valid: problems.length === 0,
              connector: args.connector,
              file: args.config,
              problems,
            },
            null,
            2,
          ),
        ),
      );
      return problems.length === 0 ? 0 : 1;
    }
    if (problems.length === 0) {
      console.log(`${shownFile}: valid ${args.connector} config`);
      return 0;
    }
    // Keys come from the file: escape what a terminal would act on, clip what is too long to read.
    // The first ones are enough to act on (and each is located by a search of the file): a
    // config with 90,000 unknown keys printed 90,000 lines. --format json lists every one.
    const asDiagnostics: Diagnostic[] = problems.slice(0, MAX_SHOWN).map((p) => ({
      severity: "error",
      code: `config/${p.keyword}`,
      message: `${displayPointer(p.pointer) || "(root)"} ${escapeControls(p.message)}`,
      file: shownFile,
      pointer: displayPointer(p.pointer),
      ...config.locate(p.pointer),
    }));
    // Never echo lines of a config file: they may hold secrets the schema cannot know about.
    printDiagnostics(asDiagnostics, args.format, { showSource: false });
    if (problems.length > MAX_SHOWN)
      console.error(`… and ${problems.length - MAX_SHOWN} more (--format json lists them all)`);
    console.error(
      `${shownFile}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; not a valid ${args.connector} config`,
    );
    return 1;
  },
};
