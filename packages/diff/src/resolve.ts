import {
  followRef,
  getAtPointer,
  isObject,
  joinPointer,
  locate,
  type JsonObject,
  type SchemaDoc,
  type SchemaModel,
} from "@onespec/core";
import type { DiffLocation } from "./types.js";

/** A place in a loaded tree. `virtual` stands for the empty schema (anything) where one side has no node. */
export interface Loc {
  doc: SchemaDoc;
  pointer: string;
  virtual?: boolean;
}

/**
 * A schema node as it constrains a value: `$ref`s followed, the siblings of a `$ref` laid over
 * its target (as core's bundle does with annotations). `false` is the schema that accepts nothing.
 */
export interface Effective {
  model: SchemaModel;
  /** Where the node is written (it may hold the `$ref`). */
  holder: Loc;
  /** Where the `$ref`s lead (the holder itself without one). */
  target: Loc;
  node: JsonObject | false;
  /** Keywords written beside the `$ref` in the holder. */
  siblings: JsonObject;
  /** Whether a `$ref` was followed. */
  viaRef: boolean;
}

export function resolve(model: SchemaModel, loc: Loc): Effective {
  const base = { model, holder: loc, target: loc, siblings: {}, viaRef: false };
  if (loc.virtual) return { ...base, node: {} };
  const raw = getAtPointer(loc.doc.json, loc.pointer);
  if (raw === false) return { ...base, node: false };
  if (!isObject(raw)) return { ...base, node: {} };
  if (typeof raw.$ref !== "string") return { ...base, node: raw };
  const followed = followRef(model, { doc: loc.doc, pointer: loc.pointer, node: raw });
  const target = { doc: followed.doc, pointer: followed.pointer };
  const targetRaw = getAtPointer(target.doc.json, target.pointer);
  const { $ref: _ref, ...siblings } = raw;
  if (targetRaw === false) return { ...base, target, siblings, viaRef: true, node: false };
  const { $ref: _unresolved, ...targetNode } = isObject(targetRaw) ? targetRaw : {};
  return { ...base, target, siblings, viaRef: true, node: { ...targetNode, ...siblings } };
}

/** The location of a subschema (or keyword) of an effective node: in the holder when written beside the `$ref`. */
export function at(eff: Effective, ...tokens: (string | number)[]): Loc {
  const owner =
    eff.viaRef && typeof tokens[0] === "string" && tokens[0] in eff.siblings
      ? eff.holder
      : eff.target;
  if (owner.virtual) return { ...owner };
  const pointer = joinPointer(owner.pointer, ...tokens);
  // A subschema that is not there is the empty schema, located at its parent.
  return getAtPointer(owner.doc.json, pointer) === undefined
    ? { doc: owner.doc, pointer: owner.pointer, virtual: true }
    : { doc: owner.doc, pointer };
}

/** Where a keyword of an effective node is written, or the node itself when it is not. */
export function keywordAt(eff: Effective, keyword?: string): Loc {
  if (keyword && eff.node !== false && keyword in eff.node) return at(eff, keyword);
  return eff.viaRef ? eff.target : eff.holder;
}

/** A location as users see it: the file's display path, the pointer in the file, line and column. */
export function describe(loc: Loc): DiffLocation {
  const found = locate(loc.doc.source, loc.pointer);
  return {
    file: loc.doc.source.displayPath,
    pointer: found.pointer ?? loc.pointer,
    line: found.line,
    column: found.column,
  };
}

/** Deep equality of JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return (
      a.length === (b as unknown[]).length && a.every((v, i) => jsonEqual(v, (b as unknown[])[i]))
    );
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b as object, k) && jsonEqual((a as JsonObject)[k], (b as JsonObject)[k]),
    )
  );
}
