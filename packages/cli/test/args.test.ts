import { describe, expect, it } from "vitest";
import { Argv, asksForHelp, parseProgram, programHelp, UsageError } from "../src/args.js";
import { closestName } from "../src/closest-name.js";
import { wrap } from "../src/help-text.js";

/** A command declared the way the command modules declare theirs. */
function generateLike(): Argv {
  return new Argv("onespec", "generate", "Generate everything from the schemas")
    .option("schemas", { type: "string", describe: "Root of the schema tree" })
    .option("entry", { type: "string", array: true, describe: "Glob of entry schemas" })
    .option("jobs", { type: "number", describe: "Threads" })
    .option("keep-going", { type: "boolean", describe: "Carry on after an error" })
    .option("check", { type: "boolean", default: false, describe: "Write nothing" })
    .option("format", {
      choices: ["pretty", "json", "github"] as const,
      default: "pretty" as const,
      describe: "Diagnostics format",
    })
    .example("$0 generate --check", "Fail when generated/ is out of date")
    .epilog("Settings can also live in onespec.config.ts.");
}

function validateLike(): Argv {
  return new Argv("onespec", "validate <connector> <config> [extra]", "Validate a config")
    .positional("connector", { type: "string", demandOption: true, describe: "Connector name" })
    .positional("config", { type: "string", demandOption: true, describe: "Config file" })
    .option("out", { type: "string", default: "generated", describe: "Generated code" });
}

/** The UsageError's message, failing the test when parsing succeeds or throws something else. */
function usageError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message;
  }
  throw new Error("expected a UsageError");
}

describe("options", () => {
  it("gives a kebab-case option to the handler under both spellings", () => {
    const args = generateLike().parse(["--keep-going"]);
    expect(args["keep-going"]).toBe(true);
    expect(args.keepGoing).toBe(true);
  });

  it("reads --name value and --name=value alike", () => {
    expect(generateLike().parse(["--schemas", "a"]).schemas).toBe("a");
    expect(generateLike().parse(["--schemas=b=c"]).schemas).toBe("b=c");
    expect(generateLike().parse(["--schemas="]).schemas).toBe("");
  });

  it("negates a boolean with --no-<flag>, and takes =true and =false", () => {
    expect(generateLike().parse(["--no-keep-going"]).keepGoing).toBe(false);
    expect(generateLike().parse(["--check", "--no-check"]).check).toBe(false);
    expect(generateLike().parse(["--check=false"]).check).toBe(false);
    expect(generateLike().parse(["--check=true"]).check).toBe(true);
    expect(usageError(() => generateLike().parse(["--check=maybe"]))).toBe(
      "--check is a flag: give it alone, or =true or =false",
    );
  });

  it("collects a repeated array option, and keeps the last of a repeated plain one", () => {
    const args = generateLike().parse([
      "--entry",
      "a",
      "--entry=b",
      "--schemas",
      "x",
      "--schemas",
      "y",
    ]);
    expect(args.entry).toEqual(["a", "b"]);
    expect(args.schemas).toBe("y");
  });

  it("leaves an option out when it is not given and has no default, and applies defaults", () => {
    const args = generateLike().parse([]);
    expect(Object.hasOwn(args, "schemas")).toBe(false);
    expect(Object.hasOwn(args, "entry")).toBe(false);
    expect(args.check).toBe(false);
    expect(args.format).toBe("pretty");
    expect(generateLike().parse(["--format", "json"]).format).toBe("json");
  });

  it("parses numbers, negative ones included, and rejects what is not a number", () => {
    expect(generateLike().parse(["--jobs", "4"]).jobs).toBe(4);
    expect(generateLike().parse(["--jobs", "-1"]).jobs).toBe(-1);
    expect(generateLike().parse(["--jobs=2.5"]).jobs).toBe(2.5);
    expect(usageError(() => generateLike().parse(["--jobs", "four"]))).toBe(
      '--jobs needs a number, not "four"',
    );
    expect(usageError(() => generateLike().parse(["--jobs="]))).toBe(
      '--jobs needs a number, not ""',
    );
  });

  it("checks choices, naming them", () => {
    expect(usageError(() => generateLike().parse(["--format", "xml"]))).toBe(
      '--format must be one of "pretty", "json", "github", not "xml"',
    );
  });

  it("says when an option's value is missing rather than taking the next option as it", () => {
    expect(usageError(() => generateLike().parse(["--schemas"]))).toBe("--schemas needs a value");
    expect(usageError(() => generateLike().parse(["--schemas", "--check"]))).toBe(
      "--schemas needs a value",
    );
    expect(generateLike().parse(["--schemas", "-"]).schemas).toBe("-");
  });

  it("rejects an unknown option, suggesting a close one", () => {
    expect(usageError(() => generateLike().parse(["--bogus"]))).toBe('Unknown option "--bogus"');
    expect(usageError(() => generateLike().parse(["--chek"]))).toBe(
      'Unknown option "--chek". Did you mean --check?',
    );
    expect(usageError(() => generateLike().parse(["--sch=x"]))).toBe('Unknown option "--sch"');
    expect(usageError(() => generateLike().parse(["-x"]))).toBe('Unknown option "-x"');
    // --no- negates booleans only
    expect(usageError(() => generateLike().parse(["--no-schemas"]))).toMatch(/^Unknown option/);
  });

  it("escapes control characters of an unknown option in the message", () => {
    expect(usageError(() => generateLike().parse(["--\u001b[2J"]))).toBe(
      'Unknown option "--\\u001b[2J"',
    );
  });
});

