/**
 * Endpoints as streams and their records as entities: each endpoint is a stream whose entity
 * type is its name; a record becomes an entity named by its primary key, or a failure when it
 * has none or does not match the endpoint's record_schema.
 */
import {
  SourceError,
  fqn,
  type Entity,
  type Failure,
  type JsonValue,
  type RunContext,
  type StreamInfo,
} from "@onespec/sdk";
import type { HttpApiConfig } from "@onespec/generated/connectors/http-api/types";
import type { HttpApiEndpoint } from "./config.js";
import type { JsonResponse } from "./http.js";
import { greater } from "./pagination.js";
import { valueAt } from "./paths.js";

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One stream per endpoint; an endpoint with a cursor_field is read incrementally. */
export function streams(config: HttpApiConfig): StreamInfo[] {
  return config.endpoints.map((e) => ({
    name: e.name,
    entityType: e.name,
    description: `Records of GET ${e.path}`,
    ...(e.cursor_field !== undefined && { incremental: true }),
  }));
}

/** The array of records in a response, at the endpoint's records_path. */
export function recordsOf(response: JsonResponse, endpoint: HttpApiEndpoint): unknown[] {
  const found = endpoint.records_path
    ? valueAt(response.body, endpoint.records_path)
    : response.body;
  if (found === undefined || found === null) return [];
  if (!Array.isArray(found)) {
    throw new SourceError(
      `${endpoint.name}: the records location ${JSON.stringify(endpoint.records_path ?? "")} holds ${typeof found}, not an array`,
      { hint: "Set records_path to where the array of records sits in the response." },
    );
  }
  return found;
}

/** A page of records as entities and failures, with the highest cursor_field value seen. */
export function toEntities(
  ctx: RunContext,
  endpoint: HttpApiEndpoint,
  records: unknown[],
  validate: ((record: unknown) => string[]) | undefined,
): { entities: Entity[]; failures: Failure[]; max?: string | number } {
  const entities: Entity[] = [];
  const failures: Failure[] = [];
  let max: string | number | undefined;
  for (const [i, record] of records.entries()) {
    const key = valueAt(record, endpoint.primary_key ?? "id");
    const id = typeof key === "string" || typeof key === "number" ? String(key) : undefined;
    const entityFqn = fqn(ctx.service, endpoint.name, id ?? `#${i}`);
    if (!isObject(record) || id === undefined) {
      failures.push({
        type: endpoint.name,
        fqn: entityFqn,
        message: `record ${i} has no primary key ${endpoint.primary_key ?? "id"}`,
      });
      continue;
    }
    const problems = validate?.(record) ?? [];
    if (problems.length > 0) {
      failures.push({ type: endpoint.name, fqn: entityFqn, message: problems.join("; ") });
      continue;
    }
    if (endpoint.cursor_field) {
      const value = valueAt(record, endpoint.cursor_field);
      if (typeof value === "string" || typeof value === "number") max = greater(max, value);
    }
    entities.push({
      type: endpoint.name,
      fqn: entityFqn,
      name: id,
      properties: record as Record<string, JsonValue>,
    });
  }
  return { entities, failures, ...(max !== undefined && { max }) };
}
