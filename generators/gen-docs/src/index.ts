// The runtime only: the templates are precompiled (scripts/precompile-templates.ts).
import * as runtime from "handlebars/runtime.js";
import type HandlebarsApi from "handlebars";
import { stringify } from "yaml";
import {
  bundle,
  withEffectiveDefaults,
  constantCase,
  defineGenerator,
  htmlCommentText,
  isObject,
  markdownCode,
  markdownParagraph,
  markdownText,
  markdownUrl,
  secretPaths,
  type Connector,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import {
  escapePointerToken,
  isSecretPointer,
  splitPointer,
  unescapePointerToken,
} from "@onespec/runtime";
import { fullestConfigOf, fullestValidConfig, type FixtureCheck } from "@onespec/gen-fixtures";
import { collectFields } from "./fields.js";
import * as templates from "./templates.generated.js";

export { collectFields, typeLabel } from "./fields.js";

// Templates (templates/*.hbs, precompiled into templates.generated.ts) are part of the
// generator's code, loaded once when the module loads.
// handlebars/runtime.d.ts declares nothing: the runtime is Handlebars' API without the compiler.
const Handlebars = (runtime as unknown as { default: typeof HandlebarsApi }).default;
const hbs = Handlebars.create();
// Schema text is escaped for Markdown where it lands: {{text}} for inline text and table cells,
// {{para}} for a paragraph of its own, {{code}} for names and values in code spans, {{url}} for
// links, {{comment}} in the header.
const str = (value: unknown) => (value === undefined || value === null ? "" : String(value));
hbs.registerHelper("text", (value: unknown) => new hbs.SafeString(markdownText(str(value))));
hbs.registerHelper("para", (value: unknown) => new hbs.SafeString(markdownParagraph(str(value))));
hbs.registerHelper("code", (value: unknown) => new hbs.SafeString(markdownCode(str(value))));
hbs.registerHelper("comment", (value: unknown) => new hbs.SafeString(htmlCommentText(str(value))));
hbs.registerHelper("concat", (...parts: unknown[]) => parts.slice(0, -1).map(str).join(""));
hbs.registerHelper("url", (value: unknown) => {
  const url = markdownUrl(str(value));
  return new hbs.SafeString(url ? `<${url}>` : markdownText(str(value)));
});
const connectorTemplate = hbs.template(templates.connector);
const indexTemplate = hbs.template(templates.index);

/**
 * The example config: the fullest valid fixture, with every secret written as ${ENV_VAR}. With
 * `check` (the connector's own validator), only a config it accepts; undefined when there is none.
 */
export function exampleConfig(
  connector: string,
  schema: JsonObject,
  check?: FixtureCheck,
): unknown {
  // Not fixturesFor: the docs need one config, not every variant and mutation.
  const found = fullestValidConfig(schema, check);
  if (found === undefined && check) return undefined;
  return withSecretVariables(connector, schema, found ?? {});
}

/** A copy of a config with every secret written as ${ENV_VAR}. */
function withSecretVariables(connector: string, schema: JsonObject, config: unknown): unknown {
  const example = structuredClone(config);
  const secrets = secretPaths(schema);
  // `pass-word` and `pass_word` both make PASS_WORD: the second secret gets PASS_WORD_2, so one
  // variable never stands for two secrets.
  const taken = new Set<string>();
  const variable = (pointer: string): string => {
    const words = constantCase(
      `${connector} ${splitPointer(pointer).map(unescapePointerToken).join(" ")}`,
    );
    // `${3CX_…}` would not be read as a reference (a variable name cannot start with a digit).
    const base = /^[A-Za-z_]/.test(words) ? words : `_${words}`;
    let name = base;
    for (let i = 2; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const replace = (value: unknown, pointer: string): unknown => {
    if (pointer !== "" && isSecretPointer(pointer, secrets)) return `\${${variable(pointer)}}`;
    if (Array.isArray(value)) return value.map((v, i) => replace(v, `${pointer}/${i}`));
    if (isObject(value))
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [
          k,
          replace(v, `${pointer}/${escapePointerToken(k)}`),
        ]),
      );
    return value;
  };
  return replace(example, "");
}

/**
 * The schema a connector's page documents: bundled, each field's default the one the form, the
 * server and the fixtures fill in (docs/dialect.md, "Defaults").
 */
export function documentedSchema(model: SchemaModel, connector: Connector): JsonObject {
  return withEffectiveDefaults(bundle(model, { doc: connector.entry, pointer: "" }));
}

export const docsGenerator = defineGenerator({
  name: "docs",
  connector(model, connector) {
    const schema = documentedSchema(model, connector);
    const { fields, choices } = collectFields(schema);
    // The fixtures generator's fullest valid config (checked by the connector's validator), when it ran first.
    const found = fullestConfigOf(model, connector);
    const example =
      found === undefined ? undefined : withSecretVariables(connector.name, schema, found);
    const exampleYaml = example === undefined ? "" : stringify(example, { lineWidth: 0 });
    const contents = connectorTemplate({
      source: model.docs.get(connector.entry)!.rel,
      metadata: connector.metadata,
      schemaDescription:
        typeof schema.description === "string" &&
        schema.description !== connector.metadata.description
          ? schema.description
          : undefined,
      fields,
      choices,
      steps: connector.steps,
      hasShortCircuit: connector.steps.some((s) => s.shortCircuit),
      exampleYaml,
      // A fence longer than any run of backticks in the example, so no value can close it.
      fence: "`".repeat(
        Math.max(3, ...[...exampleYaml.matchAll(/`+/g)].map((m) => m[0].length + 1)),
      ),
    });
    return [{ path: `connectors/${connector.name}/README.md`, contents }];
  },
  tree(model) {
    const connectors = model.connectors.map((c) => c.metadata);
    return [{ path: "README.md", contents: indexTemplate({ connectors }) }];
  },
});

export default docsGenerator;
