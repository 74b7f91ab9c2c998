/**
 * Imports a connector spec written for another tool (an Airbyte connector spec, an OpenMetadata
 * connection schema, or a plain draft-07 JSON Schema) into onespec's layout and dialect: one
 * self-contained draft-07 `connection.json` (every `$ref` inlined under `definitions`), suggested
 * metadata, and a note for everything that was changed or dropped.
 *
 * Pure library: it reads the spec (and the files its `$ref`s reach) and writes nothing. The result
 * is meant to pass `onespec check` with no error; what check would still warn about is listed in
 * the notes.
 */
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CANONICAL_BASE,
  CAPABILITIES,
  connectorNameFromFile,
  convertDraftKeywords,
  createAjv,
  derefBundled,
  DIALECT_KEYWORDS,
  draftOfUri,
  escapeToken,
  findDefects,
  findDiscriminator,
  repairNode,
  repairSchema,
  getAtPointer,
  isObject,
  isSecret,
  joinPointer,
  metaSchemaProblems,
  parsePointer,
  parseSource,
  refKey,
  schemaPointer,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  SERVICE_TYPES,
  STANDARD_KEYWORDS,
  toGeneratorDialect,
  typesOf,
  unicodeRegexError,
  unwrapAirbyteSpec,
  walkSchema,
  type Diagnostic,
  type JsonObject,
  type RefTarget,
  type SchemaDoc,
  type SchemaModel,
  type SourceDraft,
} from "@onespec/core";
import { lint, suggestKeyword, type LintDiagnostic } from "@onespec/lint";

export interface ImportedSpec {
  /** "airbyte" | "openmetadata" | "json-schema" (plain draft-07 schema) */
  kind: string;
  /** Our connection.json: a self-contained draft-07 schema in onespec's dialect (no $ref left outside "#/definitions/..."). */
  connection: Record<string, unknown>;
  /** Suggested metadata: name (kebab), displayName, description, serviceType (one of the values in generators/core/src/meta/connector.schema.json), docsUrl?. */
  metadata: {
    name: string;
    displayName: string;
    description: string;
    serviceType: string;
    docsUrl?: string;
    /** connector.json capabilities read from the source (OpenMetadata `supports*` flags, Airbyte `supportsIncremental`), when it has any. */
    capabilities?: string[];
  };
  /** What was changed or dropped, one line each, for the user (and CONNECTOR_CONTEXT.md). */
  notes: string[];
}

