import type { Diagnostic } from "./diagnostics.js";
import type { SourceFile } from "./source.js";
import type { SourceDraft } from "./draft-convert.js";
import { getAtPointer } from "./pointer.js";
import { isObject, type JsonObject } from "./walk.js";

/** One schema file of the tree. */
export interface SchemaDoc {
  /** Absolute path. */
  path: string;
  /** Path relative to the schema root, with forward slashes. */
  rel: string;
  /** Canonical URI used as `$id` in generated validators. */
  uri: string;
  source: SourceFile;
  /**
   * The schema, in the draft the generators use (`draft`): an Airbyte spec wrapper's
   * `connectionSpecification`, and a draft-04, draft-06 or 2019-09 document converted
   * (`toGeneratorDialect`). Pointers into it are located in the file by `locate(source, …)`.
   */
  json: unknown;
  /** The draft the generators use: draft-04, draft-06 and draft-07 documents are draft-07, 2019-09 and 2020-12 ones 2020-12. */
  draft: "draft-07" | "2020-12";
  /** The draft the document declares with `$schema` (or inherits, see the loader); `draft` when absent. */
  sourceDraft?: SourceDraft;
  /**
   * A meta-schema a `$ref` names (`http://json-schema.org/draft-07/schema#`), read from the copy
   * ajv ships rather than from the tree (meta-schemas.ts); its `rel` is under json-schema-meta/.
   */
  builtIn?: true;
}

/** Where a `$ref` points to. */
export interface RefTarget {
  doc: string;
  pointer: string;
}

export interface ConnectorMetadata {
  name: string;
  displayName: string;
  description?: string;
  serviceType: string;
  capabilities: string[];
  version: string;
  docsUrl: string;
  icon?: string;
}

export interface TestConnectionStep {
  name: string;
  description: string;
  mandatory: boolean;
  shortCircuit?: boolean;
  errorMessage: string;
  /**
   * The config values the step exercises (JSON pointers: `/host`, `/ssl`). A failure the
   * connector does not pin on fields of its own is shown on these.
   */
  fields?: string[];
}

export interface Connector {
  name: string;
  /** Absolute path of the connection schema (the entry document). */
  entry: string;
  metadata: ConnectorMetadata;
  steps: TestConnectionStep[];
  /**
   * The connector's declared config migrations, as read (`migrations/<from>-<to>.json` or `.ts`
   * beside connection.json), sorted by file name: @onespec/migrate parses and checks them, so
   * that generators get them without reading a file. Absent when there are none.
   */
  migrations?: MigrationSource[];
  /**
   * The connection schemas of earlier versions kept beside the migrations
   * (`migrations/<version>.schema.json`, self-contained), each loaded as a model of its own, so
   * that generators can type the configs a migration starts from. Absent when there are none.
   */
  bases?: BaseSchema[];
}

/** The connection schema of an earlier version, as read and loaded on its own. */
export interface BaseSchema extends MigrationSource {
  /** The version it is the schema of, from its name. */
  version: string;
  /** A model of one connector, named as the one it belongs to, with that version. */
  model: SchemaModel;
}

/** One migration file of a connector, as read. */
export interface MigrationSource {
  /** Absolute path. */
  file: string;
  /** The path as shown to users. */
  displayPath: string;
  text: string;
}

/**
 * A record schema: the shape of one record a source reads (an http-api endpoint's entity),
 * from `records/<name>.json` in onespec's layout. Generated as a type and a validator.
 */
export interface RecordSchema {
  name: string;
  /** Absolute path of the schema file. */
  entry: string;
}

/**
 * A safe, mechanical edit of a schema file: set `value` at `path` (a JSON path in the file, as
 * written), or rename the key at `path` to `to`. `check --fix` applies them (lint's rules and the
 * loader's repairs make them).
 */
export type SchemaFix =
  | { kind: "set"; doc: string; path: (string | number)[]; value: unknown }
  | { kind: "rename"; doc: string; path: (string | number)[]; to: string; value?: unknown };

/** The whole tree, loaded once: documents, resolved references, connectors. */
export interface SchemaModel {
  root: string;
  docs: Map<string, SchemaDoc>;
  /** `${docPath}#${pointer of the node holding $ref}` → target. */
  refs: Map<string, RefTarget>;
  /**
   * 2020-12 `$dynamicRef`s (`"#name"`, and 2019-09's `$recursiveRef` read as one) → the schema
   * each means when nothing extends it: what types and forms follow (validators evaluate them).
   */
  dynamicRefs?: Map<string, RefTarget>;
  connectors: Connector[];
  /** Record schemas (`records/*.json`), in name order; absent or empty when there are none. */
  records?: RecordSchema[];
  diagnostics: Diagnostic[];
  /**
   * The edits that write the loader's repairs into the files (`repairs.ts`: duplicate enum
   * values, `"true"` for true, scalar `examples`, patterns valid only without the unicode flag),
   * one per warning that says "onespec check --fix does it".
   */
  fixes?: SchemaFix[];
}

