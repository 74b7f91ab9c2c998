/** The JSON API of `onespec serve`, as the pages use it. */
import type { RJSFValidationError } from "@rjsf/utils";
import type {
  ConfigProblem,
  ConfigRequest,
  ConnectorSummary,
  CreateConnectionRequest,
  CreateScheduleRequest,
  ErrorResponse,
  SavedConnection,
  ScheduleWithRuns,
  StepResult,
  TestStreamLine,
  UpdateConnectionRequest,
} from "@onespec/runtime/serve-api";

/** An error the server answered with: its message and, for an invalid config, the problems. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly problems: readonly ConfigProblem[] = [],
  ) {
    super(message);
  }
}

/** Sends a request; a network failure or an error status becomes an ApiError. */
async function send(method: string, url: string, body?: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("cannot reach the onespec server; is `onespec serve` still running?", 0);
  }
  if (!response.ok) {
    const payload = (await response.json().catch(() => ({}))) as Partial<ErrorResponse>;
    throw new ApiError(
      payload.error ?? `HTTP ${response.status}`,
      response.status,
      payload.problems,
    );
  }
  return response;
}

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await send(method, url, body);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const api = {
  connectors: () => request<ConnectorSummary[]>("GET", "/api/connectors"),
  connections: () => request<SavedConnection[]>("GET", "/api/connections"),
  connection: (id: string) =>
    request<SavedConnection>("GET", `/api/connections/${encodeURIComponent(id)}`),
  create: (connector: string, name: string, config: unknown) =>
    request<SavedConnection>("POST", "/api/connections", {
      connector,
      name,
      config,
    } satisfies CreateConnectionRequest),
  update: (id: string, name: string, config: unknown) =>
    request<SavedConnection>("PUT", `/api/connections/${encodeURIComponent(id)}`, {
      name,
      config,
    } satisfies UpdateConnectionRequest),
  remove: (id: string) => request<void>("DELETE", `/api/connections/${encodeURIComponent(id)}`),
  schedules: () => request<ScheduleWithRuns[]>("GET", "/api/schedules"),
  pauseSchedule: (name: string) =>
    request<unknown>("POST", `/api/schedules/${encodeURIComponent(name)}/pause`),
  resumeSchedule: (name: string) =>
    request<unknown>("POST", `/api/schedules/${encodeURIComponent(name)}/resume`),
  addSchedule: (schedule: CreateScheduleRequest) =>
    request<ScheduleWithRuns>("POST", "/api/schedules", schedule),
  removeSchedule: (name: string) =>
    request<void>("DELETE", `/api/schedules/${encodeURIComponent(name)}`),
};

/**
 * Runs a connection test and calls `onStep` as each step's result arrives (the server streams
 * one JSON line per step). Resolves with the overall result.
 */
export async function testConnection(
  connector: string,
  body: ConfigRequest,
  onStep: (step: StepResult) => void,
): Promise<{ ok: boolean; durationMs: number }> {
  const response = await send(
    "POST",
    `/api/connectors/${encodeURIComponent(connector)}/test`,
    body,
  );
  if (!response.body) throw new ApiError("the server sent no test results", response.status);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = "";
  let result: { ok: boolean; durationMs: number } | undefined;
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffered += value;
    let newline: number;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (!line) continue;
      const message = JSON.parse(line) as TestStreamLine;
      if (message.type === "step") onStep(message);
      else if (message.type === "result")
        result = { ok: message.ok, durationMs: message.durationMs };
    }
    if (done) break;
  }
  if (!result)
    throw new ApiError("the test stopped before it finished (the server closed the connection)", 0);
  return result;
}

/** Server problems (JSON pointers) as RJSF errors on the matching fields. */
/** "/ssl/mode" → ".ssl.mode": a JSON pointer as RJSF names a field's place. */
export function pointerToProperty(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => `.${part.replace(/~1/g, "/").replace(/~0/g, "~")}`)
    .join("");
}

export function problemsAsErrors(problems: readonly ConfigProblem[]): RJSFValidationError[] {
  return problems.map((p) => {
    const property = pointerToProperty(p.pointer);
    return { property, message: p.message, stack: `${property || "config"} ${p.message}` };
  });
}
