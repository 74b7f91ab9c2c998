import { readFileSync } from "node:fs";
import yargs, { type Argv } from "yargs";

/** Bad arguments: reported with usage and exit code 2, before any command runs. */
class UsageError extends Error {}

interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  handler: (args: never) => Promise<number>;
}

/**
 * Every command, with what `onespec --help` shows. A command's module (and what it imports:
 * the engine, the lint rules, the SDK, the server) loads only when that command runs, so
 * `--help` and `generate` never load a database driver or the server.
 */
const COMMANDS: Record<
  string,
  { usage: string; describe: string; load: () => Promise<CommandModule> }
> = {
  init: {
    usage: "init",
    describe:
      "Set up onespec in this repository: a config, an example connector schema, npm scripts",
    load: async () => (await import("./commands/init.js")).initCommand,
  },
  generate: {
    usage: "generate",
    describe:
      "Generate types, validators, form configs, fixtures, docs and the registry from the schemas",
    load: async () => (await import("./commands/generate.js")).generateCommand,
  },
  check: {
    usage: "check",
    describe:
      "Validate and lint the schema tree, and dry-run every generator; writes nothing unless --fix",
    load: async () => (await import("./commands/check.js")).checkCommand,
  },
  diff: {
    usage: "diff [base]",
    describe:
      "Compare the schemas with a git revision or folder: each change, breaking or compatible, and the bump it needs",
    load: async () => (await import("./commands/diff.js")).diffCommand,
  },
  validate: {
    usage: "validate <connector> <config>",
    describe: "Validate a config file (JSON or YAML) with the connector's generated validator",
    load: async () => (await import("./commands/validate.js")).validateCommand,
  },
  run: {
    usage: "run <workflow>",
    describe: "Run a workflow: read a source with its connector and write the entities to a sink",
    load: async () => (await import("./commands/run.js")).runCommand,
  },
  "test-connection": {
    usage: "test-connection <connector> <config>",
    describe: "Run a connector's test-connection steps against a config file",
    load: async () => (await import("./commands/test-connection.js")).testConnectionCommand,
  },
  scaffold: {
    usage: "scaffold <kind>",
    describe:
      "Create a new connector: schemas, generated code and, where packages/ exists, an SDK package",
    load: async () => (await import("./commands/scaffold.js")).scaffoldCommand,
  },
  serve: {
    usage: "serve",
    describe:
      "Serve the connection-form app and its JSON API: registry, validation, test connection and saved connections",
    load: async () => (await import("./commands/serve.js")).serveCommand,
  },
  worker: {
    usage: "worker",
    describe: "Run queued and scheduled runs from a PostgreSQL queue, until stopped",
    load: async () => (await import("./commands/worker.js")).workerCommand,
  },
  runs: {
    usage: "runs",
    describe: "List queued runs, newest first: status, counts, duration, error kind",
    load: async () => (await import("./commands/runs.js")).runsCommand,
  },
  schedule: {
    usage: "schedule <action> [name] [workflow]",
    describe: "List, add, remove, pause or resume the cron schedules of workflows on the run queue",
    load: async () => (await import("./commands/schedule.js")).scheduleCommand,
  },
};

/**
 * yargs renders the whole help text after starting a command's handler, in case the handler
 * fails and help is to be shown (60 ms of a 0.5 s generate). onespec never shows help for a
 * failed command (its errors say what to do), so the rendering is skipped. yargs has no option
 * for it; if its internals change, this does nothing and only costs the time again.
 */
function skipHelpCache(cli: unknown): void {
  const usage = (
    cli as {
      getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: unknown } };
    }
  )
    .getInternalMethods?.()
    .getUsageInstance?.();
  if (usage && typeof usage.cacheHelpMessage === "function") usage.cacheHelpMessage = () => {};
}

/** This package's version, from its package.json (beside dist/ and src/ alike). */
function cliVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    return "unknown";
  }
}

/** The package a failed import was looking for, when the error is "not installed". */
function missingPackage(error: unknown): string | undefined {
  const e = error as { code?: string; message?: string };
  if (e?.code !== "ERR_MODULE_NOT_FOUND" && e?.code !== "MODULE_NOT_FOUND") return undefined;
  return /Cannot find (?:package|module) '((?:@[^/']+\/)?[^/']+)/.exec(e.message ?? "")?.[1];
}

/** Runs the CLI; resolves to the exit code. Never lets a stack trace reach the user unless ONESPEC_DEBUG is set. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  try {
    const cli = yargs(argv)
      .scriptName("onespec")
      .usage("$0 <command> [options]\n\nSchema-first code generation for data connectors.");
    cli.version(cliVersion());
    // `--version` is the program's, not every command's: yargs makes it global by default, and
    // its typings lack the two-argument form of global() that says otherwise.
    (cli as unknown as { global(key: string, global: boolean): unknown }).global("version", false);
    const chosen = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? argv[0] : undefined;
    for (const [name, entry] of Object.entries(COMMANDS)) {
      if (name === chosen) {
        const module = await entry.load();
        cli.command({
          command: entry.usage,
          describe: entry.describe,
          builder: module.builder,
          handler: async (args: unknown) => {
            skipHelpCache(cli);
            exitCode = await module.handler(args as never);
          },
        });
      } else cli.command(entry.usage, entry.describe);
    }
    await cli
      .demandCommand(1, "Name a command; see --help.")
      .strict()
      .recommendCommands()
      .help()
      .alias("h", "help")
      .wrap(Math.min(110, process.stdout.columns || 110))
      .fail((message, error) => {
        if (error) throw error;
        throw new UsageError(message);
      })
      .parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`onespec: ${error.message}\nRun \`onespec --help\` for usage.`);
      return 2;
    }
    const { DiagnosticError } = await import("@onespec/core");
    if (error instanceof DiagnosticError) {
      const { formatDiagnostics } = await import("./report.js");
      console.error(formatDiagnostics(error.diagnostics, "pretty"));
      return 1;
    }
    const missing = missingPackage(error);
    if (missing && !process.env.ONESPEC_DEBUG) {
      const command = argv[0] ?? "";
      console.error(
        `onespec ${command}: this command needs the package ${missing}, which is not installed.\nRun \`npm install --save-dev ${missing}\` and try again.`,
      );
      return 1;
    }
    if (process.env.ONESPEC_DEBUG) throw error;
    const message = error instanceof Error ? error.message : String(error);
    console.error(
      `onespec: internal error: ${message.split("\n")[0]}\nRe-run with ONESPEC_DEBUG=1 for details, and report it.`,
    );
    return 70;
  }
  return exitCode;
}
