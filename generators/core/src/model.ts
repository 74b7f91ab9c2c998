import type { Diagnostic } from "./diagnostics.js";
import type { SourceFile } from "./source.js";
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
  json: unknown;
  draft: "draft-07" | "2020-12";
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
}

export interface Connector {
  name: string;
  /** Absolute path of the connection schema (the entry document). */
  entry: string;
  metadata: ConnectorMetadata;
  steps: TestConnectionStep[];
}

/** The whole tree, loaded once: documents, resolved references, connectors. */
export interface SchemaModel {
  root: string;
  docs: Map<string, SchemaDoc>;
  /** `${docPath}#${pointer of the node holding $ref}` → target. */
  refs: Map<string, RefTarget>;
  connectors: Connector[];
  diagnostics: Diagnostic[];
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
  return [...model.docs.values()].filter((d) => !entries.has(d.path)).sort((a, b) => a.rel.localeCompare(b.rel));
}

export function entryDoc(model: SchemaModel, connector: Connector): SchemaDoc {
  return docOf(model, connector.entry);
}
