import AjvModule, { type Options } from "ajv";
import Ajv2020Module from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { DIALECT_KEYWORDS } from "./vocabulary.js";

// ajv and ajv-formats are CommonJS; under NodeNext their classes arrive on `.default`.
type AjvInstance = InstanceType<typeof AjvModule.default>;
const Ajv07 = AjvModule.default;
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export type { AjvInstance };
export type Draft = "draft-07" | "2020-12";

/** Names ajv accepts for a keyword; vendor keywords outside this (e.g. `default"`) are dropped before compiling. */
export function isAjvKeywordName(name: string): boolean {
  return /^[a-z_$][a-z0-9_$:-]*$/i.test(name);
}

/** An ajv instance with formats and the onespec dialect registered as annotation keywords. */
export function createAjv(options: Options = {}, draft: Draft = "draft-07", extraKeywords: Iterable<string> = []): AjvInstance {
  const AjvClass = draft === "2020-12" ? Ajv2020 : Ajv07;
  const ajv = new AjvClass({
    allErrors: true,
    strict: true,
    strictTypes: false,
    strictRequired: false,
    allowUnionTypes: true,
    discriminator: true,
    ...options,
  }) as AjvInstance;
  addFormats(ajv);
  for (const [keyword, type] of Object.entries(DIALECT_KEYWORDS)) ajv.addKeyword({ keyword, schemaType: type });
  for (const keyword of extraKeywords) if (isAjvKeywordName(keyword) && !ajv.getKeyword(keyword)) ajv.addKeyword({ keyword });
  return ajv;
}