describe("positionals", () => {
  it("fills them in the order of the usage, under both spellings", () => {
    const args = validateLike().parse(["postgres", "--out", "gen", "pg.yaml"]);
    expect(args).toMatchObject({ connector: "postgres", config: "pg.yaml", out: "gen" });
    expect(Object.hasOwn(args, "extra")).toBe(false);
  });

  it("takes everything after -- as positionals, even what looks like an option", () => {
    const args = validateLike().parse(["--", "--weird", "-h", "--out"]);
    expect(args).toMatchObject({ connector: "--weird", config: "-h", extra: "--out" });
    expect(args.out).toBe("generated");
  });

  it("rejects missing required positionals and extra ones, showing the usage", () => {
    expect(usageError(() => validateLike().parse([]))).toBe(
      "Missing <connector> and <config>: the usage is `onespec validate <connector> <config> [extra]`",
    );
    expect(usageError(() => validateLike().parse(["postgres"]))).toBe(
      "Missing <config>: the usage is `onespec validate <connector> <config> [extra]`",
    );
    expect(usageError(() => validateLike().parse(["a", "b", "c", "d"]))).toBe(
      'Unexpected argument "d": the usage is `onespec validate <connector> <config> [extra]`',
    );
  });

  it("requires a positional declared with demandOption even if the usage has it optional", () => {
    const argv = new Argv("onespec", "diff [base]", "Compare").positional("base", {
      type: "string",
      demandOption: true,
    });
    expect(usageError(() => argv.parse([]))).toMatch(/^Missing <base>/);
  });

  it("checks a positional's choices", () => {
    const argv = new Argv("onespec", "scaffold <kind>", "Create").positional("kind", {
      choices: ["connector"] as const,
    });
    expect(argv.parse(["connector"]).kind).toBe("connector");
    expect(usageError(() => argv.parse(["widget"]))).toBe(
      '<kind> must be one of "connector", not "widget"',
    );
  });

  it("refuses to declare a positional the usage does not have (a mistake in a command module)", () => {
    expect(() => new Argv("onespec", "run <workflow>", "Run").positional("file", {})).toThrow(
      'positional "file" is not in the usage "run <workflow>"',
    );
  });
});

describe("asking for help", () => {
  it("is --help or -h anywhere before --, whatever else is wrong", () => {
    expect(asksForHelp(["--help"])).toBe(true);
    expect(asksForHelp(["--bogus", "-h"])).toBe(true);
    expect(asksForHelp(["--", "--help"])).toBe(false);
    expect(asksForHelp(["--helpful"])).toBe(false);
  });
});

