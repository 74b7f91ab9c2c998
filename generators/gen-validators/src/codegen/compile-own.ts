/**
 * onespec's own validator compiler: the validators of one schema document (its validator view,
 * validator-view.ts) as JavaScript that behaves exactly as ajv's compiled functions do (same
 * calling convention, same `errors`, in the same order, allErrors), written as text in one pass.
 * It covers the draft-07 keywords the connector trees use; anything else answers `unsupported`
 * and the caller compiles the document with ajv instead. Functions of other documents are either
 * imported (`external`) or compiled into this module, as ajv's standalone code would.
 */
import type { Ctx, Helper, ModuleState, OwnOptions } from "./context.js";
import { Emitter } from "./emitter.js";
import { lit } from "./literal.js";
import { alwaysValid, isPlainAjvRule, isRule } from "./rules.js";
import { schemaObjectCode } from "./schema-code.js";
import { Unsupported, unsupported } from "./unsupported.js";

export type { OwnOptions } from "./context.js";

export interface ExternalExport {
  /** The module to import it from (as written in the import). */
  module: string;
  exportName: string;
}

export interface OwnInput {
  /** Validator view of each document the document reaches, by canonical URI. */
  views: ReadonlyMap<string, unknown>;
  /** The function to export under each name: a canonical `<uri>` or `<uri>#<pointer>`. */
  exports: Record<string, string>;
  /** Where the function of a `$ref` target lives when it is not compiled into this module. */
  external?: (ref: string) => ExternalExport | undefined;
  ownProperties: boolean;
  /** ajv options other than onespec's (none: ajv as model-ajv.ts makes it). */
  options?: OwnOptions;
}

export interface OwnCompiled {
  /** Constants and function declarations (no imports, no exports). */
  body: string;
  /** Local function name of each export. */
  exports: Record<string, string>;
  /** Functions of other modules the body calls, under local names. */
  externals: Array<{ local: string; ref: string } & ExternalExport>;
  helpers: Helper[];
}

const HELPER_NAMES: Record<Helper, string> = {
  equal: "equal",
  ucs2length: "ucs2length",
  formats: "formats",
};

