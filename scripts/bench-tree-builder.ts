/**
 * Synthetic schema trees for `scripts/bench-trees.ts` (issue 14, "Generate at the speed of a
 * save"). Everything is generated from a seed, so two runs of the bench time the same bytes.
 *
 * - buildMetadataTree(): a large tree in OpenMetadata's layout (about 400 JSON files, 76
 *   connection entry schemas of 20–80 properties under
 *   `entity/services/connections/<category>/<name>Connection.json`), shaped like
 *   tooling/test-fixtures/trees/openmetadata scaled up: shared definitions several directories
 *   away behind relative cross-file `$ref`s, `oneOf` auth blocks with a const discriminator,
 *   nested objects, enums, patterns, formats, defaults, `format: password` secrets and vendor
 *   keywords (`javaType`, `javaInterfaces`, `expose`), plus the entity, API and ingestion
 *   schemas such a tree also holds (loaded by nobody's entry, but present, as in the real one).
 * - buildConnectorTree(): onespec's own layout (`connectors/<name>/connection.json`) with n
 *   small connectors (about 15 properties) that each reference 2–3 shared definitions, for
 *   the 100- and 1,000-connector runs against the naive baseline.
 *
 * Every value written is valid for its own schema (defaults and examples match their
 * patterns, enums and bounds), so a tool that checks them reports nothing and times only the
 * generation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = { [key: string]: Json };

const DRAFT_07 = "http://json-schema.org/draft-07/schema#";

// ─── seeded randomness ───────────────────────────────────────────────────────────────────────

/** mulberry32: small, fast and good enough to vary shapes; not for anything secret. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }
  /** `n` distinct items, in random order. */
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, Math.min(n, copy.length));
  }
}

// ─── writing ─────────────────────────────────────────────────────────────────────────────────

/** Writes JSON files under one root and counts them. */
class TreeWriter {
  files = 0;
  constructor(
    readonly root: string,
    private readonly idBase: string,
  ) {}
  /** Writes the schema `rel` with `$id` (mirroring its path, as OpenMetadata's do) and `$schema` first. */
  write(rel: string, body: Schema): void {
    this.writeJson(rel, { $id: `${this.idBase}/${rel}`, $schema: DRAFT_07, ...body });
  }
  /** Writes any JSON file (onespec's connector.json and test-connection.json are not schemas). */
  writeJson(rel: string, json: Schema): void {
    const file = path.join(this.root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(json, null, 2) + "\n");
    this.files++;
  }
}

/** The `$ref` from the file `from` to `to` (both relative to the root), plus an optional fragment. */
function refTo(from: string, to: string, fragment = ""): string {
  let rel = path.posix.relative(path.posix.dirname(from), to);
  if (!rel.startsWith(".")) rel = `./${rel}`;
  return fragment ? `${rel}#${fragment}` : rel;
}

// ─── words ───────────────────────────────────────────────────────────────────────────────────

/** "sslCertificatePath" → "Ssl Certificate Path". */
function titleOf(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase());
}
/** A list of words written as one string, so that it stays a few lines long. */
const words = (text: string): string[] => text.trim().split(/\s+/);
const upperFirst = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

const CONTEXTS = [
  "the ingestion workflow connects to the source",
  "metadata is extracted on a schedule",
  "the profiler samples tables",
  "lineage is computed from query logs",
  "the test connection button runs",
  "the service sits behind a corporate proxy",
  "usage statistics are collected for the last days",
  "several workers share the same service account",
];
const AFTERTHOUGHTS = [
  "Leave it empty to use the server's default.",
  "Changing it requires re-running the ingestion pipeline.",
  "This is optional and only read by the Python ingestion framework.",
  "Values are case sensitive.",
  "See the connector documentation for the privileges this needs.",
  "",
  "",
];

function describe(r: Rng, name: string): string {
  const first = `${titleOf(name)} used when ${r.pick(CONTEXTS)}.`;
  const second = r.pick(AFTERTHOUGHTS);
  return second ? `${first} ${second}` : first;
}

// ─── leaf properties shared by both trees ────────────────────────────────────────────────────

/** Name fragments for the filler properties every real connection schema has dozens of. */
const VERBS = words(
  `include ingest mark fetch use enable override skip max default query sample retry cache parse resolve`,
);
const NOUNS = words(
  `Tags Views StoredProcedures TemporaryTables Partitions Owners Queries RowCount Lineage Comments Descriptions Schemas Columns Indexes Constraints Policies Dashboards Charts DataModels Topics Pipelines Tasks Buckets Models Features Experiments Timeout BatchSize PageSize Threads Region Warehouse Account Role Catalog Namespace Workspace Project Cluster Endpoint`,
);

/** A filler property name not yet in `taken`. */
function fillerName(r: Rng, taken: Set<string>): string {
  for (;;) {
    const name = `${r.pick(VERBS)}${r.pick(NOUNS)}`;
    if (!taken.has(name)) return name;
  }
}

type LeafKind =
  "boolean" | "integer" | "number" | "enum" | "pattern" | "format" | "secret" | "strings" | "plain";
const LEAF_KINDS: LeafKind[] = [
  "boolean",
  "boolean",
  "integer",
  "integer",
  "number",
  "enum",
  "pattern",
  "format",
  "secret",
  "strings",
  "plain",
  "plain",
];
const ENUM_WORDS = words(
  `none basic full incremental snapshot auto manual lazy eager strict lenient hourly daily weekly`,
);

/** One scalar or string-array property, with a valid default or example where real specs have them. */
function leaf(
  r: Rng,
  name: string,
  kind: LeafKind = r.pick(LEAF_KINDS),
  secretKeyword: "format-password" | "secret" = "format-password",
): Schema {
  const base: Schema = { title: titleOf(name), description: describe(r, name) };
  switch (kind) {
    case "boolean":
      return { ...base, type: "boolean", default: r.chance(0.5) };
    case "integer": {
      const max = r.pick([10, 100, 1000, 3600, 65535]);
      return { ...base, type: "integer", minimum: 0, maximum: max, default: r.int(1, max) };
    }
    case "number":
      return {
        ...base,
        type: "number",
        minimum: 0,
        maximum: 1,
        default: Math.round(r.next() * 100) / 100,
      };
    case "enum": {
      const values = r.sample(ENUM_WORDS, r.int(2, 6));
      return { ...base, type: "string", enum: values, default: values[0] };
    }
    case "pattern":
      return {
        ...base,
        type: "string",
        pattern: "^[A-Za-z_][A-Za-z0-9_]{0,127}$",
        examples: ["analytics_prod"],
      };
    case "format": {
      const [format, example] = r.pick([
        ["uri", "https://service.example.com/api"],
        ["email", "data.steward@example.com"],
        ["hostname", "db-primary.example.internal"],
        ["date-time", "2024-01-31T08:00:00Z"],
        ["ipv4", "10.0.0.15"],
      ] as const);
      return { ...base, type: "string", format, examples: [example] };
    }
    case "secret":
      return secretKeyword === "secret"
        ? { ...base, type: "string", secret: true }
        : { ...base, type: "string", format: "password", ...(r.chance(0.3) ? { mask: true } : {}) };
    case "strings":
      return {
        ...base,
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [],
      };
    case "plain":
      return {
        ...base,
        type: "string",
        ...(r.chance(0.4) ? { maxLength: r.pick([64, 256, 1024]) } : {}),
      };
  }
}