export type ImportKind = "airbyte" | "openmetadata" | "json-schema";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** `preferred` when connector.json allows it (@onespec/core's SERVICE_TYPES), else "Other". */
function serviceType(preferred: string): string {
  return SERVICE_TYPES.includes(preferred) ? preferred : "Other";
}

/** OpenMetadata's connection folders → serviceType. */
const OPENMETADATA_FOLDERS: Record<string, string> = {
  database: "Database",
  dashboard: "Dashboard",
  pipeline: "Pipeline",
  messaging: "Messaging",
  storage: "Storage",
  mlmodel: "MlModel",
  search: "Search",
  metadata: "Other",
  api: "API",
};

/** Top-level keys of an Airbyte ConnectorSpecification besides the schema itself. */
const AIRBYTE_SPEC_KEYS = [
  "documentationUrl",
  "documentation_url",
  "changelogUrl",
  "supportsIncremental",
  "supportsNormalization",
  "supportsDBT",
  "supported_destination_sync_modes",
  "supported_sync_modes",
  "advanced_auth",
  "authSpecification",
  "protocol_version",
];

/** OpenMetadata capability flags (`supports*` properties) → connector.json capabilities. */
const CAPABILITY_FLAGS: Record<string, string> = {
  supportsMetadataExtraction: "metadata",
  supportsLineageExtraction: "lineage",
  supportsViewLineageExtraction: "lineage",
  supportsProfiler: "profiling",
  supportsUsageExtraction: "usage",
  supportsIncrementalMetadataExtraction: "incremental",
};

/** Keywords that only 2019-09/2020-12 validators know; draft-07 (ajv strict) cannot take them. */
const NOT_IN_DRAFT_07 = [
  "unevaluatedProperties",
  "unevaluatedItems",
  "minContains",
  "maxContains",
  "contentSchema",
  "$dynamicRef",
  "$dynamicAnchor",
  "$recursiveRef",
  "$recursiveAnchor",
  "$vocabulary",
  "$anchor",
];

/** Misspellings suggestKeyword cannot catch (too short) but that specs use. */
const KEYWORD_ALIASES: Record<string, string> = { min: "minimum", max: "maximum" };

/** Value shapes of the keywords a typo may be renamed to; a renamed value of another shape is dropped. */
const KEYWORD_SHAPES: Record<string, (v: unknown) => boolean> = {
  title: (v) => typeof v === "string",
  description: (v) => typeof v === "string",
  pattern: (v) => typeof v === "string",
  format: (v) => typeof v === "string",
  examples: Array.isArray,
  required: (v) => Array.isArray(v) && v.every((r) => typeof r === "string"),
  enum: Array.isArray,
  items: (v) => isObject(v) || typeof v === "boolean" || Array.isArray(v),
  properties: isObject,
  type: (v) => typeof v === "string" || (Array.isArray(v) && v.every((t) => typeof t === "string")),
};
for (const k of [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
  "minProperties",
  "maxProperties",
])
  KEYWORD_SHAPES[k] = (v) => typeof v === "number";

const JSON_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array", "null"]);
/** Type names of other languages that specs use by mistake. */
const TYPE_ALIASES: Record<string, string> = {
  string: "string",
  str: "string",
  text: "string",
  int: "integer",
  integer: "integer",
  long: "integer",
  number: "number",
  float: "number",
  double: "number",
  decimal: "number",
  boolean: "boolean",
  bool: "boolean",
  object: "object",
  dict: "object",
  map: "object",
  array: "array",
  list: "array",
  null: "null",
};

/** Reads a spec file and returns it in onespec's layout and dialect; throws a clear Error for input it cannot use. */
export async function importSpec(file: string): Promise<ImportedSpec> {
  const absolute = path.resolve(file);
  const json = await readJsonFile(absolute, file);
  const input = detect(json, file, absolute);
  const notes = new Notes();
  for (const line of input.notes) notes.add(line);

  const entry = sourceDoc(absolute, file, input.schema, input.base);
  const docs = await collectDocs(entry);
  const importer = new Importer(input.kind, entry, docs, notes);
  const connection = importer.run();

  const name = safeName(connectorNameFromFile(absolute), notes);
  repair(connection, notes, importer.ownDefinitions);
  importer.noteInlined(connection);
  finalCheck(connection, name, notes);

  const metadata = suggestMetadata(input, connection, name, absolute, importer.capabilities, notes);
  return { kind: input.kind, connection, metadata, notes: notes.all() };
}

// ---------------------------------------------------------------------------------------------
// Reading and recognising the input

interface SourceDoc {
  file: string;
  /** The path as shown in messages. */
  shown: string;
  /** The schema in the draft the loader's generators use (`toGeneratorDialect`): draft-07 or 2020-12. */
  json: unknown;
  /** The draft the file declares (or inherits from the draft-04/06 file that references it). */
  sourceDraft: SourceDraft;
  /** Where the schema sits in the file: `/connectionSpecification` in an Airbyte spec wrapper. */
  base?: string;
  /** Keywords the draft conversion renamed, as `SourceFile.renames`: for `$ref`s from other files. */
  renames: ReadonlyMap<string, string>;
}

/**
 * A source document as the loader reads it: its draft named by `$schema` (`draftOfUri`), or, without
 * one, the draft-04/06 of the file that references it, else draft-07; converted to the draft the
 * generators use, so draft-04's `"exclusiveMinimum": true` means what draft-04 says.
 */
function sourceDoc(
  file: string,
  shown: string,
  json: unknown,
  base?: string,
  inherited?: SourceDraft,
  from?: string,
): SourceDoc {
  const declared = isObject(json) && typeof json.$schema === "string" ? json.$schema : undefined;
  const named = declared === undefined ? undefined : draftOfUri(declared);
  if (declared !== undefined && named === undefined)
    throw new Error(
      `${from ? `${from}: ` : ""}${shown}: "$schema": ${JSON.stringify(declared)} is not a JSON Schema draft onespec knows (draft-04, draft-06, draft-07, 2019-09 or 2020-12), so what its keywords mean is unknown; name the draft the schema is written in`,
    );
  const sourceDraft = named ?? inherited ?? "draft-07";
  const converted = toGeneratorDialect(json, sourceDraft);
  return {
    file,
    shown,
    json: converted.json,
    sourceDraft,
    ...(base ? { base } : {}),
    renames: converted.renames,
  };
}

/** The draft the generators use for a source draft, as the importer cares: 2020-12 (and 2019-09) need converting to draft-07. */
function isLateDraft(doc: SourceDoc): boolean {
  return doc.sourceDraft === "2019-09" || doc.sourceDraft === "2020-12";
}

async function readJsonFile(absolute: string, shown: string, from?: string): Promise<unknown> {
  const prefix = from ? `${from}: ` : "";
  let text: string;
  try {
    const info = await stat(absolute);
    if (info.isDirectory()) throw new Error(`${prefix}${shown} is a folder, not a JSON file`);
    text = (await readFile(absolute, "utf8")).replace(/^\uFEFF/, "");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT")
      throw new Error(
        from
          ? `${from} points to ${shown}, which does not exist`
          : `${shown}: the file does not exist`,
      );
    if (err.code === "EACCES") throw new Error(`${prefix}${shown}: permission denied`);
    if (err.message?.includes("is a folder")) throw err;
    throw new Error(`${prefix}cannot read ${shown}: ${err.message}`);
  }
  const parsed = parseSource(shown, text);
  const error = parsed.diagnostics.find((d) => d.severity === "error");
  if (error || !parsed.source) {
    const where = error?.line ? `:${error.line}:${error.column}` : "";
    throw new Error(
      `${prefix}${shown}${where}: not valid JSON: ${(error?.message ?? "unreadable").replace(/^Invalid JSON: /, "").replace(/\.$/, "")}${error?.hint ? ` (${error.hint.replace(/\.$/, "")})` : ""}`,
    );
  }
  return parsed.source.json;
}

function typeName(v: unknown): string {
  return v === null
    ? "null"
    : Array.isArray(v)
      ? "an array"
      : typeof v === "object"
        ? "an object"
        : `a ${typeof v}`;
}

interface Input {
  kind: ImportKind;
  schema: JsonObject;
  /** Where the schema sits in the file (an Airbyte spec wrapper's `/connectionSpecification`). */
  base?: string;
  docsUrl?: string;
  incremental?: boolean;
  notes: string[];
}

function detect(json: unknown, shown: string, absolute: string): Input {
  if (!isObject(json))
    throw new Error(
      `${shown}: expected a JSON object (an Airbyte connector spec, an OpenMetadata connection schema or a JSON Schema), but the file holds ${typeName(json)}`,
    );
  const notes: string[] = [];
  // An Airbyte spec wrapper (also inside a protocol message {"type": "SPEC", "spec": {...}}): the
  // schema is its connectionSpecification, read as the loader reads it.
  const unwrapped = unwrapAirbyteSpec(json);
  if (unwrapped && "problem" in unwrapped) throw new Error(`${shown}: ${unwrapped.problem}`);
  const spec = json.type === "SPEC" && isObject(json.spec) ? json.spec : json;
  if (unwrapped) {
    const schemaKey = unwrapped.base.split("/").pop()!;
    const dropped = Object.keys(spec).filter(
      (k) => k !== schemaKey && k !== "documentationUrl" && k !== "documentation_url",
    );
    if (dropped.length)
      notes.push(
        `Airbyte spec: kept "${schemaKey}" as the connection schema; dropped ${dropped.map((k) => `"${k}"`).join(", ")} (not part of onespec's connection schema).`,
      );
    const schema = unwrapped.schema as JsonObject;
    checkSchemaRoot(schema, `${shown} (${schemaKey})`);
    return {
      kind: "airbyte",
      schema,
      base: unwrapped.base,
      ...(unwrapped.documentationUrl ? { docsUrl: unwrapped.documentationUrl } : {}),
      ...(spec.supportsIncremental === true ? { incremental: true } : {}),
      notes,
    };
  }
  const specKey = AIRBYTE_SPEC_KEYS.find((k) => k in spec);
  if (
    specKey &&
    !("properties" in spec) &&
    !("type" in spec && typeof spec.type === "string" && spec.type !== "SPEC")
  )
    throw new Error(
      `${shown}: looks like an Airbyte connector spec (it has "${specKey}") but has no "connectionSpecification" holding the connection schema`,
    );
  checkSchemaRoot(spec, shown);
  const text = JSON.stringify(spec);
  const openmetadata =
    "javaType" in spec ||
    (typeof spec.$id === "string" && /open-?metadata/i.test(spec.$id)) ||
    (/[\\/]connections[\\/]/.test(absolute) && /Connection\.json$/.test(absolute));
  // The Airbyte corpus holds bare connectionSpecifications, named source-*/destination-*.
  const airbyte =
    /"airbyte_(secret|hidden)"/.test(text) ||
    /^(source|destination)-[a-z0-9-]+\.json$/.test(path.basename(absolute));
  const kind: ImportKind = openmetadata ? "openmetadata" : airbyte ? "airbyte" : "json-schema";
  return { kind, schema: spec, notes };
}

function checkSchemaRoot(schema: JsonObject, shown: string): void {
  const looksLikeSchema = ["properties", "type", "oneOf", "anyOf", "allOf", "$ref", "$schema"].some(
    (k) => k in schema,
  );
  if (!looksLikeSchema)
    throw new Error(
      `${shown}: not a connector spec: expected a JSON Schema (with "type" and "properties") or an Airbyte spec (with "connectionSpecification"); found the keys ${
        Object.keys(schema)
          .slice(0, 6)
          .map((k) => `"${k}"`)
          .join(", ") || "none"
      }`,
    );
  const types = typesOf(schema);
  if (types.length > 0 && !types.includes("object"))
    throw new Error(
      `${shown}: the connection schema must describe an object (its settings), but its "type" is ${JSON.stringify(schema.type)}`,
    );
  if ("properties" in schema && !isObject(schema.properties))
    throw new Error(`${shown}: "properties" must be an object, not ${typeName(schema.properties)}`);
}

function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/**
 * Loads the files the entry reaches through `$ref` (relative to the referencing file, as the
 * loader resolves them). Only what is reached is followed: a shared file's unused definitions may
 * point at files that are not there.
 */
async function collectDocs(entry: SourceDoc): Promise<Map<string, SourceDoc>> {
  const docs = new Map<string, SourceDoc>([[entry.file, entry]]);
  const walked = new Map<string, string[]>();
  const queue: { doc: SourceDoc; pointer: string }[] = [{ doc: entry, pointer: "" }];
  while (queue.length > 0) {
    const { doc, pointer: start } = queue.shift()!;
    const done = walked.get(doc.file) ?? [];
    walked.set(doc.file, done);
    // A subtree inside one already walked has been seen.
    if (done.some((p) => start === p || start.startsWith(`${p}/`))) continue;
    done.push(start);
    const found: { ref: string; pointer: string; url: URL }[] = [];
    walkSchema(
      getAtPointer(doc.json, start),
      ({ node, pointer }) => {
        if (typeof node.$ref === "string")
          found.push({ ref: node.$ref, pointer, url: refUrl(node.$ref, doc, pointer) });
      },
      start,
    );
    for (const { ref, pointer, url } of found) {
      if (url.protocol !== "file:") continue; // matched against the $ids of loaded files later
      const target = fileURLToPath(new URL(url.pathname, "file://"));
      let next = docs.get(target);
      if (!next) {
        const shown = displayPath(target);
        const json = await readJsonFile(
          target,
          shown,
          `${doc.shown}: $ref "${ref}" at ${pointer || "/"}`,
        );
        if (!isObject(json) && typeof json !== "boolean")
          throw new Error(
            `${doc.shown}: $ref "${ref}" at ${pointer || "/"} points to ${shown}, which holds ${typeName(json)}, not a schema`,
          );
        const inherited =
          doc.sourceDraft === "draft-04" || doc.sourceDraft === "draft-06"
            ? doc.sourceDraft
            : undefined;
        next = sourceDoc(
          target,
          shown,
          json,
          undefined,
          inherited,
          `${doc.shown}: $ref "${ref}" at ${pointer || "/"}`,
        );
        docs.set(target, next);
      }
      let fragment = "";
      try {
        fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
      } catch {
        // reported when the reference is rewritten
      }
      fragment = schemaFragment(ref, next, fragment);
      queue.push({ doc: next, pointer: fragment.startsWith("/") ? fragment : "" });
    }
  }
  return docs;
}

/**
 * A `$ref` fragment as a pointer into the target's (converted) schema, as the loader reads it: one
 * written against a whole spec wrapper (`#/connectionSpecification/…`) means the schema inside
 * it, and one from another file through a keyword the draft conversion renamed (a 2019-09 tuple's
 * `items/0`) follows it (`prefixItems/0`); the target's own were rewritten with it.
 */
function schemaFragment(ref: string, target: SourceDoc, fragment: string): string {
  return ref.startsWith("#")
    ? schemaPointer({ base: target.base }, fragment)
    : schemaPointer(target, fragment);
}

function refUrl(ref: string, doc: SourceDoc, pointer: string): URL {
  try {
    return new URL(ref, pathToFileURL(doc.file));
  } catch {
    throw new Error(`${doc.shown}: $ref "${ref}" at ${pointer || "/"} is not a valid reference`);
  }
}

// ---------------------------------------------------------------------------------------------
// Notes

class Notes {
  private entries: ({ line: string } | { key: string })[] = [];
  private groups = new Map<string, { render: (where: string) => string; pointers: string[] }>();

  add(line: string): void {
    if (!this.entries.some((e) => "line" in e && e.line === line)) this.entries.push({ line });
  }

  /** One line for many places: `render` receives the pointer, or "N places (/a, /b, …)". */
  count(key: string, pointer: string, render: (where: string) => string): void {
    let group = this.groups.get(key);
    if (!group) {
      this.groups.set(key, (group = { render, pointers: [] }));
      this.entries.push({ key });
    }
    if (!group.pointers.includes(pointer)) group.pointers.push(pointer);
  }

  all(): string[] {
    return this.entries.map((e) => {
      if ("line" in e) return e.line;
      const { render, pointers } = this.groups.get(e.key)!;
      const shown =
        pointers.slice(0, 4).map(showPointer).join(", ") +
        (pointers.length > 4 ? `, … ${pointers.length - 4} more` : "");
      return render(
        pointers.length === 1 ? showPointer(pointers[0]) : `${pointers.length} places (${shown})`,
      );
    });
  }
}

function showPointer(pointer: string): string {
  return pointer === "" ? "(root)" : pointer;
}

// ---------------------------------------------------------------------------------------------
// Bundling and mapping to the dialect

class Importer {
  /** `${file}#${pointer}` of a source schema → its key under the output's definitions. */
  private keys = new Map<string, string>();
  private definitions: JsonObject = {};
  private queue: { file: string; pointer: string; key: string }[] = [];
  /** Output keys of the entry's own definitions. */
  readonly ownDefinitions = new Set<string>();
  /** Schemas copied in from elsewhere than the entry's own definitions. */
  private inlined: { file: string; pointer: string; key: string }[] = [];
  /** Capability flags (`supports*`) of the entry: name → default. */
  readonly capabilities = new Map<string, boolean>();

  constructor(
    private kind: ImportKind,
    private entry: SourceDoc,
    private docs: Map<string, SourceDoc>,
    private notes: Notes,
  ) {}

  run(): JsonObject {
    const root = this.entry.json as JsonObject;
    if (isLateDraft(this.entry))
      this.notes.add(
        `${this.entry.shown} declares JSON Schema ${this.entry.sourceDraft}; converted to draft-07 (tuples and dependentRequired/dependentSchemas rewritten).`,
      );
    else if (this.entry.sourceDraft !== "draft-07")
      this.notes.add(
        `${this.entry.shown} declares JSON Schema ${this.entry.sourceDraft}; read by its rules and written as draft-07${this.entry.sourceDraft === "draft-04" ? ' (a boolean "exclusiveMinimum"/"exclusiveMaximum" qualifies "minimum"/"maximum"; "id" is "$id")' : ""}.`,
      );
    for (const defsKey of ["definitions", "$defs"])
      if (isObject(root[defsKey]))
        for (const name of Object.keys(root[defsKey] as JsonObject)) {
          this.ownDefinitions.add(
            this.keyFor(this.entry.file, joinPointer("", defsKey, name), name),
          );
        }
    const out = this.transform(root, this.entry, "", "") as JsonObject;
    while (this.queue.length > 0) {
      const { file, pointer, key } = this.queue.shift()!;
      const doc = this.docs.get(file)!;
      this.definitions[key] = this.transform(
        getAtPointer(doc.json, pointer),
        doc,
        pointer,
        joinPointer("", "definitions", key),
      );
      if (file !== this.entry.file || !/^\/(definitions|\$defs)\/[^/]+$/.test(pointer))
        this.inlined.push({ file, pointer, key });
    }
    const { $schema: _s, $id, definitions: _d, $defs: _dd, ...rest } = out;
    if (typeof $id === "string")
      this.notes.add(
        `Dropped the root "$id" (${$id}): onespec identifies schemas by their place in the tree.`,
      );
    const connection: JsonObject = { $schema: DRAFT_07, ...rest };
    if (Object.keys(this.definitions).length > 0) connection.definitions = this.definitions;
    return connection;
  }

  /** One note per source file: what was copied in from it, and under which definitions (those still there). */
  noteInlined(connection: JsonObject): void {
    const defs = isObject(connection.definitions) ? connection.definitions : {};
    const byFile = new Map<string, string[]>();
    for (const { file, pointer, key } of this.inlined) {
      if (!(key in defs)) continue;
      const list = byFile.get(file) ?? [];
      byFile.set(file, list);
      const last = pointer === "" ? "" : parsePointer(pointer).pop();
      list.push(
        pointer === ""
          ? `the whole file (as ${key})`
          : last === key
            ? `#${pointer}`
            : `#${pointer} (as ${key})`,
      );
    }
    for (const [file, list] of byFile)
      this.notes.add(`Inlined into definitions from ${this.relative(file)}: ${list.join(", ")}.`);
  }

  private relative(file: string): string {
    return file === this.entry.file
      ? this.entry.shown
      : path.relative(path.dirname(this.entry.file), file).split(path.sep).join("/");
  }

  /** The output definition key of a source schema, queued for copying the first time it is asked for. */
  private keyFor(file: string, pointer: string, preferred: string): string {
    const id = refKey(file, pointer);
    const known = this.keys.get(id);
    if (known) return known;
    const base = preferred.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "") || "schema";
    const stem = path
      .basename(file)
      .replace(/\.json$/i, "")
      .replace(/[^A-Za-z0-9_.-]+/g, "_");
    const taken = new Set(this.keys.values());
    let key = base;
    if (taken.has(key) && stem !== base) key = `${stem}-${base}`;
    for (let i = 2; taken.has(key); i++) key = `${base}${i}`;
    this.keys.set(id, key);
    this.queue.push({ file, pointer, key });
    return key;
  }

  /** Resolves a `$ref` of a source document to the output reference. */
  private rewriteRef(ref: string, doc: SourceDoc, pointer: string): string {
    const target = this.resolve(ref, doc, pointer);
    if (target.file === this.entry.file && target.pointer === "") return "#";
    const targetDoc = this.docs.get(target.file)!;
    const last =
      target.pointer === ""
        ? path.basename(target.file).replace(/\.json$/i, "")
        : parsePointer(target.pointer).pop()!;
    if (getAtPointer(targetDoc.json, target.pointer) === undefined)
      throw new Error(
        `${doc.shown}: $ref "${ref}" at ${pointer || "/"}: ${targetDoc.shown} has nothing at "${target.pointer}"`,
      );
    return `#/definitions/${escapeToken(this.keyFor(target.file, target.pointer, last))}`;
  }

  private resolve(ref: string, doc: SourceDoc, pointer: string): RefTarget & { file: string } {
    const url = refUrl(ref, doc, pointer);
    let fragment: string;
    try {
      fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
    } catch {
      throw new Error(`${doc.shown}: $ref "${ref}" at ${pointer || "/"} has a malformed %-escape`);
    }
    let file: string;
    if (url.protocol === "file:") {
      file = fileURLToPath(new URL(url.pathname, "file://"));
    } else {
      const base = url.href.split("#")[0].replace(/#$/, "");
      const byId = [...this.docs.values()].find(
        (d) =>
          isObject(d.json) &&
          typeof d.json.$id === "string" &&
          d.json.$id.replace(/#$/, "") === base,
      );
      if (!byId)
        throw new Error(
          `${doc.shown}: $ref "${ref}" at ${pointer || "/"} is a remote reference; download that schema next to the spec and reference it by relative path`,
        );
      file = byId.file;
    }
    const target = this.docs.get(file)!;
    fragment = schemaFragment(ref, target, fragment);
    if (fragment !== "" && !fragment.startsWith("/")) {
      let found: string | undefined;
      walkSchema(target.json, ({ node, pointer: p }) => {
        if (found !== undefined) return false;
        if (node.$anchor === fragment || node.$id === `#${fragment}`) found = p;
      });
      if (found === undefined)
        throw new Error(
          `${doc.shown}: $ref "${ref}" at ${pointer || "/"}: no $anchor named "${fragment}" in ${target.shown}`,
        );
      fragment = found;
    }
    return { file, doc: file, pointer: fragment };
  }

  /** Follows `$ref`s in the source documents (siblings override), for peeking at a property's type. */
  private sourceDeref(node: unknown, doc: SourceDoc, pointer: string): JsonObject {
    let current = node;
    let at = { doc, pointer };
    let siblings: JsonObject = {};
    for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === "string"; hops++) {
      const { $ref, ...rest } = current;
      siblings = { ...rest, ...siblings };
      const target = this.resolve($ref as string, at.doc, at.pointer);
      const next = this.docs.get(target.file)!;
      current = getAtPointer(next.json, target.pointer);
      at = { doc: next, pointer: target.pointer };
    }
    return { ...(isObject(current) ? current : {}), ...siblings };
  }

  /** Copies one source schema into the output dialect. `src` is its source pointer, `out` where it lands. */
  private transform(node: unknown, doc: SourceDoc, src: string, out: string): unknown {
    if (!isObject(node)) return node;
    const notes = this.notes;
    let input: JsonObject = isLateDraft(doc)
      ? convertDraftKeywords(node, "2020-12", "draft-07")
      : node;
    if (doc.sourceDraft !== "draft-07" && doc !== this.entry && /^\/definitions\/[^/]+$/.test(out))
      notes.count(
        `draft:${doc.file}`,
        out,
        (where) =>
          `${this.relative(doc.file)} declares JSON Schema ${doc.sourceDraft}; converted to draft-07 where it was inlined: ${where}.`,
      );
    input = this.fixTypos(input, out);
    // The repairs the loader makes (core's repairNode): duplicate enum values and required names,
    // scalar examples, "true" for true, patterns read in the regex dialect they were written in.
    const { node: repaired, repairs, renamedKeys } = repairNode(input, out);
    input = repaired;
    for (const r of repairs) {
      if (r.severity === "error") {
        // A regex that is none in any dialect: dropped, so the connection passes check.
        if (r.atKey) {
          const key = parsePointer(r.pointer).pop()!;
          const map = { ...(input.patternProperties as JsonObject) };
          delete map[key];
          input = { ...input, patternProperties: map };
          notes.add(`${showPointer(r.pointer)}: dropped the patternProperties entry: ${r.message}`);
        } else {
          const { pattern: _p, ...rest } = input;
          input = rest;
          notes.add(`${showPointer(r.pointer)}: dropped the pattern: ${r.message}`);
        }
        continue;
      }
      notes.add(`${showPointer(r.pointer)}: ${r.message}`);
    }
    /** patternProperties keys as written, by the key they were rewritten to. */
    const writtenKey = new Map(renamedKeys.map((k) => [k.key, k.was]));
    const result: JsonObject = {};
    let secret = false;
    for (const [key, value] of Object.entries(input)) {
      const at = joinPointer(out, key);
      switch (key) {
        case "$ref":
          if (typeof value !== "string")
            throw new Error(
              `${doc.shown}: $ref at ${src || "/"} must be a string, not ${typeName(value)}`,
            );
          result.$ref = this.rewriteRef(value, doc, src);
          continue;
        case "$schema":
        case "definitions":
        case "$defs":
          continue; // the root gets draft-07; definitions travel through $ref
        case "$id":
          if (out !== "")
            notes.count(
              "$id",
              at,
              (where) =>
                `Dropped "$id" at ${where}: every $ref is resolved and inlined, so nested ids are not needed.`,
            );
          continue;
        case "airbyte_secret":
        case "mask": {
          const v = asBoolean(value);
          if (v === undefined)
            notes.add(
              `${showPointer(out)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
            );
          else if (v) {
            secret = true;
            notes.count(
              `secret:${key}`,
              out,
              (where) => `"${key}": true → "secret": true at ${where}.`,
            );
          }
          continue;
        }
        case "format":
          if (value === "password") {
            secret = true;
            notes.count(
              "secret:format",
              out,
              (where) =>
                `"format": "password" → "secret": true at ${where} (the format is dropped: it is not a validation format).`,
            );
            continue;
          }
          result.format = value;
          continue;
        case "airbyte_hidden":
        case "hidden": {
          const v = asBoolean(value);
          if (v === undefined)
            notes.add(
              `${showPointer(out)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
            );
          else if (v) result.hidden = true;
          if (key === "airbyte_hidden" && v)
            notes.count(
              "hidden",
              out,
              (where) => `"airbyte_hidden": true → "hidden": true at ${where}.`,
            );
          continue;
        }
        case "secret":
        case "always_show":
        case "multiline": {
          const v = asBoolean(value);
          if (v === undefined)
            notes.add(
              `${showPointer(out)}: dropped "${key}": ${JSON.stringify(value)} is not a boolean.`,
            );
          else {
            if (key === "secret") secret ||= v;
            else if (v) result[key] = true;
          }
          continue;
        }
        case "writeOnly":
          result.writeOnly = value;
          if (value === true) secret = true;
          continue;
        case "order": {
          if (typeof value === "number" && Number.isFinite(value)) result.order = value;
          else
            notes.add(
              `${showPointer(at)}: dropped "order": ${JSON.stringify(value)} is not a number.`,
            );
          continue;
        }
        case "group":
        case "pattern_descriptor":
        case "display_type":
          if (typeof value === "string") result[key] = value;
          else
            notes.add(
              `${showPointer(at)}: dropped "${key}": ${JSON.stringify(value)} is not a string.`,
            );
          continue;
        case "groups":
          if (Array.isArray(value)) {
            const ok = value.filter(
              (g): g is JsonObject => isObject(g) && typeof g.id === "string",
            );
            if (ok.length !== value.length)
              notes.add(
                `${showPointer(at)}: dropped ${value.length - ok.length} "groups" entr${value.length - ok.length === 1 ? "y" : "ies"} without a string "id".`,
              );
            if (out !== "")
              notes.add(
                `${showPointer(at)}: "groups" only means something at the root; kept as written.`,
              );
            result.groups = ok.map((g) => ({
              id: g.id,
              ...(typeof g.title === "string" ? { title: g.title } : {}),
            }));
          } else
            notes.add(
              `${showPointer(at)}: dropped "groups": it must be an array of { "id", "title" }.`,
            );
          continue;
        case "type": {
          const fix = (t: unknown) =>
            typeof t === "string" && !JSON_TYPES.has(t) ? (TYPE_ALIASES[t.toLowerCase()] ?? t) : t;
          const fixed = Array.isArray(value) ? value.map(fix) : fix(value);
          if (JSON.stringify(fixed) !== JSON.stringify(value))
            notes.add(
              `${showPointer(at)}: "type": ${JSON.stringify(value)} written as ${JSON.stringify(fixed)}.`,
            );
          result.type = fixed;
          continue;
        }
        case "properties":
          if (isObject(value)) {
            const map: JsonObject = {};
            for (const [name, sub] of Object.entries(value)) {
              if (this.kind === "openmetadata" && /^supports[A-Z]/.test(name)) {
                const peek = this.sourceDeref(sub, doc, joinPointer(src, key, name));
                if (typesOf(peek).includes("boolean")) {
                  if (out === "") this.capabilities.set(name, peek.default !== false);
                  notes.count(
                    "supports",
                    joinPointer(out, key, name),
                    (where) =>
                      `Dropped OpenMetadata capability flags (supports*), which describe the connector rather than a connection setting (configs that still carry them are rejected where additionalProperties is false): ${where}.`,
                  );
                  continue;
                }
              }
              map[name] = this.transform(
                sub,
                doc,
                joinPointer(src, key, name),
                joinPointer(out, key, name),
              );
            }
            result.properties = map;
            continue;
          }
          result.properties = value;
          continue;
        case "patternProperties":
          if (isObject(value)) {
            const map: JsonObject = {};
            for (const [pattern, sub] of Object.entries(value))
              map[pattern] = this.transform(
                sub,
                doc,
                joinPointer(src, key, writtenKey.get(pattern) ?? pattern),
                joinPointer(out, key, pattern),
              );
            result.patternProperties = map;
            continue;
          }
          result.patternProperties = value;
          continue;
        case "dependencies":
          if (isObject(value)) {
            const map: JsonObject = {};
            for (const [name, sub] of Object.entries(value))
              map[name] = Array.isArray(sub)
                ? [...sub]
                : this.transform(
                    sub,
                    doc,
                    joinPointer(src, key, name),
                    joinPointer(out, key, name),
                  );
            result.dependencies = map;
            continue;
          }
          result.dependencies = value;
          continue;
      }
      if (NOT_IN_DRAFT_07.includes(key)) {
        if (
          key === "unevaluatedProperties" &&
          !("additionalProperties" in input) &&
          !["allOf", "anyOf", "oneOf", "if"].some((k) => k in input)
        ) {
          result.additionalProperties = this.transform(
            value,
            doc,
            joinPointer(src, key),
            joinPointer(out, "additionalProperties"),
          );
          notes.add(
            `${showPointer(at)}: "unevaluatedProperties" (2020-12) written as "additionalProperties", which means the same here.`,
          );
        } else if (key !== "$anchor")
          notes.add(
            `${showPointer(at)}: dropped "${key}": draft-07 has no such keyword (could not be mapped).`,
          );
        continue;
      }
      if ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) && isObject(value)) {
        const map: JsonObject = {};
        for (const [name, sub] of Object.entries(value))
          map[name] = this.transform(
            sub,
            doc,
            joinPointer(src, key, name),
            joinPointer(out, key, name),
          );
        result[key] = map;
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
        result[key] = value.map((sub, i) =>
          this.transform(sub, doc, joinPointer(src, key, i), joinPointer(out, key, i)),
        );
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        result[key] = this.transform(value, doc, joinPointer(src, key), joinPointer(out, key));
      } else if (STANDARD_KEYWORDS.has(key)) {
        result[key] = structuredClone(value);
      } else if (key in DIALECT_KEYWORDS) {
        result[key] = structuredClone(value);
      } else {
        notes.count(
          `vendor:${key}`,
          at,
          (where) => `Dropped vendor keyword "${key}" (onespec does not use it): ${where}.`,
        );
      }
    }
    if (secret) result.secret = true;
    return result;
  }

  /** Renames misspelt keywords (tittle, desciption, requires, example, maxitems, min, …) to what they meant. */
  private fixTypos(node: JsonObject, out: string): JsonObject {
    let copy: JsonObject | undefined;
    for (const [key, value] of Object.entries(node)) {
      if (STANDARD_KEYWORDS.has(key) || key in DIALECT_KEYWORDS) continue;
      const meant = KEYWORD_ALIASES[key] ?? suggestKeyword(key);
      if (!meant || KEYWORD_ALIASES[meant]) continue;
      if (
        KEYWORD_ALIASES[key] &&
        !(typeof value === "number" && typesOf(node).some((t) => t === "number" || t === "integer"))
      )
        continue;
      copy ??= { ...node };
      const at = joinPointer(out, key);
      delete copy[key];
      if (meant in node) {
        this.notes.add(
          `${showPointer(at)}: dropped "${key}", a misspelling of "${meant}", which is already there.`,
        );
        continue;
      }
      let fixed = value;
      if (meant === "examples" && !Array.isArray(value)) fixed = [value];
      if (meant === "items" && typeof value === "string" && JSON_TYPES.has(value))
        fixed = { type: value };
      if (meant === "required" && typeof value === "string") fixed = [value];
      const shape = KEYWORD_SHAPES[meant];
      if (shape && !shape(fixed)) {
        this.notes.add(
          `${showPointer(at)}: dropped "${key}" (probably "${meant}"): ${JSON.stringify(value)} is not a valid "${meant}".`,
        );
        continue;
      }
      copy[meant] = fixed;
      if (fixed !== value)
        this.notes.add(
          `${showPointer(at)}: renamed the misspelt keyword "${key}" to "${meant}" (value ${JSON.stringify(value)} written as ${JSON.stringify(fixed)}).`,
        );
      else
        this.notes.count(
          `typo:${key}`,
          at,
          (where) => `Renamed the misspelt keyword "${key}" to "${meant}": ${where}.`,
        );
    }
    return copy ?? node;
  }
}

