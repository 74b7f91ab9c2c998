import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Argv } from "../args.js";
import { isReference, mayHoldSecret, matchPointers, REDACTED } from "@onespec/runtime";
import { stringify as toYaml } from "yaml";
import type { Diagnostic } from "@onespec/core";
import {
  displayPointer,
  escapeControls,
  readConfigFile,
  substituteEnv,
  terminalSafeJson,
} from "../config-file.js";

import { printDiagnostics, type OutputFormat } from "../report.js";
import {
  CONFIG_VERSION_KEY,
  splitVersion,
  upgradeConfig,
  versionOf,
  type MigrateFn,
} from "../run/upgrade-config.js";

/** Problems printed one by one; the count covers the rest. */
const MAX_SHOWN = 100;

interface Problem {
  pointer: string;
  keyword: string;
  message: string;
}

interface ValidatorModule {
  problems(data: unknown): Problem[];
  secretPaths?: readonly string[];
}

interface UpgradeModule {
  migrate: MigrateFn;
  connectorVersion: string;
}

export interface ValidateArgs {
  connector: string;
  config: string;
  out: string;
  format: OutputFormat;
  upgrade?: boolean;
  from?: string;
  write?: boolean;
}

/**
 * The upgraded file as text, in the format it was read in, with `$version` first. Values written
 * in it stay as written (`${ENV}` and `{{secrets.…}}` references too), except that literal
 * secrets are not printed: only written back with --write.
 */
function upgradedText(
  file: string,
  config: unknown,
  version: string,
  secretPaths: readonly string[],
  keepSecrets: boolean,
): { text: string; hidden: string[] } {
  const copy = structuredClone(config) as Record<string, unknown>;
  const hidden: string[] = [];
  if (!keepSecrets)
    for (const m of matchPointers(copy, secretPaths))
      if (typeof m.value === "string" && !isReference(m.value) && m.parent) {
        (m.parent as Record<string, unknown>)[m.key] = REDACTED;
        hidden.push(m.pointer);
      }
  const value = { [CONFIG_VERSION_KEY]: version, ...copy };
  const text = /\.ya?ml$/i.test(file)
    ? toYaml(value, { lineWidth: 0 })
    : JSON.stringify(value, null, 2) + "\n";
  return { text, hidden };
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
      .option("upgrade", {
        type: "boolean",
        describe:
          "Upgrade the config from the connector version it was written for ($version in the file, or --from) with the connector's migrations, validate it and print the upgraded file",
      })
      .option("from", {
        type: "string",
        describe: "The connector version the config was written for (implies --upgrade)",
      })
      .option("write", {
        type: "boolean",
        describe: "Rewrite the file upgraded in place instead of printing it (implies --upgrade)",
      })
      .example("$0 validate postgres config.yaml", "Check a PostgreSQL config")
      .example(
        "$0 validate postgres config.yaml --upgrade",
        "Print the config upgraded to the connector's version (${ENV} references stay as written)",
      ),
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
    const located = versionOf(
      splitVersion(config.value).version,
      shownFile,
      `/${CONFIG_VERSION_KEY}`,
      config.locate,
    );
    if (located.diagnostics.length > 0) {
      printDiagnostics(located.diagnostics, args.format, { showSource: false });
      return 1;
    }
    // `$version` names the version the config was written for; it is not part of the config.
    let raw = splitVersion(config.value).config;
    let upgraded:
      { from: string; to: string; applied: string[]; secretPaths: readonly string[] } | undefined;
    // --from and --write only make sense upgraded: ignoring them validated the file as today's.
    const upgrade = args.upgrade === true || args.from !== undefined || args.write === true;
    if (upgrade) {
      const step = await upgradeStep(args, modulePath, raw, located.version, config.locate);
      if ("exit" in step) return step.exit;
      raw = step.config;
      upgraded = { ...step.upgraded, secretPaths: validator.secretPaths ?? [] };
    }
    const { value, missing, substituted } = substituteEnv(raw, process.env);
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
    // After an upgrade the pointers are the new config's, which the file may not have.
    const locateInFile = (pointer: string) =>
      upgraded && upgraded.applied.length > 0 ? undefined : config.locate(pointer);
    if (args.format === "json") {
      // Exact pointers for tools; characters a terminal would act on are written as \u escapes.
      console.log(
        terminalSafeJson(
          JSON.stringify(
            {
              valid: problems.length === 0,
              connector: args.connector,
              file: args.config,
              ...(upgraded && {
                upgraded: { from: upgraded.from, to: upgraded.to, applied: upgraded.applied },
              }),
              problems,
            },
            null,
            2,
          ),
        ),
      );
      return problems.length === 0 ? 0 : 1;
    }
    if (problems.length === 0 && upgraded) {
      const { text, hidden } = upgradedText(
        args.config,
        raw,
        upgraded.to,
        upgraded.secretPaths,
        args.write === true,
      );
      const how =
        upgraded.applied.length > 0
          ? `upgraded from ${upgraded.from} to ${upgraded.to} (${upgraded.applied.join(", ")})`
          : `already written for ${upgraded.to}`;
      if (args.write) {
        writeFileSync(args.config, text);
        console.error(`${shownFile}: valid ${args.connector} config, ${how}; file rewritten`);
        return 0;
      }
      process.stdout.write(text);
      if (hidden.length > 0)
        console.error(
          `${shownFile}: the secret${hidden.length === 1 ? "" : "s"} written at ${hidden.map(displayPointer).join(", ")} ${hidden.length === 1 ? "is" : "are"} shown as ${REDACTED}; --write keeps ${hidden.length === 1 ? "it" : "them"} in the file`,
        );
      console.error(`${shownFile}: valid ${args.connector} config, ${how}`);
      return 0;
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
      ...locateInFile(p.pointer),
    }));
    // Never echo lines of a config file: they may hold secrets the schema cannot know about.
    printDiagnostics(asDiagnostics, args.format, { showSource: false });
    if (problems.length > MAX_SHOWN)
      console.error(`… and ${problems.length - MAX_SHOWN} more (--format json lists them all)`);
    console.error(
      `${shownFile}: ${problems.length} problem${problems.length === 1 ? "" : "s"}; not a valid ${args.connector} config`,
    );
    // A file of an older version fails today's schema where test-connection and run would
    // upgrade it first: say so, rather than leave its problems looking like mistakes.
    if (!upgrade && located.version !== undefined) {
      const current = await connectorVersionIn(modulePath);
      if (current !== undefined && current !== located.version)
        console.error(
          `${shownFile}: written for ${args.connector} ${escapeControls(located.version)} (${CONFIG_VERSION_KEY}), checked as ${current}; \`onespec validate --upgrade\` checks it upgraded, as test-connection and run read it`,
        );
    }
    return 1;
  },
};

