import { mkdtemp, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTree, type SchemaModel } from "@onespec/core";

const created = new Set<string>();

/** A throwaway folder with `files` (strings as written, other values as 2-space JSON). */
export async function testdir(files: Record<string, unknown>): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "onespec-migrate-")));
  created.add(dir);
  for (const [rel, value] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split("/"));
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(
      file,
      typeof value === "string" ? value : JSON.stringify(value, null, 2) + "\n",
    );
  }
  return dir;
}

export async function cleanup(): Promise<void> {
  await Promise.all([...created].map((d) => rm(d, { recursive: true, force: true })));
  created.clear();
}

/** One connector `acme` in onespec's layout at `version`, with `more` files beside it. */
export function acme(schema: object, version: string, more: Record<string, unknown> = {}) {
  const files: Record<string, unknown> = {
    "connectors/acme/connection.json": {
      $schema: "http://json-schema.org/draft-07/schema#",
      ...schema,
    },
    "connectors/acme/connector.json": {
      name: "acme",
      displayName: "Acme",
      serviceType: "Database",
      capabilities: [],
      version,
      docsUrl: "https://example.com",
    },
    "connectors/acme/test-connection.json": {
      steps: [
        { name: "Connect", description: "Connects.", mandatory: true, errorMessage: "Check it." },
      ],
    },
  };
  for (const [k, v] of Object.entries(more)) files[`connectors/acme/${k}`] = v;
  return files;
}

export async function load(files: Record<string, unknown>): Promise<SchemaModel> {
  const root = await testdir(files);
  return loadTree({ root, cwd: root });
}