// ═══ the OpenMetadata-shaped tree ═══════════════════════════════════════════════════════════

const OM_ID = "https://open-metadata.org/schema";
const CONNECTIONS = "entity/services/connections";
const COMMON = `${CONNECTIONS}/common`;
const BASIC_TYPE = `${CONNECTIONS}/connectionBasicType.json`;

/** OpenMetadata's connector names per category, 76 in all (the order fixes what an edit touches). */
export const OM_CONNECTORS: Record<string, readonly string[]> = {
  database: words(
    `mysql postgres redshift snowflake bigQuery clickhouse oracle mssql db2 databricks deltaLake druid dynamoDB glue hive impala mariaDB mongoDB couchbase pinotDB presto trino salesforce singleStore sqlite vertica athena azureSQL greenplum doris sapHana teradata exasol cockroach unityCatalog synapse`,
  ),
  dashboard: words(
    `looker tableau metabase superset powerBI redash mode quickSight qlikSense sigma lightdash mstr domoDashboard`,
  ),
  messaging: ["kafka", "redpanda", "kinesis", "pulsar"],
  pipeline: words(
    `airflow airbyte dagster fivetran nifi gluePipeline dbtCloud spline openLineage kafkaConnect flink`,
  ),
  storage: ["s3", "adls", "gcs", "minio"],
  search: ["elasticSearch", "openSearch", "solr"],
  mlmodel: ["mlflow", "sageMaker", "vertexAI", "kubeflow", "azureML"],
};
const JAVA_PACKAGE = "org.openmetadata.schema";
const javaType = (rel: string, title: string): string =>
  `${JAVA_PACKAGE}.${path.posix.dirname(rel).replaceAll("/", ".")}.${title.replace(/\W/g, "")}`;

export interface BuiltTree {
  root: string;
  /** JSON files written. */
  files: number;
  /** Entry schemas, relative to root. */
  entries: string[];
  /** The glob that selects exactly `entries`. */
  entryGlob: string;
}

/** Writes an OpenMetadata-shaped tree of about `files` JSON files into `root`. */
export function buildMetadataTree(
  root: string,
  options: { seed?: number; files?: number } = {},
): BuiltTree {
  const r = new Rng(options.seed ?? 14);
  const w = new TreeWriter(root, OM_ID);
  writeSecurity(w);
  writeTypes(w);
  writeConnectionCommons(w);
  const entries: string[] = [];
  for (const [category, names] of Object.entries(OM_CONNECTORS)) {
    for (const name of names) entries.push(writeConnection(w, r, category, name));
    writeService(w, category, names);
  }
  writeFillers(w, r, Math.max(0, (options.files ?? 400) - w.files));
  return { root, files: w.files, entries, entryGlob: `${CONNECTIONS}/**/*Connection.json` };
}

// ─── security/: credentials and SSL, the most-referenced files ──────────────────────────────

const SECURITY = {
  basicAuth: "security/credentials/basicAuth.json",
  aws: "security/credentials/awsCredentials.json",
  azure: "security/credentials/azureCredentials.json",
  gcp: "security/credentials/gcpCredentials.json",
  gcpValues: "security/credentials/gcpValues.json",
  kerberos: "security/credentials/kerberosCredentials.json",
  validateSsl: "security/ssl/validateSSLClientConfig.json",
  verifySsl: "security/ssl/verifySSLConfig.json",
} as const;

