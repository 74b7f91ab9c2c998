/** Client-side rate limiting: a token bucket with FIFO waiters and an injectable clock. */
import { setTimeout as delay } from "node:timers/promises";
import { ConfigError } from "./errors.js";

export interface TokenBucketOptions {
  /** Tokens added per second; the sustained rate. */
  ratePerSecond: number;
  /** Bucket size, i.e. how many takes may go through at once after idling (default max(1, ratePerSecond)). */
  burst?: number;
  /** Milliseconds clock (default performance.now). */
  now?: () => number;
  /** Waits `ms`; should reject (or resolve early) when `signal` aborts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

interface Waiter {
  count: number;
  signal: AbortSignal | undefined;
  resolve: () => void;
  reject: (reason: unknown) => void;
  cleanup: () => void;
}

/** Tolerance for floating-point drift in the refill arithmetic. */
const EPSILON = 1e-9;

const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  delay(ms, undefined, signal === undefined ? undefined : { signal });

/**
 * Tokens refill continuously at `ratePerSecond` up to `burst`; the bucket starts full.
 * `take` waits for tokens, serving waiters strictly in arrival order.
 */
export class TokenBucket {
  readonly ratePerSecond: number;
  readonly burst: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private tokens: number;
  private last: number;
  private readonly queue: Waiter[] = [];
  private pumping = false;

  constructor(options: TokenBucketOptions) {
    const { ratePerSecond } = options;
    if (
      typeof ratePerSecond !== "number" ||
      !Number.isFinite(ratePerSecond) ||
      ratePerSecond <= 0
    ) {
      throw new ConfigError(
        `rate limit ratePerSecond must be a finite number > 0, got ${String(ratePerSecond)}`,
      );
    }
    const burst = options.burst ?? Math.max(1, ratePerSecond);
    if (typeof burst !== "number" || !Number.isFinite(burst) || burst < 1) {
      throw new ConfigError(`rate limit burst must be a finite number >= 1, got ${String(burst)}`);
    }
    this.ratePerSecond = ratePerSecond;
    this.burst = burst;
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? defaultSleep;
    this.tokens = burst;
    this.last = this.now();
  }

  /** Tokens available right now (fractional). */
  get available(): number {
    this.refill();
    return this.tokens;
  }

  /** Takes `count` tokens if they are available now and nobody is waiting; never waits. */
  tryTake(count = 1): boolean {
    this.checkCount(count);
    if (this.queue.length > 0) return false;
    this.refill();
    if (this.tokens + EPSILON < count) return false;
    this.tokens -= count;
    return true;
  }

  /** Waits until `count` tokens are available, then takes them. Rejects with the abort reason if `signal` aborts first. */
  async take(count = 1, signal?: AbortSignal): Promise<void> {
    this.checkCount(count);
    signal?.throwIfAborted();
    if (this.tryTake(count)) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter = {
        count,
        signal,
        resolve,
        reject,
        cleanup: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.queue.push(waiter);
      if (!this.pumping) void this.pump();
    });
  }

  private checkCount(count: number): void {
    if (!Number.isFinite(count) || count <= 0 || count > this.burst) {
      throw new RangeError(`token count must be > 0 and <= burst (${this.burst}), got ${count}`);
    }
  }

  private refill(): void {
    const t = this.now();
    if (t > this.last) {
      this.tokens = Math.min(
        this.burst,
        this.tokens + ((t - this.last) / 1000) * this.ratePerSecond,
      );
      this.last = t;
    }
  }

  /** Serves the queue head-first, sleeping until the head's tokens have accrued. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        this.refill();
        if (this.tokens + EPSILON >= head.count) {
          this.tokens -= head.count;
          this.queue.shift();
          head.cleanup();
          head.resolve();
          continue;
        }
        const waitMs = ((head.count - this.tokens) / this.ratePerSecond) * 1000;
        try {
          await this.sleep(waitMs, head.signal);
        } catch (error) {
          // An aborted head was removed by its abort listener; move on. Any other sleep
          // failure would spin forever, so fail every waiter with it.
          if (head.signal?.aborted) continue;
          for (const waiter of this.queue.splice(0)) {
            waiter.cleanup();
            waiter.reject(error);
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }
}
