import yargs from "yargs";
import { DiagnosticError } from "@onespec/core";
import { generateCommand } from "./commands/generate.js";
import { validateCommand } from "./commands/validate.js";
import { checkCommand } from "./commands/check.js";
import { runCommand } from "./commands/run.js";
import { scaffoldCommand } from "./commands/scaffold.js";
import { serveCommand } from "./commands/serve.js";
import { testConnectionCommand } from "./commands/test-connection.js";
import { formatDiagnostics } from "./report.js";

/** Bad arguments: reported with usage and exit code 2, before any command runs. */
class UsageError extends Error {}

/** Runs the CLI; resolves to the exit code. Never lets a stack trace reach the user unless ONESPEC_DEBUG is set. */
export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const run = <A>(handler: (args: A) => Promise<number>) => async (args: A) => {
    exitCode = await handler(args);
  };
  try {
    await yargs(argv)
      .scriptName("onespec")
      .usage("$0 <command> [options]\n\nSchema-first code generation for data connectors.")
      .command({ ...generateCommand, handler: run(generateCommand.handler) } as never)
      .command({ ...checkCommand, handler: run(checkCommand.handler) } as never)
      .command({ ...validateCommand, handler: run(validateCommand.handler) } as never)
      .command({ ...runCommand, handler: run(runCommand.handler) } as never)
      .command({ ...testConnectionCommand, handler: run(testConnectionCommand.handler) } as never)
      .command({ ...scaffoldCommand, handler: run(scaffoldCommand.handler) } as never)
      .command({ ...serveCommand, handler: run(serveCommand.handler) } as never)
      .demandCommand(1, "Name a command; see --help.")
      .strict()
      .recommendCommands()
      .help()
      .alias("h", "help")
      .version(false)
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
    if (error instanceof DiagnosticError) {
      console.error(formatDiagnostics(error.diagnostics, "pretty"));
      return 1;
    }
    if (process.env.ONESPEC_DEBUG) throw error;
    const message = error instanceof Error ? error.message : String(error);
    console.error(`onespec: internal error: ${message.split("\n")[0]}\nRe-run with ONESPEC_DEBUG=1 for details, and report it.`);
    return 70;
  }
  return exitCode;
}
