/**
 * The JSON API of `onespec serve`: what @onespec/server answers and the web app sends and reads,
 * defined once. They live here, not in the server, because the server ships the web app (it
 * depends on @onespec/web), so the app cannot depend on the server; both depend on the runtime.
 * Types only: nothing here runs.
 */
import type { Problem } from "./problems.js";

export type StepStatus = "passed" | "failed" | "skipped";

/** One test-connection step as it finished (the CLI prints it, serve streams it). */
export interface StepResult {
  name: string;
  description: string;
  mandatory: boolean;
  status: StepStatus;
  durationMs: number;
  /** Why it failed (the error, then the step's declared advice), or why it was skipped. */
  message?: string;
  /** A detail the step returned on success. */
  detail?: string;
  /**
   * For a failed step, what kind of failure the connector saw (`auth`, `connection`, `timeout`,
   * `config`, …), what to do about it, and the config values at fault as JSON pointers
   * (`/password`): the form puts the failure on those fields.
   */
  kind?: string;
  hint?: string;
  fields?: string[];
}

/** GET /api/connectors: one entry per served connector. */
export interface ConnectorSummary {
  name: string;
  displayName: string;
  description?: string;
  serviceType: string;
  capabilities: string[];
  docsUrl: string;
  steps: { name: string; description: string; mandatory: boolean }[];
}

/** GET /api/connectors/:name/form: the bundled schema and uiSchema, and the mask of a stored secret. */
export interface ConnectorFormResponse {
  name: string;
  schema: Record<string, unknown> | boolean;
  uiSchema: Record<string, unknown>;
  mask: string;
}

/**
 * The body of POST /api/connectors/:name/validate and …/test: a config, or a saved connection
 * whose stored secrets fill the config's masks (its own config when none is sent).
 */
export interface ConfigRequest {
  config?: unknown;
  connectionId?: string;
}

/** POST /api/connectors/:name/validate. */
export interface ValidateResponse {
  valid: boolean;
  problems: Problem[];
}

/** POST /api/connectors/:name/test answers one JSON line per step, then the result. */
export type TestStreamLine =
  ({ type: "step" } & StepResult) | { type: "result"; ok: boolean; durationMs: number };

/** A saved connection as the server sends it: stored secrets replaced by the mask. */
export interface SavedConnection {
  id: string;
  connector: string;
  name: string;
  /** An object: the server only saves a config that is one. */
  config: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /**
   * The connector version the config was saved for (absent for connections saved before
   * versions were stored: they are taken as written for the current version). When the server
   * upgraded the config on read, this is the current version and `upgradedFrom` the saved one.
   */
  connectorVersion?: string;
  /** The version the stored config was written for, when it was upgraded on read; saving stores the upgrade. */
  upgradedFrom?: string;
  /** Why the stored config could not be upgraded (it is shown as stored). */
  upgradeProblem?: string;
}

/** POST /api/connections. */
export interface CreateConnectionRequest {
  connector: string;
  name: string;
  config: unknown;
}

/** PUT /api/connections/:id (the name stays when none is sent). */
export interface UpdateConnectionRequest {
  name?: string;
  config: unknown;
}

/** A problem in an error response: the keyword is there when a JSON Schema keyword failed. */
export type ConfigProblem = Omit<Problem, "keyword"> & { keyword?: string };

/** Every error status: a message and, for a config that is not valid, its problems. */
export interface ErrorResponse {
  error: string;
  problems?: readonly ConfigProblem[];
}

/** One attempt of a queued run (`serve --database`): what `onespec runs` lists. */
export interface QueuedRun {
  id: string;
  /** The workflow file the run is of (its absolute path). */
  connection: string;
  schedule: string | null;
  attempt: number;
  /** host:pid of the worker. */
  worker: string;
  status: "running" | "ok" | "failed" | "timed-out" | "lost";
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
  counts: {
    read: number;
    created: number;
    updated: number;
    unchanged: number;
    deleted: number;
    failed: number;
  } | null;
  errorKind: string | null;
  errorMessage: string | null;
}

/** GET /api/schedules: each schedule with its connection's last runs, newest first. */
export interface ScheduleWithRuns {
  name: string;
  workflow: string;
  cron: string;
  timezone: string;
  paused: boolean;
  lastFiredAt: string;
  lastRuns: QueuedRun[];
}

/**
 * POST /api/schedules: schedules a saved connection (its runs write a catalog beside serve's
 * store, `catalog-<connection id>.db`). The answer is the new schedule (201).
 */
export interface CreateScheduleRequest {
  /** Letters, digits, `.`, `_`, `-`; at most 100 characters. */
  name: string;
  connectionId: string;
  /** Five fields: minute hour day-of-month month day-of-week, in UTC. */
  cron: string;
}
