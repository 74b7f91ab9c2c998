/**
 * Retrying transient failures with exponential backoff and jitter, honoring Retry-After.
 * Clock, sleep and randomness are injectable so callers (and tests) stay deterministic.
 */
import { setTimeout as delay } from "node:timers/promises";
import {
  ConfigError,
  ConnectorError,
  RateLimitError,
  errorMessage,
  isTransient,
} from "./errors.js";

export interface RetryInfo {
  /** The attempt that just failed (1 = the first call). */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  /** Extra attempts after the first one (default 3, so at most 4 calls). */
  retries?: number;
  /** Backoff before the first retry, before jitter (default 200). */
  baseDelayMs?: number;
  /** Cap of the computed backoff (default 30 000). Retry-After may exceed it. */
  maxDelayMs?: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** "full" (default): random() * backoff; "none": the backoff itself. */
  jitter?: "full" | "none";
  /** Longest Retry-After we are willing to wait (default 15 min); longer gives up. */
  maxRetryAfterMs?: number;
  /** Which errors are worth another attempt (default `isTransient`). */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, for logging. */
  onRetry?: (info: RetryInfo) => void;
  /** Waits `ms`; should reject (or resolve early) when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Uniform in [0, 1) (default Math.random). */
  random?: () => number;
  /** Aborting stops waiting and rethrows the last error. */
  signal?: AbortSignal;
}

export const retryDefaults = {
  retries: 3,
  baseDelayMs: 200,
  maxDelayMs: 30_000,
  factor: 2,
  maxRetryAfterMs: 15 * 60_000,
} as const;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal === undefined ? undefined : { signal });

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new ConfigError(`retry option ${name} must be a finite number >= 0, got ${value}`);
  }
  return value;
}

/**
 * Calls `fn(attempt)` (attempt counts from 1) until it succeeds, a non-retryable error is
 * thrown (rethrown unchanged), or retries run out (the last error is rethrown with
 * " (gave up after N attempts)" appended to its message, same class, cause = the original).
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const retries = nonNegative("retries", options.retries ?? retryDefaults.retries);
  const baseDelayMs = nonNegative("baseDelayMs", options.baseDelayMs ?? retryDefaults.baseDelayMs);
  const maxDelayMs = nonNegative("maxDelayMs", options.maxDelayMs ?? retryDefaults.maxDelayMs);
  const factor = nonNegative("factor", options.factor ?? retryDefaults.factor);
  const maxRetryAfterMs = nonNegative(
    "maxRetryAfterMs",
    options.maxRetryAfterMs ?? retryDefaults.maxRetryAfterMs,
  );
  const isRetryable = options.isRetryable ?? isTransient;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const { signal } = options;

  for (let attempt = 1; ; attempt++) {
    signal?.throwIfAborted();
    try {
      return await fn(attempt);
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (signal?.aborted) throw error;
      if (attempt > retries)
        throw final(
          withMessage(error, `${errorMessage(error)} (gave up after ${attempt} attempts)`),
        );

      const backoff = Math.min(maxDelayMs, baseDelayMs * factor ** (attempt - 1));
      let delayMs = options.jitter === "none" ? backoff : random() * backoff;
      if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
        if (error.retryAfterMs > maxRetryAfterMs) {
          throw final(
            withMessage(
              error,
              `${error.message} (gave up after ${attempt} attempts: asked to wait ${error.retryAfterMs} ms, ` +
                `more than the ${maxRetryAfterMs} ms limit)`,
            ),
          );
        }
        delayMs = Math.max(error.retryAfterMs, delayMs);
      }

      options.onRetry?.({ attempt, delayMs, error });
      try {
        await sleep(delayMs, signal);
      } catch (sleepError) {
        if (signal?.aborted) throw error;
        throw sleepError;
      }
      if (signal?.aborted) throw error;
    }
  }
}

/** Marks a given-up error as not retryable, so an outer retry does not multiply the attempts. */
function final<E>(error: E): E {
  if (error instanceof ConnectorError) Object.defineProperty(error, "retryable", { value: false });
  return error;
}

/**
 * A copy of `error` (same prototype, same own properties such as `kind`, `retryAfterMs`)
 * with a new message and `cause` = the original. Non-Error values are returned unchanged.
 */
export function withMessage<E>(error: E, message: string): E {
  if (!(error instanceof Error)) return error;
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  Object.defineProperties(copy, Object.getOwnPropertyDescriptors(error));
  Object.defineProperty(copy, "message", {
    value: message,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  Object.defineProperty(copy, "cause", {
    value: error,
    writable: true,
    configurable: true,
    enumerable: false,
  });
  if (typeof error.stack === "string") {
    const head = `${error.name}: ${error.message}`;
    const stack = error.stack.startsWith(head)
      ? `${error.name}: ${message}${error.stack.slice(head.length)}`
      : error.stack;
    Object.defineProperty(copy, "stack", {
      value: stack,
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return copy as E;
}

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const time = String.raw`(?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2})`;
const httpDates = [
  // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
  new RegExp(
    String.raw`^[a-z]{3}, (?<day>\d{1,2}) (?<mon>[a-z]{3}) (?<year>\d{4}) ${time} GMT$`,
    "i",
  ),
  // obsolete RFC 850: Sunday, 06-Nov-94 08:49:37 GMT
  new RegExp(String.raw`^[a-z]+, (?<day>\d{1,2})-(?<mon>[a-z]{3})-(?<yy>\d{2}) ${time} GMT$`, "i"),
  // asctime: Sun Nov  6 08:49:37 1994
  new RegExp(String.raw`^[a-z]{3} (?<mon>[a-z]{3}) (?<day>\d{1,2}) ${time} (?<year>\d{4})$`, "i"),
];

/** Epoch ms of an HTTP-date (RFC 9110 section 5.6.7), or undefined. */
function parseHttpDate(text: string): number | undefined {
  const g = httpDates.map((re) => re.exec(text)?.groups).find((groups) => groups !== undefined);
  if (g === undefined) return undefined;
  const yy = Number(g.yy);
  const year = g.year !== undefined ? Number(g.year) : yy < 70 ? 2000 + yy : 1900 + yy;
  const [month, day, h, m, s] = [
    months.indexOf(g.mon.toLowerCase()),
    Number(g.day),
    Number(g.h),
    Number(g.m),
    Number(g.s),
  ];
  if (month < 0 || h > 23 || m > 59 || s > 59) return undefined;
  const ms = Date.UTC(year, month, day, h, m, s);
  // Reject day rollovers such as "31 Feb".
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/**
 * Milliseconds to wait according to a Retry-After header: delta-seconds ("120", decimals
 * tolerated) or an HTTP-date. Never negative; undefined when absent or unparseable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (header == null) return undefined;
  const text = header.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = parseHttpDate(text.replace(/\s+/g, " "));
  return at === undefined ? undefined : Math.max(0, at - now);
}