/** A boolean dialect keyword's value (core's repairNode has already read "true" as true). */
function asBoolean(value: unknown): boolean | undefined {
  return typeof value === "boolean" ? value : undefined;
}

function safeName(name: string, notes: Notes): string {
  if (/^[a-z][a-z0-9-]*$/.test(name)) return name;
  const fixed = `connector-${name.replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "")}`.replace(
    /-+$/,
    "",
  );
  notes.add(
    `The connector name "${name}" (from the file name) is not a lower-case kebab name starting with a letter; suggested "${fixed}" instead.`,
  );
  return fixed;
}

// ---------------------------------------------------------------------------------------------
// Repairs on the bundled schema: what `onespec check` would reject, fixed where that is safe.

const DATE_SAMPLES: Record<string, string[]> = {
  date: ["2021-01-10", "2000-12-31", "1999-02-28"],
  "date-time": [
    "2021-01-10T10:20:30Z",
    "2021-01-10T10:20:30.000Z",
    "2021-01-10T10:20:30+00:00",
    "2021-01-10T10:20:30.000000Z",
    "2021-01-10T10:20:30",
  ],
};

let valueAjv: ReturnType<typeof createAjv> | undefined;

/** Why `value` does not match `schema` (as lint/invalid-default judges it), or undefined when it does or cannot be judged. */
function valueProblem(schema: JsonObject, value: unknown): string | undefined {
  valueAjv ??= createAjv({ strict: false, allErrors: false }, "draft-07");
  const { default: _d, examples: _e, $id: _i, $schema: _s, ...rest } = schema;
  if (JSON.stringify(rest).includes('"$ref"')) return undefined;
  try {
    const validate = valueAjv.compile(rest);
    if (validate(value)) return undefined;
    const e = validate.errors?.[0];
    return e ? `${e.instancePath || "value"} ${e.message}` : "invalid";
  } catch {
    return undefined;
  }
}

