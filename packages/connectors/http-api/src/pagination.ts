/**
 * Page walking: where a stream is (Position), the URL of its next page for each pagination
 * type, and what a finished stream leaves for the next run. A stored position never holds a
 * secret (the API key query parameter is removed from link-header URLs).
 */
import { defaulted } from "@onespec/runtime";
import type { HttpApiConfig, Pagination } from "@onespec/generated/connectors/http-api/types";
import { recordsUrl, type HttpApiEndpoint } from "./config.js";
import type { HttpSession, JsonResponse } from "./http.js";
import { valueAt } from "./paths.js";

/** Where a stream is: the next request, the cursor it started from and the highest seen. */
export interface Position {
  /** Next page: a page number, an offset, a cursor token or a URL path+query (no secrets). */
  next: string | number | null;
  /** The saved cursor this run started from (sent as cursor_param). */
  since?: string | number;
  /** Highest cursor_field value seen so far in this run. */
  max?: string | number;
}

/** A finished incremental stream's state: where the next run starts. */
interface Cursor {
  since?: string | number;
}

/** The endpoint's pagination, else the config-wide one (whose default is none). */
export function paginationOf(config: HttpApiConfig, endpoint: HttpApiEndpoint): Pagination {
  return endpoint.pagination ?? defaulted(config, "pagination");
}

/** The larger of two cursor values (either may be missing). */
export function greater(
  a: string | number | undefined,
  b: string | number | undefined,
): string | number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return b > a ? b : a;
}

/** Where a stream starts when nothing is saved. */
export function firstPosition(pagination: Pagination): string | number | null {
  switch (pagination.type) {
    case "none":
    case "cursor":
    case "link_header":
      return null;
    case "page_number":
      return defaulted(pagination, "start_page");
    case "offset_limit":
      return 0;
  }
}

/** The URL of a page: endpoint URL + pagination parameters for `position.next`. */
export function pageUrl(
  session: HttpSession,
  endpoint: HttpApiEndpoint,
  pagination: Pagination,
  position: Position,
  first: boolean,
): URL {
  const extra: Record<string, string> = {};
  if (endpoint.cursor_param && position.since !== undefined)
    extra[endpoint.cursor_param] = String(position.since);
  switch (pagination.type) {
    case "page_number":
      extra[pagination.page_param] = String(position.next);
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(pagination.page_size);
      break;
    case "offset_limit":
      extra[pagination.offset_param] = String(position.next);
      extra[pagination.limit_param] = String(pagination.limit);
      break;
    case "cursor":
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(defaulted(pagination, "page_size"));
      if (!first && position.next !== null)
        extra[defaulted(pagination, "cursor_param")] = String(position.next);
      break;
    case "link_header":
      if (!first && typeof position.next === "string")
        return new URL(position.next, session.config.base_url);
      if (pagination.page_size_param)
        extra[pagination.page_size_param] = String(defaulted(pagination, "page_size"));
      break;
    case "none":
      break;
  }
  return recordsUrl(session.config, endpoint, extra);
}

/** The `rel="next"` target of an RFC 8288 Link header. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match) continue;
    const rels =
      /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2])?.[1]?.toLowerCase().split(/\s+/) ?? [];
    if (rels.includes("next")) return match[1];
  }
  return undefined;
}

/** Removes the API key query parameter, so a stored checkpoint never holds it. */
function withoutSecretQuery(session: HttpSession, url: string): string {
  const u = new URL(url);
  if (session.auth.kind === "static")
    for (const name of Object.keys(session.auth.query)) u.searchParams.delete(name);
  return `${u.pathname}${u.search}`;
}

/** The position after a page, or null when there is no next page. */
export function advance(
  pagination: Pagination,
  position: Position,
  response: JsonResponse,
  count: number,
  session: HttpSession,
): string | number | null {
  if (count === 0) return null;
  switch (pagination.type) {
    case "none":
      return null;
    case "page_number":
      return Number(position.next) + 1;
    case "offset_limit":
      return count < pagination.limit ? null : Number(position.next) + count;
    case "cursor": {
      const next = valueAt(response.body, pagination.cursor_path);
      return next === undefined || next === null || next === "" ? null : String(next);
    }
    case "link_header": {
      const next = nextLink(response.headers.get("link"));
      return next === undefined
        ? null
        : withoutSecretQuery(session, new URL(next, response.url).toString());
    }
  }
}

/** What a finished stream leaves: for an incremental one, the highest cursor value seen. */
export function finishState(position: Position, endpoint: HttpApiEndpoint): Cursor {
  if (!endpoint.cursor_field) return {};
  const since = greater(position.since, position.max);
  return since === undefined ? {} : { since };
}
