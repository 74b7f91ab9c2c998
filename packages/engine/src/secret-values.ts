/**
 * A secret's `default` or `examples` is a credential written into the schema. `generate` leaves
 * it out of every file it writes (`withoutSecretValues`), and says so here, once per value,
 * located at it, without quoting it: a generate that dropped a value silently would leave the
 * author believing forms and docs show it. `check` reports the same values as an error
 * (lint/secret-with-value), so CI refuses them; generate goes on, because real specs carry them
 * and the output is correct without them.
 */
import { createHash } from "node:crypto";
import {
  isSecret,
  joinPointer,
  parsePointer,
  locate,
  walkSchema,
  type Diagnostic,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";

export const SECRET_VALUE_LEFT_OUT = "generate/secret-value-left-out";

/**
 * What a document's warnings are a function of: its text, the part of it that is the schema,
 * the draft it was read in, and the path shown for it.
 */
function docKey(doc: SchemaDoc): string {
  return createHash("sha1")
    .update(doc.source.text)
    .update(`\0${doc.source.base ?? ""}\0${doc.sourceDraft}\0${doc.source.displayPath}`)
    .digest("base64url");
}

function docDiagnostics(doc: SchemaDoc): Diagnostic[] {
  const out: Diagnostic[] = [];
  walkSchema(doc.json, ({ node, pointer }) => {
    if (!isSecret(node)) return;
    for (const key of ["default", "examples"] as const) {
      if (!Object.hasOwn(node, key)) continue;
      const at = joinPointer(pointer, key);
      const name = parsePointer(pointer).at(-1) ?? "(root)";
      out.push({
        severity: "warning",
        code: SECRET_VALUE_LEFT_OUT,
        message: `Secret "${name}" has ${key === "default" ? "a default" : "examples"}; generate left ${key === "default" ? "it" : "them"} out of every file it wrote.`,
        file: doc.source.displayPath,
        pointer: at,
        ...locate(doc.source, at),
        hint: `Remove "${key}" from the secret: a credential in a schema ends up in version control (check reports it as lint/secret-with-value).`,
      });
    }
  });
  return out;
}

/**
 * The warnings of every document. With `memo` (kept between runs, like the loader's checks),
 * a document seen before is not walked again, nor its file parsed again to place the warnings.
 */
export function secretValueDiagnostics(
  model: SchemaModel,
  memo?: Map<string, Diagnostic[]>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const doc of model.docs.values()) {
    if (!memo) {
      out.push(...docDiagnostics(doc));
      continue;
    }
    const key = docKey(doc);
    let found = memo.get(key);
    if (!found) memo.set(key, (found = docDiagnostics(doc)));
    out.push(...found);
  }
  return out;
}
