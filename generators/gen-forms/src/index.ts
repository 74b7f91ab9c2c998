import { createRequire } from "node:module";
import {
  ajvDiscriminatorTag,
  connectorBundle,
  withEffectiveDefaults,
  objectLiteral,
  commentText,
  defineGenerator,
  DiagnosticError,
  derefBundled,
  isObject,
  type Connector,
  type Draft,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import {
  namesPrototypeMembers,
  requireToImport,
  standaloneAsTypeScript,
} from "@onespec/gen-validators";
import { ajv2020Class, createRjsfAjv } from "./rjsf-ajv.js";
import {
  annotationFormats,
  ownFormValidatorModule,
  ownFormValidators,
} from "./own-form-validator.js";
import { buildUiSchema } from "./ui-schema.js";
import { formSubSchemas, schemaKey } from "./sub-schemas.js";
import { unrollRecursion } from "./unroll.js";

export { buildUiSchema } from "./ui-schema.js";

/** The bundled, self-contained schema RJSF renders (no cross-file $ref). */
export function formSchema(model: SchemaModel, connector: Connector): JsonObject {
  const schema = addDiscriminators(
    // Defaults as onespec reads them (own beats the $ref target's), so RJSF fills in those.
    withEffectiveDefaults(unrollRecursion(connectorBundle(model, connector.entry))),
  );
  delete schema.$schema;
  return schema;
}

/**
 * Precompiles the schema with @rjsf/validator-ajv8's ajv settings, as an ES module exporting
 * the `validateFns` map createPrecompiledValidator takes: the whole schema and every sub-schema
 * RJSF asks `isValid()` about (formSubSchemas). With `root`, the map's entry for the whole
 * schema is that import (the connector's own compiled validator, `{ module, name }`) and only
 * the sub-schemas are compiled here: the connector is compiled once, and the form checks a
 * config exactly as the server and the CLI do.
 */
function compileFormValidator(
  schema: JsonObject,
  draft: Draft = "draft-07",
  root?: { module: string; name: string },
): string {
  const rootImport = root
    ? `import { ${root.name} as validateConnector } from ${JSON.stringify(root.module)};`
    : "";
  // onespec's own compiler first; ajv (loaded only then) for what it does not support.
  const own = ownFormCode(schema, draft, root ? "validateConnector" : undefined);
  if (own) return ownFormValidatorModule(own.compiled, own.entries, rootImport);
  const { body, entries } = formValidatorCode(
    schema,
    draft,
    root ? "validateConnector" : undefined,
  );
  const code = body ? requireToImport(body) : `"use strict";`;
  return (
    code.replace(/^"use strict";/, () => `"use strict";${rootImport ? `${rootImport}\n` : ""}`) +
    `\nexport const validateFns = {${entries.join(", ")}};\n`
  );
}

/**
 * The form validators by the own compiler: the compiled sub-schemas and the `validateFns`
 * entries (the root's function first when it is imported); undefined when it does not support
 * them all.
 */
function ownFormCode(schema: JsonObject, draft: Draft, rootFunction?: string) {
  let schemas = Object.values(formSubSchemas(schema));
  const entries: Array<[string, string]> = [];
  if (rootFunction) {
    const key = schemaKey(schema);
    entries.push([key, rootFunction]);
    schemas = schemas.filter((s) => s.$id !== key);
  }
  const own = ownFormValidators(
    schemas,
    draft,
    namesPrototypeMembers(schema),
    annotationFormats(schema),
  );
  if ("unsupported" in own) return undefined;
  for (const s of schemas) entries.push([s.$id as string, own.functions[s.$id as string]]);
  return { compiled: own.compiled, entries };
}

/**
 * The same precompiled validator as a module that imports nothing, for a browser that gets it
 * from a server at run time: its default export takes a `require` for ajv's run-time helpers
 * (ucs2length, equal, uri, ajv-formats' formats), which the app ships, and returns `validateFns`.
 * `rootCode` is the server's own validator as ajv standalone code exporting `validateConnector`
 * (connectorStandaloneCode in @onespec/gen-validators): the form then checks what the server does.
 */
export function compileFormValidatorModule(
  schema: JsonObject,
  draft: Draft = "draft-07",
  rootCode?: string,
): string {
  const { body, entries } = formValidatorCode(
    schema,
    draft,
    rootCode ? "validateConnector" : undefined,
  );
  // Each ajv output in its own scope: both name their constants schema0, formats0, ….
  const root = rootCode ? rootFunctionBlock(rootCode) : "";
  return `export default function validatorFunctions(require) {\n${root}return (() => {\n${body.replace(/^\s*"use strict";/, "")}\nreturn {${entries.join(", ")}};\n})();\n}\n`;
}

/**
 * ajv's standalone code exporting `validateConnector` (the server's own compiled function, with
 * the functions of the definitions it references) as a block that defines that constant.
 */
function rootFunctionBlock(code: string): string {
  const exported = /export const validateConnector = (\w+);/.exec(code);
  if (!exported) throw new Error("the connector's standalone code exports no validateConnector");
  const body = code.replace(/^\s*"use strict";/, "").replace(exported[0], "");
  return `const validateConnector = (() => {\n${body}\nreturn ${exported[1]};\n})();\n`;
}

/**
 * ajv's CommonJS standalone code for a form schema, its exports taken out as `key: function`
 * entries. With `rootFunction`, the whole schema is not compiled: its entry names that function.
 */
function formValidatorCode(
  schema: JsonObject,
  draft: Draft,
  rootFunction?: string,
): { body: string; entries: string[] } {
  const customFormats = annotationFormats(schema);
  const entries: string[] = [];
  let schemas = Object.values(formSubSchemas(schema));
  if (rootFunction) {
    const key = schemaKey(schema);
    entries.push(`${JSON.stringify(key)}: ${rootFunction}`);
    schemas = schemas.filter((s) => s.$id !== key);
    if (schemas.length === 0) return { body: "", entries };
  }
  const ajv = createRjsfAjv(
    customFormats,
    // validateSchema: the loader has checked every schema against its meta-schema; checking again cost a meta-schema compile per connector.
    // ownProperties where a property is named constructor, toString, …: the config's own or absent.
    {
      code: { source: true, esm: false, lines: false },
      discriminator: true,
      validateSchema: false,
      ownProperties: namesPrototypeMembers(schema),
      schemas,
    },
    draft === "2020-12" ? ajv2020Class() : undefined,
  );
  const cjs = standaloneCode(ajv);
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
    for (const [k, v] of Object.entries(node))
      if (k !== "default" && k !== "examples" && k !== "enum" && k !== "const") visit(v);
    if (Array.isArray(node.oneOf) && !("discriminator" in node)) {
      const tag = ajvDiscriminatorTag(node, (b) => derefBundled(schema, b));
      if (tag) node.discriminator = { propertyName: tag };
    }
  };
  visit(schema);
  return schema;
}

