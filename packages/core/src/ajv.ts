import { createRequire } from "node:module";
import type AjvModule from "ajv";
import type { Logger, Options } from "ajv";
import type Ajv2020Module from "ajv/dist/2020.js";
import type addFormatsModule from "ajv-formats";
import { DIALECT_KEYWORDS } from "./vocabulary.js";

// ajv and ajv-formats are CommonJS; under NodeNext their classes arrive on `.default`.
type AjvInstance = InstanceType<typeof AjvModule.default>;
const require = createRequire(import.meta.url);

/**
 * ajv's classes and ajv-formats, required on first use: loading them is ~45 ms, and runs that
 * compile nothing (a `generate` with nothing changed, `--check`, `check`) never pay it. The
 * meta-schema checks use precompiled validators (meta-schema-validators.ts), not ajv.
 */
let ajvClasses:
  | {
      Ajv07: typeof AjvModule.default;
      Ajv2020: typeof Ajv2020Module.default;
      addFormats: typeof addFormatsModule.default;
    }
  | undefined;

function loadAjv(): NonNullable<typeof ajvClasses> {
  ajvClasses ??= {
    Ajv07: (require("ajv") as typeof AjvModule).default,
    Ajv2020: (require("ajv/dist/2020.js") as typeof Ajv2020Module).default,
    addFormats: (require("ajv-formats") as typeof addFormatsModule).default,
  };
  return ajvClasses;
}

export type { AjvInstance };
export type Draft = "draft-07" | "2020-12";

/** Names ajv accepts for a keyword; vendor keywords outside this (e.g. `default"`) are dropped before compiling. */
export function isAjvKeywordName(name: string): boolean {
  return /^[a-z_$][a-z0-9_$:-]*$/i.test(name);
}

/** At most this many of an instance's log messages are kept (a long-lived instance compiles many schemas). */
const MAX_LOGGED = 200;
const logged = new WeakMap<object, string[]>();

/**
 * A logger that never writes to the console: what ajv would have printed (`unknown format "x"
 * ignored in schema at path "#"`, `$ref: keywords ignored …`) is kept for `takeAjvMessages()`.
 * Output around onespec's diagnostics, `--format json` above all, stays only the diagnostics.
 */
function quietLogger(messages: string[]): Logger {
  const keep = (...args: unknown[]) => {
    if (messages.length < MAX_LOGGED) messages.push(args.map(String).join(" "));
  };
  return { log: keep, warn: keep, error: keep };
}

/**
 * What ajv logged on an instance made by `createAjv` since the last call, oldest first: for a
 * caller that can turn a message into a located diagnostic. Everything else is dropped.
 */
export function takeAjvMessages(ajv: object): string[] {
  const messages = logged.get(ajv);
  return messages ? messages.splice(0) : [];
}

/** An ajv instance with formats and the onespec dialect registered as annotation keywords. */
export function createAjv(
  options: Options = {},
  draft: Draft = "draft-07",
  extraKeywords: Iterable<string> = [],
): AjvInstance {
  const { Ajv07, Ajv2020, addFormats } = loadAjv();
  const AjvClass = draft === "2020-12" ? Ajv2020 : Ajv07;
  const messages: string[] = [];
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    // Valid JSON Schema that strict mode refuses (the JSON-Schema-Test-Suite has 146 such groups):
    // a tuple without minItems/maxItems, `if` without `then`, `minContains: 0`, `additionalItems`
    // beside a non-tuple `items`, a property also matched by patternProperties. What ajv would
    // say of them goes to the quiet logger.
    strictTuples: false,
    // (`strict: false` from a caller still means what it says: ajv's strictSchema follows it.)
    strictSchema: options.strict === false ? false : "log",
    allowMatchingProperties: true,
    allowUnionTypes: true,
    discriminator: true,
    logger: quietLogger(messages),
    ...options,
  });
  logged.set(ajv, messages);
  addFormats(ajv);
  for (const [keyword, type] of Object.entries(DIALECT_KEYWORDS))
    ajv.addKeyword({ keyword, schemaType: type });
  for (const keyword of extraKeywords)
    if (isAjvKeywordName(keyword) && !ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  return ajv;
}

// (Kept here for the callers that knew it as ajv's: it no longer compiles with ajv.)
export { metaSchemaValidator } from "./meta-schema-validators.js";
