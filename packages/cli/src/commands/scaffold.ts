import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import type { Argv } from "../args.js";
import * as prettier from "prettier";
import { hasErrors } from "@onespec/core";
import {
  AUTH_KINDS,
  CAPABILITIES,
  CONNECTION_TYPES,
  SERVICE_TYPES,
  answersProblems,
  currentName,
  defaultAuthTypes,
  defaultConnectionType,
  defaultDisplayName,
  type Answers,
} from "../scaffold/answers.js";
import { ask } from "../scaffold/prompts.js";
import { contextFile, packageFiles, type NewFile } from "../scaffold/package-files.js";
import { connectionJson, connectorJson, testConnectionJson } from "../scaffold/schemas.js";
import { missingDefinitions } from "../shipped-definitions.js";
import { ExistingFilesError, placeFiles } from "../scaffold/write.js";
import { generate } from "@onespec/engine";
import { loadProjectConfig } from "../project-config.js";
import { formatDiagnostics } from "../report.js";
import { escapeControls } from "../terminal-text.js";

export interface ScaffoldArgs {
  kind: string;
  name?: string;
  "display-name"?: string;
  "service-type"?: string;
  "connection-type"?: string;
  "auth-types"?: string[];
  capabilities?: string[];
  "docs-url"?: string;
  "sdk-package"?: string;
  "api-endpoints"?: string[];
  notes?: string;
  "docker-image"?: string;
  "docker-port"?: number;
  from?: string;
  yes: boolean;
  force: boolean;
}