const require = createRequire(import.meta.url);

/** ajv's standalone code generator, loaded when the ajv fallback runs. */
function standaloneCode(ajv: ReturnType<typeof createRjsfAjv>): string {
  return (require("ajv/dist/standalone") as { default: (a: typeof ajv) => string }).default(ajv);
}

function formValidatorOrDiagnostic(
  model: SchemaModel,
  connector: Connector,
  schema: JsonObject,
  shared: boolean,
): string {
  const doc = model.docs.get(connector.entry)!;
  try {
    return compileFormValidator(
      schema,
      doc.draft,
      shared ? { module: "./compiled-validator.js", name: "validate" } : undefined,
    );
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

const formsGenerator = defineGenerator({
  name: "forms",
  connector(model, connector, run) {
    const schema = formSchema(model, connector);
    // The validators generator writes the connector's compiled validator; without it, the form compiles its own.
    const shared = run?.generators.includes("validators") ?? false;
    const uiSchema = buildUiSchema(schema);
    const dir = `connectors/${connector.name}`;
    const form = `/* Generated by onespec from ${commentText(model.docs.get(connector.entry)!.rel)}. Do not edit. */
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { createPrecompiledValidator } from "@rjsf/validator-ajv8";
import { validateFns } from "./form-validator.js";

const bundled: unknown = ${objectLiteral(schema)};

/** Self-contained JSON Schema for @rjsf/core (every $ref inlined). */
export const schema = bundled as RJSFSchema;

/** Field order, widgets, help, placeholders and groups ("advanced" collapsed). */
export const uiSchema: UiSchema = ${objectLiteral(uiSchema)};

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
          formValidatorOrDiagnostic(model, connector, schema, shared),
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