/** Values close to `value` that a schema of these types may accept: "5432" → 5432, 2002 → "2002", "x" → ["x"]. */
function coercions(value: unknown, schema: JsonObject): unknown[] {
  const types = typesOf(schema);
  const out: unknown[] = [];
  if (
    typeof value === "string" &&
    (types.includes("integer") || types.includes("number")) &&
    /^-?\d+(\.\d+)?$/.test(value.trim())
  )
    out.push(Number(value));
  if ((typeof value === "number" || typeof value === "boolean") && types.includes("string"))
    out.push(String(value));
  if (
    typeof value === "string" &&
    types.includes("boolean") &&
    (value === "true" || value === "false")
  )
    out.push(value === "true");
  if (types.includes("array") && !Array.isArray(value)) out.push([value]);
  return out;
}

const PLACEHOLDER = /\b(Y{2,4}|M{2}|D{2}|hh|HH|mm|ss)\b|%[YmdHMSz]/;

function repair(connection: JsonObject, notes: Notes, ownDefinitions: ReadonlySet<string>): void {
  inlineConstantRefs(connection, notes);
  walkSchema(connection, ({ node, pointer }) => {
    // A required name that is not declared, under additionalProperties: false, makes every config invalid.
    if (node.additionalProperties === false && Array.isArray(node.required)) {
      const declared = isObject(node.properties) ? node.properties : {};
      const patterns = isObject(node.patternProperties) ? Object.keys(node.patternProperties) : [];
      const keep = node.required.filter(
        (r) =>
          typeof r !== "string" ||
          r in declared ||
          patterns.some((p) => !unicodeRegexError(p) && new RegExp(p, "u").test(r)),
      );
      if (keep.length !== node.required.length) {
        notes.add(
          `${showPointer(joinPointer(pointer, "required"))}: removed ${node.required
            .filter((r) => !keep.includes(r))
            .map((r) => JSON.stringify(r))
            .join(
              ", ",
            )} from "required": not declared under properties while additionalProperties is false, so no config could be valid.`,
        );
        if (keep.length > 0) node.required = keep;
        else delete node.required;
      }
    }
    // format: date (or date-time) next to a pattern for another layout: nothing satisfies both.
    if (
      typeof node.format === "string" &&
      DATE_SAMPLES[node.format] &&
      typeof node.pattern === "string" &&
      !unicodeRegexError(node.pattern)
    ) {
      const re = new RegExp(node.pattern, "u");
      if (!DATE_SAMPLES[node.format].some((s) => re.test(s))) {
        notes.add(
          `${showPointer(pointer)}: dropped "format": "${node.format}": the pattern ${JSON.stringify(node.pattern)} describes another layout, so no value could satisfy both; the pattern (and the description) say what the connector expects.`,
        );
        delete node.format;
      }
    }
    // Groups only apply to top-level fields; always_show on a required field changes nothing.
    if (isObject(node.properties)) {
      const depth = pointer.split("/properties/").length - 1;
      const required = Array.isArray(node.required) ? node.required : [];
      for (const [name, prop] of Object.entries(node.properties)) {
        if (!isObject(prop)) continue;
        const at = joinPointer(pointer, "properties", name);
        if (depth >= 1 && "group" in prop) {
          delete prop.group;
          notes.add(`${at}: dropped "group": groups only apply to top-level fields.`);
        }
        if (prop.always_show === true && required.includes(name)) {
          delete prop.always_show;
          notes.count(
            "always_show",
            at,
            (where) =>
              `Dropped "always_show" on required fields (they are always shown): ${where}.`,
          );
        }
      }
    }
  });
  requireDiscriminators(connection, notes);
  cleanSecrets(connection, notes);
  fixValues(connection, notes);
  pruneDefinitions(connection, notes, ownDefinitions);
}

