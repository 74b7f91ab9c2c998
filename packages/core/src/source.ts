import { parse, parseTree, printParseErrorCode, type Node, type ParseError } from "jsonc-parser";
import type { Diagnostic } from "./diagnostics.js";
import { escapeToken, parsePointer } from "./pointer.js";

/** A parsed JSON file that remembers where every value came from. */
export interface SourceFile {
  /** Path as shown to users. */
  displayPath: string;
  text: string;
  json: unknown;
  lineStarts: number[];
  /**
   * jsonc-parser's tree of the text, with offsets: built by `sourceTree()` the first time a
   * position is asked for (most files never need one) and shared by copies of this object.
   */
  positions: { tree?: Node | null };
  /**
   * Where the schema sits in the file when it is not the whole file: the JSON pointer of the
   * `connectionSpecification` of an Airbyte spec wrapper. Pointers into the schema are relative
   * to it; `locate()` and `filePointer()` add it.
   */
  base?: string;
  /**
   * Keywords that draft conversion renamed (draft-04 `id` → `$id`, 2019-09 tuple `items` →
   * `prefixItems`, …): `<pointer of the schema in the file>/<new keyword>` → the keyword as written.
   */
  renames?: ReadonlyMap<string, string>;
}

export interface Location {
  line: number;
  column: number;
  /**
   * The JSON pointer in the file, when it differs from the one asked about: the schema is
   * wrapped (an Airbyte spec's `connectionSpecification`) or a keyword was renamed by draft
   * conversion. Spread after a diagnostic's own `pointer`, it replaces it with the file's.
   */
  pointer?: string;
}

/**
 * How deep a schema may nest objects and arrays. Real schemas stay far below; beyond it the
 * parser and every generator would recurse out of stack.
 */
export const MAX_NESTING = 200;

/** What one pass over the text finds before anything parses it. */
interface Scan {
  lineStarts: number[];
  /** Offset where nesting first exceeds the limit. */
  tooDeep?: number;
  /** Strings followed by a colon: the object keys as written, duplicates included. */
  keys: number;
}

function scan(text: string, limit: number): Scan {
  const lineStarts = [0];
  let depth = 0;
  let keys = 0;
  let tooDeep: number | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) lineStarts.push(i + 1);
    else if (c === 34) {
      // A string: skip to its closing quote, then see whether a colon makes it a key.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) {
          if (text.charCodeAt(i + 1) === 10) lineStarts.push(i + 2);
          i++;
        } else if (d === 34 || d === 10) break;
      }
      if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
      let j = i + 1;
      for (let w = text.charCodeAt(j); w === 32 || w === 9 || w === 13 || w === 10;) {
        if (w === 10) lineStarts.push(j + 1);
        w = text.charCodeAt(++j);
      }
      if (text.charCodeAt(j) === 58) keys++;
      i = j - 1;
    } else if (c === 123 || c === 91) {
      if (++depth > limit && tooDeep === undefined) tooDeep = i;
    } else if (c === 125 || c === 93) depth--;
  }
  return { lineStarts, tooDeep, keys };
}

/** Own keys of every object in a parsed value. */
function keysIn(value: unknown): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== "object") continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    for (const k in v) {
      n++;
      stack.push((v as Record<string, unknown>)[k]);
    }
  }
  return n;
}

const PARSE_OPTIONS = {
  disallowComments: true,
  allowTrailingComma: false,
  allowEmptyContent: false,
};

/** The file's tree with offsets, built on first use (see `SourceFile.positions`). */
export function sourceTree(source: Pick<SourceFile, "text" | "positions">): Node | undefined {
  const p = source.positions;
  if (p.tree === undefined) p.tree = parseTree(source.text, [], PARSE_OPTIONS) ?? null;
  return p.tree ?? undefined;
}

export function offsetToLocation(lineStarts: number[], offset: number): Location {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
}

const parseErrorHints: Record<string, string> = {
  PropertyNameExpected:
    "Property names must be double-quoted strings; remove a trailing comma if there is one.",
  CommaExpected: "Separate members and array items with commas.",
  ValueExpected: "A value is missing here, or there is a trailing comma.",
  CloseBraceExpected: "An object is not closed with '}'.",
  CloseBracketExpected: "An array is not closed with ']'.",
  EndOfFileExpected: "There is text after the end of the JSON document.",
  InvalidCommentToken: "JSON does not allow comments.",
  InvalidSymbol: "This is not valid JSON here.",
  UnexpectedEndOfString: "A string is not closed.",
  UnexpectedEndOfComment: "JSON does not allow comments.",
  InvalidCharacter: "Control characters must be escaped inside strings.",
  InvalidEscapeCharacter: 'Use a valid escape such as \\n, \\" or \\u0041.',
  InvalidUnicode: "Use a valid \\uXXXX escape.",
};

