import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Argv } from "../args.js";
import { QUEUE_DATABASE_ENV, databaseOption, queueFailure } from "../queue/database.js";

export interface ServeArgs {
  schemas?: string;
  entry?: string[];
  port: number;
  host: string;
  store: string;
  webRoot?: string;
  apiOnly?: boolean;
  allowedHost?: string[];
  database?: string;
}

/** Where `npm run build` puts the web app (packages/web/dist). */
export function defaultWebRoot(): string {
  const pkg = createRequire(import.meta.url).resolve("@onespec/web/package.json");
  return path.join(path.dirname(pkg), "dist");
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const serveCommand = {
  command: "serve",
  describe:
    "Serve the JSON API for connection forms: registry, validation, test connection and saved connections",
  builder: (y: Argv) =>
    y
      .option("schemas", {
        type: "string",
        describe:
          "Root of the schema tree whose connectors are served [default: from the config, else schemas]",
      })
      .option("entry", {
        type: "string",
        array: true,
        describe: "Glob of entry schemas under --schemas (repeatable)",
      })
      .option("port", { type: "number", default: 4400, describe: "Port (0 picks a free one)" })
      .option("host", {
        type: "string",
        default: "127.0.0.1",
        describe: "Address to listen on (loopback unless you say otherwise)",
      })
      .option("store", {
        type: "string",
        default: ".onespec/connections.db",
        describe: "SQLite file for saved connections",
      })
      .option("web-root", {
        type: "string",
        describe: "Directory of the built web app (default: the @onespec/web package's dist/)",
      })
      .option("api-only", {
        type: "boolean",
        default: false,
        describe: "Serve the JSON API without the web app",
      })
      .option("allowed-host", {
        type: "string",
        array: true,
        describe:
          "Another name the server may be reached by (Host and Origin), as name or name:port; localhost, 127.0.0.1, [::1] and --host are always allowed",
      })
      .option("database", {
        ...databaseOption,
        describe: `${databaseOption.describe}: show its schedules and runs`,
      })
      .example("$0 serve", "the app on http://127.0.0.1:4400/, the API under /api")
      .epilog(
        "The connectors come from the schema tree (onespec.config.* or --schemas/--entry), read when serve starts: a new connector needs no rebuild of the app.",
      ),
  handler: async (args: ServeArgs): Promise<number> => {
    if (!LOOPBACK.has(args.host)) {
      console.error(
        `onespec serve: warning: listening on ${args.host}, not loopback; anyone who can reach it can test and save connections.`,
      );
    }
    let webRoot: string | undefined;
    if (!args.apiOnly) {
      webRoot = path.resolve(args.webRoot ?? defaultWebRoot());
      if (!existsSync(path.join(webRoot, "index.html"))) {
        console.error(
          `onespec serve: the web app is not built (no index.html in ${webRoot}): run \`npm run build\`, or pass --api-only to serve only the API.`,
        );
        return 1;
      }
    }
    // Loaded here, not at the top: the other commands should not pay for Fastify.
    const { ConnectionStore, buildApp, catalogFromSchemas, SecretKeyError } =
      await import("@onespec/server");
    const { loadProjectConfig } = await import("../project-config.js");
    const config = await loadProjectConfig(process.cwd());
    // A broken tree is a DiagnosticError: printed with locations by main().
    const catalog = await catalogFromSchemas({
      schemas: args.schemas ?? config.schemas ?? "schemas",
      entries: args.entry ?? config.entry,
    });
    // The run queue's schedules and runs, when there is a queue: else those routes answer 404.
    const queueUrl = args.database ?? process.env[QUEUE_DATABASE_ENV];
    let queue: Awaited<ReturnType<typeof import("@onespec/queue").openRunQueueView>> | undefined;
    if (queueUrl) {
      try {
        queue = await (
          await import("@onespec/queue")
        ).openRunQueueView(queueUrl, {
          store: path.resolve(args.store),
        });
      } catch (error) {
        return queueFailure("serve", queueUrl, error);
      }
    }
    let store: InstanceType<typeof ConnectionStore>;
    let app: ReturnType<typeof buildApp>;
    try {
      store = new ConnectionStore(path.resolve(args.store));
      app = buildApp({
        catalog,
        store,
        webRoot,
        allowedHosts: [args.host, ...(args.allowedHost ?? [])],
        ...(queue && { queue }),
      });
    } catch (error) {
      await queue?.close();
      if (error instanceof SecretKeyError || error instanceof TypeError) {
        console.error(`onespec serve: ${(error as Error).message}`);
        return 1;
      }
      throw error;
    }
    let address: string;
    try {
      address = await app.listen({ host: args.host, port: args.port });
    } catch (error) {
      store.close();
      await queue?.close();
      const code = (error as { code?: string }).code;
      console.error(
        `onespec serve: cannot listen on ${args.host}:${args.port}: ${code === "EADDRINUSE" ? "the port is in use (choose another with --port)" : (error as Error).message}`,
      );
      return 1;
    }
    console.log(
      `onespec serve: listening on ${address} (${catalog.size} connector${catalog.size === 1 ? "" : "s"}; ${webRoot ? "the app at /, " : ""}API under /api; saved connections in ${args.store})`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await app.close();
    store.close();
    await queue?.close();
    console.log("onespec serve: stopped");
    return 0;
  },
};