function writeSecurity(w: TreeWriter): void {
  const str = (title: string, description: string, extra: Schema = {}): Schema => ({
    title,
    description,
    type: "string",
    ...extra,
  });
  const secret = (title: string, description: string, extra: Schema = {}): Schema =>
    str(title, description, { format: "password", ...extra });
  w.write(SECURITY.basicAuth, {
    title: "BasicAuthCredentials",
    description: "Username and password credentials.",
    type: "object",
    javaType: javaType(SECURITY.basicAuth, "BasicAuthCredentials"),
    properties: {
      username: str("Username", "Username to connect with.", {
        minLength: 1,
        examples: ["openmetadata_user"],
      }),
      password: secret("Password", "Password to connect with.", { expose: true }),
    },
    required: ["username"],
    additionalProperties: false,
  });
  w.write(SECURITY.aws, {
    title: "AWSCredentials",
    description: "AWS credentials configs.",
    type: "object",
    javaType: javaType(SECURITY.aws, "AWSCredentials"),
    properties: {
      awsAccessKeyId: str("AWS Access Key ID", "AWS Access key ID.", {
        pattern: "^(AKIA|ASIA)[A-Z0-9]{16}$",
        examples: ["AKIAIOSFODNN7EXAMPLE"],
      }),
      awsSecretAccessKey: secret("AWS Secret Access Key", "AWS Secret Access Key.", { mask: true }),
      awsRegion: str("AWS Region", "AWS Region", {
        pattern: "^[a-z]{2}(-gov)?-[a-z]+-\\d$",
        examples: ["us-east-1"],
      }),
      awsSessionToken: secret("AWS Session Token", "AWS Session Token."),
      endPointURL: str("Endpoint URL", "EndPoint URL for the AWS", {
        format: "uri",
        examples: ["https://s3.us-east-1.amazonaws.com"],
      }),
      profileName: str("Profile Name", "The name of a profile to use with the boto session."),
      assumeRoleArn: str(
        "Role Arn for Assume Role",
        "The Amazon Resource Name (ARN) of the role to assume.",
        { pattern: "^arn:aws(-[a-z]+)?:iam::\\d{12}:role/[\\w+=,.@/-]+$" },
      ),
      assumeRoleSessionName: str(
        "Role Session Name",
        "An identifier for the assumed role session.",
        { pattern: "^[\\w+=,.@-]{2,64}$", default: "OpenMetadataSession" },
      ),
    },
    required: ["awsRegion"],
    additionalProperties: false,
  });
  w.write(SECURITY.azure, {
    title: "AzureCredentials",
    description: "Azure Cloud Credentials",
    type: "object",
    javaType: javaType(SECURITY.azure, "AzureCredentials"),
    definitions: {
      azureGuid: {
        type: "string",
        pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
        examples: ["3f2b6c1e-8a4d-4e7b-9c2a-1d5e6f7a8b9c"],
      },
    },
    properties: {
      clientId: {
        title: "Client ID",
        description: "Your Service Principal App ID (Client ID)",
        $ref: "#/definitions/azureGuid",
      },
      clientSecret: secret("Client Secret", "Your Service Principal Password (Client Secret)", {
        mask: true,
      }),
      tenantId: {
        title: "Tenant ID",
        description: "Tenant ID of your Azure Subscription",
        $ref: "#/definitions/azureGuid",
      },
      accountName: str("Storage Account Name", "Account Name of your storage account", {
        pattern: "^[a-z0-9]{3,24}$",
      }),
      vaultName: str("Key Vault Name", "Key Vault Name"),
      scopes: str("Scopes", "Scopes to get access token."),
    },
    additionalProperties: false,
  });
  w.write(SECURITY.gcpValues, {
    title: "GCP Credentials Values",
    description: "Pass the raw credential values provided by GCP",
    type: "object",
    javaType: javaType(SECURITY.gcpValues, "GCPValues"),
    properties: {
      credentialsSource: { title: "Credentials Source", type: "string", const: "values" },
      type: str("Credentials Type", "Google Cloud Platform account type.", {
        enum: ["service_account", "external_account"],
        default: "service_account",
      }),
      projectId: str("Project ID", "Project ID", { pattern: "^[a-z][a-z0-9-]{4,28}[a-z0-9]$" }),
      privateKeyId: secret("Private Key ID", "Google Cloud private key id."),
      privateKey: secret("Private Key", "Google Cloud private key.", { mask: true }),
      clientEmail: str("Client Email", "Google Cloud email.", { format: "email" }),
      clientId: str("Client ID", "Google Cloud Client ID.", { pattern: "^\\d{15,25}$" }),
      authUri: str("Authentication URI", "Google Cloud auth uri.", {
        format: "uri",
        default: "https://accounts.google.com/o/oauth2/auth",
      }),
      tokenUri: str("Token URI", "Google Cloud token uri.", {
        format: "uri",
        default: "https://oauth2.googleapis.com/token",
      }),
    },
    required: ["credentialsSource", "projectId", "privateKey", "clientEmail"],
    additionalProperties: false,
  });
  w.write(SECURITY.gcp, {
    title: "GCPCredentials",
    description: "GCP credentials configs.",
    type: "object",
    javaType: javaType(SECURITY.gcp, "GCPCredentials"),
    definitions: {
      gcpCredentialsPath: {
        title: "GCP Credentials Path",
        description: "Pass the path of file containing the GCP credentials info",
        type: "object",
        properties: {
          credentialsSource: { type: "string", const: "path" },
          path: str("Path", "Path of the file containing the GCP credentials info"),
        },
        required: ["credentialsSource", "path"],
        additionalProperties: false,
      },
      gcpADC: {
        title: "GCP Application Default Credentials",
        description: "Use the application default credentials of the environment.",
        type: "object",
        properties: {
          credentialsSource: { type: "string", const: "adc" },
          projectId: str("Project ID", "GCP Project ID to parse metadata from"),
        },
        required: ["credentialsSource"],
        additionalProperties: false,
      },
    },
    properties: {
      gcpConfig: {
        title: "GCP Credentials Configuration",
        description: "We support three ways of authenticating to GCP.",
        oneOf: [
          { $ref: "./gcpValues.json" },
          { $ref: "#/definitions/gcpCredentialsPath" },
          { $ref: "#/definitions/gcpADC" },
        ],
      },
      impersonateServiceAccount: str(
        "Impersonate Service Account",
        "The impersonated service account email",
        { format: "email" },
      ),
    },
    required: ["gcpConfig"],
    additionalProperties: false,
  });
  w.write(SECURITY.kerberos, {
    title: "KerberosCredentials",
    description: "Kerberos principal and keytab.",
    type: "object",
    javaType: javaType(SECURITY.kerberos, "KerberosCredentials"),
    properties: {
      principal: str("Principal", "Kerberos principal.", {
        pattern: "^[^/@\\s]+(/[^@\\s]+)?@[A-Z0-9.-]+$",
        examples: ["hive/host.example.com@EXAMPLE.COM"],
      }),
      keytabPath: str("Keytab Path", "Path to the keytab on the ingestion host."),
      krb5ConfPath: str("krb5.conf Path", "Path to krb5.conf.", { default: "/etc/krb5.conf" }),
    },
    required: ["principal"],
    additionalProperties: false,
  });
  w.write(SECURITY.validateSsl, {
    title: "ValidateSSLClientConfig",
    description: "Client certificates pasted inline as PEM text.",
    type: "object",
    javaType: javaType(SECURITY.validateSsl, "ValidateSslClientConfig"),
    definitions: {
      pemCertificate: {
        description: "A PEM encoded X.509 certificate.",
        type: "string",
        pattern: "^-----BEGIN CERTIFICATE-----[\\s\\S]+-----END CERTIFICATE-----\\s*$",
      },
    },
    properties: {
      certificateSource: {
        title: "Certificate Source",
        type: "string",
        const: "inline",
        default: "inline",
      },
      caCertificate: {
        title: "CA Certificate",
        description: "The CA certificate used for SSL validation.",
        $ref: "#/definitions/pemCertificate",
      },
      sslCertificate: {
        title: "SSL Certificate",
        description: "The client certificate.",
        $ref: "#/definitions/pemCertificate",
      },
      sslKey: secret(
        "SSL Key",
        "The private key associated with the SSL certificate, in PEM format.",
        { mask: true },
      ),
      verifyHostname: { title: "Verify Hostname", type: "boolean", default: true },
    },
    required: ["certificateSource"],
    additionalProperties: false,
  });
  w.write(SECURITY.verifySsl, {
    title: "Verify SSL Config",
    description: "Client configuration to validate SSL certificates.",
    javaType: javaType(SECURITY.verifySsl, "VerifySSLConfig"),
    definitions: {
      verifySSL: {
        title: "Verify SSL",
        description: "Client SSL verification.",
        type: "string",
        enum: ["no-ssl", "ignore", "validate"],
        default: "no-ssl",
      },
      sslCertificateFiles: {
        title: "SSL Certificate Files",
        description: "Certificates are read from files on the ingestion host.",
        type: "object",
        properties: {
          certificateSource: { type: "string", const: "file" },
          caCertificatePath: str("CA Certificate Path", "Path to the CA certificate file.", {
            pattern: "^[^\\0]+\\.(pem|crt|cer)$",
          }),
          sslCertificatePath: str("SSL Certificate Path", "Path to the client certificate file."),
          sslKeyPath: str("SSL Key Path", "Path to the client private key file."),
        },
        required: ["certificateSource", "caCertificatePath"],
        additionalProperties: false,
      },
    },
  });
}

