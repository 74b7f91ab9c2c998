// The runtime only: the templates are precompiled (scripts/precompile-templates.ts).
import * as runtime from "handlebars/runtime.js";
import type HandlebarsApi from "handlebars";
import { stringify } from "yaml";
import {
  connectorEffectiveSchema,
  defineGenerator,
  htmlCommentText,
  markdownCode,
  markdownParagraph,
  markdownText,
  markdownUrl,
  type Connector,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { fullestConfigOf } from "@onespec/gen-fixtures";
import { collectFields } from "./fields.js";
import * as templates from "./templates.generated.js";

export { collectFields } from "./fields.js";
import { withSecretVariables } from "./example-config.js";

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
 * The schema a connector's page documents: bundled, each field's default the one the form, the
 * server and the fixtures fill in (docs/dialect.md, "Defaults").
 */
export function documentedSchema(model: SchemaModel, connector: Connector): JsonObject {
  return connectorEffectiveSchema(model, connector.entry);
}

const docsGenerator = defineGenerator({
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
