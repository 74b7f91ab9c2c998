import { createRequire } from "node:module";
import AjvModule, {
  type AnySchemaObject,
  type Logger,
  type Options,
  type ValidateFunction,
} from "ajv";
import Ajv2019Module from "ajv/dist/2019.js";
import Ajv2020Module from "ajv/dist/2020.js";
import Ajv04Module from "ajv-draft-04";
import addFormatsModule from "ajv-formats";
import { DIALECT_KEYWORDS } from "./vocabulary.js";
import { DRAFT_URIS, type SourceDraft } from "./draft-convert.js";

// ajv and ajv-formats are CommonJS; under NodeNext their classes arrive on `.default`.
type AjvInstance = InstanceType<typeof AjvModule.default>;
const Ajv07 = AjvModule.default;
const Ajv2019 = Ajv2019Module.default;
const Ajv2020 = Ajv2020Module.default;
const Ajv04 = Ajv04Module.default;
const addFormats = addFormatsModule.default;
const require = createRequire(import.meta.url);

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

const metaValidators = new Map<SourceDraft, ValidateFunction>();

/**
 * The validator of a draft's own meta-schema (draft-04 through 2020-12), made once per draft: a
 * document is checked against the draft it declares, before it is converted to the draft its
 * generators use.
 */
export function metaSchemaValidator(draft: SourceDraft): ValidateFunction {
  let validate = metaValidators.get(draft);
  if (validate) return validate;
  const options: Options = {
    allErrors: true,
    strict: false,
    validateSchema: false,
    logger: quietLogger([]),
  };
  const ajv =
    draft === "draft-04"
      ? new Ajv04(options)
      : draft === "2019-09"
        ? new Ajv2019(options)
        : draft === "2020-12"
          ? new Ajv2020(options)
          : new Ajv07(options);
  addFormats(ajv);
  if (draft === "draft-06")
    ajv.addMetaSchema(require("ajv/dist/refs/json-schema-draft-06.json") as AnySchemaObject);
  const uri = DRAFT_URIS[draft];
  validate = ajv.getSchema(uri) ?? ajv.getSchema(uri.replace(/#$/, ""));
  if (!validate) throw new Error(`ajv has no meta-schema for ${draft}`);
  metaValidators.set(draft, validate);
  return validate;
}
