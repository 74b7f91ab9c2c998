/** What `onespec scaffold connector` asks, the allowed values, validation and defaults. */

export const SERVICE_TYPES = [
  "database",
  "dashboard",
  "pipeline",
  "messaging",
  "mlmodel",
  "storage",
  "search",
  "api",
] as const;
export const CONNECTION_TYPES = ["sql", "rest", "sdk"] as const;
export const AUTH_TYPES = ["basic", "token", "api-key", "oauth2", "iam", "key-pair"] as const;
export const CAPABILITIES = ["metadata", "lineage", "usage", "profiler"] as const;

export type ServiceType = (typeof SERVICE_TYPES)[number];
export type ConnectionType = (typeof CONNECTION_TYPES)[number];
export type AuthType = (typeof AUTH_TYPES)[number];
export type Capability = (typeof CAPABILITIES)[number];

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

/** The connector.json serviceType of each service type. */
export const SERVICE_TYPE_META: Record<ServiceType, string> = {
  database: "Database",
  dashboard: "Dashboard",
  pipeline: "Pipeline",
  messaging: "Messaging",
  mlmodel: "MlModel",
  storage: "Storage",
  search: "Search",
  api: "API",
};

/** The connector.json capability of each capability answer. */
export const CAPABILITY_META: Record<Capability, string> = {
  metadata: "metadata",
  lineage: "lineage",
  usage: "usage",
  profiler: "profiling",
};

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
export function defaultDisplayName(name: string): string {
  return name
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

export function defaultConnectionType(serviceType: ServiceType): ConnectionType {
  return serviceType === "database" ? "sql" : "rest";
}

export function defaultAuthTypes(connectionType: ConnectionType): AuthType[] {
  return connectionType === "sql" ? ["basic"] : connectionType === "rest" ? ["token"] : ["iam"];
}

/** Every problem of a complete set of answers, as "field: problem". */
export function answersProblems(a: Answers, existing: readonly string[], force: boolean): string[] {
  const problems: string[] = [];
  const name = nameProblem(a.name, existing, force);
  if (name) problems.push(`name: ${name}`);
  if (a.displayName.trim() === "") problems.push("display-name: must not be empty");
  if (!SERVICE_TYPES.includes(a.serviceType))
    problems.push(`service-type: must be one of ${SERVICE_TYPES.join(", ")}`);
  if (!CONNECTION_TYPES.includes(a.connectionType))
    problems.push(`connection-type: must be one of ${CONNECTION_TYPES.join(", ")}`);
  if (a.authTypes.length === 0) problems.push("auth-types: choose at least one");
  for (const t of a.authTypes)
    if (!AUTH_TYPES.includes(t))
      problems.push(`auth-types: "${t}" is not one of ${AUTH_TYPES.join(", ")}`);
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