// ─── type/: the small shared types every entity uses ────────────────────────────────────────

const TYPES = {
  basic: "type/basic.json",
  filterPattern: "type/filterPattern.json",
  entityReference: "type/entityReference.json",
  tagLabel: "type/tagLabel.json",
  classificationTree: "entity/utils/classificationTree.json",
} as const;

function writeTypes(w: TreeWriter): void {
  w.write(TYPES.basic, {
    title: "Basic",
    description: "Basic common types used by other schemas.",
    javaType: javaType(TYPES.basic, "Basic"),
    definitions: {
      uuid: {
        description: "Unique id used to identify an entity.",
        type: "string",
        format: "uuid",
      },
      email: { description: "Email address.", type: "string", format: "email", maxLength: 127 },
      timestamp: { description: "Unix epoch time in milliseconds.", type: "integer", minimum: 0 },
      href: { description: "URI that points to a resource.", type: "string", format: "uri" },
      entityName: {
        description: "Name of an entity.",
        type: "string",
        minLength: 1,
        maxLength: 256,
        pattern: "^((?!::).)*$",
      },
      fullyQualifiedEntityName: {
        description: "Fully qualified name of an entity.",
        type: "string",
        minLength: 1,
        maxLength: 3072,
      },
      markdown: { description: "Text in Markdown format.", type: "string" },
      duration: {
        description: "ISO 8601 duration.",
        type: "string",
        pattern: "^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$",
      },
      sqlQuery: { description: "SQL query statement.", type: "string" },
    },
  });
  w.write(TYPES.filterPattern, {
    title: "FilterPattern",
    description:
      "Regex filter patterns used to include or exclude entities during metadata ingestion.",
    javaType: javaType(TYPES.filterPattern, "FilterPatternDefinitions"),
    definitions: {
      filterPattern: {
        description: "Regex to only fetch entities that matches the pattern.",
        type: "object",
        javaType: javaType(TYPES.filterPattern, "FilterPattern"),
        properties: {
          includes: {
            description: "Patterns of entities to include.",
            type: "array",
            items: { type: "string" },
            default: [],
          },
          excludes: {
            description: "Patterns of entities to exclude.",
            type: "array",
            items: { type: "string" },
            default: [],
          },
        },
        additionalProperties: false,
      },
    },
  });
  w.write(TYPES.entityReference, {
    title: "EntityReference",
    description: "A reference to another entity.",
    type: "object",
    javaType: javaType(TYPES.entityReference, "EntityReference"),
    properties: {
      id: {
        description: "Unique identifier of the referenced entity.",
        $ref: "./basic.json#/definitions/uuid",
      },
      type: { description: "Entity type.", type: "string" },
      name: { description: "Name of the entity.", type: "string" },
      fullyQualifiedName: { $ref: "./basic.json#/definitions/fullyQualifiedEntityName" },
      description: { $ref: "./basic.json#/definitions/markdown" },
      deleted: { description: "If true the entity is soft-deleted.", type: "boolean" },
      href: { $ref: "./basic.json#/definitions/href" },
    },
    required: ["id", "type"],
    additionalProperties: false,
  });
  w.write(TYPES.tagLabel, {
    title: "TagLabel",
    description: "A tag applied to an entity.",
    type: "object",
    javaType: javaType(TYPES.tagLabel, "TagLabel"),
    properties: {
      tagFQN: { description: "Fully qualified name of the tag.", type: "string", maxLength: 3072 },
      source: {
        description: "Where the tag comes from.",
        type: "string",
        enum: ["Classification", "Glossary"],
        default: "Classification",
      },
      labelType: {
        description: "How the tag was applied.",
        type: "string",
        enum: ["Manual", "Propagated", "Automated", "Derived"],
        default: "Manual",
      },
      state: { type: "string", enum: ["Suggested", "Confirmed"], default: "Confirmed" },
      href: { $ref: "./basic.json#/definitions/href" },
    },
    required: ["tagFQN", "source", "labelType", "state"],
    additionalProperties: false,
  });
  // Recursive, as OpenMetadata's own trees are: a node's children are nodes.
  w.write(TYPES.classificationTree, {
    title: "ClassificationTree",
    description: "A hierarchy of tags to apply to ingested assets.",
    type: "object",
    javaType: javaType(TYPES.classificationTree, "ClassificationTree"),
    definitions: {
      tagNode: {
        title: "Tag Node",
        type: "object",
        properties: {
          name: { $ref: "../../type/basic.json#/definitions/entityName" },
          label: { $ref: "../../type/tagLabel.json" },
          children: { type: "array", items: { $ref: "#/definitions/tagNode" }, default: [] },
        },
        required: ["name"],
        additionalProperties: false,
      },
    },
    properties: {
      classification: { $ref: "../../type/basic.json#/definitions/entityName" },
      roots: { type: "array", items: { $ref: "#/definitions/tagNode" }, default: [] },
    },
    required: ["classification"],
    additionalProperties: false,
  });
}

// ─── entity/services/connections/common/: auth variants, SSL, SSH tunnel ────────────────────

/** The auth variants a connection's `authType` oneOf picks from; `authMode` is the discriminator. */
type AuthVariant =
  | "basicAuth"
  | "iamAuthConfig"
  | "azureConfig"
  | "gcpConfig"
  | "jwtAuth"
  | "oauth2Config"
  | "tokenAuth"
  | "kerberosAuth";
