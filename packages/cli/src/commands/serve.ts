import path from "node:path";
import type { Argv } from "yargs";
import { ConnectionStore, buildApp } from "@onespec/server";

export interface ServeArgs {
  port: number;
  host: string;
  store: string;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

export const serveCommand = {
  command: "serve",
  describe:
    "Serve the JSON API for connection forms: registry, validation, test connection and saved connections",
  builder: (y: Argv) =>
    y
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
      .example("$0 serve", "API on http://127.0.0.1:4400/api"),
  handler: async (args: ServeArgs): Promise<number> => {
    if (!LOOPBACK.has(args.host)) {
      console.error(
        `onespec serve: warning: listening on ${args.host}, not loopback; anyone who can reach it can test and save connections.`,
      );
    }
    const store = new ConnectionStore(path.resolve(args.store));
    const app = buildApp({ store });
    let address: string;
    try {
      address = await app.listen({ host: args.host, port: args.port });
    } catch (error) {
      store.close();
      const code = (error as { code?: string }).code;
      console.error(
        `onespec serve: cannot listen on ${args.host}:${args.port}: ${code === "EADDRINUSE" ? "the port is in use (choose another with --port)" : (error as Error).message}`,
      );
      return 1;
    }
    console.log(
      `onespec serve: listening on ${address} (API under /api; saved connections in ${args.store})`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await app.close();
    store.close();
    console.log("onespec serve: stopped");
    return 0;
  },
};
