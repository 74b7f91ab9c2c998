/**
 * Runs one source into one sink: parse the config at the boundary, connect to the source and
 * discover its streams (a connector's `connect` opens and probes the source: a source that cannot
 * be read fails here, before the sink is opened or written), open the sink (resuming an
 * interrupted run from its checkpoints), read each stream batch by batch, store each batch
 * together with its checkpoint, then mark what was not seen as deleted. A run that read nothing
 * of an entity type the sink still holds marks nothing deleted and fails (EmptySourceError),
 * unless `allowEmpty` is set.
 */
import { ConfigValidationError, replaceAtPointers } from "@onespec/runtime";
import type { Connector } from "./connector.js";
import { ConfigError, ConnectorError, SinkError, errorMessage } from "./errors.js";
import { canonicalJson, sha256 } from "./hash.js";
import { TokenBucket } from "./rate-limit.js";
import { retry, type RetryOptions } from "./retry.js";
import { withTimeout } from "./timeout.js";
import type { Sink } from "./sink.js";
import {
  addCounts,
  mergeCounts,
  totalCounts,
  type CountsByType,
  type RunSummary,
} from "./summary.js";
import type { JsonValue, Logger, RunContext, StreamInfo } from "./types.js";

/** Told about progress, for a progress bar. */
export interface ProgressListener {
  streams?(streams: StreamInfo[], resumedDone: string[]): void;
  batch?(stream: string, records: number, totals: CountsByType): void;
  streamDone?(stream: string): void;
}

export interface RunOptions {
  connector: Connector;
  /** The config as written, secrets already resolved. Parsed here by the generated validator. */
  config: unknown;
  service: string;
  sink: Sink;
  batchSize?: number;
  dryRun?: boolean;
  logger?: Logger;
  progress?: ProgressListener;
  /** Retries for connecting and for a stream that fails part-way (it resumes from its checkpoint). */
  retry?: Omit<RetryOptions, "signal">;
  signal?: AbortSignal;
  /**
   * At most this many batch requests per second across all streams (a token bucket with a
   * burst of one second's worth). Connectors that make many requests per batch take tokens
   * from `ctx.limiter` themselves.
   */
  rateLimitPerSecond?: number;
  /** A limiter to use instead of building one from `rateLimitPerSecond`. */
  limiter?: { take(count?: number, signal?: AbortSignal): Promise<void> };
  /** Fail a batch (and retry it from the checkpoint) when the source takes longer than this. */
  batchTimeoutMs?: number;
  /**
   * Let a run that read no entity of a type mark every stored entity of that type deleted.
   * Without it such a run fails with EmptySourceError and marks nothing deleted: a source that
   * suddenly returns nothing is more often unreadable than empty.
   */
  allowEmpty?: boolean;
  /** Applied to every message that leaves the run (errors in the summary). */
  redact?: (text: string) => string;
  now?: () => number;
}

const silent: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export const DEFAULT_BATCH_SIZE = 200;

/** Parses a config with the connector's generated validator, as a ConfigError on failure. */
export function parseConnectorConfig<Config>(connector: Connector<Config>, input: unknown): Config {
  try {
    return connector.parse(input);
  } catch (error) {
    if (error instanceof ConfigValidationError) {
      throw new ConfigError(error.message, {
        problems: error.problems.map((p) => ({ pointer: p.pointer, message: p.message })),
        hint: `Fix the ${connector.metadata.name} config; \`onespec validate ${connector.metadata.name} <file>\` lists every problem with its line.`,
      });
    }
    throw error;
  }
}

