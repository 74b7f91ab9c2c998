/**
 * The JSON API of `onespec serve`: the registry, each connector's form config, validation with
 * the generated validators, test connection (streamed, one JSON line per step), and saved
 * connections whose secrets are kept apart and never sent back (only a mask).
 *
 * Every request passes the Host and Origin checks (request-guard.ts), and a stored secret is
 * only filled into a config with the connection target it was saved with (connection-target.ts).
 */
import { withinBudget } from "./time-budget.js";
import { existsSync } from "node:fs";
import path from "node:path";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import fastifyStatic from "@fastify/static";
import type { Catalog, ServedConnector } from "./catalog.js";
import {
  ConfigError,
  Redactor,
  loadConnector,
  parseConnectorConfig,
  testConnection,
  UnknownConnectorError,
  valuesAtPointers,
} from "@onespec/sdk";
import { MASK } from "@onespec/runtime";
import type {
  ConfigRequest,
  ConnectorFormResponse,
  ConnectorSummary,
  CreateConnectionRequest,
  ErrorResponse,
  TestStreamLine,
  UpdateConnectionRequest,
  ValidateResponse,
} from "@onespec/runtime/serve-api";
import { MaskWithoutSecretError, RefusedConfigError } from "./secret-fields.js";
import {
  TargetChangedError,
  connectionTarget,
  fillStoredSecrets,
  type TargetField,
} from "./connection-target.js";
import { guardRequests } from "./request-guard.js";
import { limitJsonDepth } from "./json-body.js";
import { SecretKeyError } from "./secret-cipher.js";
import type { ConnectionStore } from "./store.js";
import { registerQueueRoutes, type RunQueueView } from "./queue-routes.js";
import { upgradeSaved } from "./upgrade-saved.js";

export interface AppOptions {
  store: ConnectionStore;
  /** The connectors served (catalogFromSchemas: built from the schema tree when serve starts). */
  catalog: Catalog;
  /** Largest accepted request body (default 1 MiB). */
  bodyLimit?: number;
  logger?: boolean;
  /** Directory of the built web app (its index.html is served at /); none serves only the API. */
  webRoot?: string;
  /**
   * Hosts accepted in `Host` (and `Origin`) besides localhost, 127.0.0.1 and [::1]: the address
   * `serve` binds and `--allowed-host` values, each `name` or `name:port`.
   */
  allowedHosts?: readonly string[];
  /** Time to receive a whole request, headers and body (default 30 s; then 408 and closed). */
  requestTimeout?: number;
  /** A connection idle this long is closed (default 120 s; test results stream within it). */
  connectionTimeout?: number;
  /** Most open connections at once; more are closed on arrival (default 64). */
  maxConnections?: number;
  /**
   * Longest a request's validation may run (default 1000 ms; then 422): a pattern that
   * backtracks catastrophically would otherwise stall every request (time-budget.ts).
   */
  validationBudgetMs?: number;
  /** The run queue's schedules and runs (serve --database); without it those routes answer 404. */
  queue?: RunQueueView;
}

/**
 * The app needs nothing but its own origin: no inline script, no eval (the form validators are
 * precompiled), no third-party host.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

type Entry = ServedConnector;

/** A ConfigRequest as it arrives: its fields are checked where they are read. */
type UncheckedConfigRequest = { [K in keyof ConfigRequest]?: unknown };

function fail(
  reply: FastifyReply,
  status: number,
  error: string,
  details: Omit<ErrorResponse, "error"> = {},
) {
  return reply.code(status).send({ error, ...details } satisfies ErrorResponse);
}