/** Properties that `$ref` a constant (OpenMetadata's `"type": {"$ref": "#/definitions/mysqlType"}`) get it inline, so a oneOf can be told apart by it. */
function inlineConstantRefs(connection: JsonObject, notes: Notes): void {
  walkSchema(connection, ({ node, pointer }) => {
    if (!isObject(node.properties)) return;
    for (const [name, prop] of Object.entries(node.properties)) {
      if (
        !isObject(prop) ||
        typeof prop.$ref !== "string" ||
        !prop.$ref.startsWith("#/definitions/")
      )
        continue;
      const target = derefBundled(connection, { $ref: prop.$ref });
      const constant =
        "const" in target || (Array.isArray(target.enum) && target.enum.length === 1);
      if (
        !constant ||
        typeof target.$ref === "string" ||
        ["properties", "items", "oneOf", "anyOf", "allOf"].some((k) => k in target)
      )
        continue;
      const { $ref, ...siblings } = prop;
      node.properties[name] = { ...structuredClone(target), ...siblings };
      notes.count(
        `inline-const`,
        joinPointer(pointer, "properties", name),
        (where) =>
          `Inlined constant definitions into the properties that reference them, so oneOf branches can be told apart by them: ${where}.`,
      );
    }
  });
}

/** A oneOf told apart by a constant property: that property is made required in every branch. */
function requireDiscriminators(connection: JsonObject, notes: Notes): void {
  const resolve = (n: unknown): JsonObject => (isObject(n) ? derefBundled(connection, n) : {});
  walkSchema(connection, ({ node, pointer }) => {
    if (!Array.isArray(node.oneOf) || node.oneOf.length < 2) return;
    const disc = findDiscriminator(node.oneOf, resolve);
    if (!disc) return;
    const fixed: number[] = [];
    node.oneOf.forEach((b, i) => {
      if (disc.required[i] || !isObject(b)) return;
      // A branch that is a $ref: the definition is what declares the property.
      let target: JsonObject = b;
      for (
        let hops = 0;
        hops < 32 && typeof target.$ref === "string" && target.$ref.startsWith("#/definitions/");
        hops++
      ) {
        const next = getAtPointer(connection, target.$ref.slice(1));
        if (!isObject(next)) break;
        target = next;
      }
      target.required = [
        ...(Array.isArray(target.required) ? target.required : []),
        disc.propertyName,
      ];
      fixed.push(i);
    });
    if (fixed.length)
      notes.add(
        `${pointer}/oneOf: "${disc.propertyName}" tells the branches apart; added it to "required" in branch${fixed.length === 1 ? "" : "es"} ${fixed.join(", ")}.`,
      );
  });
}

