import { describe, expect, it } from "vitest";
import {
  createSchemaUtils,
  getDiscriminatorFieldFromSchema,
  hashForSchema,
  JUNK_OPTION_ID,
  type RJSFSchema,
  type ValidatorType,
} from "@rjsf/utils";
import { loadTree, type JsonObject } from "@onespec/core";
import { caseNames, CORPUS_DIR, loadCase } from "@onespec/test-fixtures";
import { formSchema } from "../src/index.js";
import { formSubSchemas } from "../src/sub-schemas.js";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Every oneOf/anyOf container reachable through properties (and the branches' properties), with its data path. */
function selectors(
  schema: unknown,
  path: string[] = [],
  out: { path: string[]; schema: Json }[] = [],
  depth = 0,
): { path: string[]; schema: Json }[] {
  if (!isObject(schema) || depth > 10) return out;
  const options = [
    ...(Array.isArray(schema.oneOf) ? schema.oneOf : []),
    ...(Array.isArray(schema.anyOf) ? schema.anyOf : []),
  ];
  if (options.length) out.push({ path, schema });
  for (const member of [schema, ...options, ...(Array.isArray(schema.allOf) ? schema.allOf : [])])
    if (isObject(member) && isObject(member.properties))
      for (const [name, child] of Object.entries(member.properties))
        selectors(child, [...path, name], out, depth + 1);
  return out;
}

function setAt(data: Json, path: string[], value: unknown): Json {
  if (path.length === 0) return isObject(value) ? value : data;
  const [head, ...rest] = path;
  const child = isObject(data[head]) ? data[head] : {};
  return { ...data, [head]: rest.length ? setAt(child, rest, value) : value };
}

/**
 * What RJSF asks isValid() about while a user goes through a form: its schema utilities run on
 * data with each option of each selector chosen (with and without the option's tag, the way
 * RJSF sees a branch before its defaults are filled in). Returns the keys it asked for.
 */
function keysAskedAtRunTime(schema: JsonObject): Map<string, unknown> {
  const asked = new Map<string, unknown>();
  const validator = {
    isValid(s: RJSFSchema) {
      if (s.$id !== JUNK_OPTION_ID) asked.set(s.$id ?? hashForSchema(s), s);
      return false;
    },
    validateFormData: () => ({ errors: [], errorSchema: {} }),
    rawValidation: () => ({}),
    toErrorList: () => [],
  } as unknown as ValidatorType;
  const root = schema as RJSFSchema;
  const utils = createSchemaUtils(validator, root);
  const datas: unknown[] = [undefined, {}];
  for (const { path, schema: container } of selectors(schema)) {
    const options = (container.oneOf ?? container.anyOf) as RJSFSchema[];
    const tag = getDiscriminatorFieldFromSchema(container as RJSFSchema);
    for (const option of options) {
      const defaults = utils.getDefaultFormState(option, undefined);
      const value = isObject(defaults) ? defaults : {};
      datas.push(setAt({}, path, value));
      if (tag) {
        const { [tag]: _dropped, ...untagged } = value;
        datas.push(setAt({}, path, untagged));
      }
    }
  }
  for (const data of datas) {
    const full = utils.getDefaultFormState(root, data);
    utils.retrieveSchema(root, full);
    for (const { path, schema: container } of selectors(schema)) {
      const value = path.reduce<unknown>((n, k) => (isObject(n) ? n[k] : undefined), full);
      utils.retrieveSchema(container, value);
      const options = ((container.oneOf ?? container.anyOf) as RJSFSchema[]).map((o) =>
        utils.retrieveSchema(o, value as never),
      );
      utils.getClosestMatchingOption(
        value,
        options,
        0,
        getDiscriminatorFieldFromSchema(container as RJSFSchema),
      );
    }
  }
  return asked;
}

describe("formSubSchemas", () => {
  it("collects the options of a oneOf inside a branch of another (RJSF's schemaParser misses them)", () => {
    const schema: JsonObject = {
      type: "object",
      properties: {
        auth: {
          type: "object",
          oneOf: [
            {
              title: "Token",
              type: "object",
              required: ["kind"],
              properties: { kind: { const: "token" }, token: { type: "string" } },
            },
            {
              title: "Login",
              type: "object",
              required: ["kind"],
              properties: {
                kind: { const: "login" },
                method: {
                  type: "object",
                  oneOf: [
                    {
                      title: "Password",
                      type: "object",
                      additionalProperties: false,
                      required: ["password"],
                      properties: { password: { type: "string" } },
                    },
                    {
                      title: "Code",
                      type: "object",
                      additionalProperties: false,
                      required: ["digits"],
                      properties: { digits: { type: "integer" } },
                    },
                  ],
                },
              },
            },
          ],
        },
      },
    };
    const collected = formSubSchemas(schema);
    const asked = keysAskedAtRunTime(schema);
    expect([...asked.keys()].filter((k) => !(k in collected))).toEqual([]);
    // The nested options, as RJSF asks about them (augmented with "any of its properties").
    expect(Object.values(collected).some((s) => s.title === "Code")).toBe(true);
  });

  it.each(caseNames())(
    "case %s: every sub-schema RJSF asks about at run time is compiled",
    async (name) => {
      const model = await loadCase(name);
      for (const c of model.connectors) {
        const schema = formSchema(model, c);
        const collected = formSubSchemas(schema);
        expect([...keysAskedAtRunTime(schema).keys()].filter((k) => !(k in collected))).toEqual([]);
      }
    },
  );

  it("the Airbyte corpus: every sub-schema RJSF asks about at run time is compiled", async () => {
    const model = await loadTree({ root: CORPUS_DIR, entries: ["*.json"], cwd: CORPUS_DIR });
    const failed = new Set(
      model.diagnostics.filter((d) => d.severity === "error").map((d) => d.file),
    );
    let checked = 0;
    const missing: string[] = [];
    for (const c of model.connectors) {
      if (failed.has(model.docs.get(c.entry)!.source.displayPath)) continue;
      const schema = formSchema(model, c);
      const collected = formSubSchemas(schema);
      for (const [key, s] of keysAskedAtRunTime(schema))
        if (!(key in collected)) missing.push(`${c.name}: ${JSON.stringify(s).slice(0, 120)}`);
      checked++;
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(300);
  }, 120_000);
});