export function buildApp(options: AppOptions): FastifyInstance {
  const entry = (name: string): Entry | undefined => options.catalog.get(name);
  const { store } = options;
  const requestTimeout = options.requestTimeout ?? 30_000;
  const app = Fastify({
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    logger: options.logger ?? false,
    requestTimeout,
    connectionTimeout: options.connectionTimeout ?? 120_000,
    // Node checks request timeouts on this interval (its default, 30 s, would let a slow body run on).
    http: {
      requestTimeout,
      headersTimeout: requestTimeout,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeout / 4))),
    },
  });
  app.server.maxConnections = options.maxConnections ?? 64;
  guardRequests(app, { allowedHosts: options.allowedHosts ?? [] });
  limitJsonDepth(app);
  // Every response, the API's JSON included, is taken for what its content type says.
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    return payload;
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, _request, reply) => {
    // A mask without a stored secret behind it is the client's mistake, said plainly.
    if (error instanceof MaskWithoutSecretError)
      return void reply.code(400).send({ error: error.message } satisfies ErrorResponse);
    // The mask in a non-secret field, or a stored secret asked for with a changed target.
    if (error instanceof RefusedConfigError)
      return void reply
        .code(422)
        .send({ error: error.message, problems: error.problems } satisfies ErrorResponse);
    // The store's key does not open a secret: the operator's problem, said plainly (no secret in it).
    if (error instanceof SecretKeyError)
      return void reply.code(500).send({ error: error.message } satisfies ErrorResponse);
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    const message =
      error.code === "FST_ERR_CTP_BODY_TOO_LARGE"
        ? "request body too large"
        : status === 500
          ? "internal error"
          : error.message;
    void reply.code(status).send({ error: message } satisfies ErrorResponse);
  });
  if (options.webRoot) serveWebApp(app, options.webRoot);
  else app.setNotFoundHandler((_request, reply) => fail(reply, 404, "not found"));

  const budget = options.validationBudgetMs ?? 1000;
  /** A config's problems, within the validation budget. */
  const problemsOf = (c: Entry, config: unknown) =>
    withinBudget(() => c.validator.problems(config), budget);

  const connectorOr404 = (name: string, reply: FastifyReply): Entry | undefined => {
    const found = entry(name);
    if (!found) void fail(reply, 404, `unknown connector ${JSON.stringify(name)}`);
    return found;
  };

  /** Each connector's connection target (connection-target.ts), derived once from its schema. */
  const targets = new Map<string, TargetField[]>();
  const targetOf = (c: Entry): TargetField[] => {
    let target = targets.get(c.name);
    if (!target) {
      target = connectionTarget(c.form.schema, c.validator.secretPaths);
      targets.set(c.name, target);
    }
    return target;
  };

  /**
   * A saved connection as its connector's current version reads it: upgraded with the
   * connector's migrations when it was saved for an older version, its secrets at their new places.
   */
  const loadSaved = (id: string) => {
    const saved = store.get(id);
    if (!saved) return undefined;
    const c = entry(saved.connector);
    if (!c || saved.connectorVersion === undefined || saved.connectorVersion === c.metadata.version)
      return { saved, secrets: () => store.secrets(saved.id) };
    const upgraded = upgradeSaved(saved, store.secrets(saved.id), c);
    return { saved: upgraded.saved, secrets: () => upgraded.secrets };
  };
  const shown = (id: string) => loadSaved(id)?.saved;

  /** A submitted config with its masks filled from a saved connection (same target only). */
  const fill = (c: Entry, submitted: unknown, saved: ReturnType<typeof loadSaved>): unknown => {
    try {
      return fillStoredSecrets(
        submitted,
        saved && { config: saved.saved.config, secrets: saved.secrets() },
        c.validator.secretPaths,
        targetOf(c),
      );
    } catch (error) {
      // Also name what else is wrong (the masked secrets themselves are not judged).
      if (error instanceof TargetChangedError) {
        const masked = (pointer: string) =>
          error.masked.some((m) => pointer === m || pointer.startsWith(`${m}/`));
        throw error.withOtherProblems(problemsOf(c, submitted).filter((p) => !masked(p.pointer)));
      }
      throw error;
    }
  };

  /** The config a request means: its own, with masks filled from a saved connection. */
  const requestConfig = (c: Entry, body: UncheckedConfigRequest): unknown => {
    if (typeof body.connectionId === "string") {
      const saved = loadSaved(body.connectionId);
      if (!saved || saved.saved.connector !== c.name)
        throw Object.assign(new Error("unknown connection"), { statusCode: 404 });
      return fill(c, body.config ?? saved.saved.config, saved);
    }
    return fill(c, body.config, undefined);
  };

  app.get("/api/connectors", async (): Promise<ConnectorSummary[]> =>
    [...options.catalog.values()].map((c) => ({
      name: c.name,
      displayName: c.metadata.displayName,
      description: c.metadata.description,
      serviceType: c.metadata.serviceType,
      capabilities: c.metadata.capabilities,
      docsUrl: c.metadata.docsUrl,
      steps: c.testConnectionSteps.map((s) => ({
        name: s.name,
        description: s.description,
        mandatory: s.mandatory,
      })),
    })),
  );

  app.get<{ Params: { name: string } }>("/api/connectors/:name/form", async (request, reply) => {
    const c = connectorOr404(request.params.name, reply);
    if (!c) return reply;
    return {
      name: c.name,
      schema: c.form.schema,
      uiSchema: c.form.uiSchema,
      mask: MASK,
    } satisfies ConnectorFormResponse;
  });

  // The form's precompiled validator, fetched by the app at run time: an ES module that imports
  // nothing (its default export takes the ajv helpers the app ships), so it runs under
  // script-src 'self' with no eval and needs no rebuild of the app for a new connector.
  app.get<{ Params: { name: string } }>(
    "/api/connectors/:name/form-validator.js",
    async (request, reply) => {
      const c = connectorOr404(request.params.name, reply);
      if (!c) return reply;
      return reply
        .type("text/javascript; charset=utf-8")
        .header("cache-control", "no-cache")
        .send(c.formValidatorModule());
    },
  );

  app.post<{ Params: { name: string }; Body: UncheckedConfigRequest }>(
    "/api/connectors/:name/validate",
    async (request, reply) => {
      const c = connectorOr404(request.params.name, reply);
      if (!c) return reply;
      const config = requestConfig(c, request.body ?? {});
      const problems = problemsOf(c, config);
      return { valid: problems.length === 0, problems } satisfies ValidateResponse;
    },
  );

  app.post<{ Params: { name: string }; Body: UncheckedConfigRequest }>(
    "/api/connectors/:name/test",
    async (request, reply) => {
      const c = connectorOr404(request.params.name, reply);
      if (!c) return reply;
      const config = requestConfig(c, request.body ?? {});
      let runtime;
      try {
        runtime = await loadConnector(c.name);
      } catch (error) {
        if (error instanceof UnknownConnectorError) return fail(reply, 501, error.message);
        throw error;
      }
      let parsed;
      try {
        // The connector validates with its own generated validator: the same budget.
        parsed = withinBudget(() => parseConnectorConfig(runtime, config), budget);
      } catch (error) {
        if (error instanceof ConfigError)
          return fail(reply, 422, "invalid config", { problems: error.problems });
        throw error;
      }
      const redactor = new Redactor(valuesAtPointers(config, c.validator.secretPaths));
      reply.hijack();
      reply.raw.writeHead(200, {
        "content-type": "application/x-ndjson; charset=utf-8",
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      const line = (value: TestStreamLine) =>
        // Values are redacted, then serialised: the line stays valid JSON whatever the secret is.
        reply.raw.write(JSON.stringify(redactor.redactValue(value)) + "\n");
      const result = await testConnection(runtime, parsed, {
        onStep: (step) => line({ type: "step", ...step }),
      });
      line({ type: "result", ok: result.ok, durationMs: result.durationMs });
      reply.raw.end();
      return reply;
    },
  );

  app.get("/api/connections", async () => store.list().map((s) => shown(s.id) ?? s));

  registerQueueRoutes(app, options.queue, store);

  app.get<{ Params: { id: string } }>("/api/connections/:id", async (request, reply) => {
    const saved = shown(request.params.id);
    return saved ?? fail(reply, 404, "unknown connection");
  });

  const saveBody = {
    type: "object",
    required: ["config"],
    additionalProperties: false,
    properties: {
      connector: { type: "string", minLength: 1 },
      name: { type: "string", minLength: 1, maxLength: 200 },
      config: { type: "object" },
    },
  } as const;

  /** Validates a full config (masks merged) with the generated validator. */
  const invalid = (c: Entry, config: unknown, reply: FastifyReply) => {
    const problems = problemsOf(c, config);
    return problems.length > 0 ? fail(reply, 422, "invalid config", { problems }) : undefined;
  };

  app.post<{ Body: CreateConnectionRequest }>(
    "/api/connections",
    { schema: { body: { ...saveBody, required: ["connector", "name", "config"] } } },
    async (request, reply) => {
      const c = entry(request.body.connector ?? "");
      if (!c)
        return fail(reply, 400, `unknown connector ${JSON.stringify(request.body.connector)}`);
      const config = fill(c, request.body.config, undefined);
      const bad = invalid(c, config, reply);
      if (bad) return bad;
      return reply
        .code(201)
        .send(
          store.create(
            c.name,
            request.body.name,
            config,
            c.validator.secretPaths,
            c.metadata.version,
          ),
        );
    },
  );

  app.put<{ Params: { id: string }; Body: UpdateConnectionRequest }>(
    "/api/connections/:id",
    { schema: { body: saveBody } },
    async (request, reply) => {
      const saved = loadSaved(request.params.id);
      if (!saved) return fail(reply, 404, "unknown connection");
      const c = entry(saved.saved.connector)!;
      // Masks keep the stored secrets (when the target is unchanged); new values replace them;
      // an absent field drops its secret. Saving stores the config for the current version.
      const config = fill(c, request.body.config, saved);
      const bad = invalid(c, config, reply);
      if (bad) return bad;
      return store.update(
        saved.saved.id,
        request.body.name ?? saved.saved.name,
        config,
        c.validator.secretPaths,
        c.metadata.version,
      );
    },
  );

  app.delete<{ Params: { id: string } }>("/api/connections/:id", async (request, reply) => {
    return store.delete(request.params.id)
      ? reply.code(204).send()
      : fail(reply, 404, "unknown connection");
  });

  return app;
}

/** The built app: hashed assets cached for good, index.html never, every page under the CSP. */
function serveWebApp(app: FastifyInstance, webRoot: string): void {
  const root = path.resolve(webRoot);
  if (!existsSync(path.join(root, "index.html")))
    throw new Error(
      `no web app in ${root} (index.html is missing): build it with \`npm run build\``,
    );
  app.addHook("onSend", async (_request, reply, payload) => {
    const type = String(reply.getHeader("content-type") ?? "");
    if (type.startsWith("text/html")) {
      reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
      reply.header("cache-control", "no-cache");
    }
    return payload;
  });
  void app.register(fastifyStatic, {
    root,
    index: ["index.html"],
    setHeaders(res, file) {
      if (file.includes(`${path.sep}assets${path.sep}`))
        res.header("cache-control", "public, max-age=31536000, immutable");
    },
  });
  // Unknown API paths get JSON; any other path is a page of the app (routes live in the hash).
  app.setNotFoundHandler((request, reply) =>
    request.url.startsWith("/api/") || request.method !== "GET"
      ? fail(reply, 404, "not found")
      : reply.sendFile("index.html"),
  );
}
