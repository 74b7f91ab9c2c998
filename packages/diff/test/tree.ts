import { mkdtemp, mkdir, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTree, type SchemaModel } from "@onespec/core";

const created = new Set<string>();

/** A throwaway directory holding `files` (JSON values written with 2-space indentation). */
export async function testdir(files: Record<string, unknown>): Promise<string> {
  const dir = await realpath(await mkdtemp(path.join(tmpdir(), "onespec-diff-")));
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

export async function cleanupTestdirs(): Promise<void> {
  const dirs = [...created];
  created.clear();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
}

export const STEPS = {
  steps: [
    {
      name: "Connect",
      description: "Connects.",
      mandatory: true,
      errorMessage: "Check the settings.",
    },
  ],
};

export function metadata(name: string, version: string): object {
  return {
    name,
    displayName: name.toUpperCase(),
    serviceType: "Database",
    capabilities: ["metadata"],
    version,
    docsUrl: "https://example.com/docs",
  };
}

/** The files of one connector in onespec's layout. */
export function connectorFiles(
  name: string,
  schema: unknown,
  version = "1.0.0",
): Record<string, unknown> {
  return {
    [`connectors/${name}/connection.json`]: schema,
    [`connectors/${name}/connector.json`]: metadata(name, version),
    [`connectors/${name}/test-connection.json`]: STEPS,
  };
}

/** Loads a tree written from `files`; a tree with errors fails the test that wrote it. */
export async function loadFiles(files: Record<string, unknown>): Promise<SchemaModel> {
  const root = await testdir(files);
  const model = await loadTree({ root, cwd: root });
  const errors = model.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0)
    throw new Error(
      `the test's tree has errors: ${errors.map((d) => `${d.file}:${d.line} ${d.message}`).join("; ")}`,
    );
  return model;
}
