import createAjvInstance from "@rjsf/validator-ajv8/lib/createAjvInstance.js";
import Ajv2020Module from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { createRjsfAjv } from "../src/rjsf-ajv.js";

// The forms generator makes RJSF's ajv itself (src/rjsf-ajv.ts) instead of importing RJSF's
// createAjvInstance; the precompiled form validators are only right while both agree.
type AnyAjv = {
  opts: Record<string, unknown>;
  formats: Record<string, unknown>;
  RULES: { keywords: Record<string, unknown> };
};

function describeAjv(ajv: AnyAjv) {
  const { code: _code, ...opts } = ajv.opts;
  return { opts, keywords: Object.keys(ajv.RULES.keywords).sort() };
}

/**
 * The formats: RJSF resolves its own ajv-formats (2.x beside it), the generator the workspace's
 * (3.x), which knows two more (iso-time, iso-date-time). Which regex a format has does not reach
 * the generated code (it imports the formats at run time by name), which names are known does:
 * every format RJSF knows, the generator's ajv knows, with RJSF's own two exactly as RJSF has them.
 */
function formatsAgree(ours: AnyAjv, rjsf: AnyAjv): void {
  expect(Object.keys(ours.formats)).toEqual(expect.arrayContaining(Object.keys(rjsf.formats)));
  for (const name of ["color", "data-url"])
    expect(String(ours.formats[name])).toBe(String(rjsf.formats[name]));
}

const cases: { name: string; formats: Record<string, true>; overrides: object; Ajv: unknown }[] = [
  { name: "draft-07, no custom formats", formats: {}, overrides: {}, Ajv: undefined },
  {
    name: "draft-07, custom formats and onespec's overrides",
    formats: { "x-custom": true, hostname2: true },
    overrides: { discriminator: true, validateSchema: false, ownProperties: true },
    Ajv: undefined,
  },
  {
    name: "2020-12",
    formats: { "x-custom": true },
    overrides: { discriminator: true },
    Ajv: Ajv2020Module.default,
  },
];

describe("createRjsfAjv makes the ajv RJSF's createAjvInstance makes", () => {
  for (const c of cases)
    it(c.name, () => {
      const ours = createRjsfAjv(c.formats, c.overrides, c.Ajv as never) as unknown as AnyAjv;
      const rjsf = createAjvInstance(
        undefined,
        c.formats as never,
        c.overrides,
        undefined,
        c.Ajv as never,
      ) as unknown as AnyAjv;
      expect(describeAjv(ours)).toEqual(describeAjv(rjsf));
      formatsAgree(ours, rjsf);
    });
});
