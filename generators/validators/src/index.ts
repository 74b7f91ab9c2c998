import standaloneModule from "ajv/dist/standalone/index.js";
import {
  bundle,
  commentText,
  configTypeName,
  createAjv,
  DiagnosticError,
  defineGenerator,
  pascalCase,
  reachableDocs,
  secretPaths,
  validatorExportName,
  type Connector,
  type Diagnostic,
  type Draft,
  type OutputFile,
  type SchemaModel,
} from "@onespec/core";
import { validatorView } from "./validator-view.js";
import { requireToImport, standaloneAsTypeScript } from "./standalone.js";

const standaloneCode = standaloneModule.default;

export { validatorView, canonicalRef } from "./validator-view.js";
export { requireToImport, standaloneAsTypeScript } from "./standalone.js";

/** Export name of a shared definition's validator: definitions/ssl.json → validateSsl. */
export function definitionExportName(rel: string): string {
  return `validate${pascalCase(rel.replace(/\.json$/, "").replace(/^definitions\//, ""))}`;
}

/** The module holding the validators of connectors whose entry schema uses `draft`, as imported ("validators.js"; the file is validators.ts). */
export function validatorsModule(draft: Draft): string {
  return draft === "draft-07" ? "validators.js" : `validators-${draft}.js`;
}

/** The draft a connector's validators are compiled with: its entry document's. */
export function draftOfConnector(model: SchemaModel, connector: Connector): Draft {
  return model.docs.get(connector.entry)!.draft;
}

/**
 * Compiles the connectors of one draft into one standalone ESM module. Every schema file they
 * reach is added once and every `$ref`'d schema becomes one function, so a shared definition is
 * compiled once for all of them. A schema ajv rejects is reported against its connector; the
 * others still compile.
 */
export function compileValidators(model: SchemaModel, draft: Draft = "draft-07"): { code: string; exports: string[]; diagnostics: Diagnostic[] } {
  const { ajv, mapping, diagnostics } = validatorsAjv(model, draft);
  const code = Object.keys(mapping).length > 0 ? standaloneCode(ajv, mapping) : '"use strict";';
  return { code: requireToImport(code), exports: Object.keys(mapping).sort(), diagnostics };
}

/**
 * An ajv instance holding every schema file the connectors of one draft reach, and the export
 * name → schema URI of each compiled validator (`validate<Name>Config` per connector,
 * `validate<Definition>` per shared definition). `ajv.getSchema(uri)` gives the function to run
 * in-process (as `onespec serve` does); compileValidators() writes them out as standalone code.
 */
export function validatorsAjv(model: SchemaModel, draft: Draft = "draft-07"): { ajv: ReturnType<typeof createAjv>; mapping: Record<string, string>; diagnostics: Diagnostic[] } {
  const connectors = model.connectors.filter((c) => draftOfConnector(model, c) === draft);
  const docs = new Set<string>();
  for (const c of connectors) for (const d of reachableDocs(model, c)) docs.add(d);
  // Record schemas of this draft are compiled into the same module (validateRecords<Name>).
  for (const r of model.records ?? [])
    if (model.docs.get(r.entry)!.draft === draft) for (const d of reachableDocs(model, r)) docs.add(d);
  const unknown = new Set<string>();
  const formats = new Set<string>();
  const views = [...docs]
    .map((p) => model.docs.get(p)!)
    .sort((a, b) => a.rel.localeCompare(b.rel))
    .map((doc) => ({ doc, view: validatorView(model, doc, unknown, draft, formats) }));
  const ajv = createAjv(
    // inlineRefs: false keeps every referenced schema a function of its own, compiled once and
    // shared by every connector that uses it, instead of a copy inlined into each.
    { code: { source: true, esm: true, lines: false }, allErrors: true, inlineRefs: false },
    draft,
    unknown,
  );
  // A format ajv-formats does not know is an annotation (as JSON Schema says); the loader reports it.
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  const diagnostics: Diagnostic[] = [];
  const failedDocs = new Set<string>();
  for (const { doc, view } of views) {
    try {
      ajv.addSchema(view as object, doc.uri);
    } catch (e) {
      failedDocs.add(doc.path);
      diagnostics.push(compileDiagnostic(doc.source.displayPath, e));
    }
  }
  const mapping: Record<string, string> = {};
  const tryCompile = (name: string, uri: string, file: string, connector?: string): boolean => {
    try {
      ajv.getSchema(uri);
      mapping[name] = uri;
      return true;
    } catch (e) {
      diagnostics.push({ ...compileDiagnostic(file, e), ...(connector ? { connector } : {}) });
      return false;
    }
  };
  for (const c of connectors) {
    const doc = model.docs.get(c.entry)!;
    const reach = reachableDocs(model, c);
    const broken = [...reach].find((d) => failedDocs.has(d));
    if (broken) {
      diagnostics.push({
        severity: "error",
        code: "validator/invalid-schema",
        message: `The validator of "${c.name}" cannot be compiled because ${model.docs.get(broken)!.rel} is invalid (see its error).`,
        file: doc.source.displayPath,
        connector: c.name,
      });
      continue;
    }
    tryCompile(validatorExportName(c.name), doc.uri, doc.source.displayPath, c.name);
  }
  const entries = new Set(model.connectors.map((c) => c.entry));
  for (const p of [...docs].sort()) {
    const doc = model.docs.get(p)!;
    if (entries.has(p) || failedDocs.has(p)) continue;
    tryCompile(definitionExportName(doc.rel), doc.uri, doc.source.displayPath);
  }
  return { ajv, mapping, diagnostics };
}

