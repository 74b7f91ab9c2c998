/** Builds the sink a workflow names. */
import path from "node:path";
import { jsonlSink, postgresCatalog, sqliteCatalog, type Sink } from "@onespec/sdk";
import type { SinkSpec } from "./workflow.js";

export async function createSink(spec: SinkSpec, dir: string): Promise<Sink> {
  switch (spec.type) {
    case "sqlite":
      return sqliteCatalog(path.resolve(dir, spec.path));
    case "jsonl":
      return jsonlSink(path.resolve(dir, spec.directory));
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