const AUTH_CHOICES: Record<string, readonly AuthVariant[]> = {
  database: ["basicAuth", "iamAuthConfig", "azureConfig", "gcpConfig", "jwtAuth", "kerberosAuth"],
  dashboard: ["basicAuth", "tokenAuth", "oauth2Config", "azureConfig"],
  messaging: ["basicAuth", "iamAuthConfig", "oauth2Config", "kerberosAuth"],
  pipeline: ["basicAuth", "tokenAuth", "oauth2Config", "gcpConfig", "iamAuthConfig"],
  storage: ["iamAuthConfig", "azureConfig", "gcpConfig"],
  search: ["basicAuth", "tokenAuth", "iamAuthConfig"],
  mlmodel: ["tokenAuth", "iamAuthConfig", "gcpConfig", "azureConfig"],
};

function writeConnectionCommons(w: TreeWriter): void {
  const authMode = (value: string, description: string): Schema => ({
    title: "Auth Mode",
    description,
    type: "string",
    const: value,
    default: value,
  });
  const variant = (
    name: AuthVariant,
    title: string,
    mode: string,
    properties: Schema,
    required: string[] = [],
  ): void => {
    const rel = `${COMMON}/${name}.json`;
    w.write(rel, {
      title,
      description: `${title} for a service connection.`,
      type: "object",
      javaType: javaType(rel, upperFirst(name)),
      javaInterfaces: [`${JAVA_PACKAGE}.services.connections.common.AuthConfigInterface`],
      properties: {
        authMode: authMode(mode, `Authenticate with ${title.toLowerCase()}.`),
        ...properties,
      },
      required: ["authMode", ...required],
      additionalProperties: false,
    });
  };
  const from = (name: string) => `${COMMON}/${name}.json`;
  variant(
    "basicAuth",
    "Basic Auth",
    "basic",
    { credentials: { title: "Credentials", $ref: refTo(from("basicAuth"), SECURITY.basicAuth) } },
    ["credentials"],
  );
  variant(
    "iamAuthConfig",
    "IAM Auth",
    "iam",
    {
      awsConfig: {
        title: "AWS Credentials Configuration",
        $ref: refTo(from("iamAuthConfig"), SECURITY.aws),
      },
      tokenLifetimeSeconds: {
        title: "Token Lifetime",
        type: "integer",
        minimum: 60,
        maximum: 900,
        default: 900,
      },
    },
    ["awsConfig"],
  );
  variant(
    "azureConfig",
    "Azure AD",
    "azure",
    {
      azureConfig: {
        title: "Azure Credentials Configuration",
        $ref: refTo(from("azureConfig"), SECURITY.azure),
      },
    },
    ["azureConfig"],
  );
  variant(
    "gcpConfig",
    "GCP Credentials",
    "gcp",
    {
      gcpConfig: {
        title: "GCP Credentials Configuration",
        $ref: refTo(from("gcpConfig"), SECURITY.gcp),
      },
    },
    ["gcpConfig"],
  );
  variant(
    "jwtAuth",
    "JWT Auth",
    "jwt",
    {
      jwt: {
        title: "JWT",
        description: "JSON Web Token.",
        type: "string",
        format: "password",
        mask: true,
      },
      issuer: { title: "Issuer", type: "string", format: "uri" },
    },
    ["jwt"],
  );
  variant(
    "oauth2Config",
    "OAuth 2.0 Client Credentials",
    "oauth2",
    {
      clientId: { title: "Client ID", type: "string", minLength: 1 },
      clientSecret: { title: "Client Secret", type: "string", format: "password", expose: true },
      tokenUrl: {
        title: "Token URL",
        type: "string",
        format: "uri",
        examples: ["https://login.example.com/oauth2/token"],
      },
      scopes: { title: "Scopes", type: "array", items: { type: "string" }, default: [] },
    },
    ["clientId", "clientSecret", "tokenUrl"],
  );
  variant(
    "tokenAuth",
    "Personal Access Token",
    "token",
    { token: { title: "Token", type: "string", format: "password", mask: true } },
    ["token"],
  );
  variant(
    "kerberosAuth",
    "Kerberos",
    "kerberos",
    { kerberos: { title: "Kerberos", $ref: refTo(from("kerberosAuth"), SECURITY.kerberos) } },
    ["kerberos"],
  );

  w.write(from("sslConfig"), {
    title: "SSL Config",
    description:
      "Client SSL configuration: inline PEM certificates or files on the ingestion host.",
    javaType: javaType(from("sslConfig"), "SSLConfig"),
    oneOf: [
      { title: "Inline Certificates", $ref: refTo(from("sslConfig"), SECURITY.validateSsl) },
      {
        title: "Certificate Files",
        $ref: refTo(from("sslConfig"), SECURITY.verifySsl, "/definitions/sslCertificateFiles"),
      },
    ],
  });
  w.write(from("sshTunnelConfig"), {
    title: "SSH Tunnel",
    description: "Reach the service through an SSH bastion host.",
    type: "object",
    javaType: javaType(from("sshTunnelConfig"), "SshTunnelConfig"),
    properties: {
      sshHostPort: {
        title: "SSH Host and Port",
        type: "string",
        pattern: "^[A-Za-z0-9.-]+:\\d{1,5}$",
        examples: ["bastion.example.com:22"],
      },
      sshUser: { title: "SSH User", type: "string", minLength: 1 },
      sshKey: { title: "SSH Private Key", type: "string", format: "password", mask: true },
      sshPassphrase: { title: "Key Passphrase", type: "string", format: "password" },
      localPort: {
        title: "Local Port",
        type: "integer",
        minimum: 1024,
        maximum: 65535,
        default: 10022,
      },
    },
    required: ["sshHostPort", "sshUser"],
    additionalProperties: false,
  });
  w.write(BASIC_TYPE, {
    title: "ConnectionType",
    description: "Basic common types that are used by connection schemas.",
    javaType: javaType(BASIC_TYPE, "ConnectionBasicType"),
    definitions: {
      connectionOptions: {
        description: "Additional connection options to build the URL.",
        type: "object",
        additionalProperties: { type: "string" },
      },
      connectionArguments: {
        description: "Additional connection arguments such as security or protocol configs.",
        type: "object",
        additionalProperties: true,
      },
      ...Object.fromEntries(
        SUPPORTS.map((s) => [s, { description: `${titleOf(s)}.`, type: "boolean", default: true }]),
      ),
    },
  });
}

const SUPPORTS = words(
  `supportsMetadataExtraction supportsUsageExtraction supportsLineageExtraction supportsProfiler supportsDatabase supportsQueryComment supportsDBTExtraction supportsDataDiff`,
);

