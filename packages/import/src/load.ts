/**
 * The spec is read by the loader, as every schema is: `loadTree` with the spec as its one entry
 * file, without its in-memory repairs (the import applies the same rules itself, noting each
 * where its output lands). What the loader reports that stops the import becomes one located
 * error: the entry could not be read, or a `$ref` the import follows does not resolve.
 */
import path from "node:path";
import { loadTree, type Diagnostic, type SchemaDoc, type SchemaModel } from "@onespec/core";

export interface LoadedSpec {
  model: SchemaModel;
  entry: SchemaDoc;
}

/** One line for a diagnostic that stops the import: file:line:column: message (hint). */
export function formatProblem(d: Diagnostic): string {
  const where = `${d.file ?? ""}${d.line ? `:${d.line}:${d.column}` : ""}`;
  const notJson = d.code.startsWith("parse/") && d.code !== "parse/too-large";
  const message = notJson
    ? `not valid JSON: ${d.message.replace(/^Invalid JSON: /, "").replace(/\.$/, "")}${d.hint ? ` (${d.hint.replace(/\.$/, "")})` : ""}`
    : d.message;
  if (!where) return message;
  // The loader's refusals name the file first already ("x.json does not exist.").
  return !d.line && d.file && message.startsWith(d.file) ? message : `${where}: ${message}`;
}

/**
 * Loads `file` and what it references. `root` bounds what may be read (default: the file
 * system's root, so a spec's `$ref`s may reach up into the tree it came from); every file is
 * still read only if it is a regular file of at most the loader's size limit.
 */
export async function loadSpec(
  file: string,
  options: { root?: string; cwd?: string } = {},
): Promise<LoadedSpec> {
  const absolute = path.resolve(file);
  const root = path.resolve(options.root ?? path.parse(absolute).root);
  const model = await loadTree({
    root,
    files: [absolute],
    repair: false,
    ...(options.cwd ? { cwd: options.cwd } : {}),
  });
  const entry = model.docs.get(absolute);
  if (!entry) {
    const error = model.diagnostics.find((d) => d.severity === "error");
    throw new Error(error ? formatProblem(error) : `${file}: could not be read`);
  }
  return { model, entry };
}

/** The error that stops the import at a `$ref` the loader could not resolve. */
export function refProblem(
  model: SchemaModel,
  doc: SchemaDoc,
  pointer: string,
  ref: string,
): Error {
  const at = `${pointer}/$ref`;
  const said = model.diagnostics.find(
    (d) => d.severity === "error" && d.file === doc.source.displayPath && d.pointer === at,
  );
  if (!said)
    return new Error(
      `${doc.source.displayPath}: $ref "${ref}" at ${pointer || "/"} does not resolve`,
    );
  // "…which could not be loaded (see its own error)": its own error, said here.
  const own =
    said.code === "ref/broken-target"
      ? model.diagnostics.find(
          (d) =>
            d.severity === "error" &&
            d.file !== undefined &&
            d.file !== said.file &&
            said.message.includes(`points to ${d.file},`),
        )
      : undefined;
  return new Error(formatProblem(said) + (own ? `\n${formatProblem(own)}` : ""));
}

/** The error that stops the import at a document whose `$schema` names no draft onespec knows. */
export function draftProblem(model: SchemaModel, doc: SchemaDoc): Error | undefined {
  const said = model.diagnostics.find(
    (d) => d.code === "schema/unknown-draft" && d.file === doc.source.displayPath,
  );
  return said ? new Error(formatProblem(said)) : undefined;
}
