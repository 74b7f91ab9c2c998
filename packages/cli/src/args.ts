/**
 * The command line, parsed. It implements the part of yargs' builder API that the commands use
 * (`option`, `positional`, `example`, `epilog`), because importing yargs alone cost every
 * command ~50 ms before it started.
 */
import { closestName } from "./closest-name.js";
import { renderHelp, type HelpPage, type HelpRow } from "./help-text.js";
import { quoted } from "./terminal-text.js";

/** Bad arguments: reported with a pointer to `--help` and exit code 2, before any command runs. */
export class UsageError extends Error {}

/** An option or positional, as a command declares it (yargs' spelling). */
export interface OptionSpec {
  /** Without a type, a value is a string (an option with `choices` needs none). */
  type?: "string" | "number" | "boolean";
  /** Repeatable (`--entry a --entry b`); the handler gets an array. */
  array?: boolean;
  default?: unknown;
  describe?: string;
  choices?: readonly (string | number)[];
  /** A positional that must be given (those in `<angle brackets>` in the usage are anyway). */
  demandOption?: boolean;
}

/** What a handler receives: each option under its name as declared and in camelCase. */
export type ParsedArgs = Record<string, unknown>;

const HELP_ROW: HelpRow = { left: "-h, --help", right: "Show help" };

/** `keep-going` → `keepGoing`, as yargs gave them to the handlers. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** `-3` and `-0.5` are values, not options. */
const NEGATIVE_NUMBER = /^-\d+(?:\.\d+)?$/;

/** `--help` or `-h` before any `--`: help wins over every other argument, even wrong ones. */
export function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).some((a) => a === "--help" || a === "-h");
}

/**
 * One command's arguments. A command module's builder declares its options on it; `parse`
 * then reads the arguments after the command's name.
 */
export class Argv {
  private readonly options = new Map<string, OptionSpec>();
  private readonly positionals = new Map<string, OptionSpec>();
  private readonly examples: HelpRow[] = [];
  private epilogText?: string;
  /** The positionals' names in order, and which are required, from `<a> [b]` in the usage. */
  private readonly slots: { name: string; required: boolean }[];

  constructor(
    private readonly program: string,
    /** The command's name and positionals, e.g. `validate <connector> <config>`. */
    private readonly usage: string,
    private readonly describe: string,
  ) {
    this.slots = [...usage.matchAll(/([<[])([^>\]]+)[>\]]/g)].map((m) => ({
      name: m[2],
      required: m[1] === "<",
    }));
  }

  option(name: string, spec: OptionSpec): this {
    this.options.set(name, spec);
    return this;
  }

  positional(name: string, spec: OptionSpec): this {
    if (!this.slots.some((s) => s.name === name))
      throw new Error(`positional "${name}" is not in the usage "${this.usage}"`);
    this.positionals.set(name, spec);
    return this;
  }

  example(command: string, description: string): this {
    this.examples.push({ left: command.replaceAll("$0", this.program), right: description });
    return this;
  }

  epilog(text: string): this {
    this.epilogText = text;
    return this;
  }

  /** The command's `--help`, laid out for `width` columns. */
  help(width: number): string {
    const positionals = this.slots.map(({ name, required }) => {
      const spec = this.positionals.get(name) ?? {};
      return { left: name, right: annotated(spec, required || spec.demandOption === true) };
    });
    const options = [...this.options].map(([name, spec]) => ({
      left: `    --${name}`,
      right: annotated(spec, false),
    }));
    const page: HelpPage = {
      usage: `${this.program} ${this.usage}`,
      description: this.describe,
      sections: [
        { title: "Positionals", rows: positionals },
        { title: "Options", rows: [...options, HELP_ROW] },
        { title: "Examples", rows: this.examples },
      ],
      epilog: this.epilogText,
    };
    return renderHelp(page, width);
  }

  /**
   * The arguments after the command's name, checked against the declarations; every mistake
   * (unknown option, missing or extra positional, value of the wrong type, value not among the
   * choices) is a UsageError. Call asksForHelp first: help is not an error.
   */
  parse(args: readonly string[]): ParsedArgs {
    const values = new Map<string, unknown>();
    const given: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const arg = args[i];
      if (arg === "--") {
        given.push(...args.slice(i + 1));
        break;
      }
      if (!arg.startsWith("-") || arg === "-" || NEGATIVE_NUMBER.test(arg)) {
        given.push(arg);
        continue;
      }
      if (!arg.startsWith("--")) throw this.unknownOption(arg);
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const inline = eq < 0 ? undefined : arg.slice(eq + 1);
      const spec = this.options.get(name);
      if (!spec) {
        const negated = name.startsWith("no-") ? this.options.get(name.slice(3)) : undefined;
        if (negated?.type === "boolean" && inline === undefined) {
          values.set(name.slice(3), false);
          continue;
        }
        throw this.unknownOption(eq < 0 ? arg : arg.slice(0, eq));
      }
      if (spec.type === "boolean") {
        if (inline !== undefined && inline !== "true" && inline !== "false")
          throw new UsageError(`--${name} is a flag: give it alone, or =true or =false`);
        values.set(name, inline !== "false");
        continue;
      }
      let text = inline;
      if (text === undefined) {
        const next = args[i + 1];
        if (
          next === undefined ||
          (next.startsWith("-") && next !== "-" && !NEGATIVE_NUMBER.test(next))
        )
          throw new UsageError(`--${name} needs a value`);
        text = next;
        i++;
      }
      const value = convert(`--${name}`, spec, text);
      if (spec.array) values.set(name, [...((values.get(name) as unknown[]) ?? []), value]);
      else values.set(name, value); // given twice, the last one counts
    }
    return this.result(values, given);
  }

  private unknownOption(arg: string): UsageError {
    const close = closestName(arg.replace(/^--?/, ""), this.options.keys());
    return new UsageError(
      `Unknown option ${quoted(arg)}${close ? `. Did you mean --${close}?` : ""}`,
    );
  }

  private result(values: Map<string, unknown>, given: string[]): ParsedArgs {
    if (given.length > this.slots.length)
      throw new UsageError(
        `Unexpected argument ${quoted(given[this.slots.length])}: the usage is \`${this.program} ${this.usage}\``,
      );
    const missing = this.slots
      .slice(given.length)
      .filter((s) => s.required || this.positionals.get(s.name)?.demandOption);
    if (missing.length > 0)
      throw new UsageError(
        `Missing ${missing.map((s) => `<${s.name}>`).join(" and ")}: the usage is \`${this.program} ${this.usage}\``,
      );
    const out: ParsedArgs = {};
    const set = (name: string, value: unknown) => {
      out[name] = value;
      out[camelCase(name)] = value;
    };
    this.slots.forEach(({ name }, i) => {
      if (i < given.length)
        set(name, convert(`<${name}>`, this.positionals.get(name) ?? {}, given[i]));
    });
    for (const [name, spec] of this.options) {
      if (values.has(name)) set(name, values.get(name));
      else if (spec.default !== undefined) set(name, spec.default);
    }
    return out;
  }
}