// ─── entity/services/connections/<category>/<name>Connection.json ───────────────────────────

/** The filter patterns each category's connections carry. */
const FILTERS: Record<string, readonly string[]> = {
  database: ["database", "schema", "table", "storedProcedure"],
  dashboard: ["dashboard", "chart", "dataModel", "project"],
  messaging: ["topic"],
  pipeline: ["pipeline"],
  storage: ["container", "bucket"],
  search: ["searchIndex"],
  mlmodel: ["mlModel"],
};

/** Writes one connection schema of 20–80 properties; returns its path relative to the root. */
function writeConnection(w: TreeWriter, r: Rng, category: string, name: string): string {
  const rel = `${CONNECTIONS}/${category}/${name}Connection.json`;
  const title = `${upperFirst(name)}Connection`;
  const definitions: Schema = {
    [`${name}Type`]: {
      description: "Service type.",
      type: "string",
      enum: [upperFirst(name)],
      default: upperFirst(name),
    },
  };
  const properties: Schema = {
    type: {
      title: "Service Type",
      description: "Service Type",
      $ref: `#/definitions/${name}Type`,
      default: upperFirst(name),
    },
    ...categoryProperties(r, category, name, rel, definitions),
  };
  const target = r.int(20, 80);
  const taken = new Set(Object.keys(properties));
  while (Object.keys(properties).length < target) {
    const prop = fillerName(r, taken);
    taken.add(prop);
    properties[prop] = r.chance(0.1)
      ? nestedObject(r, prop, 1)
      : r.chance(0.08)
        ? localEnum(r, prop, definitions)
        : leaf(r, prop);
  }
  w.write(rel, {
    title,
    description: `${upperFirst(name)} ${category} connection config.`,
    type: "object",
    javaType: `${JAVA_PACKAGE}.services.connections.${category}.${title}`,
    javaInterfaces: [
      `${JAVA_PACKAGE}.services.connections.${category}.common.${upperFirst(category)}ConnectionInterface`,
    ],
    definitions,
    properties,
    additionalProperties: false,
    required: [
      "type",
      ...Object.keys(properties).filter((p) =>
        ["hostPort", "bootstrapServers", "trackingUri", "authType"].includes(p),
      ),
    ],
  });
  return rel;
}

/** The properties a real connection of this category always has: auth, SSL, filters, flags. */
function categoryProperties(
  r: Rng,
  category: string,
  name: string,
  rel: string,
  definitions: Schema,
): Schema {
  const props: Schema = {};
  const auth = r.sample(
    AUTH_CHOICES[category],
    r.int(2, Math.min(4, AUTH_CHOICES[category].length)),
  );
  if (category === "database") {
    definitions[`${name}Scheme`] = {
      description: "SQLAlchemy driver scheme options.",
      type: "string",
      enum: [`${name.toLowerCase()}+pydriver`],
      default: `${name.toLowerCase()}+pydriver`,
    };
    props.scheme = { title: "Connection Scheme", $ref: `#/definitions/${name}Scheme` };
    props.username = {
      title: "Username",
      description: `Username to connect to ${upperFirst(name)}.`,
      type: "string",
      pattern: "^[A-Za-z_][A-Za-z0-9_$]{0,62}$",
    };
  }
  if (category === "messaging") {
    props.bootstrapServers = {
      title: "Bootstrap Servers",
      description: "Comma separated host:port list.",
      type: "string",
      pattern: "^[A-Za-z0-9._-]+:\\d{1,5}(,\\s*[A-Za-z0-9._-]+:\\d{1,5})*$",
    };
    props.schemaRegistryURL = { title: "Schema Registry URL", type: "string", format: "uri" };
    props.schemaRegistryAuth = {
      title: "Schema Registry Credentials",
      $ref: refTo(rel, SECURITY.basicAuth),
    };
    props.topicClassification = {
      title: "Topic Classification",
      $ref: refTo(rel, TYPES.classificationTree),
    };
  } else if (category === "mlmodel") {
    props.trackingUri = {
      title: "Tracking URI",
      description: "Where the model registry's tracking server listens.",
      type: "string",
      format: "uri",
    };
  } else {
    props.hostPort = {
      title: "Host and Port",
      description: "Host and port of the source service.",
      type: "string",
      ...(category === "database"
        ? { pattern: "^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?:\\d{1,5}$" }
        : { format: "uri" }),
    };
  }
  props.authType = {
    title: "Auth Configuration Type",
    description: "Choose Auth Config Type.",
    oneOf: auth.map((a) => ({ $ref: `../common/${a}.json` })),
  };
  props.sslConfig = {
    title: "SSL Configuration",
    description: "Client certificates.",
    $ref: "../common/sslConfig.json",
  };
  if (category === "database" || r.chance(0.3))
    props.sshTunnel = { title: "SSH Tunnel", $ref: "../common/sshTunnelConfig.json" };
  if (category === "database") {
    props.connectionOptions = {
      title: "Connection Options",
      $ref: "../connectionBasicType.json#/definitions/connectionOptions",
    };
    props.connectionArguments = {
      title: "Connection Arguments",
      $ref: "../connectionBasicType.json#/definitions/connectionArguments",
    };
  }
  for (const f of FILTERS[category]) {
    props[`${f}FilterPattern`] = {
      title: `Default ${titleOf(f)} Filter Pattern`,
      description: `Regex to only fetch ${titleOf(f).toLowerCase()}s that matches the pattern.`,
      $ref: refTo(rel, TYPES.filterPattern, "/definitions/filterPattern"),
      ...(r.chance(0.4) ? { default: { includes: [], excludes: ["^tmp_.*"] } } : {}),
    };
  }
  for (const s of r.sample(SUPPORTS, category === "database" ? r.int(4, 8) : r.int(1, 3)))
    props[s] = { $ref: `../connectionBasicType.json#/definitions/${s}` };
  return props;
}

/** An enum kept in the schema's own `definitions`, as OpenMetadata does for modes and schemes. */
function localEnum(r: Rng, prop: string, definitions: Schema): Schema {
  const values = r.sample(ENUM_WORDS, r.int(2, 6));
  definitions[prop] = {
    title: titleOf(prop),
    description: describe(r, prop),
    type: "string",
    enum: values,
    default: values[0],
  };
  return { $ref: `#/definitions/${prop}`, default: values[0] };
}

