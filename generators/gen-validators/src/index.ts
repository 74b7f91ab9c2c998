import {
  bundle,
  connectorBundle,
  connectorEffectiveSchema,
  defaultsOfEffective,
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
import { createRequire } from "node:module";
import { withJsonEqual } from "./json-equal.js";
import { needsOwnProperties } from "./model-ajv.js";
import { validatorView } from "./validator-view.js";
import {
  compileDiagnostic,
  compileDocumentModule,
  connectorModulePath,
  documentModulePath,
  exportedPointers,
} from "./document-modules.js";

export { requireToImport, standaloneAsTypeScript } from "./standalone.js";
export { namesPrototypeMembers } from "./model-ajv.js";
export { connectorValidator, type Validation } from "./in-process.js";
export {
  compileOwn,
  instantiate,
  ownModuleCode,
  type OwnCompiled,
  type OwnOptions,
  type ValidateFunction,
} from "./codegen/compile-own.js";
export { runtimeHelpers } from "./own-validators.js";
export { lit } from "./codegen/literal.js";

/** Export name of a shared definition's validator: definitions/ssl.json → validateSsl. */
function definitionExportName(rel: string): string {
  return `validate${pascalCase(rel.replace(/\.json$/, "").replace(/^definitions\//, ""))}`;
}

/** The draft a connector's validators are compiled with: its entry document's. */
export function draftOfConnector(model: SchemaModel, connector: Connector): Draft {
  return model.docs.get(connector.entry)!.draft;
}

/**
 * An ajv instance holding every schema file the connectors of one draft reach, and the export
 * name → schema URI of each compiled validator (`validate<Name>Config` per connector,
 * `validate<Definition>` per shared definition). `ajv.getSchema(uri)` gives the function to run
 * in-process (as `onespec serve` does). Generated code has one module per document instead
 * (document-modules.ts).
 */
export function validatorsAjv(
  model: SchemaModel,
  draft: Draft = "draft-07",
): {
  ajv: ReturnType<typeof createAjv>;
  mapping: Record<string, string>;
  diagnostics: Diagnostic[];
} {
  const connectors = model.connectors.filter((c) => draftOfConnector(model, c) === draft);
  const docs = new Set<string>();
  for (const c of connectors) for (const d of reachableDocs(model, c)) docs.add(d);
  // Record schemas of this draft are compiled into the same module (validateRecords<Name>).
  for (const r of model.records ?? [])
    if (model.docs.get(r.entry)!.draft === draft)
      for (const d of reachableDocs(model, r)) docs.add(d);
  const unknown = new Set<string>();
  const formats = new Set<string>();
  const views = [...docs]
    .map((p) => model.docs.get(p)!)
    .sort((a, b) => a.rel.localeCompare(b.rel))
    .map((doc) => ({ doc, view: validatorView(model, doc, unknown, draft, formats) }));
  const ajv = createAjv(
    // inlineRefs: false keeps every referenced schema a function of its own, compiled once and
    // shared by every connector that uses it, instead of a copy inlined into each.
    {
      code: { source: true, esm: true, lines: false },
      allErrors: true,
      inlineRefs: false,
      ownProperties: needsOwnProperties(model, docs),
    },
    draft,
    unknown,
  );
  // A format ajv-formats does not know is an annotation (as JSON Schema says); the loader reports it.
  for (const f of formats) if (!ajv.formats[f]) ajv.addFormat(f, true);
  const diagnostics: Diagnostic[] = [];
  const failedDocs = new Set<string>();
  for (const { doc, view } of views) {
    try {
      ajv.addSchema(view, doc.uri);
    } catch (e) {
      failedDocs.add(doc.path);
      diagnostics.push(compileDiagnostic(doc.source.displayPath, e));
    }
  }
  const mapping: Record<string, string> = {};
  const tryCompile = (name: string, uri: string, file: string, connector?: string): boolean => {
    try {
      withJsonEqual(() => ajv.getSchema(uri));
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
 * One compiled function of `validatorsAjv` as ajv standalone code, with the functions of every
 * schema it references, exporting it as `validateConnector`: what `onespec serve` sends a browser
 * so the form runs the server's own validator.
 */
export function connectorStandaloneCode(ajv: ReturnType<typeof createAjv>, uri: string): string {
  // Required here: a run that serves no form never loads ajv's standalone writer.
  const standaloneCode = (
    createRequire(import.meta.url)("ajv/dist/standalone") as {
      default: (ajv: ReturnType<typeof createAjv>, refs: Record<string, string>) => string;
    }
  ).default;
  return standaloneCode(ajv, { validateConnector: uri });
}

/**
 * `records.ts`: a validator per record schema (records/<name>.json), keyed by name, typed with
 * the record's generated type. Always written, empty when there are no record schemas, so
 * `@onespec/generated/records` can always be imported.
 */
function recordsModule(model: SchemaModel): string {
  const records = model.records ?? [];
  const lines = [
    `/* Generated by onespec from the record schemas (records/*.json). Do not edit. */`,
  ];
  if (records.length > 0) lines.push(`import { createValidator } from "@onespec/runtime";`);
  const entries: string[] = [];
  for (const r of records) {
    const doc = model.docs.get(r.entry)!;
    const type = `${pascalCase(r.name)}Record`;
    const fn = definitionExportName(doc.rel);
    const secrets = secretPaths(bundle(model, { doc: r.entry, pointer: "" }));
    lines.push(
      `import { validate as ${fn} } from "./${documentModulePath(model, r.entry, doc.draft).replace(/\.ts$/, ".js")}";`,
    );
    lines.push(
      `import type { ${type} } from "./definitions/${doc.rel.replace(/\.json$/, "")}.js";`,
    );
    lines.push(
      `export type { ${type} } from "./definitions/${doc.rel.replace(/\.json$/, "")}.js";`,
    );
    entries.push(
      `  ${JSON.stringify(r.name)}: createValidator<${type}>(${JSON.stringify(r.name)}, ${fn}, ${JSON.stringify(secrets)}),`,
    );
  }
  lines.push(
    "",
    "/** The validator of each record schema, by name. */",
    "export const recordSchemas = {",
    ...entries,
    "} as const;",
    "",
  );
  lines.push(
    "/** The name of every record schema. */",
    "export type RecordSchemaName = keyof typeof recordSchemas;",
    "",
  );
  return lines.join("\n");
}

/** The drafts each shared document is needed in: those of the connectors and records that reach it. */
function sharedDrafts(model: SchemaModel): Map<string, Set<Draft>> {
  const entries = new Set(model.connectors.map((c) => c.entry));
  const needed = new Map<string, Set<Draft>>();
  const add = (root: string, draft: Draft) => {
    for (const d of reachableDocs(model, { entry: root })) {
      if (entries.has(d)) continue;
      if (!needed.has(d)) needed.set(d, new Set());
      needed.get(d)!.add(draft);
    }
  };
  for (const c of model.connectors) add(c.entry, draftOfConnector(model, c));
  for (const r of model.records ?? []) add(r.entry, model.docs.get(r.entry)!.draft);
  return needed;
}

const validatorsGenerator = defineGenerator({
  name: "validators",
  tree(model) {
    const files: OutputFile[] = [];
    const diagnostics: Diagnostic[] = [];
    for (const [doc, drafts] of [...sharedDrafts(model)].sort(([a], [b]) => a.localeCompare(b))) {
      for (const draft of [...drafts].sort()) {
        const module = documentModulePath(model, doc, draft);
        const compiled = compileDocumentModule(
          model,
          doc,
          draft,
          module,
          exportedPointers(model, doc),
        );
        diagnostics.push(...compiled.diagnostics);
        if (!compiled.diagnostics.length) files.push({ path: module, contents: compiled.contents });
      }
    }
    if (diagnostics.some((d) => d.severity === "error")) throw new DiagnosticError(diagnostics);
    files.push({ path: "records.ts", contents: recordsModule(model) });
    return files;
  },
  connector(model, connector) {
    const secrets = secretPaths(connectorBundle(model, connector.entry));
    // Defaults as every layer reads them (docs/dialect.md, "Defaults"); parse fills them in.
    const defaults = defaultsOfEffective(connectorEffectiveSchema(model, connector.entry));
    const type = configTypeName(connector.name);
    const compiledPath = connectorModulePath(connector.name);
    const compiled = compileDocumentModule(
      model,
      connector.entry,
      draftOfConnector(model, connector),
      compiledPath,
      [""],
    );
    if (compiled.diagnostics.length)
      throw new DiagnosticError(
        compiled.diagnostics.map((d) => ({ ...d, connector: connector.name })),
      );
    const contents = `/* Generated by onespec from ${commentText(model.docs.get(connector.entry)!.rel)}. Do not edit. */
import { validate as compiled } from "./compiled-validator.js";
import { createValidator } from "@onespec/runtime";
import type { ${type} } from "./types.js";

/** Where secret values live in a ${commentText(connector.name)} config ("*" matches any key or index). */
export const secretPaths: readonly string[] = ${JSON.stringify(secrets, null, 2)};

${
  defaults === undefined
    ? ""
    : `/** The schema's defaults as onespec reads them (docs/dialect.md, "Defaults"): parse fills them in. */
const defaults: object = ${JSON.stringify(defaults, null, 2)};

`
}export const validator = createValidator<${type}>(${JSON.stringify(connector.name)}, compiled, secretPaths${defaults === undefined ? "" : ", defaults"});

/** true when \`data\` is a valid ${commentText(connector.metadata.displayName)} config. */
export const validate: (data: unknown) => data is ${type} = validator.validate;
/** Returns \`data\` typed${defaults === undefined ? "" : " with its defaults filled in"}, or throws ConfigValidationError listing every problem (secrets redacted). */
export const parse: (data: unknown) => ${type} = validator.parse;
/** Every problem with \`data\`, secrets redacted. */
export const problems = validator.problems;
/** A copy of a config with secret values replaced, safe to log. */
export const redact = validator.redact;
`;
    return [
      { path: compiledPath, contents: compiled.contents },
      { path: `connectors/${connector.name}/validator.ts`, contents },
    ];
  },
});

export default validatorsGenerator;