/** The schema at a canonical reference, or undefined when it names nothing in `views`. */
export function resolveRef(views: ReadonlyMap<string, unknown>, ref: string): unknown {
  const hash = ref.indexOf("#");
  const uri = hash < 0 ? ref : ref.slice(0, hash);
  const fragment = hash < 0 ? "" : ref.slice(hash + 1);
  let node = views.get(uri);
  if (node === undefined) return undefined;
  if (fragment === "") return node;
  if (!fragment.startsWith("/")) return undefined;
  for (const segment of fragment.slice(1).split("/")) {
    if (node === null || typeof node !== "object") return undefined;
    let key: string;
    try {
      key = decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~");
    } catch {
      return undefined;
    }
    if (!Object.prototype.hasOwnProperty.call(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/**
 * The target a discriminator reads a `$ref` branch from: ajv follows a fragment that points at
 * a schema that is only a `$ref` on to its target (compile/index.ts getJsonPointer).
 */
function followPureRefs(
  views: ReadonlyMap<string, unknown>,
  ref: string,
  rule: (keyword: string) => boolean,
  relative: boolean,
): unknown {
  let node = resolveRef(views, ref);
  for (let hops = 0; hops < 100 && ref.includes("#/"); hops++) {
    if (node === null || typeof node !== "object") return node;
    let next = (node as Record<string, unknown>).$ref;
    if (relative && typeof next === "string" && next.startsWith("#"))
      next = ref.slice(0, ref.indexOf("#")) + next;
    if (typeof next !== "string" || Object.keys(node).some((k) => k !== "$ref" && rule(k)))
      return node;
    ref = next;
    node = resolveRef(views, ref);
  }
  return node;
}

export function compileOwn(input: OwnInput): OwnCompiled | { unsupported: string } {
  try {
    return compile(input);
  } catch (e) {
    if (e instanceof Unsupported) return { unsupported: e.message };
    // A schema this compiler trips over is still ajv's to compile (the differential test's
    // coverage floors notice when that happens to a tested schema).
    return { unsupported: `the own compiler failed: ${(e as Error).message}` };
  }
}

function compile(input: OwnInput): OwnCompiled {
  const { views } = input;
  const constants = new Map<string, string>();
  const constantLines: string[] = [];
  const constantCounters = new Map<string, number>();
  const helpers = new Set<Helper>();
  const functionNames = new Map<unknown, string>();
  const pending: Array<{ name: string; node: unknown; ref: string }> = [];
  const externals: OwnCompiled["externals"] = [];
  const externalByRef = new Map<string, string>();

  const localFunction = (node: unknown, ref: string): string => {
    let name = functionNames.get(node);
    if (!name) {
      name = `validate${functionNames.size}`;
      functionNames.set(node, name);
      pending.push({ name, node, ref });
    }
    return name;
  };

  const options = input.options ?? {};
  const rule = options.plainAjvRules ? isPlainAjvRule : isRule;
  const m: ModuleState = {
    constant(prefix, init) {
      const key = `${prefix}\u0000${init}`;
      let name = constants.get(key);
      if (!name) {
        const n = constantCounters.get(prefix) ?? 0;
        constantCounters.set(prefix, n + 1);
        name = `${prefix}${n}`;
        constants.set(key, name);
        constantLines.push(`const ${name} = ${init};`);
      }
      return name;
    },
    helper(h) {
      helpers.add(h);
      return HELPER_NAMES[h];
    },
    functionFor(ref) {
      const known = externalByRef.get(ref);
      if (known) return known;
      const ext = input.external?.(ref);
      if (ext) {
        const local = `imported${externals.length}`;
        externals.push({ local, ref, ...ext });
        externalByRef.set(ref, local);
        return local;
      }
      // With inlineRefs, ajv compiles the schema it reaches through `$ref`-only schemas.
      const node = options.inlineRefs
        ? followPureRefs(views, ref, rule, options.relativeRefs === true)
        : resolveRef(views, ref);
      if (node === undefined) unsupported(`$ref ${ref} does not resolve`);
      return localFunction(node, ref);
    },
    resolve: (ref) => followPureRefs(views, ref, rule, options.relativeRefs === true),
    ownProperties: input.ownProperties,
    options,
    isRule: rule,
  };

  const exports: Record<string, string> = {};
  for (const name of Object.keys(input.exports).sort()) {
    const node = resolveRef(views, input.exports[name]);
    if (node === undefined) unsupported(`export ${input.exports[name]} does not resolve`);
    exports[name] = localFunction(node, input.exports[name]);
  }
  const functions: string[] = [];
  for (let i = 0; i < pending.length; i++) {
    const { name, node, ref } = pending[i];
    functions.push(`// Validates ${commentRef(ref)}\n${functionCode(m, name, node, ref)}`);
  }
  const body = [...constantLines, ...(constantLines.length ? [""] : []), functions.join("\n\n")];
  return {
    body: body.join("\n"),
    exports,
    externals,
    helpers: [...helpers].sort(),
  };
}

/**
 * A schema's canonical reference for a line comment: as is when it holds only URI characters
 * (canonical references are percent-encoded), else as a JSON string (no line break gets through).
 */
function commentRef(ref: string): string {
  return /^[\w:/.#%~@!$&'()*+,;=?-]*$/.test(ref) ? ref : lit(ref);
}

function functionCode(m: ModuleState, name: string, node: unknown, ref: string): string {
  const e = new Emitter(1);
  const head = `function ${name}(data, { instancePath = "", parentData, parentDataProperty, rootData = data } = {}) {`;
  if (typeof node === "boolean" || alwaysValid(node)) {
    if (node === false) {
      const verbose = m.options.verbose ? ", schema: false, parentSchema: false, data" : "";
      e.line(
        `${name}.errors = [{ instancePath, schemaPath: "#/false schema", keyword: "false schema", params: {}, message: ${lit("boolean schema is false")}${verbose} }];`,
      );
      e.line("return false;");
    } else {
      e.line(`${name}.errors = null;`);
      e.line("return true;");
    }
    return [head, e.text(), "}"].join("\n");
  }
  e.line("let vErrors = null;");
  e.line("let errors = 0;");
  const ctx: Ctx = {
    m,
    e,
    schema: node as Record<string, unknown>,
    data: "data",
    path: [],
    schemaPath: "#",
    parentData: "parentData",
    parentDataProperty: "parentDataProperty",
    // ajv's standalone code names each function's schema once (its topSchemaRef).
    schemaRef: m.options.verbose ? m.constant("schema", lit(node)) : "",
    base: ref.includes("#") ? ref.slice(0, ref.indexOf("#")) : ref,
  };
  schemaObjectCode(ctx);
  e.line(`${name}.errors = vErrors;`);
  e.line("return errors === 0;");
  return [head, e.text(), "}"].join("\n");
}

const HELPER_MODULES: Record<Helper, { module: string; line: (ns: string) => string }> = {
  equal: {
    module: "@onespec/runtime/equal",
    line: () => `import { jsonEqual as equal } from "@onespec/runtime/equal";`,
  },
  ucs2length: {
    module: "ajv/dist/runtime/ucs2length.js",
    line: (ns) => `import * as ${ns} from "ajv/dist/runtime/ucs2length.js";`,
  },
  formats: {
    module: "ajv-formats/dist/formats.js",
    line: (ns) => `import * as ${ns} from "ajv-formats/dist/formats.js";`,
  },
};

/**
 * The compiled document as an ES module: `imports` (the helpers, other documents' functions)
 * and `code` (constants, `export const <name> = validateN;` lines, the functions).
 */
export function ownModuleCode(c: OwnCompiled): { code: string; imports: string[] } {
  const imports: string[] = [];
  const prelude: string[] = [];
  // A CommonJS module arrives as { default: module.exports } in Node ESM, and unwrapped in
  // bundlers that honour __esModule (as standalone.ts's requireToImport reads ajv's helpers).
  const unwrap = (ns: string) =>
    `(${ns}.default && ${ns}.default.__esModule ? ${ns}.default : ${ns})`;
  for (const h of c.helpers) {
    const ns = `${h}_ns`;
    imports.push(HELPER_MODULES[h].line(ns));
    if (h === "ucs2length") prelude.push(`const ucs2length = ${unwrap(ns)}.default;`);
    if (h === "formats") prelude.push(`const formats = ${unwrap(ns)}.fullFormats;`);
  }
  const byModule = new Map<string, string[]>();
  for (const x of c.externals) {
    const names = byModule.get(x.module) ?? [];
    names.push(`${x.exportName} as ${x.local}`);
    byModule.set(x.module, names);
  }
  for (const [module, names] of [...byModule].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    imports.push(`import { ${names.join(", ")} } from ${lit(module)};`);
  const exportLines = Object.entries(c.exports).map(
    ([name, local]) => `export const ${name} = ${local};`,
  );
  const code = [...prelude, ...exportLines, "", c.body, ""].join("\n");
  return { code, imports };
}

/** Run-time helpers for `instantiate`, as the generated modules import them. */
export interface RuntimeHelpers {
  equal: (a: unknown, b: unknown) => boolean;
  ucs2length: (s: string) => number;
  formats: Record<string, unknown>;
}

export interface Instance {
  exports: Record<string, ValidateFunction>;
  /** Binds the functions of other modules the code calls, by local name. */
  link(externals: Record<string, ValidateFunction>): void;
}

export interface ValidateFunction {
  (data: unknown, context?: object): boolean;
  errors?: unknown[] | null;
}

/**
 * The body with each function written as a parenthesised expression (`const validate0 =
 * (function validate0(…) {…});`), which V8 compiles when it meets it: as declarations, it
 * pre-parsed each one and parsed it again on its first call, and the fixtures call every
 * function of a fresh connector a few times only (a fifth less time on 1,000 connectors). Only
 * here: a module's functions stay declarations, compiled when first called, so loading one costs
 * no more than it must. A function starts at a line `function validateN(` and ends at a line
 * `}`, the only lines of the body that are not indented besides the constants' (functionCode).
 */
function eagerFunctions(body: string): string {
  return body
    .split("\n")
    .map((line) =>
      line === "}"
        ? "});"
        : line.startsWith("function ")
          ? line.replace(/^function (\w+)\(/, "const $1 = (function $1(")
          : line,
    )
    .join("\n");
}

/** The compiled document evaluated in this process (each function compiled once by V8). */
export function instantiate(c: OwnCompiled, helpers: RuntimeHelpers): Instance {
  const locals = c.externals.map((x) => x.local);
  const source = [
    ...(locals.length ? [`let ${locals.join(", ")};`] : []),
    eagerFunctions(c.body),
    `return {`,
    `  exports: { ${Object.entries(c.exports)
      .map(([n, l]) => `${lit(n)}: ${l}`)
      .join(", ")} },`,
    `  link(x) { ${locals.map((l) => `${l} = x.${l};`).join(" ")} },`,
    `};`,
  ].join("\n");
  const factory = new Function("equal", "ucs2length", "formats", source) as (
    ...args: unknown[]
  ) => Instance;
  return factory(helpers.equal, helpers.ucs2length, helpers.formats);
}
