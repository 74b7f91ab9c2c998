import { constants, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import path from "node:path";
import {
  Composer,
  CST,
  Lexer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Alias,
  type Document,
  type Pair,
  type Scalar,
  type YAMLMap,
  type YAMLSeq,
} from "yaml";
import {
  escapeToken,
  MAX_NESTING,
  offsetToLocation,
  parsePointer,
  parseSource,
  sourceTree,
  type Diagnostic,
  type Location,
} from "@onespec/core";
import { clip, displayPointer, escapeControls, quoted } from "./terminal-text.js";

export interface LoadedConfig {
  value: unknown;
  /** Line and column of the value at a JSON pointer, for pointing at problems. */
  locate(pointer: string): Location | undefined;
}

export interface ConfigResult {
  config?: LoadedConfig;
  diagnostics: Diagnostic[];
}

/**
 * What a config file may be. Real configs are a few kilobytes, a few levels deep, with a handful
 * of aliases; these bounds only stop hostile or mistaken input before it costs time or memory.
 */
export const CONFIG_LIMITS = {
  /** Largest file read, in bytes. */
  maxBytes: 10 * 1024 * 1024,
  /** Deepest nesting of mappings and lists, as written and after YAML aliases are expanded. */
  maxDepth: MAX_NESTING,
  /** Most values YAML aliases may add in total (a "billion laughs" file adds billions). */
  maxAliasValues: 100_000,
  /**
   * Most YAML nodes (scalars, list items, keys and values; a flow collection counts three) in a
   * file. The yaml package holds up to a kilobyte per node while parsing, so a 10 MB file of
   * `[],[],…` would need gigabytes; a 5 MB file of 400 000 `key: value` lines has 1 200 000.
   */
  maxYamlNodes: 1_500_000,
  /** Most problems reported from one file; the rest are counted. */
  maxReported: 10,
} as const;

// ─── showing user text safely: see terminal-text.ts ──────────────────────────────────────

export { clip, displayPointer, escapeControls, quoted, terminalSafeJson } from "./terminal-text.js";

// ─── reading ───────────────────────────────────────────────────────────────────────────────

/** Reads a config from JSON or YAML, keeping positions; problems come back as diagnostics. */
export async function readConfigFile(file: string): Promise<ConfigResult> {
  const read = await readBounded(file);
  if ("diagnostic" in read) return { diagnostics: [read.diagnostic] };
  const ext = path.extname(file).toLowerCase();
  // Diagnostics name the file as given; a name with control characters is shown escaped.
  return parseConfig(
    read.text,
    escapeControls(file),
    ext === ".yaml" || ext === ".yml" ? "yaml" : "json",
  );
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a named pipe (FIFO)";
  if (info.isCharacterDevice()) return "a character device";
  if (info.isBlockDevice()) return "a block device";
  if (info.isSocket()) return "a socket";
  return "not a regular file";
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/**
 * The file's text, if it is a regular file of at most CONFIG_LIMITS.maxBytes. Type and size are
 * checked before reading, and the read itself stops past the limit, so a FIFO, a device such as
 * /dev/zero or a file that grows while being read is refused, never waited on or read to the end.
 */
async function readBounded(file: string): Promise<{ text: string } | { diagnostic: Diagnostic }> {
  const max = CONFIG_LIMITS.maxBytes;
  const shown = escapeControls(file);
  const refuse = (code: string, message: string, hint: string) => ({
    diagnostic: { severity: "error" as const, code, message, file: shown, hint },
  });
  const unreadable = (e: unknown) => {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return refuse("config/unreadable", `Config file not found: ${shown}.`, "Check the path.");
    if (code === "EACCES" || code === "EPERM")
      return refuse(
        "config/unreadable",
        `Cannot read ${shown}: permission denied.`,
        "Check the file's permissions.",
      );
    return refuse(
      "config/unreadable",
      `Cannot read ${shown} (${code ?? "unknown error"}).`,
      "Check the path.",
    );
  };
  const notAFile = (info: Stats) =>
    refuse(
      "config/not-a-file",
      `${shown} is ${kindOf(info)}, not a regular file.`,
      "Point at a .json, .yaml or .yml file; to use generated or piped input, write it to a file first.",
    );
  const tooLarge = (size: string) =>
    refuse(
      "config/too-large",
      `${shown} is ${size}; a config file may be at most ${megabytes(max)}.`,
      "Check that this is the right file: a connector config is a few kilobytes.",
    );

  let info: Stats;
  try {
    info = await stat(file);
  } catch (e) {
    return unreadable(e);
  }
  if (!info.isFile()) return notAFile(info);
  if (info.size > max) return tooLarge(megabytes(info.size));

  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // O_NONBLOCK: should the path have become a FIFO since stat, opening it must not wait for a writer.
    handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    return unreadable(e);
  }
  try {
    const now = await handle.stat();
    if (!now.isFile()) return notAFile(now);
    // Files such as those in /proc report size 0 and still have content: read to the end, bounded.
    let buffer = Buffer.allocUnsafe(Math.min(max, Math.max(now.size, 64 * 1024)) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > max) return tooLarge(`more than ${megabytes(max)}`);
        const bigger = Buffer.allocUnsafe(Math.min(max + 1, buffer.length * 2));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > max) return tooLarge(`more than ${megabytes(max)}`);
    return { text: buffer.toString("utf8", 0, length) };
  } catch (e) {
    return unreadable(e);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

// ─── parsing ───────────────────────────────────────────────────────────────────────────────

/**
 * Problems found while building a config. Builders walk the file in order, so the first few found
 * are the first few in the file: those are kept (a diagnostic is made only for them), the rest
 * only counted — a file with a million duplicate keys costs a counter, not a million diagnostics.
 */
class Findings {
  private kept: Diagnostic[] = [];
  private total = 0;

  get any(): boolean {
    return this.total > 0;
  }

  add(make: () => Diagnostic): void {
    this.total++;
    if (this.kept.length < CONFIG_LIMITS.maxReported) this.kept.push(make());
  }

  /** Replaces everything found so far with one problem that makes the others moot. */
  only(diagnostic: Diagnostic): void {
    this.kept = [diagnostic];
    this.total = 1;
  }

  diagnostics(file: string): Diagnostic[] {
    const shown = [...this.kept].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
    );
    const more = this.total - shown.length;
    if (more > 0)
      shown.push({
        severity: "info",
        code: "config/more-problems",
        message: `${more} more problem${more === 1 ? "" : "s"} like these in this file ${more === 1 ? "is" : "are"} not shown.`,
        file,
      });
    return shown;
  }
}

function emptyFile(file: string): ConfigResult {
  return {
    diagnostics: [
      {
        severity: "error",
        code: "config/empty-file",
        message: "The file is empty.",
        file,
        line: 1,
        column: 1,
        hint: "Write the connector's settings here; its README has an example.",
      },
    ],
  };
}

/** How a NaN or infinite number is described: JSON.stringify would say "null". */
function nonFinite(value: number, source: string): string {
  const written = escapeControls(clip(source.trim(), 20));
  if (Number.isNaN(value)) return "NaN";
  if (/^[-+]?\.inf$/i.test(source.trim()))
    return `${value < 0 ? "minus " : ""}infinity, written ${written}`;
  return `a number too large for JSON: ${written}`;
}

function nonFiniteDiagnostic(
  file: string,
  pointer: string,
  value: number,
  source: string,
  at: Location,
): Diagnostic {
  return {
    severity: "error",
    code: "config/non-finite-number",
    message: `${displayPointer(pointer) || "(root)"} is not a finite number (received ${nonFinite(value, source)})`,
    file,
    pointer: displayPointer(pointer),
    ...at,
    hint: "Write a finite number, or quote the value to make it a string.",
  };
}

function duplicateDiagnostic(
  file: string,
  pointer: string,
  key: string,
  firstLine: number,
  at: Location,
  where: string,
): Diagnostic {
  return {
    severity: "error",
    code: "config/duplicate-key",
    message: `The key ${quoted(key)} appears more than once in this ${where} (first on line ${firstLine}).`,
    file,
    pointer: displayPointer(pointer),
    ...at,
    hint: "Keep one of them: with two values for one key it is unclear which one is meant.",
  };
}

function assign(object: Record<string, unknown>, key: string, value: unknown): void {
  // "__proto__" must become an own key, as JSON.parse makes it, not the object's prototype.
  if (key === "__proto__")
    Object.defineProperty(object, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else object[key] = value;
}

/** Parses the text of a config (JSON or YAML) in time linear in its size; problems come back as diagnostics. */
export function parseConfig(text: string, file: string, format: "json" | "yaml"): ConfigResult {
  if (text.trim() === "") return emptyFile(file);
  if (format === "json") return parseJson(text, file);
  // The yaml package makes an Error object for each problem it finds, and a hostile file has a
  // million: capturing their stack traces (never shown) would be most of the cost.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return parseYaml(text, file);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

// ─── JSON ──────────────────────────────────────────────────────────────────────────────────

type JsonNode = NonNullable<ReturnType<typeof sourceTree>>;

const JSON_HINTS: Record<string, string> = {
  "config/too-deep": "A config never nests this deep: check that this is the right file.",
};

function parseJson(text: string, file: string): ConfigResult {
  // parseSource refuses runaway nesting before parsing and reports syntax errors with positions.
  const parsed = parseSource(file, text);
  const tree = parsed.source ? sourceTree(parsed.source) : undefined;
  if (!parsed.source || !tree) {
    const errors = parsed.diagnostics.filter((d) => d.severity === "error");
    return {
      diagnostics: errors.map((d) => {
        const code = d.code.replace(/^parse\//, "config/");
        return {
          ...d,
          code,
          message: escapeControls(clip(d.message, 200)),
          hint: JSON_HINTS[code] ?? d.hint,
        };
      }),
    };
  }
  const { lineStarts } = parsed.source;
  const at = (offset: number) => offsetToLocation(lineStarts, offset);
  const found = new Findings();
  /** Every object's keys, for duplicate checks and for locate() in constant time per step. */
  const keys = new WeakMap<JsonNode, Map<string, JsonNode>>();

  const pointerOf = (node: JsonNode): string => {
    const tokens: string[] = [];
    for (let n: JsonNode | undefined = node; n?.parent;) {
      const parent: JsonNode = n.parent;
      if (parent.type === "property") {
        tokens.push(escapeToken(String(parent.children?.[0]?.value)));
        n = parent.parent;
      } else {
        tokens.push(String(parent.children?.indexOf(n) ?? 0));
        n = parent;
      }
    }
    return tokens
      .reverse()
      .map((t) => "/" + t)
      .join("");
  };

  // Depth is at most CONFIG_LIMITS.maxDepth here (parseSource checked), so recursion is safe.
  const build = (node: JsonNode): unknown => {
    switch (node.type) {
      case "object": {
        const object: Record<string, unknown> = {};
        const index = new Map<string, JsonNode>();
        keys.set(node, index);
        for (const property of node.children ?? []) {
          const [keyNode, valueNode] = property.children ?? [];
          if (!keyNode || !valueNode) continue;
          const key = String(keyNode.value);
          const first = index.get(key);
          if (first) {
            const firstKey = first.parent?.children?.[0] ?? first;
            found.add(() =>
              duplicateDiagnostic(
                file,
                pointerOf(valueNode),
                key,
                at(firstKey.offset).line,
                at(keyNode.offset),
                "object",
              ),
            );
            continue;
          }
          index.set(key, valueNode);
          assign(object, key, build(valueNode));
        }
        return object;
      }
      case "array":
        return (node.children ?? []).map(build);
      case "number": {
        const value = node.value as number;
        if (!Number.isFinite(value))
          found.add(() =>
            nonFiniteDiagnostic(
              file,
              pointerOf(node),
              value,
              text.slice(node.offset, node.offset + node.length),
              at(node.offset),
            ),
          );
        return value;
      }
      default:
        return node.value;
    }
  };
  const value = build(tree);
  if (found.any) return { diagnostics: found.diagnostics(file) };

  return {
    diagnostics: [],
    config: {
      value,
      locate(pointer) {
        let tokens: string[];
        try {
          tokens = parsePointer(pointer);
        } catch {
          return undefined;
        }
        // The deepest node the pointer reaches: a missing property points at its object.
        let node = tree;
        for (const token of tokens) {
          const next =
            node.type === "object"
              ? keys.get(node)?.get(token)
              : node.type === "array" && /^(0|[1-9]\d*)$/.test(token)
                ? node.children?.[Number(token)]
                : undefined;
          if (!next) break;
          node = next;
        }
        return at(node.offset);
      },
    },
  };
}

// ─── YAML ──────────────────────────────────────────────────────────────────────────────────

/** What a YAML node becomes: its value, how many values it holds once aliases are expanded, how deep it nests. */
interface Built {
  value: unknown;
  size: number;
  depth: number;
}

const NOTHING: Built = { value: null, size: 1, depth: 0 };

/** Thrown inside the YAML builder to stop at once (alias bombs); never escapes parseYaml. */
const STOP = Symbol("stop");

/** Offset of the first collection in a CST nested deeper than `limit`, walking without recursion. */
function cstDepthBeyond(tokens: readonly CST.Token[], limit: number): number | undefined {
  const stack: [CST.Token, number][] = tokens.map((t) => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (token.type === "document") {
      if (token.value) stack.push([token.value, depth]);
    } else if (
      token.type === "block-map" ||
      token.type === "block-seq" ||
      token.type === "flow-collection"
    ) {
      if (depth + 1 > limit) return token.offset;
      for (const item of token.items) {
        if ("key" in item && item.key) stack.push([item.key, depth + 1]);
        if (item.value) stack.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

function parseYaml(text: string, file: string, lookForCause = true): ConfigResult {
  const lineCounter = new LineCounter();
  const at = (offset: number): Location => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const tooDeep = (offset: number, pointer?: string): Diagnostic => ({
    severity: "error",
    code: "config/too-deep",
    message: `The config nests mappings and lists more than ${CONFIG_LIMITS.maxDepth} levels deep${pointer === undefined ? "" : " once its aliases are expanded"}.`,
    file,
    ...(pointer === undefined ? {} : { pointer: displayPointer(pointer) }),
    ...at(offset),
    hint: "A config never nests this deep: check that this is the right file.",
  });

  const moreThanOneDocument = (offset: number): Diagnostic => ({
    severity: "error",
    code: "config/invalid-yaml",
    message: "Invalid YAML: the file holds more than one document; a config is one.",
    file,
    ...at(offset),
    hint: "Remove the `---` and what follows it, or split the file.",
  });
  const tooMany = (offset: number): Diagnostic => ({
    severity: "error",
    code: "config/too-large",
    message: `The config holds more than ${CONFIG_LIMITS.maxYamlNodes} YAML nodes (keys, values and list items); this is where the limit is reached.`,
    file,
    ...at(offset),
    hint: "Check that this is the right file: a connector config holds a few dozen values.",
  });

  // 1. Text → CST. Flow nesting ([[[[…) is counted as it is lexed, so a runaway is refused before
  //    the parser spends time on it; block nesting is bounded by the file size and checked below.
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  let flow = 0;
  let scalarNext = false;
  let deep: number | undefined;
  let nodes = 0;
  let starts = 0;
  let ends = 0;
  for (const lexeme of new Lexer().lex(text, false)) {
    if (scalarNext) scalarNext = false;
    else if ((lexeme === "---" && ++starts > 1) || (lexeme === "..." && ++ends > 1)) {
      // A second `---` (or `...`) means a second document: stop before a file of them fills memory.
      return { diagnostics: [moreThanOneDocument(parser.offset)] };
    } else {
      const c = lexeme[0];
      // What becomes a node: scalars (plain ones follow a marker), aliases, list items, keys, values,
      // and flow collections, which cost the yaml package about three times as much.
      const cost =
        c === "[" || c === "{"
          ? 3
          : lexeme === CST.SCALAR ||
              c === '"' ||
              c === "'" ||
              c === "*" ||
              lexeme === "-" ||
              lexeme === "?" ||
              lexeme === ":"
            ? 1
            : 0;
      if (cost > 0 && (nodes += cost) > CONFIG_LIMITS.maxYamlNodes)
        return { diagnostics: [tooMany(parser.offset)] };
      if (lexeme === CST.SCALAR) scalarNext = true;
      else if (lexeme === "[" || lexeme === "{") {
        if (++flow > CONFIG_LIMITS.maxDepth) {
          deep = parser.offset;
          break;
        }
      } else if (lexeme === "]" || lexeme === "}") flow = Math.max(0, flow - 1);
      else if (lexeme === CST.DOCUMENT || lexeme === CST.FLOW_END) flow = 0;
    }
    for (const token of parser.next(lexeme)) tokens.push(token);
  }
  if (deep === undefined) {
    for (const token of parser.end()) tokens.push(token);
    // The composer recurses once per level: keep it far from the stack limit.
    deep = cstDepthBeyond(tokens, CONFIG_LIMITS.maxDepth);
  }
  if (deep !== undefined) {
    // Broken YAML can nest without meaning to (each `a: b: c` line opens a level): when the lines
    // before the deep one are invalid, that is the problem to report.
    const lineStart = lineCounter.lineStarts[lineCounter.linePos(deep).line - 1] ?? 0;
    if (lookForCause && lineStart > 0) {
      const before = parseYaml(text.slice(0, lineStart), file, false);
      if (before.diagnostics.some((d) => d.code === "config/invalid-yaml")) return before;
    }
    return { diagnostics: [tooDeep(deep)] };
  }

  // 2. CST → document. uniqueKeys is off: the yaml package checks each key against every earlier
  //    key of its mapping (quadratic); duplicates are found below with a Set per mapping instead.
  let doc: Document.Parsed | undefined;
  let second: Document.Parsed | undefined;
  for (const d of new Composer({ uniqueKeys: false, prettyErrors: false }).compose(
    tokens,
    true,
    text.length,
  )) {
    if (!doc) doc = d;
    else {
      second = d;
      break;
    }
  }
  tokens.length = 0; // the CST is no longer needed: let it be collected while the value is built
  if (!doc) return emptyFile(file);
  if (doc.errors.length > 0) {
    return {
      diagnostics: doc.errors.slice(0, 3).map((e) => ({
        severity: "error" as const,
        code: "config/invalid-yaml",
        message: `Invalid YAML: ${escapeControls(clip(e.message.split("\n")[0], 200))}`,
        file,
        ...at(e.pos[0]),
        hint: "Fix the YAML syntax at this position.",
      })),
    };
  }
  if (second) return { diagnostics: [moreThanOneDocument(second.range[0])] };
  if (doc.contents === null) return emptyFile(file);

  // 3. Document → value, in one pass: duplicate keys, non-finite numbers, unknown or circular
  //    aliases and alias expansion are checked here, not by yaml's toJS (which resolves each alias
  //    by scanning every anchor before it, and throws on bombs and unknown anchors).
  const found = new Findings();
  const anchors = new Map<string, Built | null>(); // null: still being built (an alias to it is a cycle)
  const path: string[] = [];
  const pointerHere = () => path.map((t) => "/" + escapeToken(t)).join("");
  type Range = { range?: readonly number[] | null } | null | undefined;
  const offsetOf = (node: Range) => node?.range?.[0] ?? 0;
  let aliasValues = 0;

  const problem = (
    node: Range,
    code: string,
    message: (pointer: string) => string,
    hint: string,
  ) => {
    found.add(() => {
      const pointer = displayPointer(pointerHere());
      return {
        severity: "error",
        code,
        message: message(pointer || "(root)"),
        file,
        pointer,
        ...at(offsetOf(node)),
        hint,
      };
    });
  };

  const alias = (node: Alias): Built => {
    const target = anchors.get(node.source);
    const name = quoted(node.source, 40);
    if (target === undefined) {
      problem(
        node,
        "config/unknown-anchor",
        (p) => `${p}: the alias *${name.slice(1, -1)} names no anchor defined before it.`,
        "Define the anchor (&name) before the alias, or check its spelling.",
      );
      return NOTHING;
    }
    if (target === null) {
      problem(
        node,
        "config/alias-cycle",
        (p) =>
          `${p}: the alias *${name.slice(1, -1)} is inside the value it names, so it would never end.`,
        "A config cannot contain itself: write the value out.",
      );
      return NOTHING;
    }
    aliasValues += target.size;
    if (aliasValues > CONFIG_LIMITS.maxAliasValues) {
      problem(
        node,
        "config/alias-expansion",
        (p) =>
          `${p}: aliases expand the config to more than ${CONFIG_LIMITS.maxAliasValues} values here (this alias, *${name.slice(1, -1)}, alone stands for ${target.size >= 1e15 ? "a vast number of" : target.size}).`,
        'Each alias is a full copy of what it names; a file like this (a "billion laughs") is refused. Use fewer aliases or write the values out.',
      );
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught by the caller
      throw STOP;
    }
    if (path.length + target.depth > CONFIG_LIMITS.maxDepth) {
      found.only(tooDeep(offsetOf(node), pointerHere()));
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel, caught by the caller
      throw STOP;
    }
    return target;
  };

  const scalar = (node: Scalar, isKey: boolean): Built => {
    let value: unknown = node.value;
    if (typeof value === "number" && !Number.isFinite(value) && !isKey) {
      const n = value;
      found.add(() =>
        nonFiniteDiagnostic(file, pointerHere(), n, node.source ?? String(n), at(offsetOf(node))),
      );
    } else if (typeof value === "bigint") value = Number(value);
    else if (
      value !== null &&
      typeof value === "object" &&
      typeof (value as { toJSON?: unknown }).toJSON === "function"
    )
      value = (value as { toJSON(): unknown }).toJSON(); // dates
    return { value, size: 1, depth: 0 };
  };

  /** A pair's key as the string it becomes in the config, or undefined (reported) when it cannot be one. */
  const keyOf = (pair: Pair): string | undefined => {
    if (pair.key === null || pair.key === undefined) return "";
    const built = build(pair.key as Parameters<typeof build>[0], true);
    if (built.value === null || built.value === undefined) return "";
    if (typeof built.value === "object") {
      problem(
        pair.key,
        "config/invalid-key",
        (p) => `${p}: a key here is a mapping or a list; config keys are strings.`,
        "Write the key as a string.",
      );
      return undefined;
    }
    return String(built.value);
  };

  const map = (node: YAMLMap): Built => {
    const object: Record<string, unknown> = {};
    const explicit = new Map<string, Pair>();
    let size = 1;
    let depth = 0;
    for (const pair of node.items) {
      // `<<` merge keys (only when the document enables them, as YAML 1.1 does): explicit keys win.
      if (isScalar(pair.key) && typeof pair.key.value === "symbol") {
        const sources = isSeq(pair.value)
          ? (pair.value.items as Parameters<typeof build>[0][])
          : [pair.value as Parameters<typeof build>[0]];
        for (const source of sources) {
          const merged = build(source, false);
          if (
            merged.value === null ||
            typeof merged.value !== "object" ||
            Array.isArray(merged.value)
          ) {
            problem(
              source,
              "config/invalid-merge",
              (p) => `${p}: a << merge needs a mapping or a list of mappings.`,
              "Merge an anchored mapping, e.g. <<: *defaults.",
            );
            continue;
          }
          for (const [key, value] of Object.entries(merged.value))
            if (!explicit.has(key) && !Object.prototype.hasOwnProperty.call(object, key))
              assign(object, key, value);
          size += merged.size;
          depth = Math.max(depth, merged.depth - 1);
        }
        continue;
      }
      const key = keyOf(pair);
      if (key === undefined) continue;
      path.push(key);
      const first = explicit.get(key);
      if (first) {
        found.add(() =>
          duplicateDiagnostic(
            file,
            pointerHere(),
            key,
            at(offsetOf(first.key as Range)).line,
            at(offsetOf(pair.key as Range)),
            "mapping",
          ),
        );
        build(pair.value as Parameters<typeof build>[0], false); // for the anchors it may define
        path.pop();
        continue;
      }
      explicit.set(key, pair);
      const value = build(pair.value as Parameters<typeof build>[0], false);
      path.pop();
      assign(object, key, value.value);
      size += value.size;
      depth = Math.max(depth, value.depth);
    }
    return { value: object, size, depth: depth + 1 };
  };

  const seq = (node: YAMLSeq): Built => {
    const array: unknown[] = [];
    let size = 1;
    let depth = 0;
    node.items.forEach((item, i) => {
      path.push(String(i));
      let built: Built;
      if (isPair(item)) {
        // A pair in a list (YAML 1.1 !!omap / !!pairs) becomes a one-key mapping.
        const key = keyOf(item);
        const value = build(item.value as Parameters<typeof build>[0], false);
        const object: Record<string, unknown> = {};
        if (key !== undefined) assign(object, key, value.value);
        built = { value: object, size: 1 + value.size, depth: value.depth + 1 };
      } else built = build(item as Parameters<typeof build>[0], false);
      path.pop();
      array.push(built.value);
      size += built.size;
      depth = Math.max(depth, built.depth);
    });
    return { value: array, size, depth: depth + 1 };
  };

  // Recursion is bounded: the CST check above limits nesting to CONFIG_LIMITS.maxDepth.
  function build(
    node: Alias | Scalar | YAMLMap | YAMLSeq | null | undefined,
    isKey: boolean,
  ): Built {
    if (node === null || node === undefined) return NOTHING;
    if (isAlias(node)) return alias(node);
    const anchor = node.anchor;
    if (anchor) anchors.set(anchor, null);
    const built = isScalar(node)
      ? scalar(node, isKey)
      : isMap(node)
        ? map(node)
        : isSeq(node)
          ? seq(node)
          : NOTHING;
    if (anchor) anchors.set(anchor, built);
    return built;
  }

  let value: unknown;
  try {
    value = build(doc.contents, false).value;
  } catch (e) {
    if (e !== STOP) throw e;
  }
  if (found.any) return { diagnostics: found.diagnostics(file) };

  /** Each mapping's keys, built on first use, so locate() costs one lookup per pointer token. */
  const keys = new WeakMap<YAMLMap, Map<string, Pair>>();
  const plainKey = (pair: Pair): string | undefined => {
    const k = pair.key;
    if (k === null || k === undefined) return "";
    if (!isScalar(k) || typeof k.value === "symbol") return undefined;
    return k.value === null ? "" : String(k.value);
  };
  const contents = doc.contents;
  return {
    diagnostics: [],
    config: {
      value,
      locate(pointer) {
        let tokens: string[];
        try {
          tokens = parsePointer(pointer);
        } catch {
          return undefined;
        }
        // The deepest node the pointer reaches; it stops at an alias (the alias is where it is written).
        let offset = offsetOf(contents);
        let node: unknown = contents;
        for (const token of tokens) {
          let next: unknown;
          let keyNode: unknown;
          if (isMap(node)) {
            let index = keys.get(node);
            if (!index) {
              index = new Map();
              for (const pair of node.items) {
                const k = plainKey(pair);
                if (k !== undefined && !index.has(k)) index.set(k, pair);
              }
              keys.set(node, index);
            }
            const pair = index.get(token);
            next = pair?.value;
            keyNode = pair?.key;
          } else if (isSeq(node) && /^(0|[1-9]\d*)$/.test(token)) next = node.items[Number(token)];
          const range =
            (next as { range?: number[] } | null | undefined)?.range ??
            (keyNode as { range?: number[] } | null | undefined)?.range;
          if (!range) break;
          offset = range[0];
          node = next;
          if (!next || isAlias(next)) break;
        }
        return at(offset);
      },
    },
  };
}

/** `${NAME}` anywhere in a string value of a config. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Replaces `${NAME}` in every string of a config with the environment variable NAME, so configs
 * can keep secrets out of the file. Returns the pointers of references to unset variables.
 */
export function substituteEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  pointer = "",
  missing: { pointer: string; name: string }[] = [],
): { value: unknown; missing: { pointer: string; name: string }[]; substituted: string[] } {
  // Where a value came from the environment: it may be a token, so it is never shown.
  const substituted: string[] = [];
  const go = (v: unknown, p: string): unknown => {
    if (typeof v === "string")
      return v.replace(ENV_REFERENCE, (whole, name: string) => {
        const found = env[name];
        if (found === undefined) {
          missing.push({ pointer: p, name });
          return whole;
        }
        if (substituted.at(-1) !== p) substituted.push(p);
        return found;
      });
    if (Array.isArray(v)) return v.map((item, i) => go(item, `${p}/${i}`));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v).map(([k, item]) => [
          k,
          go(item, `${p}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`),
        ]),
      );
    return v;
  };
  return { value: go(value, pointer), missing, substituted };
}
