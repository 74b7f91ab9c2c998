import { createHash } from "node:crypto";
import { readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Diagnostic } from "./diagnostics.js";
import { filePointer, parseSource, locate, schemaPointer, type SourceFile } from "./source.js";
import { escapeToken, getAtPointer, joinPointer, parsePointer } from "./pointer.js";
import { uriSegment } from "./escape.js";
import { cloneJson, isObject, SCHEMA_MAP_KEYWORDS, walkSchema } from "./walk.js";
import { CHECKED_FORMATS, DIALECT_KEYWORDS, STANDARD_KEYWORDS } from "./vocabulary.js";
import {
  refKey,
  type BaseSchema,
  type Connector,
  type MigrationSource,
  type SchemaDoc,
  type SchemaFix,
  type SchemaModel,
  type RefTarget,
} from "./model.js";
import { repairSchema } from "./repairs.js";
import { validateMetadataFile } from "./metadata.js";
import { schemaHasField } from "./step-fields.js";
import { findDefects, metaSchemaProblems } from "./schema-checks.js";
import type { ReadOutcome } from "./read-file.js";
import { diskSource, memorySource, type SchemaSource } from "./schema-source.js";
import {
  draftOfUri,
  generatorDraft,
  toGeneratorDialect,
  type SourceDraft,
} from "./draft-convert.js";
import { unwrapAirbyteSpec } from "./airbyte-spec.js";
import {
  indexResources,
  isAbsoluteUri,
  resolveUri,
  splitUri,
  type ResourceIndex,
} from "./base-uri.js";
import { metaSchemaFile } from "./meta-schemas.js";
import { staticDynamicRefs } from "./dynamic-ref.js";
import { compileEntryGlobs, type EntryGlobs } from "./entry-globs.js";
import { walkTree, type TreeWalk } from "./tree-walk.js";

export const MAX_SCHEMA_BYTES = 10 * 1024 * 1024;
export const CANONICAL_BASE = "https://onespec.local/schemas/";

export interface LoadOptions {
  /** Root of the schema tree (holds `connectors/` and `definitions/`). */
  root: string;
  /**
   * Globs (relative to root) of the entry schemas, one connector each. Without them the tree
   * follows onespec's layout: `connectors/<name>/connection.json`.
   */
  entries?: string[];
  /** Limit to these connector names. */
  only?: string[];
  /** Base for display paths (default: process.cwd()). */
  cwd?: string;
  /**
   * The entry schema files themselves (absolute, or relative to root), one connector each, in
   * place of `entries` and of onespec's layout: nothing under the root is listed or walked; only
   * these files, their metadata sidecars and what they reference are read (the importer loads one
   * spec this way).
   */
  files?: string[];
  /**
   * The tree's files as text, by their path relative to root (forward slashes), read instead of
   * the disk; use with `files`. The importer's final check loads what it built this way.
   */
  memory?: Readonly<Record<string, string>>;
  /**
   * Apply the in-memory repairs (repairs.ts) while loading; default true. The importer loads
   * without them and applies the same rules itself, noting each where its output lands.
   */
  repair?: boolean;
  /**
   * What the per-document checks and repairs (findDefects, the meta-schema, repairs.ts) gave for
   * documents already checked, by key (see `checkKey`): a document whose key is here is not
   * checked again, its diagnostics, repairs and fixes are taken from here, and each document
   * checked is added. The engine keeps the map between runs, so an edit re-checks only the
   * files that changed. Not used when `repair` is false.
   */
  checked?: Map<string, DocChecks>;
}

/** What the per-document checks and repairs gave for one document (LoadOptions.checked). */
export interface DocChecks {
  /** What findDefects and the meta-schema said. */
  found?: Diagnostic[];
  /** What the repairs said. */
  repairs?: Diagnostic[];
  /** The schema as repaired, when the repairs changed it. */
  json?: unknown;
  /** The source's key renames after the repairs, when they renamed keys. */
  renames?: [string, string][];
  fixes?: SchemaFix[];
}

/**
 * What the per-document checks and repairs are a function of: the text, where the schema sits
 * in it, the draft it is read in, and the file's path and the path diagnostics show for it.
 */
function checkKey(source: SourceFile, sourceDraft: string, file: string): string {
  return createHash("sha1")
    .update(source.text)
    .update(`\0${source.base ?? ""}\0${sourceDraft}\0${file}\0${source.displayPath}`)
    .digest("base64url");
}

interface PendingRef {
  from: SchemaDoc;
  pointer: string;
  ref: string;
  /** The reference resolved against the base URI in effect where it is written (RFC 3986). */
  uri: string;
  /**
   * The file it names read as a path from the referencing file, when that is how it is found:
   * the base is a file, or (a relative reference under an `$id` that names no file in the tree,
   * as OpenMetadata's https `$id`s do) no schema of the tree carries the URI.
   */
  file?: string;
  /** That file's fragment, %-decoded. */
  fragment?: string;
  /**
   * A 2020-12 `$dynamicRef` "#name": where it points when nothing extends the schema, for the
   * generators that follow references statically (types, forms). Nothing is said when it does
   * not resolve: ajv, which evaluates it, does.
   */
  dynamic?: true;
}

/** A migration file's name: `<from>-<to>.json` or `.ts`, both semver versions. */
export const MIGRATION_FILE = /^(\d+\.\d+\.\d+)-(\d+\.\d+\.\d+)\.(json|ts)$/;

/** The name of a connection schema of an earlier version kept beside the migrations: `<version>.schema.json`. */
export const BASE_SCHEMA_FILE = /^(\d+\.\d+\.\d+)\.schema\.json$/;

/**
 * The texts of a connector's migration files and of the earlier versions' schemas beside them
 * (read as the schemas are: regular files inside the root only). What a migration says is
 * checked by @onespec/migrate; a file whose name is neither is reported here, since nothing
 * else would look at it.
 */
async function readMigrations(
  dir: string,
  reader: SchemaSource,
  display: (p: string) => string,
  diag: (d: Diagnostic) => void,
): Promise<{ migrations: MigrationSource[]; bases: (MigrationSource & { version: string })[] }> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const migrations: MigrationSource[] = [];
  const bases: (MigrationSource & { version: string })[] = [];
  for (const name of names.sort()) {
    const file = path.join(dir, name);
    const base = BASE_SCHEMA_FILE.exec(name);
    if (!MIGRATION_FILE.test(name) && !base) {
      if (/\.(json|ts)$/.test(name))
        diag({
          severity: "warning",
          code: "migration/file-name",
          message: `${name} is not read as a migration: its name is not <from>-<to>.json or .ts with two semver versions, nor <version>.schema.json.`,
          file: display(file),
          hint: "Rename it, e.g. 1.0.0-2.0.0.json (a migration) or 1.0.0.schema.json (the schema of 1.0.0).",
        });
      continue;
    }
    const read = await reader.read(file);
    if (!read.ok) {
      diag({
        severity: "error",
        code: "migration/unreadable",
        message: `The migration ${display(file)} cannot be read (${read.problem}).`,
        file: display(file),
        hint: "Make it a regular file inside the schema tree.",
      });
      continue;
    }
    const source = { file, displayPath: display(file), text: read.bytes.toString("utf8") };
    if (base) bases.push({ ...source, version: base[1] });
    else migrations.push(source);
  }
  return { migrations, bases };
}

