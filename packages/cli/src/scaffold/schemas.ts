/**
 * The three schema files of a new connector, composed from the answers and the shared
 * definitions: connection.json, connector.json and test-connection.json.
 */
import { authDefinitionFile, stepFieldsFor } from "@onespec/core";
import { isSqlService, type Answers, type AuthType, type ServiceType } from "./answers.js";

type Json = Record<string, unknown>;

/**
 * How the form titles each auth kind (the keys are AUTH_KINDS; a test holds them equal). The
 * branch's auth_type tag is the kind in snake_case and its credentials reference the kind's
 * shared definition, so one name runs from the flag to the file to the config.
 */
const AUTH: Record<AuthType, { title: string; description: string }> = {
  "basic-auth": { title: "User Name and Password", description: "A user name and a password." },
  "bearer-token": {
    title: "Bearer Token",
    description: "A token sent in the Authorization: Bearer header.",
  },
  "api-key": {
    title: "API Key",
    description: "An API key sent in a header or the query string.",
  },
  "oauth2-client-credentials": {
    title: "OAuth 2.0 Client Credentials",
    description: "An access token obtained from the token URL with a client ID and secret.",
  },
  "aws-iam": {
    title: "AWS IAM",
    description: "An AWS access key pair, optionally assuming a role.",
  },
  "key-pair": { title: "Key Pair", description: "A user name and a PEM private key." },
};

/** The auth kinds the scaffold can title; AUTH_KINDS must equal it (tested). */
export const TITLED_AUTH_KINDS: readonly string[] = Object.keys(AUTH);

/** The auth_type constant of an auth kind's branch: "bearer-token" → "bearer_token". */
export function authTag(kind: AuthType): string {
  return kind.replace(/-/g, "_");
}

interface Step {
  name: string;
  description: string;
  errorMessage: string;
  mandatory: boolean;
}

const DATABASE_STEPS: Step[] = [
  {
    name: "GetDatabases",
    description: "List the databases the user may read.",
    errorMessage: "Check that the user may list databases.",
    mandatory: true,
  },
  {
    name: "GetSchemas",
    description: "List the schemas, applying the schema filter.",
    errorMessage:
      "Check the user's privileges and that the schema filter does not exclude every schema.",
    mandatory: true,
  },
  {
    name: "GetTables",
    description: "List the tables of the selected schemas, applying the table filter.",
    errorMessage:
      "Check the user's privileges and that the table filter does not exclude every table.",
    mandatory: true,
  },
  {
    name: "GetViews",
    description: "List the views and read their definitions.",
    errorMessage:
      "Check that the user may read view definitions; without it views and lineage are skipped.",
    mandatory: false,
  },
];

/**
 * Test-connection steps suited to each service type, after CheckAccess. A service type with no
 * entry here (Other) tests access only.
 */
const STEPS: Partial<Record<ServiceType, Step[]>> = {
  Database: DATABASE_STEPS,
  Warehouse: DATABASE_STEPS,
  Dashboard: [
    {
      name: "GetDashboards",
      description: "List the dashboards the credentials may read.",
      errorMessage: "Check that the credentials may list dashboards.",
      mandatory: true,
    },
    {
      name: "GetCharts",
      description: "Read the charts of the first dashboard.",
      errorMessage: "Check that the credentials may read charts.",
      mandatory: false,
    },
  ],
  Pipeline: [
    {
      name: "GetPipelines",
      description: "List the pipelines the credentials may read.",
      errorMessage: "Check that the credentials may list pipelines.",
      mandatory: true,
    },
    {
      name: "GetPipelineStatus",
      description: "Read the latest runs of the first pipeline.",
      errorMessage: "Check that the credentials may read pipeline runs.",
      mandatory: false,
    },
  ],
  Messaging: [
    {
      name: "GetTopics",
      description: "List the topics the credentials may describe.",
      errorMessage: "Check that the credentials may list and describe topics.",
      mandatory: true,
    },
  ],
  MlModel: [
    {
      name: "GetModels",
      description: "List the registered models.",
      errorMessage: "Check that the credentials may read the model registry.",
      mandatory: true,
    },
  ],
  Storage: [
    {
      name: "ListContainers",
      description: "List the buckets or containers the credentials may read.",
      errorMessage: "Check that the credentials may list buckets or containers.",
      mandatory: true,
    },
  ],
  Search: [
    {
      name: "GetIndexes",
      description: "List the indexes the credentials may read.",
      errorMessage: "Check that the credentials may list indexes.",
      mandatory: true,
    },
  ],
  API: [
    {
      name: "FetchFirstPage",
      description: "Fetch the first page of the first endpoint.",
      errorMessage: "Check the endpoint path and that the credentials may read it.",
      mandatory: true,
    },
  ],
};

/**
 * test-connection.json for the answers. Each step declares the fields of `connection` (the
 * connection schema written beside it, scaffolded or imported) it exercises, so a failure the
 * connector does not pin on fields of its own still lands on the form's fields.
 */