export async function runSync(options: RunOptions): Promise<RunSummary> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const logger = options.logger ?? silent;
  const redact = options.redact ?? ((s: string) => s);
  const signal = options.signal ?? new AbortController().signal;
  const { connector, sink, service } = options;
  const dryRun = options.dryRun ?? false;
  const summary: RunSummary = {
    service,
    connector: connector.metadata.name,
    sink: sink.description,
    dryRun,
    status: "ok",
    resumed: false,
    runId: "",
    durationMs: 0,
    entities: {},
    total: totalCounts({}),
  };
  const limiter =
    options.limiter ??
    (options.rateLimitPerSecond
      ? new TokenBucket({ ratePerSecond: options.rateLimitPerSecond })
      : undefined);
  const ctx: RunContext = {
    service,
    batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
    logger,
    signal,
    ...(limiter && { limiter }),
  };
  const retryOptions = {
    ...options.retry,
    signal,
    onRetry: ({ attempt, delayMs, error }: { attempt: number; delayMs: number; error: unknown }) =>
      logger.warn("transient failure, retrying", {
        attempt,
        delayMs: Math.round(delayMs),
        error: errorMessage(error),
      }),
  };

  let counts: CountsByType = {};
  let session: unknown;
  try {
    const config = parseConnectorConfig(connector, options.config);
    // The source first: opened, probed and its streams listed before the sink is touched, so a
    // source that cannot be read leaves the sink exactly as it was.
    session = await retry(() => connector.connect(config, { logger, signal }), retryOptions);
    const streams = await connector.discover(session, config, ctx);
    signal.throwIfAborted();
    const start = await sinkStep(sink, "opening", () =>
      sink.open({
        service,
        connector: connector.metadata.name,
        fingerprint: configFingerprint(connector, config),
        dryRun,
      }),
    );
    summary.runId = start.runId;
    summary.resumed = start.resumed;
    counts = start.counts;
    if (start.discarded) {
      logger.warn(
        "an interrupted run was started over because the connector or its config changed",
        {
          discardedRunId: start.discarded,
        },
      );
    }
    if (start.resumed) {
      const done = Object.entries(start.streams)
        .filter(([, c]) => c.done)
        .map(([s]) => s);
      logger.info("resuming an interrupted run from its checkpoints", {
        runId: start.runId,
        streamsDone: done,
      });
    }
    logger.info("discovered streams", { streams: streams.map((s) => s.name) });
    options.progress?.streams?.(
      streams,
      Object.entries(start.streams)
        .filter(([, c]) => c.done)
        .map(([s]) => s),
    );

    // Every stream gets a row in the summary, even when it reads nothing.
    for (const stream of streams) addCounts(counts, stream.entityType, {});
    const cursors: Record<string, JsonValue> = {};
    for (const stream of streams) {
      const checkpoint = start.streams[stream.name];
      if (checkpoint?.done) {
        if (stream.incremental) cursors[stream.name] = checkpoint.state;
        continue;
      }
      // An incremental stream starts where the last complete run ended.
      let state: JsonValue | undefined =
        checkpoint?.state ?? (stream.incremental ? start.cursors[stream.name] : undefined);
      if (stream.incremental && checkpoint === undefined && state !== undefined) {
        logger.info("incremental stream continues from its cursor", {
          stream: stream.name,
          cursor: state,
        });
      }
      await retry(async () => {
        const batches = connector
          .read(session, config, stream.name, state, ctx)
          [Symbol.asyncIterator]();
        try {
          for (;;) {
            await limiter?.take(1, signal);
            const next = options.batchTimeoutMs
              ? await withTimeout(
                  () => batches.next(),
                  options.batchTimeoutMs,
                  `reading a batch of ${stream.name}`,
                  signal,
                )
              : await batches.next();
            if (next.done) break;
            const batch = next.value;
            signal.throwIfAborted();
            const delta = await sinkStep(sink, "storing a batch", () =>
              sink.writeBatch(stream.name, batch, counts),
            );
            counts = mergeCounts(counts, delta);
            state = batch.state;
            for (const failure of batch.failures ?? []) {
              logger.warn("record not stored", {
                stream: stream.name,
                fqn: failure.fqn,
                problem: failure.message,
              });
            }
            logger.debug("batch stored", {
              stream: stream.name,
              records: batch.records.length,
              checkpoint: batch.state,
            });
            options.progress?.batch?.(
              stream.name,
              batch.records.length + (batch.failures?.length ?? 0),
              counts,
            );
          }
        } catch (error) {
          // Let the abandoned read release what it holds (a cursor, a pending request).
          void batches.return?.(undefined)?.catch(() => undefined);
          throw error;
        }
      }, retryOptions);
      await sinkStep(sink, "saving a checkpoint", () => sink.completeStream(stream.name, counts));
      if (stream.incremental && state !== undefined) cursors[stream.name] = state;
      logger.info("stream complete", { stream: stream.name, ...(counts[stream.entityType] ?? {}) });
      options.progress?.streamDone?.(stream.name);
    }
    const incrementalTypes = streams.filter((s) => s.incremental).map((s) => s.entityType);
    // Types read in full that yielded nothing (not even a record that failed): the sink refuses
    // to mark their stored entities deleted unless the caller allowed an empty source.
    const emptyTypes = options.allowEmpty
      ? []
      : [...new Set(streams.map((s) => s.entityType))].filter(
          (type) => !incrementalTypes.includes(type) && (counts[type]?.read ?? 0) === 0,
        );
    const deleted = await sinkStep(sink, "finishing the run", () =>
      sink.finish({ cursors, incrementalTypes, emptyTypes }),
    );
    counts = mergeCounts(counts, deleted);
  } catch (error) {
    summary.status = "failed";
    summary.error = signal.aborted
      ? { kind: "interrupted", message: redact(errorMessage(signal.reason)) }
      : describeError(error, redact);
  } finally {
    if (session !== undefined) await connector.close(session).catch(() => undefined);
    await sink.close().catch(() => undefined);
  }
  summary.entities = counts;
  summary.total = totalCounts(counts);
  summary.durationMs = Math.round(now() - started);
  return summary;
}

/** A hash of the parsed config with every secret value blanked, so no secret is stored. */
export function configFingerprint(connector: Connector, config: unknown): string {
  const blanked = replaceAtPointers(config, connector.secretPaths);
  return sha256(canonicalJson({ connector: connector.metadata.name, config: blanked }));
}

/** Runs a sink call, turning a driver's own error into a SinkError that names the sink. */
async function sinkStep<T>(sink: Sink, what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    throw new SinkError(`${sink.description}: ${what} failed: ${errorMessage(error)}`, {
      hint: "Check that the sink is writable and not used by another program.",
      cause: error,
    });
  }
}

export function describeError(
  error: unknown,
  redact: (s: string) => string = (s) => s,
): NonNullable<RunSummary["error"]> {
  if (error instanceof ConnectorError) {
    // A config error about one value keeps its pointer, so the caller can show its line.
    const pointer =
      error instanceof ConfigError && error.problems.length === 1
        ? error.problems[0].pointer
        : error.fields.length === 1
          ? error.fields[0]
          : undefined;
    return {
      kind: error.kind,
      message: redact(error.message),
      ...(error.hint !== undefined && { hint: redact(error.hint) }),
      ...(pointer !== undefined && { pointer }),
    };
  }
  return { kind: "internal", message: redact(errorMessage(error)) };
}
