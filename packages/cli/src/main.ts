import { readFileSync } from "node:fs";
import { Argv, asksForHelp, parseProgram, programHelp, UsageError } from "./args.js";

interface CommandModule {
  command: string;
  describe: string;
  builder: (y: Argv) => Argv;
  handler: (args: never) => Promise<number>;
}

const DESCRIPTION = "Schema-first code generation for data connectors.";

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
    const width = Math.min(110, process.stdout.columns || 110);
    const request = parseProgram(argv, COMMANDS);
    if (request.kind === "version") console.log(cliVersion());
    else if (request.kind === "help")
      console.log(programHelp("onespec", DESCRIPTION, COMMANDS, width));
    else {
      const entry = COMMANDS[request.name];
      const module = await entry.load();
      const y = module.builder(new Argv("onespec", entry.usage, entry.describe));
      if (asksForHelp(request.args)) console.log(y.help(width));
      else exitCode = await module.handler(y.parse(request.args) as never);
    }
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