/** Secrets never carry a default or an example (they would end up in docs, forms and fixtures). */
function cleanSecrets(connection: JsonObject, notes: Notes): void {
  walkSchema(connection, ({ node, pointer }) => {
    if (!isSecret(node)) return;
    for (const k of ["default", "examples"] as const)
      if (k in node) {
        delete node[k];
        notes.count(
          `secret-${k}`,
          pointer,
          (where) =>
            `Removed the ${k === "default" ? "default" : "examples"} of secret fields (a credential must not appear in docs, forms or fixtures): ${where}.`,
        );
      }
  });
}

/** Defaults and examples that do not match their own schema: coerced when obvious ("5432" → 5432), else dropped. */
function fixValues(connection: JsonObject, notes: Notes): void {
  walkSchema(connection, ({ node, pointer }) => {
    if ("default" in node && valueProblem(node, node.default)) {
      const problem = valueProblem(node, node.default)!;
      const better = coercions(node.default, node).find((c) => !valueProblem(node, c));
      if (better !== undefined) {
        notes.add(
          `${joinPointer(pointer, "default")}: default ${JSON.stringify(node.default)} written as ${JSON.stringify(better)} to match the field's type.`,
        );
        node.default = better;
      } else {
        notes.add(
          `${joinPointer(pointer, "default")}: removed the default ${JSON.stringify(node.default).slice(0, 60)}: it does not match its own schema (${problem}).`,
        );
        delete node.default;
      }
    }
    if (!Array.isArray(node.examples)) return;
    const examples = node.examples;
    const at = joinPointer(pointer, "examples");
    if (examples.every((e) => !valueProblem(node, e))) return;
    // Scalars listed for an array field: together they are one example of the array.
    if (
      typesOf(node).includes("array") &&
      examples.length > 0 &&
      examples.every((e) => !Array.isArray(e)) &&
      !valueProblem(node, examples)
    ) {
      node.examples = [examples];
      notes.add(
        `${at}: the examples ${JSON.stringify(examples).slice(0, 60)} are items, not arrays; written as one example array.`,
      );
      return;
    }
    const kept: unknown[] = [];
    for (const e of examples) {
      const problem = valueProblem(node, e);
      if (!problem) {
        kept.push(e);
        continue;
      }
      const better = coercions(e, node).find((c) => !valueProblem(node, c));
      if (better !== undefined) {
        kept.push(better);
        notes.count(
          `coerce-example`,
          at,
          (where) =>
            `Examples written with the field's type ("5432" → 5432, 2002 → "2002"): ${where}.`,
        );
        continue;
      }
      if (typeof e === "string" && PLACEHOLDER.test(e) && !("pattern_descriptor" in node)) {
        node.pattern_descriptor = e;
        notes.add(
          `${at}: the example ${JSON.stringify(e)} is a layout, not a value; moved it to "pattern_descriptor".`,
        );
        continue;
      }
      notes.add(
        `${at}: removed the example ${JSON.stringify(e).slice(0, 60)}: it does not match its own schema (${problem}).`,
      );
    }
    if (kept.length > 0) node.examples = kept;
    else delete node.examples;
  });
}