/** A value as its declaration wants it: a number, or one of the choices. */
function convert(label: string, spec: OptionSpec, text: string): string | number {
  let value: string | number = text;
  if (spec.type === "number") {
    value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value))
      throw new UsageError(`${label} needs a number, not ${quoted(text)}`);
  }
  if (spec.choices && !spec.choices.includes(value))
    throw new UsageError(
      `${label} must be one of ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}, not ${quoted(text)}`,
    );
  return value;
}

/** The description of an option in `--help`, followed by its type, default and choices. */
function annotated(spec: OptionSpec, required: boolean): string {
  const notes: string[] = [];
  if (spec.choices)
    notes.push(`[choices: ${spec.choices.map((c) => JSON.stringify(c)).join(", ")}]`);
  else notes.push(`[${spec.array ? "array" : (spec.type ?? "string")}]`);
  if (required) notes.push("[required]");
  if (spec.default !== undefined) notes.push(`[default: ${JSON.stringify(spec.default)}]`);
  return [spec.describe, ...notes].filter(Boolean).join(" ");
}

/** A command as `onespec --help` lists it. */
export interface CommandSummary {
  usage: string;
  describe: string;
}

/** What the program's own arguments ask for, before any command's module is loaded. */
export type ProgramRequest =
  { kind: "help" } | { kind: "version" } | { kind: "command"; name: string; args: string[] };

/**
 * The first argument names the command; without one, only `--help`, `-h` and `--version` are
 * understood (`--version` is the program's, not every command's).
 */
export function parseProgram(
  argv: readonly string[],
  commands: Readonly<Record<string, CommandSummary>>,
): ProgramRequest {
  const [first, ...rest] = argv;
  if (first !== undefined && Object.hasOwn(commands, first))
    return { kind: "command", name: first, args: rest };
  if (asksForHelp(argv)) return { kind: "help" };
  if (first === "--version") return { kind: "version" };
  if (first === undefined) throw new UsageError("Name a command; see --help.");
  if (first.startsWith("-") && first !== "-")
    throw new UsageError(`Unknown option ${quoted(first)}: name a command first`);
  const close = closestName(first, Object.keys(commands));
  throw new UsageError(
    `Unknown command ${quoted(first)}${close ? `. Did you mean ${close}?` : ""}`,
  );
}

/** `onespec --help`: every command, and the program's own options. */
export function programHelp(
  program: string,
  description: string,
  commands: Readonly<Record<string, CommandSummary>>,
  width: number,
): string {
  return renderHelp(
    {
      usage: `${program} <command> [options]`,
      description,
      sections: [
        {
          title: "Commands",
          rows: Object.values(commands).map((c) => ({
            left: `${program} ${c.usage}`,
            right: c.describe,
          })),
        },
        {
          title: "Options",
          rows: [{ left: "    --version", right: "Show the version number" }, HELP_ROW],
        },
      ],
    },
    width,
  );
}