/** An object of 2–6 properties (an array of such objects a quarter of the time), at most two levels deep. */
function nestedObject(r: Rng, name: string, depth: number): Schema {
  const properties: Schema = {};
  const taken = new Set<string>();
  for (let i = r.int(2, 6); i > 0; i--) {
    const prop = lowerFirst(
      fillerName(r, taken).replace(/^(include|ingest|mark|use|enable|override|skip)/, ""),
    );
    if (taken.has(prop) || prop === "") continue;
    taken.add(prop);
    properties[prop] =
      depth < 2 && r.chance(0.15) ? nestedObject(r, prop, depth + 1) : leaf(r, prop);
  }
  const object: Schema = {
    title: titleOf(name),
    description: describe(r, name),
    type: "object",
    properties,
    additionalProperties: false,
  };
  return r.chance(0.25)
    ? {
        title: titleOf(name),
        description: describe(r, name),
        type: "array",
        items: { ...object, title: `${titleOf(name)} Item` },
        default: [],
      }
    : object;
}

/** entity/services/<category>Service.json: the service entity whose config is one of the connections. */
function writeService(w: TreeWriter, category: string, names: readonly string[]): void {
  const rel = `entity/services/${category}Service.json`;
  w.write(rel, {
    title: `${upperFirst(category)}Service`,
    description: `A ${category} service entity.`,
    type: "object",
    javaType: javaType(rel, `${upperFirst(category)}Service`),
    definitions: {
      [`${category}Connection`]: {
        type: "object",
        properties: {
          config: {
            oneOf: names.map((n) => ({ $ref: `./connections/${category}/${n}Connection.json` })),
          },
        },
        additionalProperties: false,
      },
    },
    properties: {
      id: { $ref: refTo(rel, TYPES.basic, "/definitions/uuid") },
      name: { $ref: refTo(rel, TYPES.basic, "/definitions/entityName") },
      connection: { $ref: `#/definitions/${category}Connection` },
      owners: { type: "array", items: { $ref: refTo(rel, TYPES.entityReference) } },
      tags: { type: "array", items: { $ref: refTo(rel, TYPES.tagLabel) }, default: [] },
    },
    required: ["id", "name"],
    additionalProperties: false,
  });
}

// ─── the rest of the tree: entities, API requests, ingestion configs ─────────────────────────

const FILLER_FOLDERS = words(
  `entity/data api/data entity/teams entity/policies metadataIngestion events configuration entity/classification dataInsight tests api/services entity/feed`,
);
const FILLER_NOUNS = words(
  `table topic dashboard chart pipeline container searchIndex mlmodel database databaseSchema storedProcedure query glossary glossaryTerm user team role policy rule tag classification thread suggestion report kpi testCase testSuite workflow alert persona domain dataProduct app metric apiEndpoint apiCollection`,
);
const FILLER_FORMS = [
  "",
  "create",
  "update",
  "list",
  "history",
  "status",
  "summary",
  "settings",
  "event",
  "result",
];

/** `count` schemas of the kinds a metadata platform also defines; valid, cross-referencing, no entry. */
function writeFillers(w: TreeWriter, r: Rng, count: number): void {
  const names = new Set<string>();
  for (let i = 0; names.size < count && i < count * 20; i++) {
    const noun = r.pick(FILLER_NOUNS);
    const form = r.pick(FILLER_FORMS);
    const base = form ? `${form}${upperFirst(noun)}` : noun;
    const rel = `${r.pick(FILLER_FOLDERS)}/${base}.json`;
    if (names.has(rel)) continue;
    names.add(rel);
    const properties: Schema = {
      id: { description: "Unique identifier.", $ref: refTo(rel, TYPES.basic, "/definitions/uuid") },
      name: { $ref: refTo(rel, TYPES.basic, "/definitions/entityName") },
      fullyQualifiedName: {
        $ref: refTo(rel, TYPES.basic, "/definitions/fullyQualifiedEntityName"),
      },
      description: { $ref: refTo(rel, TYPES.basic, "/definitions/markdown") },
      owners: { type: "array", items: { $ref: refTo(rel, TYPES.entityReference) } },
      tags: { type: "array", items: { $ref: refTo(rel, TYPES.tagLabel) }, default: [] },
      updatedAt: { $ref: refTo(rel, TYPES.basic, "/definitions/timestamp") },
    };
    const taken = new Set(Object.keys(properties));
    for (let p = r.int(3, 20); p > 0; p--) {
      const prop = fillerName(r, taken);
      taken.add(prop);
      properties[prop] = r.chance(0.1) ? nestedObject(r, prop, 1) : leaf(r, prop);
    }
    w.write(rel, {
      title: upperFirst(base),
      description: `${titleOf(base)} of the metadata platform.`,
      type: "object",
      javaType: javaType(rel, upperFirst(base)),
      properties,
      required: ["id", "name"],
      additionalProperties: false,
    });
  }
}

// ═══ the synthetic connector tree (onespec's layout) ═════════════════════════════════════════

const CONNECTOR_ID = "https://schemas.bench.onespec.dev";
const CONNECTOR_PREFIXES = words(
  `acme apex aurora beacon cedar cobalt delta ember falcon granite harbor helix iris juniper keystone lumen maple nimbus onyx orbit pioneer quartz raven sable summit tidal umber vertex willow zephyr`,
);
const CONNECTOR_SUFFIXES = words(
  `crm erp ads billing warehouse lake queue events metrics logs tickets hr payments inventory mail chat forms survey docs wiki cdn dns auth search cache graph kv ledger feeds maps iot video storage sheets calendar tasks`,
);

/** The shared definitions of the synthetic tree; auth ones carry an `auth_type` const. */
const SHARED_AUTH = ["basic", "api-key", "oauth2", "bearer-token"] as const;
const SHARED_OTHER = ["ssl", "ssh-tunnel", "filter-pattern", "retry-policy"] as const;

/**
 * Writes `connectors` small connectors (about 15 properties each) in onespec's default layout:
 * `connectors/<name>/connection.json` plus the connector.json and test-connection.json that
 * layout requires, and the shared definitions under `definitions/`.
 */
export function buildConnectorTree(
  root: string,
  options: { connectors: number; seed?: number },
): BuiltTree {
  const r = new Rng(options.seed ?? 1014);
  const w = new TreeWriter(root, CONNECTOR_ID);
  writeSharedDefinitions(w);
  const names = connectorNames(r, options.connectors);
  const entries = names.map((name) => writeSmallConnector(w, r, name));
  return { root, files: w.files, entries, entryGlob: "connectors/*/connection.json" };
}

