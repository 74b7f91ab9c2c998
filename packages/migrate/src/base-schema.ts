import { bundle, isObject, type Connector, type JsonObject, type SchemaModel } from "@onespec/core";

/**
 * A connector's connection schema as one self-contained document, to keep beside its migrations
 * as `migrations/<version>.schema.json`: every `$ref` inlined (the shared definitions it used may
 * change later), secret values left out, its `$schema` kept so that it is read in its own draft.
 */
export function baseSchemaOf(model: SchemaModel, connector: Connector): JsonObject {
  const doc = model.docs.get(connector.entry);
  const draft = isObject(doc?.json) ? doc.json.$schema : undefined;
  const bundled = bundle(model, { doc: connector.entry, pointer: "" });
  return typeof draft === "string" ? { $schema: draft, ...bundled } : bundled;
}
