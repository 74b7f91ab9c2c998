/** Bounding an operation's duration with an AbortSignal and a TimeoutError. */
import { ConfigError, TimeoutError } from "./errors.js";

/** setTimeout fires at once for delays above this, so longer timeouts mean "no timeout". */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn` with a signal that aborts after `ms` milliseconds or when `parent` aborts.
 * Rejects with a retryable `TimeoutError` ("<what> timed out after <ms> ms") if the timer
 * fires first, with `parent.reason` if the parent aborts first, and otherwise settles as
 * `fn` does. The timer and the parent listener are removed in every case. `ms` of
 * Infinity (or beyond the timer range) disables the timer.
 */
export async function withTimeout<T>(
  fn: (signal: AbortSignal) => Promise<T>,
  ms: number,
  what: string,
  parent?: AbortSignal,
): Promise<T> {
  if (typeof ms !== "number" || Number.isNaN(ms) || ms < 0) {
    throw new ConfigError(
      `timeout for ${what} must be a number of milliseconds >= 0, got ${String(ms)}`,
    );
  }
  parent?.throwIfAborted();
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onParentAbort: (() => void) | undefined;

  const stop = new Promise<never>((_, reject) => {
    if (ms <= MAX_TIMER_MS) {
      timer = setTimeout(() => {
        const error = new TimeoutError(`${what} timed out after ${ms} ms`, { timeoutMs: ms });
        // Reject before aborting so an fn that rejects on abort cannot win the race.
        reject(error);
        controller.abort(error);
      }, ms);
    }
    if (parent !== undefined) {
      onParentAbort = () => {
        reject(parent.reason);
        controller.abort(parent.reason);
      };
      parent.addEventListener("abort", onParentAbort, { once: true });
    }
  });

  let work: Promise<T>;
  try {
    work = fn(controller.signal);
  } catch (error) {
    work = Promise.reject(error);
  }
  try {
    return await Promise.race([work, stop]);
  } finally {
    clearTimeout(timer);
    if (onParentAbort !== undefined) parent?.removeEventListener("abort", onParentAbort);
  }
}
