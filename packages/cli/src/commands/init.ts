/**
 * `onespec init`: sets up onespec in an existing repository. Finds a tree of connection schemas
 * that is already there (and proposes --schemas/--entry for it), or writes one example
 * connector; writes the config; adds `generate` and `check` scripts; prints the next command.
 * Every file is written only when it does not exist yet, and all at once.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Argv } from "../args.js";
import { findConfigFiles, placeStaged } from "@onespec/engine";
import { findSchemaTree, type FoundTree } from "../init/detect.js";
import { exampleTree } from "../init/example.js";

export interface InitArgs {
  schemas?: string;
  entry?: string[];
  out: string;
  example?: boolean;
  format: "json" | "ts";
}

export const initCommand = {
  command: "init",
  describe: "Set up onespec in this repository: a config, an example connector schema, npm scripts",
  builder: (y: Argv) =>
    y
      .option("schemas", {
        type: "string",
        describe: "Root of an existing schema tree (found by itself when left out)",
      })
      .option("entry", {
        type: "string",
        array: true,
        describe: "Glob of entry schemas under --schemas (repeatable)",
      })
      .option("out", {
        type: "string",
        default: "generated",
        describe: "Where generated code goes",
      })
      .option("example", {
        type: "boolean",
        describe: "Write the example connector even when a schema tree is found",
      })
      .option("format", {
        choices: ["json", "ts"] as const,
        default: "json" as const,
        describe: "Write onespec.config.json or onespec.config.ts",
      })
      .example(
        "$0 init",
        "Find the schemas here or write an example connector, then write onespec.config.json",
      )
      .example(
        "$0 init --schemas spec --entry 'connections/**/*Connection.json'",
        "Use an existing tree",
      ),
  handler: async (args: InitArgs): Promise<number> => {
    const cwd = process.cwd();
    const existing = findConfigFiles(cwd);
    if (existing.length > 0) {
      console.error(
        `onespec init: ${existing.join(", ")} already exists; onespec is set up here. Run \`npx onespec generate\`.`,
      );
      return 1;
    }
    const files = new Map<string, string>();
    let schemas = args.schemas;
    let entry = args.entry;
    let found: FoundTree | undefined;
    if (!schemas && !args.example) {
      found = findSchemaTree(cwd);
      if (found) ({ schemas, entry } = found);
    }
    if (!schemas) {
      schemas = "schemas";
      for (const [rel, text] of Object.entries(exampleTree()))
        files.set(path.join(schemas, rel), text);
    }
    const config: Record<string, unknown> = {
      schemas,
      ...(entry?.length ? { entry } : {}),
      out: args.out,
    };
    const configFile = args.format === "ts" ? "onespec.config.ts" : "onespec.config.json";
    files.set(
      configFile,
      args.format === "ts"
        ? `import { defineConfig } from "@onespec/cli/config";\n\nexport default defineConfig(${JSON.stringify(config, null, 2)});\n`
        : JSON.stringify(config, null, 2) + "\n",
    );
    const clashes = [...files.keys()].filter((rel) => existsSync(path.join(cwd, rel)));
    if (clashes.length > 0) {
      console.error(
        `onespec init: these files exist already and were left alone; nothing was written:\n${clashes.map((c) => `  ${c}`).join("\n")}`,
      );
      console.error("Move them away, or point onespec at them with --schemas and --entry.");
      return 1;
    }
    const scripts = packageScripts(cwd);
    // Write everything, or nothing: the one staged writer that generate and scaffold use.
    const write = [...files].map(([rel, contents]) => ({
      path: rel.split(path.sep).join("/"),
      contents,
    }));
    if (scripts.text) write.push({ path: "package.json", contents: scripts.text });
    await (await placeStaged(cwd, { write })).commit();

    if (found)
      console.log(
        `Found ${found.count} connection schema${found.count === 1 ? "" : "s"} under ${schemas}/ (entry ${entry!.join(", ")}).`,
      );
    else
      console.log(
        `Wrote an example connector: ${schemas}/connectors/example/ (connection.json, connector.json, test-connection.json) and ${schemas}/definitions/ (basic-auth.json, tls.json).`,
      );
    console.log(`Wrote ${configFile}.`);
    if (scripts.added.length) console.log(`Added npm scripts: ${scripts.added.join(", ")}.`);
    for (const note of scripts.notes) console.log(note);
    console.log(
      `\nNext: npx onespec generate   (writes ${args.out}/; then \`npx onespec check\` lints the schemas)`,
    );
    return 0;
  },
};

/** package.json with `generate` and `check` scripts added where they are missing. */
function packageScripts(cwd: string): {
  file: string;
  text?: string;
  added: string[];
  notes: string[];
} {
  const file = path.join(cwd, "package.json");
  const wanted: Record<string, string> = { generate: "onespec generate", check: "onespec check" };
  if (!existsSync(file))
    return {
      file,
      added: [],
      notes: ["There is no package.json here, so no npm scripts were added."],
    };
  const text = readFileSync(file, "utf8");
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {
      file,
      added: [],
      notes: ["package.json is not valid JSON, so no npm scripts were added."],
    };
  }
  const scripts = (pkg.scripts && typeof pkg.scripts === "object" ? pkg.scripts : {}) as Record<
    string,
    string
  >;
  const added: string[] = [];
  const notes: string[] = [];
  for (const [name, command] of Object.entries(wanted)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      added.push(name);
    } else if (scripts[name] !== command)
      notes.push(
        `package.json already has a "${name}" script; left as it is (onespec's would be "${command}").`,
      );
  }
  if (added.length === 0) return { file, added, notes };
  pkg.scripts = scripts;
  const indent = /^\{\s*\n(\s+)"/.exec(text)?.[1] ?? "  ";
  return { file, text: JSON.stringify(pkg, null, indent) + "\n", added, notes };
}