/** The connector's version from its generated upgrade module, when there is one. */
async function connectorVersionIn(validatorPath: string): Promise<string | undefined> {
  const modulePath = path.join(path.dirname(validatorPath), "upgrade.ts");
  if (!existsSync(modulePath)) return undefined;
  return ((await import(pathToFileURL(modulePath).href)) as UpgradeModule).connectorVersion;
}

/** `--upgrade`: the connector's generated migrate() applied from the config's version. */
async function upgradeStep(
  args: ValidateArgs,
  validatorPath: string,
  raw: unknown,
  written: string | undefined,
  locate: (pointer: string) => { line: number; column: number } | undefined,
): Promise<
  { exit: number } | { config: unknown; upgraded: { from: string; to: string; applied: string[] } }
> {
  const shownFile = escapeControls(args.config);
  const fail = (d: Diagnostic[]) => {
    printDiagnostics(d, args.format, { showSource: false });
    return { exit: 1 };
  };
  const modulePath = path.join(path.dirname(validatorPath), "upgrade.ts");
  if (!existsSync(modulePath))
    return fail([
      {
        severity: "error",
        code: "cli/no-upgrade-module",
        message: `No generated upgrade module for connector "${args.connector}" in ${args.out}/ (connectors/${args.connector}/upgrade.ts).`,
        hint: "Run `npx onespec generate` with the upgrade generator (it runs by default).",
      },
    ]);
  const mod = (await import(pathToFileURL(modulePath).href)) as UpgradeModule;
  const from = args.from ?? written;
  if (from === undefined)
    return fail([
      {
        severity: "error",
        code: "config/no-version",
        message: `${shownFile} does not say which ${args.connector} version it was written for.`,
        file: shownFile,
        hint: `Add "${CONFIG_VERSION_KEY}": "<version>" at the top of the file, or pass --from <version>.`,
      },
    ]);
  const { result, diagnostics } = upgradeConfig(mod.migrate, raw, from, mod.connectorVersion, {
    connector: args.connector,
    file: shownFile,
    versionPointer: `/${CONFIG_VERSION_KEY}`,
    locate,
    prefix: "",
  });
  if (!result) return fail(diagnostics);
  return {
    config: result.config,
    upgraded: { from, to: mod.connectorVersion, applied: result.applied },
  };
}