/** Comma-separated or repeated flags → list. */
function list(values: string[] | undefined): string[] | undefined {
  return values
    ?.flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export const scaffoldCommand = {
  command: "scaffold <kind>",
  describe:
    "Create a new connector: schemas, generated code and, where packages/ exists, an SDK package",
  builder: (y: Argv) =>
    y
      .positional("kind", {
        choices: ["connector"] as const,
        demandOption: true,
        describe: "What to scaffold",
      })
      .option("name", {
        type: "string",
        describe: "Connector name, kebab-case or snake_case (e.g. acme-crm)",
      })
      .option("display-name", { type: "string", describe: "Human name (default: from the name)" })
      // Not `choices`: an old lower-case name must reach currentName to be accepted.
      .option("service-type", {
        type: "string",
        describe: `What kind of service it reads: ${SERVICE_TYPES.join(", ")}`,
      })
      .option("connection-type", { choices: CONNECTION_TYPES, describe: "How it connects" })
      .option("auth-types", {
        type: "string",
        array: true,
        describe: `Auth choices, comma-separated: ${AUTH_KINDS.join(", ")}`,
      })
      .option("capabilities", {
        type: "string",
        array: true,
        describe: `Comma-separated: ${CAPABILITIES.join(", ")}`,
      })
      .option("docs-url", { type: "string", describe: "The service's documentation URL" })
      .option("sdk-package", { type: "string", describe: "Client library the connector will use" })
      .option("api-endpoints", {
        type: "string",
        array: true,
        describe: "API paths it reads (comma-separated)",
      })
      .option("notes", { type: "string", describe: "Notes for CONNECTOR_CONTEXT.md" })
      .option("docker-image", { type: "string", describe: "Image for a local test server" })
      .option("docker-port", {
        type: "number",
        describe: "Its port (also the default port for SQL connections)",
      })
      .option("from", {
        type: "string",
        describe: "Import an Airbyte spec or OpenMetadata connection schema",
      })
      .option("yes", {
        type: "boolean",
        default: false,
        describe: "Take defaults for every question not answered by a flag",
      })
      .option("force", {
        type: "boolean",
        default: false,
        describe: "Replace an existing connector of that name",
      })
      .example("$0 scaffold connector", "Ask every question")
      .example(
        "$0 scaffold connector --name acme --service-type API --auth-types bearer-token --docs-url https://acme.dev/api --yes",
        "No questions",
      ),
  handler: async (args: ScaffoldArgs): Promise<number> => {
    const root = process.cwd();
    const config = await loadProjectConfig(root);
    // Relative to the repository root, as they are shown (the config holds absolute paths).
    const schemas = path.relative(root, config.schemas ?? path.join(root, "schemas")) || ".";
    const out = path.relative(root, config.out ?? path.join(root, "generated")) || ".";
    const connectorsDir = path.join(root, schemas, "connectors");
    if (!existsSync(connectorsDir)) {
      console.error(
        `onespec scaffold: run this where onespec.config.json is, in a tree with onespec's layout (there is no ${path.join(schemas, "connectors")}/ here; \`npx onespec init\` makes one).`,
      );
      return 1;
    }
    // A connector package is built on the workspace's @onespec/generated, so it is scaffolded
    // only where packages live (onespec's monorepo); elsewhere the schemas are the connector.
    const withPackage = existsSync(path.join(root, "packages"));
    const existing = readdirSync(connectorsDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);

    let imported: Awaited<ReturnType<typeof import("@onespec/import").importSpec>> | undefined;
    if (args.from !== undefined) {
      // Loaded only for --from: the importer pulls in the lint rules and the loader's checks.
      const { importSpec } = await import("@onespec/import");
      try {
        imported = await importSpec(args.from);
      } catch (error) {
        console.error(`onespec scaffold: cannot import ${(error as Error).message}`);
        return 1;
      }
    }
    // Old names in flags: accepted, with a warning naming the new one.
    const warn = (message: string) => console.error(`onespec scaffold: warning: ${message}`);
    const serviceTypeFlag =
      args["service-type"] === undefined
        ? undefined
        : currentName("service-type", args["service-type"], warn);
    const authTypesFlag = list(args["auth-types"])?.map((t) => currentName("auth-types", t, warn));
    const capabilitiesFlag = list(args.capabilities)?.map((c) =>
      currentName("capabilities", c, warn),
    );
    // The importer speaks connector.json's vocabulary too, so its service type is an answer as is.
    const fromService = imported?.metadata.serviceType;
    const given: Partial<Answers> = {
      ...((args.name ?? imported?.metadata.name) !== undefined && {
        name: args.name ?? imported!.metadata.name,
      }),
      ...((args["display-name"] ?? imported?.metadata.displayName) !== undefined && {
        displayName: args["display-name"] ?? imported!.metadata.displayName,
      }),
      ...((serviceTypeFlag ?? fromService) !== undefined && {
        serviceType: (serviceTypeFlag ?? fromService)!,
      }),
      ...(args["connection-type"] !== undefined && {
        connectionType: args["connection-type"] as Answers["connectionType"],
      }),
      ...(authTypesFlag !== undefined && { authTypes: authTypesFlag }),
      ...((capabilitiesFlag ?? imported?.metadata.capabilities) !== undefined && {
        capabilities: (capabilitiesFlag ?? imported?.metadata.capabilities)!,
      }),
      ...((args["docs-url"] ?? imported?.metadata.docsUrl) !== undefined && {
        docsUrl: args["docs-url"] ?? imported!.metadata.docsUrl!,
      }),
      ...(args["sdk-package"] !== undefined && { sdkPackage: args["sdk-package"] }),
      ...(list(args["api-endpoints"]) !== undefined && {
        apiEndpoints: list(args["api-endpoints"])!,
      }),
      ...(args.notes !== undefined && { notes: args.notes }),
      ...(args["docker-image"] !== undefined && { dockerImage: args["docker-image"] }),
      ...(args["docker-port"] !== undefined && { dockerPort: args["docker-port"] }),
    };
    const interactive = !args.yes && process.stdin.isTTY === true && process.stdout.isTTY === true;
    let answers: Answers;
    if (interactive) {
      try {
        answers = await ask(given, existing, args.force);
      } catch (error) {
        // Ctrl-C (or Escape/closing the terminal) at a question: the user's choice, not a failure.
        const name = (error as { name?: string } | undefined)?.name;
        if (name === "ExitPromptError" || name === "AbortPromptError") {
          console.error("onespec scaffold: cancelled; nothing was written.");
          return 130;
        }
        throw error;
      }
    } else {
      if (given.name === undefined) {
        console.error(
          "onespec scaffold: --name is required when not asking interactively (or use --from).",
        );
        return 2;
      }
      const serviceType = given.serviceType ?? "API";
      const connectionType = given.connectionType ?? defaultConnectionType(serviceType);
      answers = {
        name: given.name,
        displayName: given.displayName ?? defaultDisplayName(given.name),
        serviceType,
        connectionType,
        authTypes: given.authTypes ?? defaultAuthTypes(connectionType),
        capabilities: given.capabilities ?? ["metadata"],
        docsUrl: given.docsUrl ?? "https://example.com/docs",
        apiEndpoints: given.apiEndpoints ?? [],
        ...(given.sdkPackage !== undefined && { sdkPackage: given.sdkPackage }),
        ...(given.notes !== undefined && { notes: given.notes }),
        ...(given.dockerImage !== undefined && { dockerImage: given.dockerImage }),
        ...(given.dockerPort !== undefined && { dockerPort: given.dockerPort }),
      };
    }
    const problems = answersProblems(answers, existing, args.force);
    if (problems.length > 0) {
      for (const p of problems) console.error(`onespec scaffold: ${p}`);
      console.error("Nothing was written.");
      return 1;
    }

    const schemaDir = path.join(schemas, "connectors", answers.name).split(path.sep).join("/");
    const packageDir = `packages/connectors/${answers.name}`;
    const connection = imported ? imported.connection : connectionJson(answers);
    const files: NewFile[] = [
      { path: `${schemaDir}/connection.json`, contents: json(connection) },
      { path: `${schemaDir}/connector.json`, contents: json(connectorJson(answers)) },
      {
        path: `${schemaDir}/test-connection.json`,
        contents: json(testConnectionJson(answers, connection)),
      },
      // A tree made by `init` holds only the definitions its example uses.
      ...missingDefinitions(root, schemas, connection),
      ...(withPackage
        ? [...packageFiles(answers), contextFile(answers, imported?.notes ?? [])]
        : []),
    ];
    // Formatted as the repository formats its own files, so the new files need no reformatting.
    const formatted = await Promise.all(
      files.map(async (f) => {
        const options = (await prettier.resolveConfig(path.join(root, f.path))) ?? {};
        return {
          ...f,
          contents: await prettier.format(f.contents, { ...options, filepath: f.path }),
        };
      }),
    );
    let placed;
    try {
      placed = await placeFiles(
        root,
        withPackage ? [schemaDir, packageDir] : [schemaDir],
        formatted,
        args.force,
      );
    } catch (error) {
      if (error instanceof ExistingFilesError) {
        console.error(`onespec scaffold: ${error.message}`);
        return 1;
      }
      throw error;
    }
    let outcome;
    try {
      outcome = await generate({
        schemas,
        out,
        cwd: root,
        generators: config.generators,
        base: config.base,
      });
    } catch (error) {
      await placed.rollback();
      throw error;
    }
    if (!outcome.plan || hasErrors(outcome.diagnostics)) {
      await placed.rollback();
      console.error(formatDiagnostics(outcome.diagnostics, "pretty"));
      console.error(
        `onespec scaffold: generating failed, so the new connector was removed again; ${out}/ is unchanged.`,
      );
      return 1;
    }
    await placed.commit();
    if (withPackage) linkPackage(root, answers.name);
    console.log(
      `onespec scaffold: created ${answers.name} (${answers.serviceType}, ${answers.connectionType}, auth: ${answers.authTypes.join(", ")})`,
    );
    for (const f of files) console.log(`  ${f.path}`);
    console.log(
      `  ${out}/connectors/${answers.name}/ (${outcome.plan.write.length} files written by generate)`,
    );
    // Without a package there is no CONNECTOR_CONTEXT.md to list what the import changed.
    if (!withPackage && imported && imported.notes.length > 0)
      console.log(
        // The notes quote the spec's own text.
        `Changed while importing ${escapeControls(args.from!)}:\n${imported.notes.map((n) => `  - ${escapeControls(n)}`).join("\n")}`,
      );
    console.log(
      withPackage
        ? `Next: read ${packageDir}/CONNECTOR_CONTEXT.md, then \`npm install\` to record the new package in the lock file.`
        : `There is no packages/ folder here, so only the schemas were written (a connector package is scaffolded in onespec's own repository).\n` +
            `Next: edit ${schemaDir}/connection.json, then \`npx onespec generate\`.`,
    );
    return 0;
  },
};

/** What `npm install` would do for the new workspace package: node_modules/@onespec/connector-<name>. */
function linkPackage(root: string, name: string): void {
  const scope = path.join(root, "node_modules", "@onespec");
  const link = path.join(scope, `connector-${name}`);
  if (!existsSync(path.join(root, "node_modules"))) return;
  try {
    lstatSync(link);
    return; // already there
  } catch {
    // not linked yet
  }
  mkdirSync(scope, { recursive: true });
  symlinkSync(path.relative(scope, path.join(root, "packages", "connectors", name)), link, "dir");
}
