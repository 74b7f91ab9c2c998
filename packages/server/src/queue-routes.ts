/**
 * The run queue in serve's API, when serve was started with one (`--database`): schedules with
 * their connection's last runs, a connection's run history, pause and resume. The queue itself
 * (@onespec/queue) is passed in as a view, so the server does not depend on PostgreSQL.
 */
import type { FastifyInstance, FastifyReply } from "fastify";
import type { ErrorResponse, QueuedRun, ScheduleWithRuns } from "@onespec/runtime/serve-api";

export interface RunQueueView {
  schedules(): Promise<ScheduleWithRuns[]>;
  runs(connection: string | undefined, limit: number): Promise<QueuedRun[]>;
  /** False when there is no schedule of that name. */
  setPaused(name: string, paused: boolean): Promise<boolean>;
}

const NO_QUEUE =
  "serve has no run queue: start it with --database <postgres url> (or ONESPEC_QUEUE_DATABASE)";

const fail = (reply: FastifyReply, status: number, error: string) =>
  reply.code(status).send({ error } satisfies ErrorResponse);

export function registerQueueRoutes(app: FastifyInstance, queue: RunQueueView | undefined): void {
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
}
