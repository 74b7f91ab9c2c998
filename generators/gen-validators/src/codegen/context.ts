/**
 * What the code of one subschema is written against: the module being built (its constants and
 * helpers, the functions of referenced schemas), the function's emitter, and where the
 * subschema sits in the data (variable, instance path) and in the schema (ajv's schemaPath).
 */
import type { Emitter } from "./emitter.js";
import { escapeJsonPointer, lit } from "./literal.js";

/** A run-time helper the generated code uses. */
export type Helper = "equal" | "ucs2length" | "formats";

export interface ModuleState {
  /** Names a module-level constant with `init` as its value (the same init, the same name). */
  constant(prefix: string, init: string): string;
  /** Marks a helper used; returns the local name it has in the code. */
  helper(h: Helper): string;
  /** The local name of the function validating the schema at `ref` (compiled or imported). */
  functionFor(ref: string): string;
  /** The schema node at `ref` (a canonical `<uri>#<pointer>`), or undefined. */
  resolve(ref: string): unknown;
  ownProperties: boolean;
  options: OwnOptions;
  /** Whether ajv has a rule for the keyword (its RULES.all), with these options. */
  isRule(keyword: string): boolean;
}

/**
 * ajv options reproduced beyond onespec's own set-up (model-ajv.ts), for an ajv made as
 * @rjsf/validator-ajv8 makes it (gen-forms' rjsf-ajv.ts).
 */
export interface OwnOptions {
  /** ajv's `verbose`: each error also carries `schema`, `parentSchema` and `data`. */
  verbose?: boolean;
  /** ajv's `multipleOfPrecision`. */
  multipleOfPrecision?: number;
  /** Formats added with `ajv.addFormat` over ajv-formats': a RegExp is checked, `true` is not. */
  formats?: Readonly<Record<string, RegExp | true>>;
  /** ajv's `inlineRefs: true` (its default): a `$ref` target with no `$ref` in it is inlined. */
  inlineRefs?: boolean;
  /** `#…` references resolved against the URI of the document they sit in (ajv's baseId). */
  relativeRefs?: boolean;
  /**
   * Only ajv's own keywords are rules (an ajv with no onespec dialect or vendor keywords
   * registered, `strict: false`): this decides which `$ref` schemas a discriminator follows.
   */
  plainAjvRules?: boolean;
}

/** One piece of an instance path: text known when compiling, or an expression of the run. */
export type PathPart = { text: string } | { index: string } | { key: string };

export interface Ctx {
  m: ModuleState;
  e: Emitter;
  schema: Record<string, unknown>;
  /** The variable holding the value being validated. */
  data: string;
  /** The instance path below the function's `instancePath`. */
  path: readonly PathPart[];
  /** ajv's errSchemaPath: `#` and the pointer from the function's schema, as URI fragment. */
  schemaPath: string;
  parentData: string;
  parentDataProperty: string;
  /** The expression of the schema object (ajv's topSchemaRef + schemaPath), for `verbose`. */
  schemaRef: string;
  /** The URI of the document the schema sits in, for `relativeRefs`. */
  base: string;
  /** Inside propertyNames: the variable holding the property name (ajv adds it to errors). */
  propertyName?: string;
}

/** The expression of the instance path (ajv's `instancePath + errorPath`). */
export function instancePathCode(path: readonly PathPart[]): string {
  if (path.length === 0) return "instancePath";
  const parts: string[] = [];
  let text = "";
  for (const p of path) {
    if ("text" in p) {
      text += p.text;
      continue;
    }
    if ("index" in p) {
      parts.push(lit(text + "/"), p.index);
    } else {
      parts.push(lit(text + "/"), `${p.key}.replace(/~/g, "~0").replace(/\\//g, "~1")`);
    }
    text = "";
  }
  if (text) parts.push(lit(text));
  return ["instancePath", ...parts].join(" + ");
}

/** The path part of a property known when compiling. */
export function propertyPart(name: string | number): PathPart {
  return { text: `/${escapeJsonPointer(name)}` };
}
