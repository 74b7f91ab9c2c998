/**
 * The connector vocabulary: service types, capabilities and auth kinds, read from the connector
 * metadata schema (meta/connector.schema.json), so the scaffold, the lint rules, the spec
 * importer and the docs offer exactly what connector.json validation accepts.
 */
import { createRequire } from "node:module";

interface ConnectorMetaSchema {
  properties: {
    serviceType: { enum: string[] };
    capabilities: { items: { enum: string[] } };
  };
  definitions: { authKind: { enum: string[] } };
}

const meta = createRequire(import.meta.url)("./meta/connector.schema.json") as ConnectorMetaSchema;

/** connector.json `serviceType` values ("Database", "API", …). */
export const SERVICE_TYPES: readonly string[] = Object.freeze([
  ...meta.properties.serviceType.enum,
]);

/** connector.json `capabilities` values ("metadata", "lineage", "profiling", …). */
export const CAPABILITIES: readonly string[] = Object.freeze([
  ...meta.properties.capabilities.items.enum,
]);

/**
 * The auth kinds, each the name of a shared definition (schemas/definitions/<kind>.json).
 * Kept in the metadata schema (definitions/authKind) rather than listed from the definitions
 * folder: that folder belongs to the schema tree being worked on, not to onespec (a tree made by
 * `onespec init` holds only basic-auth.json, and any tree may add definitions), and it mixes auth
 * with ssl, tls, pagination and filters with nothing marking which is which. The names are the
 * definitions' file names so that a kind says which file it references.
 */
export const AUTH_KINDS: readonly string[] = Object.freeze([...meta.definitions.authKind.enum]);

/** The shared definition file of an auth kind, relative to the schema tree's root. */
export function authDefinitionFile(kind: string): string {
  return `definitions/${kind}.json`;
}

/** The auth kind a schema file defines (by its path relative to the tree's root), if any. */
export function authKindOfFile(rel: string): string | undefined {
  const m = /(?:^|\/)definitions\/([^/]+)\.json$/.exec(rel);
  return m && AUTH_KINDS.includes(m[1]) ? m[1] : undefined;
}
