/**
 * Imports a connector spec written for another tool (an Airbyte connector spec, an OpenMetadata
 * connection schema, or a plain JSON Schema) into onespec's layout and dialect: one
 * self-contained draft-07 `connection.json` (every `$ref` inlined under `definitions`), suggested
 * metadata, and a note for everything that was changed or dropped. Reads through the loader and
 * writes nothing; the result is meant to pass `onespec check` with no error, and what check
 * would still warn about is in the notes.
 *
 * The pipeline, top to bottom: load → detect the kind → bundle (node rules on every schema
 * object) → document rules → final check (the loader and lint, in memory) → metadata.
 */
import { connectorNameFromFile, type Diagnostic, type JsonObject } from "@onespec/core";
import { Bundler } from "./bundle.js";
import { detectKind } from "./detect.js";
import { finalCheck } from "./final-check.js";
import { loadSpec } from "./load.js";
import { safeName, suggestMetadata, type SuggestedMetadata } from "./metadata.js";
import { Notes } from "./notes.js";
import type { ImportKind } from "./rule.js";
import { IMPORT_RULES } from "./rules/index.js";

export interface ImportedSpec {
  kind: ImportKind;
  /** Our connection.json: a self-contained draft-07 schema in onespec's dialect (no $ref left outside "#/definitions/..."). */
  connection: JsonObject;
  /** Suggested connector.json metadata. */
  metadata: SuggestedMetadata;
  /** What was changed or dropped, one line each, for the user (and CONNECTOR_CONTEXT.md). */
  notes: string[];
  /**
   * What `onespec check` will still say about the connection (info aside; also in the notes),
   * located in `connectors/<name>/connection.json` under the schema root it is written to.
   */
  diagnostics: Diagnostic[];
}

export interface ImportOptions {
  /**
   * Nothing outside this folder is read (default: the file system's root, so a spec's `$ref`s
   * may reach up into the tree it came from, as OpenMetadata's do).
   */
  root?: string;
  /** Base for the paths shown in notes and errors (default: process.cwd()). */
  cwd?: string;
}

/** Reads a spec file and returns it in onespec's layout and dialect; throws a located Error for input it cannot use. */
export async function importSpec(file: string, options: ImportOptions = {}): Promise<ImportedSpec> {
  const { model, entry } = await loadSpec(file, options);
  const input = detectKind(entry.source.json, entry.source.displayPath, entry.path);
  const notes = new Notes();
  for (const line of input.notes) notes.add(line);

  const bundler = new Bundler(input.kind, model, entry, notes, IMPORT_RULES);
  const connection = bundler.run();
  const name = safeName(connectorNameFromFile(entry.path), notes);
  const ctx = bundler.context("");
  for (const rule of IMPORT_RULES)
    if (rule.scope === "document" && rule.applies(connection, ctx)) rule.repair(connection, ctx);
  bundler.noteInlined(connection);
  const diagnostics = await finalCheck(connection, name, notes, ctx);

  const metadata = suggestMetadata(
    input,
    connection,
    name,
    entry.path,
    bundler.capabilities,
    notes,
  );
  return { kind: input.kind, connection, metadata, notes: notes.all(), diagnostics };
}
