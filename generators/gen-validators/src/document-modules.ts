/**
 * One precompiled validator module per schema document: `connectors/<name>/compiled-validator.ts`
 * for a connector's entry, `definitions/<path>.validate.ts` (`.validate-2020-12.ts` for 2020-12)
 * for a shared definition or record schema. A module holds the functions of its own document
 * only and imports those of the documents it references, so a shared definition is compiled once
 * and an edit to one connector recompiles that connector alone.
 */
import {
  commentText,
  getAtPointer,
  pascalCase,
  reachableDocs,
  type Diagnostic,
  type Draft,
  type SchemaModel,
  uriSegment,
} from "@onespec/core";
import { createHash } from "node:crypto";
import path from "node:path";
import { moduleCode, type ExternalFunction } from "./module-code.js";
import { requireToImport, standaloneAsTypeScript } from "./standalone.js";
import { withJsonEqual } from "./json-equal.js";
import { modelAjv, needsOwnProperties } from "./model-ajv.js";
import { pruneSchemaConstants } from "./prune-schema-constants.js";
import { renumberScopeNames } from "./renumber.js";

/** The module file of a shared document's validators for one draft. */
export function documentModulePath(model: SchemaModel, docPath: string, draft: Draft): string {
  const rel = model.docs
    .get(docPath)!
    .rel.replace(/^definitions\//, "")
    .replace(/\.json$/, "");
  return `definitions/${rel}.validate${draft === "draft-07" ? "" : `-${draft}`}.ts`;
}

/** The module file of a connector's compiled validator. */
export function connectorModulePath(connector: string): string {
  return `connectors/${connector}/compiled-validator.ts`;
}

/** The name a document module exports the validator of one of its pointers as ("" → `validate`). */
export function exportNameFor(pointer: string): string {
  if (pointer === "") return "validate";
  const hash = createHash("sha256").update(pointer).digest("hex").slice(0, 6);
  return `validate${pascalCase(pointer.split("/").filter(Boolean).join(" ")).slice(0, 60)}_${hash}`;
}

/** Documents that are not a connector's entry: compiled into modules of their own. */
function sharedSet(model: SchemaModel): Set<string> {
  const entries = new Set(model.connectors.map((c) => c.entry));
  return new Set([...model.docs.keys()].filter((p) => !entries.has(p)));
}

/** Every pointer of a document another document's `$ref` targets, "" (the root) first. */
export function exportedPointers(model: SchemaModel, docPath: string): string[] {
  const pointers = new Set<string>([""]);
  for (const t of model.refs.values()) if (t.doc === docPath) pointers.add(t.pointer);
  return [...pointers].sort();
}

function relativeModule(from: string, to: string): string {
  let rel = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, ".js");
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return rel;
}

export interface CompiledModule {
  contents: string;
  exports: string[];
  diagnostics: Diagnostic[];
}

/**
 * Compiles one document's validators (for `draft`) into the module at `modulePath`: the model's
 * ajv (model-ajv.ts) holds the views of every document it reaches; the document's own functions
 * are written out, the other shared documents' functions imported from their modules.
 */
export function compileDocumentModule(
  model: SchemaModel,
  docPath: string,
  draft: Draft,
  modulePath: string,
  pointers: readonly string[],
): CompiledModule {
  const doc = model.docs.get(docPath)!;
  const shared = sharedSet(model);
  const reach = [...reachableDocs(model, { entry: docPath })].sort();
  // A function of the document's own reach, so the module depends on its inputs only.
  const { ajv, views, failed } = modelAjv(
    model,
    draft,
    reach,
    compileDiagnostic,
    needsOwnProperties(model, reach),
  );
  const diagnostics = reach.filter((p) => failed.has(p)).map((p) => failed.get(p)!);
  if (diagnostics.length) return { contents: "", exports: [], diagnostics };
  // The schema object of each exported pointer of every other shared document, to recognise
  // their functions when this document's code refers to them.
  const owners = new Map<unknown, ExternalFunction>();
  for (const p of reach) {
    if (p === docPath || !shared.has(p)) continue;
    const module = relativeModule(modulePath, documentModulePath(model, p, draft));
    for (const pointer of exportedPointers(model, p)) {
      const node = getAtPointer(views.get(p), pointer);
      if (node !== null && typeof node === "object")
        owners.set(node, { module, exportName: exportNameFor(pointer) });
    }
  }
  const exports: Record<string, string> = {};
  for (const pointer of pointers)
    exports[exportNameFor(pointer)] =
      pointer === "" ? doc.uri : `${doc.uri}#${pointer.split("/").map(uriSegment).join("/")}`;
  let code: string;
  let imports: string[];
  try {
    ({ code, imports } = withJsonEqual(() =>
      moduleCode(ajv, exports, (fn) =>
        fn.schemaEnv ? owners.get(fn.schemaEnv.schema) : undefined,
      ),
    ));
  } catch (e) {
    return {
      contents: "",
      exports: [],
      diagnostics: [compileDiagnostic(doc.source.displayPath, e)],
    };
  }
  const names = Object.keys(exports).sort();
  const header = `/* Generated by onespec from ${commentText(doc.rel)} (${draft}). Do not edit. */`;
  // Imports and code renumbered together: an import names the function the code calls.
  const [importLines, body] = renumberScopeNames(
    `${imports.join("\n")}\u0000${requireToImport(pruneSchemaConstants(code))}`,
  ).split("\u0000");
  const typeImport = [
    `import type { CompiledValidator } from "@onespec/runtime";`,
    ...(importLines ? [importLines] : []),
  ].join("\n");
  return {
    contents: standaloneAsTypeScript(body, names, header, typeImport, "CompiledValidator"),
    exports: names,
    diagnostics: [],
  };
}

export function compileDiagnostic(file: string, e: unknown): Diagnostic {
  const message = (e as Error).message.split("\n")[0];
  return {
    severity: "error",
    code: "validator/compile-failed",
    message: `ajv cannot compile this schema: ${message}`,
    file,
    hint: "Fix the keyword named in the message; ajv runs in strict mode, so unknown formats and misplaced keywords are errors.",
  };
}
