/** Suggested connector.json metadata for an imported spec: every field a guess the notes call one. */
import path from "node:path";
import { CAPABILITIES, isObject, SERVICE_TYPES, type JsonObject } from "@onespec/core";
import type { DetectedSpec } from "./detect.js";
import type { Notes } from "./notes.js";
import type { ImportKind } from "./rule.js";

export interface SuggestedMetadata {
  name: string;
  displayName: string;
  description: string;
  /** One of connector.json's service types (@onespec/core's SERVICE_TYPES). */
  serviceType: string;
  docsUrl?: string;
  /** connector.json capabilities read from the source (OpenMetadata `supports*` flags, Airbyte `supportsIncremental`), when it has any. */
  capabilities?: string[];
}

/** `preferred` when connector.json allows it (@onespec/core's SERVICE_TYPES), else "Other". */
function serviceType(preferred: string): string {
  return SERVICE_TYPES.includes(preferred) ? preferred : "Other";
}

/** OpenMetadata's connection folders → serviceType. */
const OPENMETADATA_FOLDERS: Record<string, string> = {
  database: "Database",
  dashboard: "Dashboard",
  pipeline: "Pipeline",
  messaging: "Messaging",
  storage: "Storage",
  mlmodel: "MlModel",
  search: "Search",
  metadata: "Other",
  api: "API",
};

/** OpenMetadata capability flags (`supports*` properties) → connector.json capabilities. */
const CAPABILITY_FLAGS: Record<string, string> = {
  supportsMetadataExtraction: "metadata",
  supportsLineageExtraction: "lineage",
  supportsViewLineageExtraction: "lineage",
  supportsProfiler: "profiling",
  supportsUsageExtraction: "usage",
  supportsIncrementalMetadataExtraction: "incremental",
};

/** A lower-case kebab connector name, from the file's; a better one suggested when it is not. */
export function safeName(name: string, notes: Notes): string {
  if (/^[a-z][a-z0-9-]*$/.test(name)) return name;
  const fixed = `connector-${name.replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "")}`.replace(
    /-+$/,
    "",
  );
  notes.add(
    `The connector name "${name}" (from the file name) is not a lower-case kebab name starting with a letter; suggested "${fixed}" instead.`,
  );
  return fixed;
}

export function suggestMetadata(
  input: DetectedSpec,
  connection: JsonObject,
  name: string,
  file: string,
  flags: Map<string, boolean>,
  notes: Notes,
): SuggestedMetadata {
  const title = typeof connection.title === "string" ? connection.title.trim() : "";
  const cleaned = title
    .replace(/\s*(connection\s+)?spec(ification)?$/i, "")
    .replace(/(?<=\S)\s*Connection$/, "")
    .trim();
  const displayName =
    cleaned ||
    name
      .split("-")
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join(" ");
  const source =
    input.kind === "airbyte"
      ? "Airbyte spec"
      : input.kind === "openmetadata"
        ? "OpenMetadata connection schema"
        : "JSON Schema";
  const rawDescription = typeof connection.description === "string" ? connection.description : "";
  const firstParagraph = rawDescription
    .split(/\n\s*\n/)[0]
    .replace(/<[^>]+>/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const description =
    firstParagraph || `${displayName}, imported from the ${source} ${path.basename(file)}.`;
  const service = guessServiceType(input.kind, name, file, connection);

  let docsUrl = input.docsUrl;
  if (!docsUrl && input.kind === "airbyte") {
    const m = /^(source|destination)-(.+)$/.exec(name);
    if (m) {
      docsUrl = `https://docs.airbyte.com/integrations/${m[1]}s/${m[2]}`;
      notes.add(
        `metadata: docsUrl ${docsUrl} is guessed from Airbyte's documentation layout (the spec has no documentationUrl); check it.`,
      );
    }
  }
  const capabilities = new Set<string>();
  // Only what connector.json allows (@onespec/core's CAPABILITIES) becomes a capability.
  const add = (c: string | undefined) => c && CAPABILITIES.includes(c) && capabilities.add(c);
  for (const [flag, on] of flags) if (on) add(CAPABILITY_FLAGS[flag]);
  if (input.incremental) add("incremental");
  if (capabilities.size > 0)
    notes.add(
      `metadata: capabilities ${[...capabilities].join(", ")} come from the source's capability flags.`,
    );
  notes.add(`metadata: serviceType "${service}" is a guess; check it.`);
  return {
    name,
    displayName,
    description,
    serviceType: service,
    ...(docsUrl ? { docsUrl } : {}),
    ...(capabilities.size > 0 ? { capabilities: [...capabilities] } : {}),
  };
}

function guessServiceType(
  kind: ImportKind,
  name: string,
  file: string,
  connection: JsonObject,
): string {
  const bare = name.replace(/^(source|destination)-/, "");
  const warehouse =
    /(big-?query|snowflake|redshift|databricks|synapse|firebolt|starburst|yellowbrick)/.test(bare);
  if (kind === "openmetadata") {
    const folder = OPENMETADATA_FOLDERS[path.basename(path.dirname(file)).toLowerCase()];
    if (folder === "Database" && warehouse) return serviceType("Warehouse");
    if (folder) return serviceType(folder);
  }
  if (warehouse) return serviceType("Warehouse");
  if (/(kafka|pulsar|rabbitmq|kinesis|pubsub|redpanda|sqs|mqtt|nats|event-?hub)/.test(bare))
    return serviceType("Messaging");
  if (
    /^(s3|gcs|r2|sftp|ftp|file|local-json|csv|azure-blob-storage|google-drive|onedrive|sharepoint|dropbox|box)(-|$)/.test(
      bare,
    )
  )
    return serviceType("Storage");
  if (/^(elasticsearch|opensearch|meilisearch|typesense|algolia)(-|$)/.test(bare))
    return serviceType("Search");
  const props = isObject(connection.properties)
    ? Object.keys(connection.properties).map((p) => p.toLowerCase())
    : [];
  const host = props.some((p) => /^(host|hostname|host_?port|server|address)$/.test(p));
  const port = props.some((p) => /^(port|host_?port)$/.test(p));
  const database = props.some((p) =>
    /^(database|db|db_?name|database_?name|database_?schema|schemas?|sid|service_?name|keyspace)$/.test(
      p,
    ),
  );
  if (host && port && database) return serviceType("Database");
  if (
    name.startsWith("source-") ||
    props.some((p) => /(url|endpoint|api_?key|token|credentials|client_?id)$/.test(p))
  )
    return serviceType("API");
  return "Other";
}