/** `n` distinct names like "cobalt-billing", then "cobalt-billing-2" once the pairs run out. */
function connectorNames(r: Rng, n: number): string[] {
  const pairs = CONNECTOR_PREFIXES.flatMap((p) => CONNECTOR_SUFFIXES.map((s) => `${p}-${s}`));
  const shuffled = r.sample(pairs, pairs.length);
  return Array.from({ length: n }, (_, i) =>
    i < shuffled.length
      ? shuffled[i]
      : `${shuffled[i % shuffled.length]}-${Math.floor(i / shuffled.length) + 1}`,
  );
}

function writeSharedDefinitions(w: TreeWriter): void {
  const auth = (name: string, title: string, properties: Schema, required: string[]): void =>
    w.write(`definitions/auth/${name}.json`, {
      title,
      description: `${title} authentication.`,
      type: "object",
      properties: { auth_type: { type: "string", const: name, default: name }, ...properties },
      required: ["auth_type", ...required],
      additionalProperties: false,
    });
  auth(
    "basic",
    "Username and Password",
    {
      username: { title: "Username", type: "string", minLength: 1 },
      password: { title: "Password", type: "string", secret: true },
    },
    ["username", "password"],
  );
  auth(
    "api-key",
    "API Key",
    {
      api_key: { title: "API Key", type: "string", secret: true, minLength: 16 },
      header: { title: "Header", type: "string", default: "X-API-Key" },
    },
    ["api_key"],
  );
  auth(
    "oauth2",
    "OAuth 2.0 Client Credentials",
    {
      client_id: { title: "Client ID", type: "string", minLength: 1 },
      client_secret: { title: "Client Secret", type: "string", secret: true },
      token_url: { title: "Token URL", type: "string", format: "uri" },
      scopes: { title: "Scopes", type: "array", items: { type: "string" }, default: [] },
    },
    ["client_id", "client_secret", "token_url"],
  );
  auth(
    "bearer-token",
    "Bearer Token",
    { token: { title: "Token", type: "string", secret: true } },
    ["token"],
  );
  w.write("definitions/ssl.json", {
    title: "SSL",
    description: "TLS settings for the connection.",
    type: "object",
    properties: {
      mode: {
        title: "Mode",
        type: "string",
        enum: ["disable", "require", "verify-ca", "verify-full"],
        default: "require",
      },
      ca_certificate: {
        title: "CA Certificate",
        type: "string",
        pattern: "^-----BEGIN CERTIFICATE-----[\\s\\S]+-----END CERTIFICATE-----\\s*$",
      },
      client_key: { title: "Client Key", type: "string", secret: true },
    },
    additionalProperties: false,
  });
  w.write("definitions/ssh-tunnel.json", {
    title: "SSH Tunnel",
    description: "Reach the service through an SSH bastion.",
    type: "object",
    properties: {
      host: { title: "SSH Host", type: "string", format: "hostname" },
      port: { title: "SSH Port", type: "integer", minimum: 1, maximum: 65535, default: 22 },
      user: { title: "SSH User", type: "string", minLength: 1 },
      private_key: { title: "Private Key", type: "string", secret: true },
    },
    required: ["host", "user", "private_key"],
    additionalProperties: false,
  });
  w.write("definitions/filter-pattern.json", {
    title: "Filter Pattern",
    description: "Regexes of names to include or exclude.",
    type: "object",
    properties: {
      includes: { type: "array", items: { type: "string" }, default: [] },
      excludes: { type: "array", items: { type: "string" }, default: [] },
    },
    additionalProperties: false,
  });
  w.write("definitions/retry-policy.json", {
    title: "Retry Policy",
    description: "How failed requests are retried.",
    type: "object",
    properties: {
      max_attempts: { title: "Max Attempts", type: "integer", minimum: 1, maximum: 10, default: 3 },
      backoff: {
        title: "Backoff",
        type: "string",
        enum: ["constant", "linear", "exponential"],
        default: "exponential",
      },
      initial_delay_ms: {
        title: "Initial Delay",
        type: "integer",
        minimum: 0,
        maximum: 60000,
        default: 500,
      },
    },
    additionalProperties: false,
  });
}

/** One connector: host, port, a oneOf of 2 auth definitions, 0–1 other shared definition, filler to ~15. */
function writeSmallConnector(w: TreeWriter, r: Rng, name: string): string {
  const rel = `connectors/${name}/connection.json`;
  const title = name.split("-").map(upperFirst).join(" ");
  const properties: Schema = {
    host: {
      title: "Host",
      description: `Host name of the ${title} server.`,
      type: "string",
      format: "hostname",
      order: 0,
    },
    port: {
      title: "Port",
      type: "integer",
      minimum: 1,
      maximum: 65535,
      default: r.pick([443, 5432, 8080, 9000]),
      order: 1,
    },
    auth: {
      title: "Authentication",
      description: "How to authenticate.",
      oneOf: r.sample(SHARED_AUTH, 2).map((a) => ({ $ref: `../../definitions/auth/${a}.json` })),
      order: 2,
    },
  };
  for (const other of r.sample(SHARED_OTHER, r.int(0, 1)))
    properties[other.replace(/-(.)/g, (_, c: string) => c.toUpperCase())] = {
      $ref: `../../definitions/${other}.json`,
    };
  const taken = new Set(Object.keys(properties));
  const target = r.int(14, 16);
  while (Object.keys(properties).length < target) {
    const prop = fillerName(r, taken);
    taken.add(prop);
    properties[prop] = leaf(r, prop, undefined, "secret");
  }
  w.write(rel, {
    title: `${title} Connection`,
    description: `Connection settings for ${title}.`,
    type: "object",
    properties,
    required: ["host", "auth"],
    additionalProperties: false,
  });
  w.writeJson(`connectors/${name}/connector.json`, {
    name,
    displayName: title,
    description: `Reads metadata from ${title}.`,
    serviceType: r.pick(["Database", "API", "Messaging", "Storage", "Dashboard"]),
    capabilities: ["metadata"],
    version: "0.1.0",
    docsUrl: `https://docs.example.com/connectors/${name}`,
  });
  w.writeJson(`connectors/${name}/test-connection.json`, {
    steps: [
      {
        name: "CheckAccess",
        description: `Connect to ${title} with the given credentials.`,
        mandatory: true,
        shortCircuit: true,
        errorMessage: "Check the host, port and credentials.",
      },
      {
        name: "ListResources",
        description: "List what the credentials can read.",
        mandatory: false,
        errorMessage: "Check the account's read permissions.",
      },
    ],
  });
  return rel;
}
