/**
 * The run queue in serve's API, when serve was started with one (`--database`): schedules with
 * their connection's last runs, a connection's run history, add, remove, pause and resume. The
 * queue itself (@onespec/queue) is passed in as a view, so the server does not depend on
 * PostgreSQL. Like every state-changing route, these pass the Host and Origin checks
 * (request-guard.ts).
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type {
  ConfigProblem,
  CreateScheduleRequest,
  ErrorResponse,
  QueuedRun,
  ScheduleWithRuns,
} from "@onespec/runtime/serve-api";
import type { ConnectionStore } from "./store.js";

/** A schedule added, or why not: a cron expression that does not parse, a name taken. */
export type AddedSchedule =
  { schedule: ScheduleWithRuns } | { refused: "cron" | "name"; message: string };

export interface RunQueueView {
  schedules(): Promise<ScheduleWithRuns[]>;
  runs(connection: string | undefined, limit: number): Promise<QueuedRun[]>;
  /** False when there is no schedule of that name. */
  setPaused(name: string, paused: boolean): Promise<boolean>;
  /** Schedules a connection of serve's store (the route has checked that it exists). */
  addSchedule(input: CreateScheduleRequest): Promise<AddedSchedule>;
  /** False when there is no schedule of that name. */
  removeSchedule(name: string): Promise<boolean>;
}

/** Schedule names appear in URLs and in `onespec schedule` commands: keep them plain. */
const SCHEDULE_NAME = "^[A-Za-z0-9][A-Za-z0-9._-]*$";

const NO_QUEUE =
  "serve has no run queue: start it with --database <postgres url> (or ONESPEC_QUEUE_DATABASE)";

const fail = (
  reply: FastifyReply,
  status: number,
  error: string,
  problems?: readonly ConfigProblem[],
) => reply.code(status).send({ error, ...(problems && { problems }) } satisfies ErrorResponse);

const invalidSchedule = (reply: FastifyReply, pointer: string, message: string) =>
  fail(reply, 422, "invalid schedule", [{ pointer, message }]);

export function registerQueueRoutes(
  app: FastifyInstance,
  queue: RunQueueView | undefined,
  store: Pick<ConnectionStore, "get">,
): void {
  app.get("/api/schedules", async (_request, reply) =>
    queue ? queue.schedules() : fail(reply, 404, NO_QUEUE),
  );

  app.get<{ Querystring: { connection?: string; limit?: number } }>(
    "/api/runs",
    {
      schema: {
        querystring: {
          type: "object",
          additionalProperties: false,
          properties: {
            connection: { type: "string", minLength: 1, maxLength: 4096 },
            limit: { type: "integer", minimum: 1, maximum: 500 },
          },
        },
      },
    },
    async (request, reply) =>
      queue
        ? queue.runs(request.query.connection, request.query.limit ?? 50)
        : fail(reply, 404, NO_QUEUE),
  );

  for (const [action, paused] of [
    ["pause", true],
    ["resume", false],
  ] as const)
    app.post<{ Params: { name: string } }>(
      `/api/schedules/:name/${action}`,
      async (request, reply) => {
        if (!queue) return fail(reply, 404, NO_QUEUE);
        if (!(await queue.setPaused(request.params.name, paused)))
          return fail(reply, 404, "unknown schedule");
        return { name: request.params.name, paused };
      },
    );

  app.post<{ Body: CreateScheduleRequest }>(
    "/api/schedules",
    {
      schema: {
        body: {
          type: "object",
          required: ["name", "connectionId", "cron"],
          additionalProperties: false,
          properties: {
            name: { type: "string", pattern: SCHEDULE_NAME, maxLength: 100 },
            connectionId: { type: "string", minLength: 1, maxLength: 200 },
            cron: { type: "string", minLength: 1, maxLength: 200 },
          },
        },
      },
    },
    async (request, reply) => {
      if (!queue) return fail(reply, 404, NO_QUEUE);
      if (!store.get(request.body.connectionId))
        return invalidSchedule(reply, "/connectionId", "there is no saved connection with this id");
      const added = await queue.addSchedule(request.body);
      if ("schedule" in added) return reply.code(201).send(added.schedule);
      return added.refused === "name"
        ? fail(reply, 409, added.message)
        : invalidSchedule(reply, "/cron", added.message);
    },
  );

  app.delete<{ Params: { name: string } }>("/api/schedules/:name", async (request, reply) => {
    if (!queue) return fail(reply, 404, NO_QUEUE);
    return (await queue.removeSchedule(request.params.name))
      ? reply.code(204).send()
      : fail(reply, 404, "unknown schedule");
  });
}
