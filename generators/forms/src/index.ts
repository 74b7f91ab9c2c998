import { compileSchemaValidatorsCode } from "@rjsf/validator-ajv8/compileSchemaValidators";
import Ajv2020Module from "ajv/dist/2020.js";
import { ajvDiscriminatorTag, bundle, CHECKED_FORMATS, commentText, defineGenerator, DiagnosticError, derefBundled, isObject, walkSchema, type Connector, type Draft, type JsonObject, type SchemaModel } from "@onespec/core";
import { requireToImport, standaloneAsTypeScript } from "@onespec/gen-validators";
import { buildUiSchema } from "./ui-schema.js";
import { unrollRecursion } from "./unroll.js";

export { buildUiSchema, orderedProperties } from "./ui-schema.js";
export { unrollRecursion, FORM_RECURSION_DEPTH } from "./unroll.js";

/** The bundled, self-contained schema RJSF renders (no cross-file $ref). */
export function formSchema(model: SchemaModel, connector: Connector): JsonObject {
  const schema = addDiscriminators(unrollRecursion(bundle(model, { doc: connector.entry, pointer: "" })));
  delete schema.$schema;
  return schema;
}

/**
 * Precompiles the schema the way @rjsf/validator-ajv8 does (its schema parser and ajv
 * settings), as an ES module exporting the `validateFns` map createPrecompiledValidator takes.
 */
export function compileFormValidator(schema: JsonObject, draft: Draft = "draft-07"): string {
  const { body, entries } = formValidatorCode(schema, draft);
  return requireToImport(body) + `\nexport const validateFns = {${entries.join(", ")}};\n`;
}

/**
 * The same precompiled validator as a module that imports nothing, for a browser that gets it
 * from a server at run time: its default export takes a `require` for ajv's run-time helpers
 * (ucs2length, equal, uri, ajv-formats' formats), which the app ships, and returns `validateFns`.
 */
export function compileFormValidatorModule(schema: JsonObject, draft: Draft = "draft-07"): string {
  const { body, entries } = formValidatorCode(schema, draft);
  return `export default function validatorFunctions(require) {\n${body.replace(/^\s*"use strict";/, "")}\nreturn {${entries.join(", ")}};\n}\n`;
}

/** ajv's CommonJS standalone code for a form schema, its exports taken out as `key: function` entries. */
function formValidatorCode(schema: JsonObject, draft: Draft): { body: string; entries: string[] } {
  // Formats ajv-formats does not check are annotations, as for the server-side validators.
  const customFormats: Record<string, true> = {};
  walkSchema(schema, ({ node }) => {
    if (typeof node.format === "string" && !CHECKED_FORMATS.has(node.format) && !["color", "data-url"].includes(node.format)) customFormats[node.format] = true;
  });
  const cjs = compileSchemaValidatorsCode(schema as never, {
    // validateSchema: the loader has checked every schema against its meta-schema; checking again cost a meta-schema compile per connector.
    ajvOptionsOverrides: { code: { source: true, esm: false, lines: false }, discriminator: true, validateSchema: false } as never,
    customFormats: customFormats as never,
    ...(draft === "2020-12" ? { AjvClass: Ajv2020Module.default as never } : {}),
  });
  const entries: string[] = [];
  const body = cjs
    // ajv writes `exports["1a2b"] = validate10;` or, when the hash is an identifier, `exports.a1b2 = validate10;`.
    .replace(/exports\[("[^"]+")\] = (\w+);/g, (_m, key: string, fn: string) => {
      entries.push(`${key}: ${fn}`);
      return "";
    })
    .replace(/exports\.([A-Za-z_$][\w$]*) = (\w+);/g, (_m, key: string, fn: string) => {
      entries.push(`${JSON.stringify(key)}: ${fn}`);
      return "";
    })
    .replace(/module\.exports = (\w+);module\.exports\.default = \w+;/g, (_m, fn: string) => {
      entries.push(`default: ${fn}`);
      return "";
    });
  return { body, entries };
}

/**
 * Marks every oneOf ajv can discriminate with `discriminator: {propertyName}`: RJSF uses it to
 * pick the option that matches the data, and the precompiled validator then reports the errors
 * of the chosen option only, as the server-side validator does.
 */
function addDiscriminators(schema: JsonObject): JsonObject {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!isObject(node)) return;
    for (const [k, v] of Object.entries(node)) if (k !== "default" && k !== "examples" && k !== "enum" && k !== "const") visit(v);
    if (Array.isArray(node.oneOf) && !("discriminator" in node)) {
      const tag = ajvDiscriminatorTag(node, (b) => derefBundled(schema, b));
      if (tag) node.discriminator = { propertyName: tag };
    }
  };
  visit(schema);
  return schema;
}

function formValidatorOrDiagnostic(model: SchemaModel, connector: Connector, schema: JsonObject): string {
  const doc = model.docs.get(connector.entry)!;
  try {
    return compileFormValidator(schema, doc.draft);
  } catch (e) {
    throw new DiagnosticError([
      {
        severity: "error",
        code: "forms/compile-failed",
        message: `The form validator cannot be compiled: ${(e as Error).message.split("\n")[0].slice(0, 300)}`,
        file: doc.source.displayPath,
        connector: connector.name,
        hint: "The connection validator error for the same schema, if any, says where; fix that first.",
      },
    ]);
  }
}

export const formsGenerator = defineGenerator({
  name: "forms",
  connector(model, connector) {
    const schema = formSchema(model, connector);
    const uiSchema = buildUiSchema(schema);
    const dir = `connectors/${connector.name}`;
    const form = `/* Generated by onespec from ${commentText(model.docs.get(connector.entry)!.rel)}. Do not edit. */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { createPrecompiledValidator } from "@rjsf/validator-ajv8";
import { validateFns } from "./form-validator.js";

const bundled: unknown = ${JSON.stringify(schema, null, 2)};

/** Self-contained JSON Schema for @rjsf/core (every $ref inlined). */
export const schema = bundled as RJSFSchema;

/** Field order, widgets, help, placeholders and groups ("advanced" collapsed). */
export const uiSchema: UiSchema = ${JSON.stringify(uiSchema, null, 2)};

/** An RJSF validator that uses precompiled code: the browser never compiles a schema. */
export function createFormValidator() {
  return createPrecompiledValidator(validateFns, schema);
}
`;
    return [
      { path: `${dir}/form.ts`, contents: form },
      {
        path: `${dir}/form-validator.ts`,
        contents: standaloneAsTypeScript(
          formValidatorOrDiagnostic(model, connector, schema),
          ["validateFns"],
          "/* Generated by onespec. Do not edit. */",
          `import type { ValidatorFunctions } from "@rjsf/validator-ajv8";`,
          "ValidatorFunctions",
        ),
      },
    ];
  },
});

export default formsGenerator;
