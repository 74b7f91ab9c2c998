/**
 * Copies the loaded spec into one self-contained draft-07 schema: every schema a `$ref` reaches
 * (in the spec or in another file) is copied once under `definitions`, and every node passes
 * through the node rules on its way. References are followed as the loader resolved them
 * (`model.refs`); nothing here reads a file or resolves a `$ref` itself.
 */
import path from "node:path";
import {
  convertDraftKeywords,
  escapeToken,
  getAtPointer,
  isObject,
  joinPointer,
  parsePointer,
  refKey,
  SCHEMA_ARRAY_KEYWORDS,
  SCHEMA_KEYWORDS,
  SCHEMA_MAP_KEYWORDS,
  walkSchema,
  type JsonObject,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";
import { draftProblem, refProblem } from "./load.js";
import type { Notes } from "./notes.js";
import type { ImportKind, ImportRule, RuleContext } from "./rule.js";

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

/** Keywords the bundling leaves out: definitions travel through `$ref`, the root gets draft-07. */
const LEFT_OUT = new Set(["$schema", "$id", "definitions", "$defs"]);

function isLateDraft(doc: SchemaDoc): boolean {
  return doc.sourceDraft === "2019-09" || doc.sourceDraft === "2020-12";
}

export class Bundler {
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
  /** Each document's schema objects → their pointers: a node's `$ref` is found in model.refs by it. */
  private pointers = new Map<string, Map<object, string>>();
  private checked = new Set<string>();

  constructor(
    private kind: ImportKind,
    private model: SchemaModel,
    private entry: SchemaDoc,
    private notes: Notes,
    private rules: readonly ImportRule[],
  ) {}

  run(): JsonObject {
    const entry = this.entry;
    const root = entry.json as JsonObject;
    const draft = entry.sourceDraft ?? entry.draft;
    if (isLateDraft(entry))
      this.notes.add(
        `${entry.source.displayPath} declares JSON Schema ${draft}; converted to draft-07 (tuples and dependentRequired/dependentSchemas rewritten).`,
      );
    else if (draft !== "draft-07")
      this.notes.add(
        `${entry.source.displayPath} declares JSON Schema ${draft}; read by its rules and written as draft-07${draft === "draft-04" ? ' (a boolean "exclusiveMinimum"/"exclusiveMaximum" qualifies "minimum"/"maximum"; "id" is "$id")' : ""}.`,
      );
    for (const defsKey of ["definitions", "$defs"])
      if (isObject(root[defsKey]))
        for (const name of Object.keys(root[defsKey]))
          this.ownDefinitions.add(this.keyFor(entry.path, joinPointer("", defsKey, name), name));
    const out = this.transform(root, entry, "") as JsonObject;
    while (this.queue.length > 0) {
      const { file, pointer, key } = this.queue.shift()!;
      const doc = this.model.docs.get(file)!;
      this.definitions[key] = this.transform(
        getAtPointer(doc.json, pointer),
        doc,
        joinPointer("", "definitions", key),
      );
      if (file !== entry.path || !/^\/(definitions|\$defs)\/[^/]+$/.test(pointer))
        this.inlined.push({ file, pointer, key });
    }
    const connection: JsonObject = { $schema: DRAFT_07, ...out };
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

  /** The context the rules see for a node landing at `pointer`. */
  context(pointer: string, doc: SchemaDoc = this.entry): RuleContext {
    return {
      pointer,
      kind: this.kind,
      notes: this.notes,
      follow: (value) => this.follow(value, doc),
      capabilities: this.capabilities,
      ownDefinitions: this.ownDefinitions,
    };
  }

  private relative(file: string): string {
    return file === this.entry.path
      ? this.entry.source.displayPath
      : path.relative(path.dirname(this.entry.path), file).split(path.sep).join("/");
  }

  /** The pointer of a schema object of a document (undefined for one a rule made). */
  private pointerOf(doc: SchemaDoc, node: object): string | undefined {
    let map = this.pointers.get(doc.path);
    if (!map) {
      const built = new Map<object, string>();
      walkSchema(doc.json, ({ node: n, pointer }) => {
        if (!built.has(n)) built.set(n, pointer);
      });
      this.pointers.set(doc.path, (map = built));
    }
    return map.get(node);
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

  /** Where the `$ref` of the node at `pointer` leads, as the loader resolved it. */
  private target(
    doc: SchemaDoc,
    pointer: string,
    ref: string,
  ): { doc: SchemaDoc; pointer: string } {
    const target = this.model.refs.get(refKey(doc.path, pointer));
    const targetDoc = target && this.model.docs.get(target.doc);
    if (!target || !targetDoc) throw refProblem(this.model, doc, pointer, ref);
    return { doc: targetDoc, pointer: target.pointer };
  }

  /** The output reference for a `$ref` of a source document. */
  private rewriteRef(ref: string, doc: SchemaDoc, pointer: string): string {
    const target = this.target(doc, pointer, ref);
    if (target.doc === this.entry && target.pointer === "") return "#";
    const last =
      target.pointer === ""
        ? path.basename(target.doc.path).replace(/\.json$/i, "")
        : parsePointer(target.pointer).pop()!;
    return `#/definitions/${escapeToken(this.keyFor(target.doc.path, target.pointer, last))}`;
  }

  /** Follows `$ref`s in the source documents (siblings override), for peeking at a property's type. */
  private follow(node: unknown, doc: SchemaDoc): JsonObject {
    let current = node;
    let at = doc;
    let siblings: JsonObject = {};
    for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === "string"; hops++) {
      const { $ref, ...rest } = current;
      siblings = { ...rest, ...siblings };
      const pointer = this.pointerOf(at, current);
      const target =
        pointer === undefined ? undefined : this.model.refs.get(refKey(at.path, pointer));
      const next = target && this.model.docs.get(target.doc);
      if (!target || !next) break;
      current = getAtPointer(next.json, target.pointer);
      at = next;
    }
    return { ...(isObject(current) ? current : {}), ...siblings };
  }

  /** Copies one source schema into the output: the node rules, then its subschemas, its `$ref` rewritten. */
  private transform(node: unknown, doc: SchemaDoc, out: string): unknown {
    if (!isObject(node)) return node;
    if (!this.checked.has(doc.path)) {
      this.checked.add(doc.path);
      const problem = draftProblem(this.model, doc);
      if (problem) throw problem;
    }
    const src = this.pointerOf(doc, node) ?? "";
    const draft = doc.sourceDraft ?? doc.draft;
    if (draft !== "draft-07" && doc !== this.entry && /^\/definitions\/[^/]+$/.test(out))
      this.notes.count(
        `draft:${doc.path}`,
        out,
        (where) =>
          `${this.relative(doc.path)} declares JSON Schema ${draft}; converted to draft-07 where it was inlined: ${where}.`,
      );
    let input: JsonObject = isLateDraft(doc)
      ? convertDraftKeywords(node, "2020-12", "draft-07")
      : node;
    const ctx = this.context(out, doc);
    for (const rule of this.rules)
      if (rule.scope === "node" && rule.applies(input, ctx)) input = rule.repair(input, ctx);

    const result: JsonObject = {};
    const sub = (value: unknown, ...via: (string | number)[]) =>
      this.transform(value, doc, joinPointer(out, ...via));
    for (const [key, value] of Object.entries(input)) {
      if (key === "$ref") {
        if (typeof value !== "string")
          throw new Error(
            `${doc.source.displayPath}: $ref at ${src || "/"} must be a string, not ${Array.isArray(value) ? "an array" : typeof value}`,
          );
        result.$ref = this.rewriteRef(value, doc, src);
      } else if (LEFT_OUT.has(key)) {
        continue;
      } else if (
        ((SCHEMA_MAP_KEYWORDS as readonly string[]).includes(key) || key === "dependencies") &&
        isObject(value)
      ) {
        const map: JsonObject = {};
        for (const [name, s] of Object.entries(value))
          map[name] = Array.isArray(s) ? [...s] : sub(s, key, name);
        result[key] = map;
      } else if (
        (SCHEMA_ARRAY_KEYWORDS as readonly string[]).includes(key) &&
        Array.isArray(value)
      ) {
        result[key] = value.map((s, i) => sub(s, key, i));
      } else if ((SCHEMA_KEYWORDS as readonly string[]).includes(key)) {
        result[key] = sub(value, key);
      } else {
        result[key] = structuredClone(value);
      }
    }
    return result;
  }
}