/** Definitions nothing references (any more: constants were inlined above) are removed. */
function pruneDefinitions(
  connection: JsonObject,
  notes: Notes,
  ownDefinitions: ReadonlySet<string>,
): void {
  if (!isObject(connection.definitions)) return;
  const defs = connection.definitions;
  const reached = new Set<string>();
  const scan = (value: unknown) => {
    walkSchema(value, ({ node }) => {
      if (typeof node.$ref !== "string" || !node.$ref.startsWith("#/definitions/")) return;
      const name = parsePointer(node.$ref.slice(1))[1];
      if (reached.has(name)) return;
      reached.add(name);
      scan(defs[name]);
    });
  };
  const { definitions: _d, ...root } = connection;
  scan(root);
  const unused = Object.keys(defs).filter((k) => !reached.has(k));
  for (const k of unused) delete defs[k];
  const own = unused.filter((k) => ownDefinitions.has(k));
  if (own.length)
    notes.add(
      `Removed definitions nothing references (any more): ${own.map((k) => `#/definitions/${k}`).join(", ")}.`,
    );
  if (Object.keys(defs).length === 0) delete connection.definitions;
}

// ---------------------------------------------------------------------------------------------
// The final check: the loader's schema checks and the lint rules, in memory.

function diagnose(connection: JsonObject, name: string): (Diagnostic | LintDiagnostic)[] {
  const root = path.join(path.sep, "onespec-import");
  const rel = `connectors/${name}/connection.json`;
  const docPath = path.join(root, rel);
  const text = JSON.stringify(connection, null, 2);
  const { source } = parseSource(rel, text);
  const doc: SchemaDoc = {
    path: docPath,
    rel,
    uri: CANONICAL_BASE + rel,
    source: source!,
    json: source!.json,
    draft: "draft-07",
  };
  const refs = new Map<string, RefTarget>();
  walkSchema(doc.json, ({ node, pointer }) => {
    if (typeof node.$ref === "string" && node.$ref.startsWith("#"))
      refs.set(refKey(docPath, pointer), { doc: docPath, pointer: node.$ref.slice(1) });
  });
  const model: SchemaModel = {
    root,
    docs: new Map([[docPath, doc]]),
    refs,
    connectors: [
      {
        name,
        entry: docPath,
        metadata: {
          name,
          displayName: name,
          serviceType: "Other",
          capabilities: [],
          version: "0.0.0",
          docsUrl: "",
        },
        steps: [],
      },
    ],
    diagnostics: [],
  };
  const repairs: Diagnostic[] = repairSchema(doc.json).repairs.map((r) => ({
    severity: r.severity,
    code: r.code,
    message: r.message,
    file: rel,
    pointer: r.pointer,
    hint: r.hint,
  }));
  return [...findDefects(doc), ...metaSchemaProblems(doc), ...repairs, ...lint(model)];
}

