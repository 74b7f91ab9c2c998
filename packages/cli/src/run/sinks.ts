/** Builds the sink a workflow names. */
import path from "node:path";
import { jsonlSink, postgresCatalog, sqliteCatalog, type Sink } from "@onespec/sdk";
import type { SinkSpec } from "./workflow.js";

/** A path as the user would write it: relative to where onespec was started, when inside it. */
function shown(absolute: string, from: string): string {
  const relative = path.relative(from, absolute);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : absolute;
}

/** `dir`: the workflow's folder (relative paths start there); `cwd`: where onespec was started. */
export async function createSink(spec: SinkSpec, dir: string, cwd = process.cwd()): Promise<Sink> {
  switch (spec.type) {
    case "sqlite":
      return sqliteCatalog(path.resolve(dir, spec.path), shown(path.resolve(dir, spec.path), cwd));
    case "jsonl":
      return jsonlSink(
        path.resolve(dir, spec.directory),
        shown(path.resolve(dir, spec.directory), cwd),
      );
    case "postgres":
      return postgresCatalog({
        host: spec.connection.host,
        port: spec.connection.port,
        database: spec.connection.database,
        user: spec.connection.username,
        ...(spec.connection.password !== undefined && { password: spec.connection.password }),
        ssl: spec.connection.ssl,
        schema: spec.schema,
      });
    default: {
      const unreachable: never = spec;
      throw new Error(`unknown sink ${JSON.stringify(unreachable)}`);
    }
  }
}