describe("a command's --help", () => {
  it("shows the usage, description, positionals, options, examples and epilog", () => {
    const text = validateLike()
      .example("$0 validate postgres pg.yaml", "Check a config")
      .epilog("Exit code 1 when the config is invalid.")
      .help(110);
    expect(text).toBe(
      [
        "onespec validate <connector> <config> [extra]",
        "",
        "Validate a config",
        "",
        "Positionals:",
        "  connector  Connector name [string] [required]",
        "  config     Config file [string] [required]",
        "  extra      [string]",
        "",
        "Options:",
        '      --out   Generated code [string] [default: "generated"]',
        "  -h, --help  Show help",
        "",
        "Examples:",
        "  onespec validate postgres pg.yaml  Check a config",
        "",
        "Exit code 1 when the config is invalid.",
      ].join("\n"),
    );
  });

  it("shows each option's type, choices and default", () => {
    const text = generateLike().help(110);
    expect(text).toContain("--jobs        Threads [number]");
    expect(text).toContain("--entry       Glob of entry schemas [array]");
    expect(text).toContain("--keep-going  Carry on after an error [boolean]");
    expect(text).toContain("--check       Write nothing [boolean] [default: false]");
    expect(text).toContain(
      '--format      Diagnostics format [choices: "pretty", "json", "github"] [default: "pretty"]',
    );
  });

  it.each([110, 60, 30, 12])("fits %i columns, losing no word", (width) => {
    const argv = generateLike().example(
      "$0 generate --schemas ../om/schema --entry 'entity/services/connections/**/*Connection.json'",
      "Generate for another tree, one whose schemas live somewhere else entirely",
    );
    const text = argv.help(width);
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(width);
    const words = (s: string) => s.split(/\s+/).filter(Boolean).join("");
    expect(words(text)).toBe(words(argv.help(10_000)));
  });

  it("puts a command too long for the left column on its own line, its description below", () => {
    const text = generateLike()
      .example("$0 generate --schemas ../a/very/long/path/to/a/schema/tree --out gen", "Elsewhere")
      .help(80);
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.includes("../a/very/long"));
    expect(lines[at]).toMatch(/^ {2}onespec generate --schemas \.\.\/a\/very\/long/);
    expect(lines.slice(at + 1).find((l) => l.includes("Elsewhere"))).toMatch(/^ {4,}Elsewhere$/);
  });

  it("indents the continuation of a wrapped command, so it does not read as a row of its own", () => {
    const text = generateLike()
      .example("$0 generate --schemas ../a/very/long/path/to/a/schema/tree --out gen", "Elsewhere")
      .help(40);
    const lines = text.split("\n");
    const first = lines.findIndex((l) => l.startsWith("  onespec generate --schemas"));
    const last = lines.findIndex((l) => l.includes("Elsewhere"));
    expect(last - first).toBeGreaterThan(1);
    for (const line of lines.slice(first + 1, last)) expect(line).toMatch(/^ {4}\S/);
  });
});

describe("the program's arguments", () => {
  const COMMANDS = {
    generate: { usage: "generate", describe: "Generate everything" },
    validate: { usage: "validate <connector> <config>", describe: "Validate a config" },
    run: { usage: "run <workflow>", describe: "Run a workflow" },
  };

  it("names the command first and hands it the rest", () => {
    expect(parseProgram(["generate", "--check", "--help"], COMMANDS)).toEqual({
      kind: "command",
      name: "generate",
      args: ["--check", "--help"],
    });
  });

  it("understands --help, -h and --version without a command", () => {
    expect(parseProgram(["--help"], COMMANDS)).toEqual({ kind: "help" });
    expect(parseProgram(["-h"], COMMANDS)).toEqual({ kind: "help" });
    expect(parseProgram(["--version"], COMMANDS)).toEqual({ kind: "version" });
  });

  it("needs a command", () => {
    expect(usageError(() => parseProgram([], COMMANDS))).toBe("Name a command; see --help.");
    expect(usageError(() => parseProgram(["--check"], COMMANDS))).toBe(
      'Unknown option "--check": name a command first',
    );
  });

  it("rejects an unknown command, suggesting a close one", () => {
    expect(usageError(() => parseProgram(["genrate"], COMMANDS))).toBe(
      'Unknown command "genrate". Did you mean generate?',
    );
    expect(usageError(() => parseProgram(["frobnicate"], COMMANDS))).toBe(
      'Unknown command "frobnicate"',
    );
    expect(usageError(() => parseProgram(["toString"], COMMANDS))).toBe(
      'Unknown command "toString"',
    );
  });

  it("lists every command and the program's options in its --help", () => {
    const text = programHelp("onespec", "Schema-first code generation.", COMMANDS, 110);
    expect(text).toBe(
      [
        "onespec <command> [options]",
        "",
        "Schema-first code generation.",
        "",
        "Commands:",
        "  onespec generate                       Generate everything",
        "  onespec validate <connector> <config>  Validate a config",
        "  onespec run <workflow>                 Run a workflow",
        "",
        "Options:",
        "      --version  Show the version number",
        "  -h, --help     Show help",
      ].join("\n"),
    );
  });
});

describe("closestName", () => {
  it("finds the nearest known name within a third of its length", () => {
    expect(closestName("chek", ["check", "fix"])).toBe("check");
    expect(closestName("serv", ["serve", "server"])).toBe("serve");
    expect(closestName("xyz", ["run"])).toBeUndefined();
    expect(closestName("anything", [])).toBeUndefined();
  });
});

describe("wrap", () => {
  it("fills words into lines and cuts a word longer than a line", () => {
    expect(wrap("aa bb cc", 5)).toEqual(["aa bb", "cc"]);
    expect(wrap("abcdefgh ij", 3)).toEqual(["abc", "def", "gh", "ij"]);
    expect(wrap("", 10)).toEqual([""]);
  });
});