/**
 * The schema of an earlier version, loaded as a tree of its own: one connector (named as the one
 * it belongs to) from that one file, so it must be self-contained (a bundled copy: a `$ref` to
 * another file is an error, since the files it named may have changed since). Its problems are
 * the connector's, located in the file.
 */
async function loadBaseSchema(
  connector: string,
  base: MigrationSource & { version: string },
  cwd: string,
  diag: (d: Diagnostic) => void,
): Promise<BaseSchema | undefined> {
  const name = path.basename(base.file);
  const model = await loadTree({
    root: path.dirname(base.file),
    files: [name],
    memory: { [name]: base.text },
    cwd,
  });
  for (const d of model.diagnostics)
    if (d.severity !== "info") diag({ ...d, connector: d.connector ?? connector });
  const [loaded] = model.connectors;
  if (!loaded || model.diagnostics.some((d) => d.severity === "error")) return undefined;
  model.connectors = [
    { ...loaded, name: connector, metadata: { ...loaded.metadata, version: base.version } },
  ];
  return { ...base, model };
}

/** Loads a schema tree once: parses with positions, resolves every `$ref`, detects cycles. */
export async function loadTree(options: LoadOptions): Promise<SchemaModel> {
  const root = path.resolve(options.root);
  const cwd = options.cwd ?? process.cwd();
  const display = (p: string) => {
    const rel = path.relative(cwd, p);
    if (rel === "") return ".";
    return escapes(rel) ? p : rel;
  };
  const model: SchemaModel = {
    root,
    docs: new Map(),
    refs: new Map(),
    connectors: [],
    diagnostics: [],
  };
  const diag = (d: Diagnostic) => model.diagnostics.push(d);
  const failed = new Set<string>();

  // Symlinks are resolved before anything is read; what they resolve to must be inside this.
  const rootReal = options.memory ? root : await realpath(root).catch(() => root);
  const reader: SchemaSource = options.memory
    ? memorySource(root, options.memory, MAX_SCHEMA_BYTES)
    : diskSource(rootReal, MAX_SCHEMA_BYTES);
  /** Files that were not read, with why: a $ref to one of them reports this at the $ref. */
  const refused = new Map<string, Refusal>();
  /**
   * Meta-schemas a `$ref` names (`http://json-schema.org/draft-07/schema#`), read from the copies
   * ajv ships, never fetched: by the path they take in the model (under json-schema-meta/).
   */
  const metaDocs = new Map<string, { uri: string; text: string }>();
  /** Each document's resources and anchors (base-uri.ts). */
  const indexes = new Map<string, ResourceIndex>();

  /**
   * Reads and parses one file of the tree. A file that is not a regular file inside the root
   * (after resolving symlinks) is never read, and what is said about it never carries a line:
   * a printer that shows the source line would read the file again, through the same symlink.
   * `origin` "ref" means the file was reached only through $ref, which is where the refusal is
   * then reported (step 4), once per $ref.
   */
  async function readJson(
    file: string,
    origin: "entry" | "ref" = "entry",
  ): Promise<SourceFile | undefined> {
    const builtIn = metaDocs.get(file);
    if (builtIn) return parseSource(builtIn.uri, builtIn.text).source;
    const shown = display(file);
    const read = await reader.read(file);
    if (!read.ok && read.problem === "too-large") {
      // A regular file inside the tree: reported on the file itself (a $ref to it is ref/broken-target).
      diag({
        severity: "error",
        code: "parse/too-large",
        message: `The file is ${(read.size / 1024 / 1024).toFixed(1)} MB; schemas larger than ${MAX_SCHEMA_BYTES / 1024 / 1024} MB are refused (it was not read).`,
        file: shown,
        line: 1,
        column: 1,
        hint: "Split the schema into files joined with $ref, or check that this is the file you meant.",
      });
      return undefined;
    }
    if (!read.ok) {
      const refusal = describeRefusal(read, display, root);
      refused.set(file, refusal);
      if (origin === "entry")
        diag({
          severity: "error",
          code: refusal.code,
          message: `${shown} ${refusal.reason}.`,
          file: shown,
          hint: refusal.hint,
        });
      return undefined;
    }
    const buffer = read.bytes;
    if (buffer.includes(0)) {
      diag({
        severity: "error",
        code: "parse/binary",
        message: "The file is binary, not JSON text.",
        file: shown,
        line: 1,
        column: 1,
        hint: "Replace it with a UTF-8 JSON document.",
      });
      return undefined;
    }
    const badByte = invalidUtf8Offset(buffer);
    if (badByte !== undefined) {
      const before = buffer.subarray(0, badByte).toString("utf8");
      const line = before.split("\n").length;
      diag({
        severity: "error",
        code: "parse/invalid-utf8",
        message: `The file is not valid UTF-8 (byte 0x${buffer[badByte].toString(16).padStart(2, "0")} at offset ${badByte}).`,
        file: shown,
        line,
        column: before.length - before.lastIndexOf("\n"),
        hint: "Save the file as UTF-8.",
      });
      return undefined;
    }
    const text = buffer.toString("utf8").replace(/^\uFEFF/, "");
    const parsed = parseSource(shown, text);
    parsed.diagnostics.forEach(diag);
    return parsed.source;
  }

  // 1. Discover connectors.
  const explicit = options.files !== undefined;
  // One walk of the tree serves both the folder-link warnings and the entry globs.
  const globs =
    !explicit && options.entries && options.entries.length > 0
      ? compileEntryGlobs(root, options.entries)
      : undefined;
  const tree = explicit ? undefined : walkTree(root, globs?.dotFolders ?? false);
  if (tree) reportFolderLinks(root, tree, diag, display);
  const connectorsDir = path.join(root, "connectors");
  let names: string[] = [];
  const entries: EntryFile[] = [];
  if (explicit) {
    for (const file of options.files!) {
      const f = path.resolve(root, file);
      if (escapes(path.relative(root, f))) {
        diag({
          severity: "error",
          code: "load/outside-root",
          message: `Entry file ${display(f)} is outside the schema root ${display(root)}; it was not read.`,
          file: display(f),
          hint: "Pass a root that holds the entry file and every file it references.",
        });
        continue;
      }
      entries.push(entryFile(f));
    }
    names = entries.map((e) => e.name);
  } else if (options.entries && options.entries.length > 0) {
    entries.push(...discoverEntries(root, tree!, globs!, options.entries, diag, display));
    names = entries.map((e) => e.name);
  } else
    try {
      names = (await readdir(connectorsDir, { withFileTypes: true }))
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
        .sort();
    } catch {
      diag({
        severity: "error",
        code: "tree/no-connectors",
        message: `No connectors folder at ${display(connectorsDir)}.`,
        file: display(root),
        hint: "Put each connector in <schemas>/connectors/<name>/connection.json.",
      });
    }
  if (options.only && options.only.length > 0) {
    for (const wanted of options.only)
      if (!names.includes(wanted))
        diag({
          severity: "error",
          code: "tree/unknown-connector",
          message: `There is no connector named "${wanted}".`,
          hint: `Known connectors: ${names.join(", ") || "none"}.`,
        });
    names = names.filter((n) => options.only!.includes(n));
  }

  // 2. Load documents breadth-first, following $ref.
  const queue: string[] = [];
  const pending: PendingRef[] = [];
  const listed = explicit || (options.entries !== undefined && options.entries.length > 0);
  if (listed) {
    const keep = entries.filter((e) => names.includes(e.name));
    entries.length = 0;
    entries.push(...keep);
    queue.push(...entries.map((e) => e.entry));
  }
  for (const name of listed ? [] : names) {
    const dir = path.join(connectorsDir, name);
    const entry = path.join(dir, "connection.json");
    if (!reader.exists(entry)) {
      diag({
        severity: "error",
        code: "tree/missing-connection-schema",
        message: `Connector "${name}" has no connection.json.`,
        file: display(dir),
        hint: `Create ${display(entry)} with the connection schema, or remove the folder.`,
      });
      continue;
    }
    entries.push({
      name,
      entry,
      metaFile: path.join(dir, "connector.json"),
      stepsFile: path.join(dir, "test-connection.json"),
      metaRequired: true,
    });
    queue.push(entry);
  }
  // Record schemas (onespec's layout only): records/<name>.json, loaded with what they reference.
  const records: { name: string; entry: string }[] = [];
  if (!listed) {
    const recordsDir = path.join(root, "records");
    let files: string[] = [];
    try {
      files = (await readdir(recordsDir, { withFileTypes: true }))
        .filter((e) => e.isFile() && e.name.endsWith(".json"))
        .map((e) => e.name)
        .sort();
    } catch {
      // no records folder: no record schemas
    }
    for (const file of files) {
      const name = file.replace(/\.json$/, "");
      const entry = path.join(recordsDir, file);
      if (!/^[a-z][a-z0-9-]*$/.test(name)) {
        diag({
          severity: "error",
          code: "tree/bad-record-name",
          message: `Record schema file name "${file}" is not a lower-case name (letters, digits, dashes).`,
          file: display(entry),
          hint: "Rename the file, e.g. customer.json or order-line.json.",
        });
        continue;
      }
      records.push({ name, entry });
      queue.push(entry);
    }
  }
  const seen = new Set<string>(queue);
  /** Queues a meta-schema's built-in copy (once); what it references follows like any $ref. */
  const loadMeta = (meta: { uri: string; rel: string; text: string }) => {
    const file = path.join(root, ...meta.rel.split("/"));
    if (seen.has(file)) return;
    seen.add(file);
    metaDocs.set(file, { uri: meta.uri, text: meta.text });
    queue.push(file);
  };
  const starts = new Set<string>(queue);
  /** The draft a document without $schema takes from the draft-04/06 document that first referenced it. */
  const inheritedDraft = new Map<string, SourceDraft>();
  /** An Airbyte spec's documentationUrl, by file: the docsUrl of a connector without connector.json. */
  const docsUrls = new Map<string, string>();

  while (queue.length > 0) {
    const file = queue.shift()!;
    let source = await readJson(file, starts.has(file) ? "entry" : "ref");
    if (!source) {
      failed.add(file);
      continue;
    }
    // An Airbyte spec wrapper holds the schema in its connectionSpecification: read that, with
    // positions (and diagnostics' pointers) in the file as it is.
    const spec = unwrapAirbyteSpec(source.json);
    if (spec && "problem" in spec) {
      diag({
        severity: "error",
        code: "schema/not-an-object",
        message: spec.problem,
        file: source.displayPath,
        pointer: spec.pointer,
        ...locate(source, spec.pointer),
        hint: 'Write the connection schema there: { "type": "object", "properties": { … } }.',
      });
      failed.add(file);
      continue;
    }
    if (spec) {
      source = { ...source, base: spec.base };
      if (spec.documentationUrl) docsUrls.set(file, spec.documentationUrl);
    }
    const json = spec ? spec.schema : source.json;
    if (!isObject(json) && typeof json !== "boolean") {
      diag({
        severity: "error",
        code: "schema/not-an-object",
        message: `A schema file must contain a JSON object, not ${Array.isArray(json) ? "an array" : json === null ? "null" : `a ${typeof json}`}.`,
        file: source.displayPath,
        line: 1,
        column: 1,
        hint: 'Wrap the content in { "type": "object", "properties": { … } }.',
      });
      failed.add(file);
      continue;
    }
    // The draft: named by $schema; without one, draft-07, or the draft-04/06 of the document that
    // first reached this one (its author wrote the two together).
    const declared = isObject(json) && typeof json.$schema === "string" ? json.$schema : undefined;
    const named = declared === undefined ? undefined : draftOfUri(declared);
    const sourceDraft: SourceDraft =
      named ?? (declared === undefined ? inheritedDraft.get(file) : undefined) ?? "draft-07";
    const rel = path.relative(root, file).split(path.sep).join("/");
    const builtIn = metaDocs.has(file);
    const doc: SchemaDoc = {
      path: file,
      rel,
      uri: CANONICAL_BASE + rel.split("/").map(uriSegment).join("/"),
      source,
      json,
      draft: generatorDraft(sourceDraft),
      sourceDraft,
    };
    if (builtIn) doc.builtIn = true;
    model.docs.set(file, doc);
    if (isObject(json) && "$schema" in json && typeof json.$schema !== "string")
      diag({
        severity: "error",
        code: "schema/meta",
        message: `$schema must be a URI string, not ${json.$schema === null ? "null" : typeof json.$schema}.`,
        file: source.displayPath,
        pointer: "/$schema",
        ...locate(source, "/$schema"),
        hint: 'Write "$schema": "http://json-schema.org/draft-07/schema#".',
      });
    if (declared !== undefined && named === undefined)
      diag({
        severity: "error",
        code: "schema/unknown-draft",
        message: `"$schema": ${JSON.stringify(declared)} is not a JSON Schema draft onespec knows (draft-04, draft-06, draft-07, 2019-09 or 2020-12), so what its keywords mean is unknown.`,
        file: source.displayPath,
        pointer: "/$schema",
        ...locate(source, "/$schema"),
        hint: 'Name the draft the schema is written in, e.g. "http://json-schema.org/draft-07/schema#" or "https://json-schema.org/draft/2020-12/schema", or remove "$schema" to read it as draft-07.',
      });
    // Checked as written, against its own draft's meta-schema; then converted to the draft the
    // generators use, so draft-04's `exclusiveMinimum: true` or `id` mean what they meant.
    const key =
      options.checked && !builtIn && options.repair !== false
        ? checkKey(source, sourceDraft, file)
        : undefined;
    const known = key !== undefined ? options.checked!.get(key) : undefined;
    // What this document's checks give, kept for the next load when there is a map to keep it in.
    const checks: DocChecks = {};
    const check =
      (into: "found" | "repairs") =>
      (d: Diagnostic): void => {
        (checks[into] ??= []).push(d);
        diag(d);
      };
    if (known) known.found?.forEach(diag);
    else if (!builtIn) {
      for (const d of findDefects(doc)) check("found")(d);
      if (declared === undefined || named !== undefined)
        for (const d of metaSchemaProblems(doc)) check("found")(d);
    }
    const converted = toGeneratorDialect(json, sourceDraft);
    for (const note of converted.notes)
      diag({
        severity: note.severity,
        code: note.code,
        message: note.message,
        file: source.displayPath,
        pointer: note.pointer,
        ...locate(source, note.pointer),
        hint: note.hint,
      });
    doc.json = converted.json;
    if (converted.renames.size > 0) doc.source = source = { ...source, renames: converted.renames };
    // 2020-12's `$dynamicRef` to another resource ("extended#meta") is read as a `$ref` (dynamic-ref.ts).
    const dynamic =
      sourceDraft === "2020-12"
        ? staticDynamicRefs(doc.json)
        : { json: doc.json, notes: [], renames: new Map<string, string>() };
    for (const note of dynamic.notes)
      diag({
        severity: note.severity,
        code: note.code,
        message: note.message,
        file: source.displayPath,
        pointer: note.pointer,
        ...locate(source, note.pointer),
        hint: note.hint,
      });
    doc.json = dynamic.json;
    if (dynamic.renames.size > 0)
      doc.source = source = {
        ...source,
        renames: new Map([...(source.renames ?? []), ...dynamic.renames]),
      };
    // Repairable defects are repaired here, once, so every generator sees the same schema
    // (repairs.ts): duplicate enum values, "true" for true, scalar examples, and patterns read
    // in the regex dialect they were written in.
    if (known) {
      known.repairs?.forEach(diag);
      // A copy: the map may serve other loads in this process.
      if (known.json !== undefined) doc.json = cloneJson(known.json);
      if (known.renames) doc.source = source = { ...source, renames: new Map(known.renames) };
      if (known.fixes) (model.fixes ??= []).push(...known.fixes);
    } else if (!builtIn && options.repair !== false) {
      const unrepaired = doc.json;
      const before = source;
      source = applyRepairs(doc, source, file, check("repairs"), (fix) => {
        (model.fixes ??= []).push(fix);
        (checks.fixes ??= []).push(fix);
      });
      if (doc.json !== unrepaired) checks.json = doc.json;
      if (source !== before) checks.renames = [...(source.renames ?? [])];
    }
    if (key !== undefined && !known) options.checked!.set(key, checks);
    // Base URIs: a `$ref` resolves against the `$id`s around it (RFC 3986), the file's own URL
    // where there are none.
    const fileUri = pathToFileURL(file).href;
    const index = indexResources(
      doc.json,
      builtIn ? metaDocs.get(file)!.uri : fileUri,
      sourceDraft,
    );
    indexes.set(file, index);
    const referrerDraft =
      sourceDraft === "draft-04" || sourceDraft === "draft-06" ? sourceDraft : undefined;

    const located = source;
    if (doc.draft === "2020-12")
      walkSchema(doc.json, ({ node, pointer }) => {
        const ref = node.$dynamicRef;
        if (typeof ref !== "string" || !ref.startsWith("#")) return;
        const resolved = resolveUri(ref, index.refBases.get(pointer) ?? fileUri);
        if (resolved !== undefined)
          pending.push({ from: doc, pointer, ref, uri: resolved, dynamic: true });
      });
    walkSchema(doc.json, ({ node, pointer }) => {
      if (!("$ref" in node)) return;
      const ref = node.$ref;
      // Located only for a diagnostic: locating every reference of a tree cost more than reading it.
      const at = () => ({
        file: located.displayPath,
        pointer: joinPointer(pointer, "$ref"),
        ...locate(located, joinPointer(pointer, "$ref")),
      });
      if (typeof ref !== "string") {
        diag({
          severity: "error",
          code: "ref/not-a-string",
          message: "$ref must be a string.",
          ...at(),
          hint: 'Write "$ref": "path/to/file.json#/definitions/name".',
        });
        return;
      }
      let url: URL;
      try {
        url = new URL(ref, pathToFileURL(file));
      } catch {
        diag({
          severity: "error",
          code: "ref/invalid",
          message: `"${ref}" is not a valid reference.`,
          ...at(),
          hint: "Use a relative file path and/or a #/json/pointer fragment.",
        });
        return;
      }
      let fragment: string;
      try {
        fragment = decodeURIComponent(url.hash.replace(/^#/, ""));
      } catch {
        diag({
          severity: "error",
          code: "ref/invalid",
          message: `"${ref}" has a malformed %-escape in its fragment.`,
          ...at(),
          hint: "Write %25 for a literal %, or fix the escape.",
        });
        return;
      }
      const resolved = resolveUri(ref, index.refBases.get(pointer) ?? fileUri);
      if (resolved === undefined) {
        diag({
          severity: "error",
          code: "ref/invalid",
          message: `"${ref}" cannot be resolved against the base URI ${index.refBases.get(pointer)} (set by an enclosing $id).`,
          ...at(),
          hint: "Write a full URI, or a #fragment, under an $id that is not hierarchical (urn:…).",
        });
        return;
      }
      const { resource } = splitUri(resolved);
      // A schema of this document, named by an $id (or the document itself).
      if (index.resources.has(resource)) {
        pending.push({ from: doc, pointer, ref, uri: resolved });
        return;
      }
      const meta = metaSchemaFile(resource);
      if (meta) {
        pending.push({
          from: doc,
          pointer,
          ref,
          uri: meta.uri + (splitUri(resolved).fragment ? `#${splitUri(resolved).fragment}` : ""),
        });
        loadMeta(meta);
        return;
      }
      // Otherwise a file: by its URI when the base is a file, by its path from this file when the
      // base is an $id that is not (the file is then the fallback, after the $ids of the tree).
      if (!resolved.startsWith("file:") && isAbsoluteUri(ref)) {
        pending.push({ from: doc, pointer, ref, uri: resolved });
        return;
      }
      if (resolved.startsWith("file:")) {
        url = new URL(resolved);
        fragment = splitUri(resolved).fragment ?? "";
      }
      if (url.host !== "") {
        pending.push({ from: doc, pointer, ref, uri: resolved });
        return;
      }
      const target = fileURLToPath(new URL(url.pathname, "file://"));
      const relTarget = path.relative(root, target);
      if (escapes(relTarget)) {
        diag({
          severity: "error",
          code: "ref/outside-root",
          message: `$ref "${ref}" points outside the schema root (${display(target)}).`,
          ...at(),
          hint: `Keep referenced files under ${display(root)}, or pass a wider --schemas root.`,
        });
        return;
      }
      pending.push({ from: doc, pointer, ref, uri: resolved, file: target, fragment });
      if (!seen.has(target)) {
        seen.add(target);
        if (referrerDraft) inheritedDraft.set(target, referrerDraft);
        if (reader.exists(target)) queue.push(target); // a folder is reported when it is read
      }
    });
  }

  // 3. Vocabulary: unknown (vendor) keywords are kept as annotations and reported once each;
  // dialect keywords must have the type the generators expect.
  checkVocabulary(model, diag);

  // 4. Resolve every reference exactly once: by the URI of a resource of the tree (an `$id`, or a
  // file's own URL), else by the file it names as a path, else it is remote.
  const resources = new Map<string, { doc: SchemaDoc; pointer: string }>();
  const anchors = new Map<string, { doc: SchemaDoc; pointer: string }>();
  const resourceBase = new Map<string, string>();
  for (const doc of model.docs.values()) {
    const index = indexes.get(doc.path);
    if (!index) continue;
    for (const [uri, pointer] of index.resources)
      if (!resources.has(uri)) resources.set(uri, { doc, pointer });
    // A resource's anchors are named after its $id (the root's after the file when it has none).
    for (const [pointer, uri] of index.roots) resourceBase.set(refKey(doc.path, pointer), uri);
    for (const [uri, pointer] of index.anchors)
      if (!anchors.has(uri)) anchors.set(uri, { doc, pointer });
  }

  for (const p of pending) {
    const report = p.dynamic ? () => undefined : diag;
    const at = () => ({
      file: p.from.source.displayPath,
      pointer: joinPointer(p.pointer, "$ref"),
      ...locate(p.from.source, joinPointer(p.pointer, "$ref")),
    });
    let doc: SchemaDoc | undefined;
    let resourcePointer = "";
    const split = splitUri(p.uri);
    let fragment = split.fragment ?? "";
    const hit = resources.get(split.resource);
    if (hit) {
      doc = hit.doc;
      resourcePointer = hit.pointer;
    } else if (p.file === undefined) {
      report({
        severity: "error",
        code: "ref/remote",
        message: `$ref "${p.ref}" is a remote reference${p.uri !== p.ref && p.uri.replace(/#.*/, "") !== p.ref.replace(/#.*/, "") ? ` (${p.uri}, resolved against the enclosing $id)` : ""}; onespec never fetches from the network, and no schema of the tree has that $id.`,
        ...at(),
        hint: "Download the schema into the tree and reference it by relative path, or give the schema it means that $id.",
      });
      continue;
    } else {
      fragment = p.fragment ?? "";
      doc = model.docs.get(p.file);
      const refusal = refused.get(p.file);
      if (!doc && refusal) {
        // Said here, at the $ref, and not in the file: nothing in it was read.
        report({
          severity: "error",
          code: refusal.code,
          message: `$ref "${p.ref}" points to ${display(p.file)}, which ${refusal.reason}.`,
          ...at(),
          hint: refusal.hint,
        });
        continue;
      }
      if (!doc) {
        if (!failed.has(p.file))
          report({
            severity: "error",
            code: "ref/missing-file",
            message: `$ref "${p.ref}" points to ${display(p.file)}, which does not exist${p.uri.startsWith("file:") ? "" : `, and no schema of the tree has the $id ${p.uri.replace(/#.*/, "")} (what it means under the enclosing $id)`}.`,
            ...at(),
            hint: "Fix the relative path (it is resolved from the folder of the referencing file).",
          });
        else
          report({
            severity: "error",
            code: "ref/broken-target",
            message: `$ref "${p.ref}" points to ${display(p.file)}, which could not be loaded (see its own error).`,
            ...at(),
            hint: `Fix ${display(p.file)} first; this reference will then resolve.`,
          });
        continue;
      }
    }
    // A pointer written against a whole spec wrapper (#/connectionSpecification/…) means the
    // schema inside it; one from another file through a keyword draft conversion renamed (a
    // 2019-09 tuple's items/0) follows it (prefixItems/0). This file's own were rewritten. A
    // pointer into an embedded resource (a schema with its own $id) starts at that schema.
    let pointer: string;
    if (fragment !== "" && !fragment.startsWith("/")) {
      const base = resourceBase.get(refKey(doc.path, resourcePointer));
      const named = base === undefined ? undefined : anchors.get(`${base}#${fragment}`);
      // Where the anchor is not in that resource, any schema of the document named so (onespec
      // read anchors that way before it followed base URIs).
      const anchor =
        named && named.doc === doc
          ? named.pointer
          : findAnchor(getAtPointer(doc.json, resourcePointer), fragment, resourcePointer);
      if (anchor === undefined) {
        report({
          severity: "error",
          code: "ref/missing-anchor",
          message: `$ref "${p.ref}": no $anchor or $id named "${fragment}" in ${doc.source.displayPath}.`,
          ...at(),
          hint: "Use a #/json/pointer fragment.",
        });
        continue;
      }
      pointer = anchor;
    } else if (resourcePointer === "") {
      pointer = p.ref.startsWith("#")
        ? schemaPointer({ base: doc.source.base }, fragment)
        : schemaPointer(doc.source, fragment);
    } else {
      pointer =
        doc === p.from
          ? resourcePointer + fragment
          : schemaPointer(doc.source, filePointer(doc.source, resourcePointer) + fragment);
    }
    const target = getAtPointer(doc.json, pointer);
    if (target === undefined) {
      report({
        severity: "error",
        code: "ref/missing-pointer",
        message: `$ref "${p.ref}": ${doc.source.displayPath} has nothing at "${pointer}".`,
        ...at(),
        hint: `Point at an existing schema, e.g. one of: ${listDefinitions(doc.json).slice(0, 5).join(", ") || "#"}.`,
      });
      continue;
    }
    if (!isObject(target) && typeof target !== "boolean") {
      report({
        severity: "error",
        code: "ref/not-a-schema",
        message: `$ref "${p.ref}" points at a ${Array.isArray(target) ? "array" : typeof target}, not a schema.`,
        ...at(),
        hint: "Point the reference at a schema object (for example #/definitions/name), not at a keyword's value.",
      });
      continue;
    }
    if (p.dynamic)
      (model.dynamicRefs ??= new Map()).set(refKey(p.from.path, p.pointer), {
        doc: doc.path,
        pointer,
      });
    else model.refs.set(refKey(p.from.path, p.pointer), { doc: doc.path, pointer });
  }

  // 5. Cycles made only of $ref hops cannot be generated.
  for (const [key, first] of model.refs) {
    const visited = new Set<string>([key]);
    let target: RefTarget | undefined = first;
    while (target) {
      const node = getAtPointer(model.docs.get(target.doc)?.json, target.pointer);
      if (!isObject(node) || typeof node.$ref !== "string") break;
      const k = refKey(target.doc, target.pointer);
      if (visited.has(k)) {
        // Report the cycle on the references that are part of it, not on those leading into it.
        if (k !== key) break;
        const [docPath, pointer] = key.split("#");
        const from = model.docs.get(docPath)!;
        diag({
          severity: "error",
          code: "ref/cycle",
          message: `$ref cycle: this reference leads back to itself without ever reaching a schema (${[
            ...visited,
          ]
            .slice(0, 6)
            .map((v) => shortRef(model, v))
            .join(" → ")}${visited.size > 6 ? ` → … ${visited.size - 6} more` : ""}).`,
          file: from.source.displayPath,
          pointer: joinPointer(pointer, "$ref"),
          ...locate(from.source, joinPointer(pointer, "$ref")),
          hint: "Make one of the references point at an actual schema.",
        });
        break;
      }
      visited.add(k);
      target = model.refs.get(k);
    }
  }

  // 6. Connector metadata and test-connection steps.
  for (const { name, entry, metaFile, stepsFile, metaRequired } of entries) {
    if (!model.docs.has(entry)) continue;
    let metaSource: SourceFile | undefined;
    const readMeta = async (f: string) => (metaSource = await readJson(f));
    const hasMeta = metaFile !== undefined && (metaRequired || reader.exists(metaFile));
    const meta = hasMeta
      ? ((await validateMetadataFile(metaFile, "connector", readMeta, diag, display)) as
          Connector["metadata"] | undefined)
      : defaultMetadata(name, model.docs.get(entry)!.json, docsUrls.get(entry));
    const hasSteps = stepsFile !== undefined && (metaRequired || reader.exists(stepsFile));
    let stepsSource: SourceFile | undefined;
    const readSteps = async (f: string) => (stepsSource = await readJson(f));
    const steps = hasSteps
      ? ((await validateMetadataFile(stepsFile, "test-connection", readSteps, diag, display)) as
          { steps: Connector["steps"] } | undefined)
      : { steps: [] };
    // A declared field the connection schema does not describe would put failures nowhere.
    steps?.steps.forEach((step, i) =>
      step.fields?.forEach((field, j) => {
        if (schemaHasField(model, entry, field)) return;
        const pointer = `/steps/${i}/fields/${j}`;
        diag({
          severity: "error",
          code: "metadata/unknown-step-field",
          message: `Test-connection step "${step.name}" declares the field ${field}, which ${display(entry)} does not describe.`,
          file: display(stepsFile!),
          pointer,
          ...(stepsSource ? locate(stepsSource, pointer) : {}),
          hint: "Name a property of the connection schema as a JSON pointer (/host, /ssl/mode), or remove it.",
        });
      }),
    );
    if (meta && hasMeta && metaRequired && meta.name !== name) {
      diag({
        severity: "error",
        code: "metadata/name-mismatch",
        message: `connector.json says name "${meta.name}" but the folder is "${name}".`,
        file: display(metaFile),
        pointer: "/name",
        ...(metaSource ? locate(metaSource, "/name") : {}),
        hint: `Set "name": "${name}" or rename the folder.`,
      });
    }
    const { migrations, bases: baseFiles } =
      path.basename(entry) === "connection.json"
        ? await readMigrations(path.join(path.dirname(entry), "migrations"), reader, display, diag)
        : { migrations: [], bases: [] };
    // Outside onespec's layout, metadata may rename the connector.
    const connectorName = metaRequired ? name : meta?.name;
    const bases: BaseSchema[] = [];
    if (connectorName)
      for (const b of baseFiles) {
        const loaded = await loadBaseSchema(connectorName, b, cwd, diag);
        if (loaded) bases.push(loaded);
      }
    if (meta && steps)
      model.connectors.push({
        name: connectorName!,
        entry,
        metadata: meta,
        steps: steps.steps,
        ...(migrations.length > 0 && { migrations }),
        ...(bases.length > 0 && { bases }),
      });
  }
  const byName = new Map<string, string>();
  for (const c of model.connectors) {
    const other = byName.get(c.name);
    if (other)
      diag({
        severity: "error",
        code: "tree/duplicate-connector-name",
        message: `Two entry schemas make a connector named "${c.name}": ${display(other)} and ${display(c.entry)}.`,
        file: display(c.entry),
        hint: "Rename one file, or give one a <name>.connector.json with a different name.",
      });
    byName.set(c.name, c.entry);
  }
  // A record schema that failed to load is reported already; the rest are kept.
  const loadedRecords = records.filter((r) => model.docs.has(r.entry) && !failed.has(r.entry));
  if (loadedRecords.length > 0) model.records = loadedRecords;
  return model;
}

/**
 * Applies `repairSchema` to a loaded document: its schema becomes the repaired one, each repair is
 * a diagnostic located in the file as written, and each permanent edit goes to `fix`. Returns the
 * document's source, with the patternProperties keys written another way among its renames.
 */
function applyRepairs(
  doc: SchemaDoc,
  source: SourceFile,
  file: string,
  diag: (d: Diagnostic) => void,
  fix: (f: SchemaFix) => void,
): SourceFile {
  const repaired = repairSchema(doc.json);
  if (repaired.json === doc.json && repaired.repairs.length === 0) return source;
  doc.json = repaired.json;
  // Pointers through a renamed patternProperties key are located at the key as written.
  let located = source;
  if (repaired.renamedKeys.length > 0) {
    const renames = new Map(source.renames ?? []);
    for (const { pointer, key, was } of repaired.renamedKeys) {
      const written = filePointer({ ...source, base: undefined, renames }, pointer);
      renames.set(`${written}/${escapeToken(key)}`, was);
    }
    located = doc.source = { ...source, renames };
  }
  for (const r of repaired.repairs) {
    diag({
      severity: r.severity,
      code: r.code,
      message: r.message,
      file: located.displayPath,
      pointer: r.pointer,
      ...locate(located, r.pointer, r.atKey),
      hint: r.hint,
    });
    if (!r.fix) continue;
    // check --fix renames keys before it sets values: a value under a renamed key is set at its new name.
    const path = parsePointer(filePointer(source, r.fix.pointer));
    fix(
      "rename" in r.fix
        ? { kind: "rename", doc: file, path, to: r.fix.rename }
        : { kind: "set", doc: file, path, value: r.fix.value },
    );
  }
  return located;
}

/**
 * The keys of an `additionalProperties` schema that is really a map of name patterns (a common
 * authoring slip for `patternProperties`): every key unknown, every value a schema, and at least
 * one key written like a regex. Undefined for anything else.
 */
function looksLikePatternMap(node: Record<string, unknown>, pointer: string): string[] | undefined {
  const tokens = pointer.split("/");
  // The keyword itself, not a property (or definition) that happens to be named so.
  if (
    tokens.at(-1) !== "additionalProperties" ||
    (SCHEMA_MAP_KEYWORDS as readonly string[]).includes(tokens.at(-2) ?? "")
  )
    return undefined;
  const keys = Object.keys(node);
  if (keys.length === 0) return undefined;
  if (
    keys.some(
      (k) => STANDARD_KEYWORDS.has(k) || Object.hasOwn(DIALECT_KEYWORDS, k) || !isObject(node[k]),
    )
  )
    return undefined;
  return keys.some((k) => /[\\^$*+?()[\]{}|]/.test(k)) ? keys : undefined;
}

function checkVocabulary(model: SchemaModel, diag: (d: Diagnostic) => void): void {
  const unknown = new Map<string, { doc: SchemaDoc; pointer: string; count: number }>();
  const unknownFormats = new Map<string, { doc: SchemaDoc; pointer: string; count: number }>();
  for (const doc of [...model.docs.values()].sort((a, b) => a.rel.localeCompare(b.rel))) {
    walkSchema(doc.json, ({ node, pointer }) => {
      const patternMap = looksLikePatternMap(node, pointer);
      if (patternMap) {
        const at = pointer;
        diag({
          severity: "warning",
          code: "schema/additional-properties-patterns",
          message: `additionalProperties holds what looks like a map of patterns (${patternMap.map((k) => JSON.stringify(k)).join(", ")}); JSON Schema reads it as one schema with unknown keywords, so any value is accepted here.`,
          file: doc.source.displayPath,
          pointer: at,
          ...locate(doc.source, at, true),
          hint: "If the keys are name patterns, rename additionalProperties to patternProperties (and add additionalProperties: false if other names are not allowed).",
        });
      }
      for (const [key, value] of Object.entries(node)) {
        if (patternMap?.includes(key)) continue;
        const expected = Object.hasOwn(DIALECT_KEYWORDS, key) ? DIALECT_KEYWORDS[key] : undefined;
        if (key === "groups" && Array.isArray(value))
          value.forEach((g, i) => {
            if (isObject(g) && typeof g.id === "string") return;
            const at = joinPointer(pointer, key, i);
            diag({
              severity: "error",
              code: "schema/dialect-keyword-type",
              message: `groups[${i}] must be an object with a string "id" (and a "title").`,
              file: doc.source.displayPath,
              pointer: at,
              ...locate(doc.source, at),
              hint: 'Write { "id": "advanced", "title": "Advanced" }.',
            });
          });
        if (expected) {
          const actual = Array.isArray(value) ? "array" : value === null ? "null" : typeof value;
          if (actual !== expected) {
            const at = joinPointer(pointer, key);
            diag({
              severity: "error",
              code: "schema/dialect-keyword-type",
              message: `"${key}" must be a${/^[aeiou]/.test(expected) ? "n" : ""} ${expected}, not ${actual === "array" || actual === "object" ? "an" : "a"} ${actual}.`,
              file: doc.source.displayPath,
              pointer: at,
              ...locate(doc.source, at),
              hint:
                expected === "boolean"
                  ? `Write "${key}": true.`
                  : `See the dialect table in docs/dialect.md for what "${key}" takes.`,
            });
          }
        } else if (key === "format" && typeof value === "string" && !CHECKED_FORMATS.has(value)) {
          const seen = unknownFormats.get(value);
          if (seen) seen.count++;
          else unknownFormats.set(value, { doc, pointer: joinPointer(pointer, key), count: 1 });
        } else if (!STANDARD_KEYWORDS.has(key)) {
          const seen = unknown.get(key);
          if (seen) seen.count++;
          else unknown.set(key, { doc, pointer: joinPointer(pointer, key), count: 1 });
        }
      }
    });
  }
  for (const [key, { doc, pointer, count }] of [...unknown].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    diag({
      severity: "info",
      code: "schema/unknown-keyword",
      message: `Unknown keyword "${key}" (${count} use${count === 1 ? "" : "s"}; first here) is kept as an annotation and ignored by validation.`,
      file: doc.source.displayPath,
      pointer,
      ...locate(doc.source, pointer, true),
      hint: "Nothing to do if it is a vendor extension; otherwise check its spelling.",
    });
  }
  for (const [format, { doc, pointer, count }] of [...unknownFormats].sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    diag({
      severity: "info",
      code: "schema/unknown-format",
      message: `Format "${format}" (${count} use${count === 1 ? "" : "s"}; first here) is not one validators check; it is kept as an annotation.`,
      file: doc.source.displayPath,
      pointer,
      ...locate(doc.source, pointer),
      hint: "Nothing to do if that is intended; otherwise use a standard format such as date-time, uri or email.",
    });
  }
}

/** Why a file of the tree was not read, in a form that fits after its path or after "which". */
interface Refusal {
  code: string;
  reason: string;
  hint: string;
}

function describeRefusal(
  read: Exclude<ReadOutcome, { ok: true } | { problem: "too-large" }>,
  display: (p: string) => string,
  root: string,
): Refusal {
  switch (read.problem) {
    case "missing":
      return {
        code: "io/not-found",
        reason: read.loop
          ? "is a symbolic link that loops back on itself"
          : read.link !== undefined
            ? `is a symbolic link to ${JSON.stringify(read.link)}, which does not exist`
            : "does not exist",
        hint:
          read.link !== undefined || read.loop
            ? "Point the symbolic link at a schema file inside the tree, or replace it with the file."
            : "Check the path.",
      };
    case "outside-root":
      return {
        code: "load/outside-root",
        reason: `resolves through a symbolic link to ${display(read.real)}, outside the schema root; it was not read`,
        hint: `Copy the file into the schema root (${display(root)}) or point the link at a file inside it; onespec reads nothing outside the root.`,
      };
    case "directory":
      return {
        code: "io/is-directory",
        reason: "is a folder, not a JSON file",
        hint: "Point at the schema file inside it.",
      };
    case "not-a-file":
      return {
        code: "load/not-a-file",
        reason: `is a ${read.kind}, not a regular file; it was not opened`,
        hint: "Replace it with a regular JSON file; onespec reads only regular files.",
      };
    case "unreadable":
      return {
        code: "io/unreadable",
        reason: `could not be read (${read.reason})`,
        hint: "Check the file's permissions.",
      };
  }
}

interface EntryFile {
  name: string;
  entry: string;
  metaFile?: string;
  stepsFile?: string;
  /** onespec's own layout requires connector.json and test-connection.json. */
  metaRequired: boolean;
}

/** Entry file names that say nothing about the connector: such a connector is named after its folder. */
const GENERIC_ENTRY_NAMES = new Set(["connection", "spec", "schema"]);
/** Folders that say nothing about the connector either (Airbyte's Java and Python layouts): their parent names it. */
const GENERIC_FOLDERS = new Set([
  "src",
  "main",
  "resources",
  "integration_tests",
  "integration-tests",
  "schemas",
  "schema",
  "spec",
  "specs",
  "config",
  "configs",
  "json",
]);

/**
 * The connector name of an entry file outside onespec's layout: the file name without
 * extension and without a trailing "Connection", in kebab case (mysqlConnection.json → mysql,
 * source-postgres.json → source-postgres, bigQueryConnection.json → big-query). A generic name
 * (connection.json, spec.json, schema.json) takes its folder's, lower case, with a dash for a
 * run of characters other than letters, digits, `_` and `-`; folders that are generic too are
 * skipped (source-foo/src/main/resources/spec.json → source-foo), and so is a Python package
 * folder inside its connector's (source-foo/source_foo/spec.json → source-foo).
 */
export function connectorNameFromFile(file: string): string {
  const base = path.basename(file).replace(/\.json$/i, "");
  if (GENERIC_ENTRY_NAMES.has(base)) {
    let dir = path.dirname(file);
    while (GENERIC_FOLDERS.has(path.basename(dir).toLowerCase()) && path.dirname(dir) !== dir)
      dir = path.dirname(dir);
    // Airbyte's Python layout: source-foo/source_foo/spec.json is the connector source-foo.
    if (path.basename(dir).replace(/_/g, "-") === path.basename(path.dirname(dir)))
      dir = path.dirname(dir);
    const folder = path
      .basename(dir)
      .toLowerCase()
      .replace(/[^a-z0-9_-]+/g, "-")
      .replace(/^-+|-+$/g, "");
    if (folder) return folder;
  }
  const stem = base.replace(/(?<=.)[-_]?[Cc]onnection$/, "");
  return stem
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .toLowerCase();
}

/**
 * A folder link is not walked into (it may lead out of the tree, or in circles), and says so:
 * a connector folder that is a link would otherwise vanish from the tree without a word.
 */
function reportFolderLinks(
  root: string,
  tree: TreeWalk,
  diag: (d: Diagnostic) => void,
  display: (p: string) => string,
): void {
  // Links inside dot folders are not reported: nothing there is read unless a glob spells the dot.
  const links = tree.entries
    .filter((e) => e.kind === "dir-link" && !/(^|\/)\./.test(e.rel))
    .map((e) => path.join(root, e.rel))
    .sort();
  for (const p of links)
    diag({
      severity: "warning",
      code: "load/folder-link",
      message: `${display(p)} is a link to a folder; links to folders are not followed (they may lead out of the schema tree), so nothing under it is read.`,
      file: display(p),
      hint: "Copy the folder into the schema tree, or point --schemas at the folder the link leads to.",
    });
}

function discoverEntries(
  root: string,
  tree: TreeWalk,
  globs: EntryGlobs,
  written: string[],
  diag: (d: Diagnostic) => void,
  display: (p: string) => string,
): EntryFile[] {
  for (const glob of globs.outside)
    diag({
      severity: "error",
      code: "load/outside-root",
      message: `Entry glob ${JSON.stringify(glob)} leads outside the schema root ${display(root)}; nothing outside it is read.`,
      file: display(root),
      hint: "Entry globs are relative to --schemas and must stay inside it; pass a wider --schemas root instead of ../ in a glob.",
    });
  for (const { rel, message } of tree.unreadable)
    if (globs.reaches(rel))
      diag({
        severity: "error",
        code: "tree/unreadable",
        message: `The folder ${display(path.join(root, rel))} could not be read while matching the entry globs: ${message}.`,
        file: display(path.join(root, rel)),
        hint: "Check the permissions of the folders under the schema root.",
      });
  // Symlinked folders were listed, not walked; a symlink to a file is an entry like any other and
  // is checked when it is read, like a FIFO or socket a glob happens to match: the reader refuses
  // those with a diagnostic, it never opens them.
  const files: string[] = [];
  for (const { rel, kind } of tree.entries) {
    if (kind !== "file" || !globs.matches(rel)) continue;
    const name = rel.slice(rel.lastIndexOf("/") + 1);
    // Metadata sidecars match broad globs too ("*.json"); they are not schemas.
    if (/(^|[./])(connector|test-connection)\.json$/.test(name) || name === "onespec.config.json")
      continue;
    files.push(path.join(root, rel));
  }
  files.sort();
  if (files.length === 0)
    diag({
      severity: "error",
      code: "tree/no-entries",
      message: `No file under ${display(root)} matches ${written.map((g) => JSON.stringify(g)).join(", ")}.`,
      file: display(root),
      hint: "Entry globs are relative to --schemas, e.g. --entry 'connections/**/*Connection.json'.",
    });
  return files.map(entryFile);
}

/** An entry file outside onespec's layout, with its optional metadata sidecars. */
function entryFile(entry: string): EntryFile {
  const dir = path.dirname(entry);
  const stem = path.basename(entry).replace(/\.json$/i, "");
  const inLayout = path.basename(entry) === "connection.json";
  return {
    name: connectorNameFromFile(entry),
    entry,
    metaFile: inLayout
      ? path.join(dir, "connector.json")
      : path.join(dir, `${stem}.connector.json`),
    stepsFile: inLayout
      ? path.join(dir, "test-connection.json")
      : path.join(dir, `${stem}.test-connection.json`),
    metaRequired: false,
  };
}

/** Metadata for an entry schema that comes without a connector.json: from the schema itself. */
function defaultMetadata(name: string, json: unknown, docsUrl = ""): Connector["metadata"] {
  const title = isObject(json) && typeof json.title === "string" ? json.title : undefined;
  const description =
    isObject(json) && typeof json.description === "string"
      ? json.description.split("\n")[0]
      : undefined;
  return {
    name,
    displayName: title ?? name,
    ...(description ? { description } : {}),
    serviceType: "Other",
    capabilities: [],
    version: "0.0.0",
    docsUrl,
  };
}

/** Offset of the first byte that is not valid UTF-8, if any. */
export function invalidUtf8Offset(bytes: Uint8Array): number | undefined {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n =
      b < 0x80
        ? 0
        : b >= 0xc2 && b <= 0xdf
          ? 1
          : b >= 0xe0 && b <= 0xef
            ? 2
            : b >= 0xf0 && b <= 0xf4
              ? 3
              : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++)
      if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return undefined;
}

/** Whether a relative path leaves its base folder. */
function escapes(rel: string): boolean {
  return rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
}

function shortRef(model: SchemaModel, key: string): string {
  const [docPath, pointer] = key.split("#");
  return `${model.docs.get(docPath)?.rel ?? docPath}#${pointer}`;
}

function listDefinitions(json: unknown): string[] {
  const out: string[] = [];
  for (const k of ["definitions", "$defs"]) {
    const defs = isObject(json) ? json[k] : undefined;
    if (isObject(defs)) for (const name of Object.keys(defs)) out.push(`#/${k}/${name}`);
  }
  return out;
}

function findAnchor(json: unknown, name: string, at = ""): string | undefined {
  let found: string | undefined;
  walkSchema(
    json,
    ({ node, pointer }) => {
      if (found !== undefined) return false;
      if (node.$anchor === name || node.$dynamicAnchor === name || node.$id === `#${name}`)
        found = pointer;
    },
    at,
  );
  return found;
}
