/** What `onespec scaffold connector` asks, the allowed values, validation and defaults. */

import { AUTH_KINDS, CAPABILITIES, SERVICE_TYPES } from "@onespec/core";

/**
 * The choices are connector.json's own vocabulary (@onespec/core reads it from the connector
 * metadata schema), so the scaffold cannot offer a value that validation then rejects.
 */
export { AUTH_KINDS, CAPABILITIES, SERVICE_TYPES };
export const CONNECTION_TYPES = ["sql", "rest", "sdk"] as const;

/** A connector.json serviceType ("Database", "API", …). */
export type ServiceType = string;
export type ConnectionType = (typeof CONNECTION_TYPES)[number];
/** An auth kind: the name of a shared definition ("basic-auth", "bearer-token", …). */
export type AuthType = string;
/** A connector.json capability ("metadata", "profiling", …). */
export type Capability = string;

export interface Answers {
  name: string;
  displayName: string;
  serviceType: ServiceType;
  connectionType: ConnectionType;
  authTypes: AuthType[];
  capabilities: Capability[];
  docsUrl: string;
  sdkPackage?: string;
  apiEndpoints: string[];
  notes?: string;
  dockerImage?: string;
  dockerPort?: number;
}

/**
 * Names the scaffold took before it used connector.json's vocabulary, documented in the
 * getting-started page: still accepted, with a warning naming the new one.
 */
const RENAMED = {
  "service-type": Object.fromEntries(SERVICE_TYPES.map((t) => [t.toLowerCase(), t])),
  "auth-types": {
    basic: "basic-auth",
    token: "bearer-token",
    oauth2: "oauth2-client-credentials",
    iam: "aws-iam",
  },
  capabilities: { profiler: "profiling" },
} as const satisfies Record<string, Record<string, string>>;

/**
 * A flag's value in the current vocabulary: an old name becomes its new one, with a warning for
 * the user; anything else is returned as it is (answersProblems judges it).
 */
export function currentName(
  flag: keyof typeof RENAMED,
  value: string,
  warn: (message: string) => void,
): string {
  const renamed = (RENAMED[flag] as Record<string, string>)[value];
  if (renamed === undefined || renamed === value) return value;
  warn(`--${flag} ${value} is now called ${renamed}; using ${renamed}.`);
  return renamed;
}

/** A name problem, or undefined when the name is usable. `existing` are connector names in the tree. */
export function nameProblem(
  name: string,
  existing: readonly string[] = [],
  force = false,
): string | undefined {
  if (name.trim() === "") return "a name is required";
  if (name.includes("/") || name.includes("\\")) return "must not contain a path separator";
  if (name.includes("..")) return 'must not contain ".."';
  if (!/^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/.test(name)) {
    return "must be kebab-case or snake_case: lower-case letters and digits, words joined by - or _ (e.g. my-source)";
  }
  if (name.length > 60) return "must be at most 60 characters";
  if (existing.includes(name) && !force)
    return `a connector named "${name}" already exists (use --force to replace it)`;
  return undefined;
}

export function urlProblem(url: string): string | undefined {
  if (url === "") return "a URL is required";
  try {
    const u = new URL(url);
    if (u.protocol !== "https:" && u.protocol !== "http:") return "must be an http(s) URL";
  } catch {
    return "must be an absolute URL, e.g. https://docs.example.com/connector";
  }
  return undefined;
}

export function portProblem(port: number): string | undefined {
  return Number.isInteger(port) && port >= 1 && port <= 65535
    ? undefined
    : "must be a port number from 1 to 65535";
}

/** "my-source" → "My Source". */
/** Words a connector name holds that are written in capitals ("acme-crm" is "Acme CRM"). */
const ACRONYMS = new Set([
  "ai",
  "api",
  "aws",
  "bi",
  "cdc",
  "cms",
  "crm",
  "csv",
  "db",
  "dns",
  "erp",
  "ftp",
  "gcp",
  "gcs",
  "hr",
  "http",
  "https",
  "iam",
  "io",
  "jdbc",
  "json",
  "ldap",
  "ml",
  "odbc",
  "rest",
  "s3",
  "saml",
  "sap",
  "sdk",
  "sftp",
  "sms",
  "sql",
  "ssh",
  "sso",
  "ui",
  "url",
  "xml",
]);

export function defaultDisplayName(name: string): string {
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)))
    .join(" ");
}

/** Services read over SQL: the SQL connection fields, database steps and name filters. */
export function isSqlService(serviceType: ServiceType): boolean {
  return serviceType === "Database" || serviceType === "Warehouse";
}

export function defaultConnectionType(serviceType: ServiceType): ConnectionType {
  return isSqlService(serviceType) ? "sql" : "rest";
}

export function defaultAuthTypes(connectionType: ConnectionType): AuthType[] {
  return connectionType === "sql"
    ? ["basic-auth"]
    : connectionType === "rest"
      ? ["bearer-token"]
      : ["aws-iam"];
}

/** Every problem of a complete set of answers, as "field: problem". */
export function answersProblems(a: Answers, existing: readonly string[], force: boolean): string[] {
  const problems: string[] = [];
  const name = nameProblem(a.name, existing, force);
  if (name) problems.push(`name: ${name}`);
  if (a.displayName.trim() === "") problems.push("display-name: must not be empty");
  if (!SERVICE_TYPES.includes(a.serviceType))
    problems.push(`service-type: must be one of ${SERVICE_TYPES.join(", ")}`);
  if (!(CONNECTION_TYPES as readonly string[]).includes(a.connectionType))
    problems.push(`connection-type: must be one of ${CONNECTION_TYPES.join(", ")}`);
  if (a.authTypes.length === 0) problems.push("auth-types: choose at least one");
  for (const t of a.authTypes)
    if (!AUTH_KINDS.includes(t))
      problems.push(`auth-types: "${t}" is not one of ${AUTH_KINDS.join(", ")}`);
  if (new Set(a.authTypes).size !== a.authTypes.length) problems.push("auth-types: listed twice");
  for (const c of a.capabilities)
    if (!CAPABILITIES.includes(c))
      problems.push(`capabilities: "${c}" is not one of ${CAPABILITIES.join(", ")}`);
  const url = urlProblem(a.docsUrl);
  if (url) problems.push(`docs-url: ${url}`);
  for (const e of a.apiEndpoints)
    if (!/^\/[^\s?#]*$/.test(e))
      problems.push(`api-endpoints: "${e}" must be a path starting with /`);
  if (a.dockerPort !== undefined) {
    const port = portProblem(a.dockerPort);
    if (port) problems.push(`docker-port: ${port}`);
  }
  return problems;
}
