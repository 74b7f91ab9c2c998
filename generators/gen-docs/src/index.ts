import {
  connectorEffectiveSchema,
  defineGenerator,
  type Connector,
  type JsonObject,
  type SchemaModel,
} from "@onespec/core";
import { fullestConfigOf } from "@onespec/gen-fixtures";
import { collectFields } from "./fields.js";
import { connectorPage, indexPage } from "./pages.js";
import { exampleYaml as toYaml } from "./example-yaml.js";

export { collectFields } from "./fields.js";
import { withSecretVariables } from "./example-config.js";

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
    const exampleYaml = example === undefined ? "" : toYaml(example);
    const contents = connectorPage({
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
    return [{ path: "README.md", contents: indexPage(connectors) }];
  },
});

export default docsGenerator;