/**
 * `records.ts`: a validator per record schema (records/<name>.json), keyed by name, typed with
 * the record's generated type. Always written, empty when there are no record schemas, so
 * `@onespec/generated/records` can always be imported.
 */
function recordsModule(model: SchemaModel): string {
  const records = model.records ?? [];
  const lines = [`/* Generated by onespec from the record schemas (records/*.json). Do not edit. */`];
  if (records.length > 0) lines.push(`import { createValidator } from "@onespec/runtime";`);
  const entries: string[] = [];
  for (const r of records) {
    const doc = model.docs.get(r.entry)!;
    const type = `${pascalCase(r.name)}Record`;
    const fn = definitionExportName(doc.rel);
    const secrets = secretPaths(bundle(model, { doc: r.entry, pointer: "" }));
    lines.push(`import { ${fn} } from "./${validatorsModule(doc.draft)}";`);
    lines.push(`import type { ${type} } from "./definitions/${doc.rel.replace(/\.json$/, "")}.js";`);
    lines.push(`export type { ${type} } from "./definitions/${doc.rel.replace(/\.json$/, "")}.js";`);
    entries.push(`  ${JSON.stringify(r.name)}: createValidator<${type}>(${JSON.stringify(r.name)}, ${fn}, ${JSON.stringify(secrets)}),`);
  }
  lines.push("", "/** The validator of each record schema, by name. */", "export const recordSchemas = {", ...entries, "} as const;", "");
  lines.push("/** The name of every record schema. */", "export type RecordSchemaName = keyof typeof recordSchemas;", "");
  return lines.join("\n");
}

function compileDiagnostic(file: string, e: unknown): Diagnostic {
  const message = (e as Error).message.split("\n")[0];
  return {
    severity: "error",
    code: "validator/compile-failed",
    message: `ajv cannot compile this schema: ${message}`,
    file,
    hint: "Fix the keyword named in the message; ajv runs in strict mode, so unknown formats and misplaced keywords are errors.",
  };
}

export const validatorsGenerator = defineGenerator({
  name: "validators",
  tree(model) {
    const files: OutputFile[] = [];
    const diagnostics: Diagnostic[] = [];
    const drafts = [
      ...new Set([
        ...model.connectors.map((c) => draftOfConnector(model, c)),
        ...(model.records ?? []).map((r) => model.docs.get(r.entry)!.draft),
      ]),
    ].sort();
    for (const draft of drafts.length ? drafts : (["draft-07"] as Draft[])) {
      const { code, exports, diagnostics: found } = compileValidators(model, draft);
      diagnostics.push(...found);
      const module = validatorsModule(draft);
      const header = `/* Generated by onespec from the schemas (${draft}). Do not edit. Exports: ${exports.join(", ") || "none"}. */`;
      files.push({
        path: module.replace(/\.js$/, ".ts"),
        contents: standaloneAsTypeScript(code, exports, header, `import type { CompiledValidator } from "@onespec/runtime";`, "CompiledValidator"),
      });
    }
    if (diagnostics.some((d) => d.severity === "error")) throw new DiagnosticError(diagnostics);
    files.push({ path: "records.ts", contents: recordsModule(model) });
    return files;
  },
  connector(model, connector) {
    const schema = bundle(model, { doc: connector.entry, pointer: "" });
    const secrets = secretPaths(schema);
    const type = configTypeName(connector.name);
    const module = validatorsModule(draftOfConnector(model, connector));
    const contents = `/* Generated by onespec from ${commentText(model.docs.get(connector.entry)!.rel)}. Do not edit. */
import { ${validatorExportName(connector.name)} as compiled } from "../../${module}";
import { createValidator } from "@onespec/runtime";
import type { ${type} } from "./types.js";

/** Where secret values live in a ${commentText(connector.name)} config ("*" matches any key or index). */
export const secretPaths: readonly string[] = ${JSON.stringify(secrets, null, 2)};

export const validator = createValidator<${type}>(${JSON.stringify(connector.name)}, compiled, secretPaths);

/** true when \`data\` is a valid ${commentText(connector.metadata.displayName)} config. */
export const validate: (data: unknown) => data is ${type} = validator.validate;
/** Returns \`data\` typed, or throws ConfigValidationError listing every problem (secrets redacted). */
export const parse: (data: unknown) => ${type} = validator.parse;
/** Every problem with \`data\`, secrets redacted. */
export const problems = validator.problems;
/** A copy of a config with secret values replaced, safe to log. */
export const redact = validator.redact;
`;
    return [{ path: `connectors/${connector.name}/validator.ts`, contents }];
  },
});

export default validatorsGenerator;