/** Every reference target: `$ref`s and (for types and forms, statically) `$dynamicRef`s. */
export function refTargets(model: SchemaModel): RefTarget[] {
  return [...model.refs.values(), ...(model.dynamicRefs?.values() ?? [])];
}

export function refKey(doc: string, pointer: string): string {
  return `${doc}#${pointer}`;
}

export function docOf(model: SchemaModel, path: string): SchemaDoc {
  const doc = model.docs.get(path);
  if (!doc) throw new Error(`document not loaded: ${path}`);
  return doc;
}

export interface ResolvedNode {
  doc: SchemaDoc;
  pointer: string;
  node: JsonObject;
}

/** The schema object at a location. */
export function nodeAt(model: SchemaModel, target: RefTarget): ResolvedNode {
  const doc = docOf(model, target.doc);
  const node = getAtPointer(doc.json, target.pointer);
  return { doc, pointer: target.pointer, node: isObject(node) ? node : {} };
}

/** Follows `$ref` from a node until it reaches a node without one (the loader has ruled out cycles). */
export function followRef(model: SchemaModel, at: ResolvedNode): ResolvedNode {
  let current = at;
  for (let hops = 0; typeof current.node.$ref === "string" && hops < 64; hops++) {
    const target = model.refs.get(refKey(current.doc.path, current.pointer));
    if (!target) break;
    current = nodeAt(model, target);
  }
  return current;
}

/** Documents referenced by connectors that are not themselves connector entries: the shared definitions. */
export function sharedDocs(model: SchemaModel): SchemaDoc[] {
  const entries = new Set(model.connectors.map((c) => c.entry));
  // Record schemas and what they reference are shared documents too (types and validators).
  return [...model.docs.values()]
    .filter((d) => !entries.has(d.path))
    .sort((a, b) => a.rel.localeCompare(b.rel));
}

const refsByDocCache = new WeakMap<SchemaModel, Map<string, RefTarget[]>>();

/** Every `$ref` target, by the document holding the `$ref`; built once per model. */
function refsByDoc(model: SchemaModel): Map<string, RefTarget[]> {
  let byDoc = refsByDocCache.get(model);
  if (!byDoc) {
    byDoc = new Map();
    for (const [key, target] of model.refs) {
      const doc = key.slice(0, key.indexOf("#"));
      if (!byDoc.has(doc)) byDoc.set(doc, []);
      byDoc.get(doc)!.push(target);
    }
    refsByDocCache.set(model, byDoc);
  }
  return byDoc;
}

/** Every document a connector's schema reaches through $ref, its entry included. */
export function reachableDocs(
  model: SchemaModel,
  connector: Pick<Connector, "entry">,
): Set<string> {
  const out = new Set<string>([connector.entry]);
  const byDoc = refsByDoc(model);
  const queue = [connector.entry];
  while (queue.length > 0) {
    for (const t of byDoc.get(queue.pop()!) ?? [])
      if (!out.has(t.doc)) {
        out.add(t.doc);
        queue.push(t.doc);
      }
  }
  return out;
}

/**
 * The connectors that error diagnostics stop from generating: those naming the connector, and
 * those whose schema reaches a file with an error (including its metadata files). An error with
 * no file and no connector stops them all.
 */
export function connectorsWithErrors(
  model: SchemaModel,
  diagnostics: readonly Diagnostic[],
): Set<string> {
  const errors = diagnostics.filter((d) => d.severity === "error");
  const broken = new Set<string>();
  const displayOf = new Map<string, string>();
  for (const doc of model.docs.values()) displayOf.set(doc.path, doc.source.displayPath);
  for (const c of model.connectors) {
    const files = new Set<string>([...reachableDocs(model, c)].map((p) => displayOf.get(p) ?? p));
    if (
      errors.some(
        (d) =>
          d.connector === c.name ||
          (d.file !== undefined && files.has(d.file)) ||
          (d.file === undefined && d.connector === undefined),
      )
    )
      broken.add(c.name);
  }
  return broken;
}

/** The model without some connectors, and without the documents only they used. */
export function withoutConnectors(model: SchemaModel, names: ReadonlySet<string>): SchemaModel {
  const connectors = model.connectors.filter((c) => !names.has(c.name));
  const keep = new Set<string>();
  for (const c of connectors) for (const d of reachableDocs(model, c)) keep.add(d);
  for (const r of model.records ?? []) for (const d of reachableDocs(model, r)) keep.add(d);
  const docs = new Map([...model.docs].filter(([p]) => keep.has(p)));
  const refs = new Map([...model.refs].filter(([k]) => keep.has(k.slice(0, k.indexOf("#")))));
  const dynamicRefs =
    model.dynamicRefs &&
    new Map(
      [...model.dynamicRefs].filter(
        ([k, t]) => keep.has(k.slice(0, k.indexOf("#"))) && keep.has(t.doc),
      ),
    );
  return { ...model, connectors, docs, refs, ...(dynamicRefs ? { dynamicRefs } : {}) };
}