const AUTO_FIXED = new Set(["lint/credential-not-secret", "lint/discriminator-not-required"]);

function finalCheck(connection: JsonObject, name: string, notes: Notes): void {
  let diagnostics = diagnose(connection, name);
  for (let round = 0; round < 3; round++) {
    const fixes = diagnostics.filter(
      (d): d is LintDiagnostic => AUTO_FIXED.has(d.code) && "fix" in d && d.fix?.kind === "set",
    );
    if (fixes.length === 0) break;
    for (const d of fixes) {
      const fix = d.fix!;
      setAt(connection, fix.path, fix.value);
      if (d.code === "lint/credential-not-secret")
        notes.add(
          `${d.pointer}: named like a credential but not marked secret; added "secret": true.`,
        );
      else notes.add(`${d.pointer}: added the discriminator to "required".`);
    }
    cleanSecrets(connection, notes);
    diagnostics = diagnose(connection, name);
  }
  for (const d of diagnostics) {
    if (d.severity === "info") continue;
    const where = d.pointer !== undefined ? `${showPointer(d.pointer)}: ` : "";
    notes.add(
      `${d.severity === "error" ? "error, fix by hand" : "warning"} [${d.code}]: ${where}${d.message}${d.hint ? ` ${d.hint}` : ""}`,
    );
  }
}

function setAt(target: JsonObject, tokens: (string | number)[], value: unknown): void {
  let node: unknown = target;
  for (const token of tokens.slice(0, -1)) {
    if (!isObject(node) && !Array.isArray(node)) return;
    node = (node as Record<string, unknown>)[token];
  }
  if (isObject(node)) node[String(tokens[tokens.length - 1])] = value;
}

// ---------------------------------------------------------------------------------------------
// Metadata

function suggestMetadata(
  input: Input,
  connection: JsonObject,
  name: string,
  file: string,
  flags: Map<string, boolean>,
  notes: Notes,
): ImportedSpec["metadata"] {
  const title = typeof connection.title === "string" ? connection.title.trim() : "";
  const cleaned = title
    .replace(/\s*(connection\s+)?spec(ification)?$/i, "")
    .replace(/(?<=\S)\s*Connection$/, "")
    .trim();
  const displayName =
    cleaned ||
    name
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(" ");
  const source =
    input.kind === "airbyte"
      ? "Airbyte spec"
      : input.kind === "openmetadata"
        ? "OpenMetadata connection schema"
        : "JSON Schema";
  const rawDescription = typeof connection.description === "string" ? connection.description : "";
  const firstParagraph = rawDescription
    .split(/\n\s*\n/)[0]
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const description =
    firstParagraph || `${displayName}, imported from the ${source} ${path.basename(file)}.`;
  const service = guessServiceType(input.kind, name, file, connection);

  let docsUrl = input.docsUrl;
  if (!docsUrl && input.kind === "airbyte") {
    const m = /^(source|destination)-(.+)$/.exec(name);
    if (m) {
      docsUrl = `https://docs.airbyte.com/integrations/${m[1]}s/${m[2]}`;
      notes.add(
        `metadata: docsUrl ${docsUrl} is guessed from Airbyte's documentation layout (the spec has no documentationUrl); check it.`,
      );
    }
  }
  const capabilities = new Set<string>();
  // Only what connector.json allows (@onespec/core's CAPABILITIES) becomes a capability.
  const add = (c: string | undefined) => c && CAPABILITIES.includes(c) && capabilities.add(c);
  for (const [flag, on] of flags) if (on) add(CAPABILITY_FLAGS[flag]);
  if (input.incremental) add("incremental");
  if (capabilities.size > 0)
    notes.add(
      `metadata: capabilities ${[...capabilities].join(", ")} come from the source's capability flags.`,
    );
  notes.add(`metadata: serviceType "${service}" is a guess; check it.`);
  return {
    name,
    displayName,
    description,
    serviceType: service,
    ...(docsUrl ? { docsUrl } : {}),
    ...(capabilities.size > 0 ? { capabilities: [...capabilities] } : {}),
  };
}

function guessServiceType(
  kind: ImportKind,
  name: string,
  file: string,
  connection: JsonObject,
): string {
  const bare = name.replace(/^(source|destination)-/, "");
  const warehouse =
    /(big-?query|snowflake|redshift|databricks|synapse|firebolt|starburst|yellowbrick)/.test(bare);
  if (kind === "openmetadata") {
    const folder = OPENMETADATA_FOLDERS[path.basename(path.dirname(file)).toLowerCase()];
    if (folder === "Database" && warehouse) return serviceType("Warehouse");
    if (folder) return serviceType(folder);
  }
  if (warehouse) return serviceType("Warehouse");
  if (/(kafka|pulsar|rabbitmq|kinesis|pubsub|redpanda|sqs|mqtt|nats|event-?hub)/.test(bare))
    return serviceType("Messaging");
  if (
    /^(s3|gcs|r2|sftp|ftp|file|local-json|csv|azure-blob-storage|google-drive|onedrive|sharepoint|dropbox|box)(-|$)/.test(
      bare,
    )
  )
    return serviceType("Storage");
  if (/^(elasticsearch|opensearch|meilisearch|typesense|algolia)(-|$)/.test(bare))
    return serviceType("Search");
  const props = isObject(connection.properties)
    ? Object.keys(connection.properties).map((p) => p.toLowerCase())
    : [];
  const host = props.some((p) => /^(host|hostname|host_?port|server|address)$/.test(p));
  const port = props.some((p) => /^(port|host_?port)$/.test(p));
  const database = props.some((p) =>
    /^(database|db|db_?name|database_?name|database_?schema|schemas?|sid|service_?name|keyspace)$/.test(
      p,
    ),
  );
  if (host && port && database) return serviceType("Database");
  if (
    name.startsWith("source-") ||
    props.some((p) => /(url|endpoint|api_?key|token|credentials|client_?id)$/.test(p))
  )
    return serviceType("API");
  return "Other";
}
