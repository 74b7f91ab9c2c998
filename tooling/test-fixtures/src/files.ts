/**
 * Schema trees written inline in a test: a connector's three files with valid metadata and
 * steps, and a loader that writes a tree to a temp folder and loads it as `onespec` would.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { loadTree, type SchemaModel } from "@onespec/core";

/** `connectors/<name>/`: the given connection.json, and a connector.json and test-connection.json that pass. */
export function connectorFiles(name: string, connection: unknown): Record<string, unknown> {
  return {
    [`connectors/${name}/connection.json`]: connection,
    [`connectors/${name}/connector.json`]: {
      name,
      displayName: name,
      serviceType: "Database",
      capabilities: ["metadata"],
      version: "0.1.0",
      docsUrl: "https://example.com",
    },
    [`connectors/${name}/test-connection.json`]: {
      steps: [
        {
          name: "CheckAccess",
          description: "Open a connection.",
          mandatory: true,
          errorMessage: "Check the host.",
        },
      ],
    },
  };
}

/**
 * Writes `files` (path → JSON value, or text as is) into a temp folder, loads it, and removes
 * the folder (the model holds all it read). Throws when loading reports an error.
 */
export async function loadFiles(files: Record<string, unknown>): Promise<SchemaModel> {
  const root = mkdtempSync(path.join(tmpdir(), "onespec-tree-"));
  try {
    for (const [rel, value] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
      writeFileSync(path.join(root, rel), text);
    }
    const model = await loadTree({ root, cwd: root });
    const errors = model.diagnostics.filter((d) => d.severity === "error");
    if (errors.length) throw new Error(errors.map((d) => d.message).join("; "));
    return model;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