/** Parses strict JSON with positions. Returns diagnostics instead of throwing. */
export function parseSource(
  displayPath: string,
  text: string,
): { source?: SourceFile; diagnostics: Diagnostic[] } {
  const { lineStarts, tooDeep, keys } = scan(text, MAX_NESTING);
  if (text.trim() === "") {
    return {
      diagnostics: [
        {
          severity: "error",
          code: "parse/empty-file",
          message: "The file is empty.",
          file: displayPath,
          line: 1,
          column: 1,
          hint: "Write a JSON Schema object here, or remove the file.",
        },
      ],
    };
  }
  if (tooDeep !== undefined)
    return {
      diagnostics: [
        {
          severity: "error",
          code: "parse/too-deep",
          message: `The document nests objects and arrays more than ${MAX_NESTING} levels deep.`,
          file: displayPath,
          ...offsetToLocation(lineStarts, tooDeep),
          hint: "Flatten the schema, for example with definitions and $ref.",
        },
      ],
    };
  const errors: ParseError[] = [];
  // Strict JSON: the engine's own parser gives the value at a fraction of jsonc-parser's cost
  // (and defines "__proto__" as an own key). Only text it refuses goes through jsonc-parser, for
  // errors with positions and names.
  let json: unknown;
  let parsed = false;
  try {
    json = JSON.parse(text);
    parsed = true;
  } catch {
    json = parse(text, errors, PARSE_OPTIONS);
  }
  if (!parsed && errors.length > 0) {
    // Report the first few: later ones are usually consequences of the first.
    return {
      diagnostics: errors.slice(0, 3).map((e) => {
        const code = printParseErrorCode(e.error);
        return {
          severity: "error" as const,
          code: "parse/invalid-json",
          message: `Invalid JSON: ${code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()}.`,
          file: displayPath,
          ...offsetToLocation(lineStarts, e.offset),
          hint: parseErrorHints[code] ?? "Fix the JSON syntax at this position.",
        };
      }),
    };
  }
  const source: SourceFile = { displayPath, text, json, lineStarts, positions: {} };
  const diagnostics: Diagnostic[] = [];
  // JSON.parse keeps the last of two equal keys without a word; say so. Only when the text has
  // more keys than the value does a tree get built to find them.
  const tree = keys > keysIn(json) ? sourceTree(source) : undefined;
  const stack: Node[] = tree ? [tree] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "object") {
      const seen = new Set<string>();
      for (const prop of node.children ?? []) {
        const key = prop.children?.[0];
        if (!key) continue;
        if (seen.has(key.value))
          diagnostics.push({
            severity: "warning",
            code: "parse/duplicate-key",
            message: `Key ${JSON.stringify(key.value)} appears twice in this object; only the last one counts.`,
            file: displayPath,
            ...offsetToLocation(lineStarts, key.offset),
            hint: "Remove or merge one of them.",
          });
        seen.add(key.value);
      }
    }
    for (const child of node.children ?? []) stack.push(child);
  }
  return { source, diagnostics };
}

/**
 * The JSON pointer in the file of a pointer into the schema: the wrapper's `base` in front, and
 * every keyword draft conversion renamed spelled as it is written.
 */
export function filePointer(source: SourceFile, pointer: string): string {
  if (!source.base && !source.renames?.size) return pointer;
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return pointer;
  }
  let out = "";
  for (const token of tokens)
    out += "/" + escapeToken(source.renames?.get(out + "/" + escapeToken(token)) ?? token);
  return (source.base ?? "") + out;
}

/**
 * The pointer into the schema of a pointer written against the file or the schema as written (a
 * `$ref` fragment from another file): the inverse of `filePointer`. A wrapper's `base` in front
 * is dropped, and keywords draft conversion renamed take their new names.
 */
export function schemaPointer(
  source: Pick<SourceFile, "base" | "renames">,
  pointer: string,
): string {
  const base = source.base;
  if (base && (pointer === base || pointer.startsWith(`${base}/`)))
    pointer = pointer.slice(base.length);
  if (!source.renames?.size || !pointer.startsWith("/")) return pointer;
  const renamed = new Map<string, string>();
  for (const [key, was] of source.renames) {
    const cut = key.lastIndexOf("/");
    renamed.set(`${key.slice(0, cut)}/${escapeToken(was)}`, key.slice(cut + 1));
  }
  let written = "";
  let out = "";
  for (const token of pointer.slice(1).split("/")) {
    written += "/" + token;
    out += "/" + (renamed.get(written) ?? token);
  }
  return out;
}

/**
 * Line and column of the value (or, with `key`, of the property name) at `pointer`, and the
 * pointer in the file when that is another (see `Location.pointer`).
 */
export function locate(source: SourceFile, pointer: string, key = false): Location {
  const inFile = filePointer(source, pointer);
  const found = locateInFile(source, inFile, key);
  return inFile === pointer ? found : { ...found, pointer: inFile };
}

function locateInFile(source: SourceFile, pointer: string, key: boolean): Location {
  // The root is where the text's value starts: found without parsing the whole file (a note
  // about a connector as a whole parsed its entry schema just to say line 1).
  if (pointer === "") {
    const start = valueStart(source.text);
    if (start !== undefined) return offsetToLocation(source.lineStarts, start);
  }
  const tree = sourceTree(source);
  if (!tree) return { line: 1, column: 1 };
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return { line: 1, column: 1 };
  }
  // Walk as deep as the pointer goes; fall back to the deepest existing ancestor.
  let node: Node = tree;
  for (const token of tokens) {
    const next = childNode(node, token);
    if (!next) break; // deepest existing ancestor
    node = next;
  }
  const target =
    key && node.parent?.type === "property" && node.parent.children?.[0]
      ? node.parent.children[0]
      : node;
  return offsetToLocation(source.lineStarts, target.offset);
}

/**
 * The offset of the first value in a JSON text: past white space (a source has no comments or
 * byte order mark: parseSource refuses them). Undefined when there is none, or a comment.
 */
export function valueStart(text: string): number | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "/") return undefined;
    if (c !== " " && c !== "\t" && c !== "\n" && c !== "\r") return i;
  }
  return undefined;
}

function childNode(node: Node, token: string): Node | undefined {
  if (node.type === "object") {
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? [];
      if (k && k.value === token) return v;
    }
    return undefined;
  }
  if (node.type === "array" && /^(0|[1-9]\d*)$/.test(token)) return node.children?.[Number(token)];
  return undefined;
}
