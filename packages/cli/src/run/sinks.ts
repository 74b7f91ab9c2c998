/**
 * Builds the sink a workflow names. The JSON lines sink is the SDK's own; each database sink is
 * a package of its own (with its driver), declared by the CLI as an optional peer and imported
 * only when a workflow names it, so a run never loads a driver it does not use.
 */
import path from "node:path";
import { SinkError, jsonlSink, type Sink } from "@onespec/sdk";
import type { SinkSpec } from "./workflow.js";

/** The package of each sink type that needs one. */
export const SINK_PACKAGES = {
  sqlite: "@onespec/sink-sqlite",
  postgres: "@onespec/sink-postgres",
} as const;

/** A path as the user would write it: relative to where onespec was started, when inside it. */
function shown(absolute: string, from: string): string {
  const relative = path.relative(from, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}

/** A sink's package is not installed: reported on the workflow's sink, before anything is read. */
export class MissingSinkPackage extends SinkError {}

/** Imports a sink's package; when it is not installed, a SinkError saying what to install. */
async function sinkPackage<T>(
  type: keyof typeof SINK_PACKAGES,
  load: () => Promise<T>,
): Promise<T> {
  const name = SINK_PACKAGES[type];
  try {
    return await load();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (
      (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "MODULE_NOT_FOUND") &&
      e.message?.includes(name)
    ) {
      throw new MissingSinkPackage(
        `the ${type} sink needs the package ${name}, which is not installed`,
        {
          hint: `Run \`npm install --save-dev ${name}\` and try again.`,
          retryable: false,
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** `dir`: the workflow's folder (relative paths start there); `cwd`: where onespec was started. */
export async function createSink(spec: SinkSpec, dir: string, cwd = process.cwd()): Promise<Sink> {
  switch (spec.type) {
    case "sqlite": {
      const { sqliteCatalog } = await sinkPackage("sqlite", () => import("@onespec/sink-sqlite"));
      const file = path.resolve(dir, spec.path);
      return sqliteCatalog(file, shown(file, cwd));
    }
    case "jsonl":
      return jsonlSink(
        path.resolve(dir, spec.directory),
        shown(path.resolve(dir, spec.directory), cwd),
      );
    case "postgres": {
      const { postgresCatalog } = await sinkPackage(
        "postgres",
        () => import("@onespec/sink-postgres"),
      );
      return postgresCatalog({
        host: spec.connection.host,
        port: spec.connection.port,
        database: spec.connection.database,
        user: spec.connection.username,
        ...(spec.connection.password !== undefined && { password: spec.connection.password }),
        ssl: spec.connection.ssl,
        schema: spec.schema,
      });
    }
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown sink ${JSON.stringify(unreachable)}`);
    }
  }
}