export function testConnectionJson(a: Answers, connection: unknown): Json {
  const steps = [
    {
      name: "CheckAccess",
      description: `Connect to ${a.displayName} with the configured credentials.`,
      mandatory: true,
      shortCircuit: true,
      errorMessage:
        "Check the address, that it is reachable from this machine, and the credentials.",
    },
    ...(STEPS[a.serviceType] ?? []).map((s) => ({ ...s, shortCircuit: false })),
  ];
  return {
    steps: steps.map((s) => {
      const fields = stepFieldsFor(connection, s.name);
      return fields.length > 0 ? { ...s, fields } : s;
    }),
  };
}

/** The step names of a service type, CheckAccess first. */
export function stepNames(serviceType: ServiceType): string[] {
  return ["CheckAccess", ...(STEPS[serviceType] ?? []).map((s) => s.name)];
}

export function connectorJson(a: Answers): Json {
  return {
    name: a.name,
    displayName: a.displayName,
    description: `Reads metadata from ${a.displayName}.`,
    serviceType: a.serviceType,
    capabilities: [...new Set(a.capabilities)],
    version: "0.1.0",
    docsUrl: a.docsUrl,
  };
}

function authProperty(a: Answers, order: number): Json {
  const branch = (t: AuthType): Json => ({
    type: "object",
    title: AUTH[t].title,
    description: AUTH[t].description,
    additionalProperties: false,
    required: ["auth_type", "credentials"],
    properties: {
      auth_type: {
        type: "string",
        const: authTag(t),
        title: "Authentication Type",
        description: `${AUTH[t].title}.`,
        order: 0,
      },
      credentials: {
        $ref: `../../${authDefinitionFile(t)}`,
        title: "Credentials",
        description: AUTH[t].description,
        order: 1,
      },
    },
  });
  const base = {
    title: "Authentication",
    description: `How ${a.displayName} authenticates this connector.`,
    order,
    group: "auth",
  };
  if (a.authTypes.length === 1) return { ...branch(a.authTypes[0]), ...base };
  return { ...base, oneOf: a.authTypes.map(branch) };
}

export function connectionJson(a: Answers): Json {
  const properties: Json = {};
  let order = 0;
  const next = () => order++;
  const required: string[] = [];
  const groups = [
    { id: "connection", title: "Connection" },
    { id: "auth", title: "Authentication" },
  ];
  const port = a.dockerPort;
  switch (a.connectionType) {
    case "sql":
      properties.host = {
        type: "string",
        title: "Host",
        description: `Host name or IP address of the ${a.displayName} server.`,
        minLength: 1,
        examples: ["db.example.com"],
        order: next(),
        group: "connection",
      };
      properties.port = {
        type: "integer",
        title: "Port",
        description: `TCP port of the ${a.displayName} server.`,
        minimum: 1,
        maximum: 65535,
        ...(port !== undefined && { default: port }),
        order: next(),
        group: "connection",
      };
      properties.database = {
        type: "string",
        title: "Database",
        description: "The database to connect to.",
        minLength: 1,
        order: next(),
        group: "connection",
      };
      required.push("host", "port", "database");
      break;
    case "rest":
      properties.base_url = {
        type: "string",
        title: "Base URL",
        description: `Root URL of the ${a.displayName} API, including any version prefix. Must use HTTPS so credentials are never sent in clear text.`,
        format: "uri",
        pattern: "^https://[^\\s/?#]+[^\\s?#]*$",
        pattern_descriptor: "https://api.example.com/v1",
        examples: ["https://api.example.com/v1"],
        order: next(),
        group: "connection",
      };
      required.push("base_url");
      break;
    case "sdk":
      properties.endpoint_url = {
        type: "string",
        title: "Endpoint URL",
        description: `A custom endpoint for the ${a.sdkPackage ?? "SDK"} client; leave empty for the service's default. Must use HTTPS.`,
        format: "uri",
        pattern: "^https://[^\\s/?#]+[^\\s?#]*$",
        pattern_descriptor: "https://service.example.com",
        order: next(),
        group: "connection",
      };
      break;
  }
  properties.auth = authProperty(a, next());
  required.push("auth");
  if (a.connectionType === "sql") {
    properties.ssl = {
      $ref: "../../definitions/ssl.json",
      title: "SSL",
      description: "How the connection is encrypted and how the server certificate is checked.",
      order: next(),
      group: "connection",
    };
  } else {
    properties.tls = {
      $ref: "../../definitions/tls.json",
      title: "TLS",
      description: "How the server certificate of HTTPS connections is checked.",
      order: next(),
      group: "connection",
    };
  }
  if (isSqlService(a.serviceType)) {
    groups.push({ id: "filters", title: "Filters" });
    for (const [key, title, what] of [
      ["schema_filter", "Schema Filter", "schemas"],
      ["table_filter", "Table Filter", "tables and views"],
    ] as const) {
      properties[key] = {
        $ref: "../../definitions/filter-pattern.json",
        title,
        description: `Regular expressions selecting which ${what} to read.`,
        order: next(),
        group: "filters",
      };
    }
  }
  properties.timeout_seconds = {
    type: "integer",
    title: "Timeout (seconds)",
    description: "How long to wait for the service to answer before failing.",
    default: 30,
    minimum: 1,
    maximum: 600,
    order: next(),
    group: "advanced",
  };
  groups.push({ id: "advanced", title: "Advanced" });
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: `${a.displayName} Connection`,
    description: `Connection settings for ${a.displayName}.`,
    type: "object",
    additionalProperties: false,
    required,
    groups,
    properties,
  };
}
